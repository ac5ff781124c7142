import { type Kysely, sql } from 'kysely';
import type { DisciplineDatabase, NewPetition, PetitionCategory } from './database.ts';

type Db = Kysely<DisciplineDatabase>;

export interface PetitionCount {
  unitCode: string;
  year: number;
  category: PetitionCategory;
  count: number;
}

/** Petitions per subject unit, year received and category — counts only, no reporter data. */
export async function countPetitionsByUnitYearCategory(db: Db, unitCodes: readonly string[]): Promise<PetitionCount[]> {
  if (unitCodes.length === 0) return [];
  const year = sql<number>`extract(year from received_on)::int`;
  const rows = await db
    .selectFrom('petition')
    .select((eb) => [eb.ref('subjectUnitCode').$notNull().as('unitCode'), year.as('year'), 'category', eb.fn.countAll<number>().as('count')])
    .where('subjectUnitCode', 'in', unitCodes)
    .groupBy(['subjectUnitCode', year, 'category'])
    .orderBy('subjectUnitCode')
    .orderBy(year)
    .orderBy('category')
    .execute();
  return rows.map((row) => ({ ...row, count: Number(row.count) }));
}

export async function insertPetitions(db: Db, petitions: NewPetition[]): Promise<void> {
  if (petitions.length === 0) return;
  await db.insertInto('petition').values(petitions).onConflict((oc) => oc.column('id').doNothing()).execute();
}
