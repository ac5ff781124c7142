import type { Database } from '@hub/core';
import { ALL_UNITS } from '@hub/demo';
import type { InspectionDatabase } from './db/database.ts';
import { insertUnits } from './db/units.ts';

/** Loads the demo district's unit registry; loading twice changes nothing. */
export async function loadDemoData({ db }: Database<InspectionDatabase>): Promise<void> {
  await db.transaction().execute(async (tx) => {
    // Parents first: the registry refers to them.
    const ordered = [...ALL_UNITS].sort((a, b) => Number(a.parentCode !== null) - Number(b.parentCode !== null));
    await insertUnits(tx, ordered.map(({ code, name, kind, level, township, parentCode }) => ({ code, name, kind, level, township, parentCode })));
  });
}
