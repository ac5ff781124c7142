import { groupBy } from '@hub/core';
import DataLoader from 'dataloader';
import type { Kysely } from 'kysely';
import type { DisciplineDatabase } from './db/database.ts';
import { countPetitionsByUnitYearCategory, type PetitionCount } from './db/petitions.ts';

/** Per-request loaders: one SQL statement per batch, results in key order. */
export function createLoaders(db: Kysely<DisciplineDatabase>) {
  return {
    petitionCountsByUnit: new DataLoader<string, PetitionCount[]>(async (codes) => {
      const byUnit = groupBy(await countPetitionsByUnitYearCategory(db, codes), (row) => row.unitCode);
      return codes.map((code) => byUnit.get(code) ?? []);
    }),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
