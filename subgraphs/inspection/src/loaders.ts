import DataLoader from 'dataloader';
import { groupBy } from '@hub/core';
import type { Kysely } from 'kysely';
import type { InspectionDatabase, Unit } from './db/database.ts';
import { findUnitsByCodes, findUnitsByParentCodes } from './db/units.ts';

/** Per-request loaders: one SQL statement per batch, results in key order. */
export function createLoaders(db: Kysely<InspectionDatabase>) {
  return {
    unitByCode: new DataLoader<string, Unit | null>(async (codes) => {
      const byCode = new Map((await findUnitsByCodes(db, codes)).map((unit) => [unit.code, unit]));
      return codes.map((code) => byCode.get(code) ?? null);
    }),
    subUnitsByParent: new DataLoader<string, Unit[]>(async (parentCodes) => {
      const byParent = groupBy(await findUnitsByParentCodes(db, parentCodes), (unit) => unit.parentCode);
      return parentCodes.map((code) => byParent.get(code) ?? []);
    }),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
