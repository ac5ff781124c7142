import { groupBy } from '@hub/core';
import DataLoader from 'dataloader';
import type { Kysely } from 'kysely';
import type { GroupCoverage, StationedDatabase } from './db/database.ts';
import { findCoverageByGroups, findGroupsOverseeingUnits, type UnitGroup } from './db/groups.ts';

/** Per-request loaders: one SQL statement per batch, results in key order. */
export function createLoaders(db: Kysely<StationedDatabase>, today: string) {
  return {
    groupOverseeingUnit: new DataLoader<string, UnitGroup | null>(async (codes) => {
      const byUnit = new Map((await findGroupsOverseeingUnits(db, codes, today)).map((row) => [row.unitCode, row]));
      return codes.map((code) => byUnit.get(code) ?? null);
    }),
    currentCoverageByGroup: new DataLoader<string, GroupCoverage[]>(async (ids) => {
      const byGroup = groupBy(await findCoverageByGroups(db, ids, today), (row) => row.groupId);
      return ids.map((id) => byGroup.get(id) ?? []);
    }),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
