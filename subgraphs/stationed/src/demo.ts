import type { Database } from '@hub/core';
import { STATIONED_GROUPS } from '@hub/demo';
import type { StationedDatabase } from './db/database.ts';
import { insertGroup } from './db/groups.ts';

/** Loads the demo district's stationed groups and their coverage; loading twice changes nothing. */
export async function loadDemoData({ db }: Database<StationedDatabase>): Promise<void> {
  await db.transaction().execute(async (tx) => {
    for (const group of STATIONED_GROUPS) {
      await insertGroup(tx, { id: group.id, name: group.name }, group.coverage.map((c) => ({ ...c, endOn: null })));
    }
  });
}
