import type { Database } from '@hub/core';
import { PETITIONS } from '@hub/demo';
import { PETITION_CATEGORIES, type DisciplineDatabase, type PetitionCategory } from './db/database.ts';
import { insertPetitions } from './db/petitions.ts';

function category(value: string): PetitionCategory {
  if (!(PETITION_CATEGORIES as readonly string[]).includes(value)) throw new Error(`demo petition has unknown category ${value}`);
  return value as PetitionCategory;
}

/** Loads the demo district's petitions; loading twice changes nothing. */
export async function loadDemoData({ db }: Database<DisciplineDatabase>): Promise<void> {
  await db.transaction().execute((tx) => insertPetitions(tx, PETITIONS.map((p) => ({ ...p, category: category(p.category) }))));
}
