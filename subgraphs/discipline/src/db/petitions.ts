import { type Kysely, sql } from 'kysely';
import type { PageWindow } from '@hub/core';
import type { DisciplineDatabase, NewPetition, Petition, PetitionCategory } from './database.ts';

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

export interface PetitionFilter {
  unitCode?: string | null | undefined;
  category?: PetitionCategory | null | undefined;
  receivedFrom?: string | null | undefined;
  receivedTo?: string | null | undefined;
}

function filteredPetitions(db: Db, filter: PetitionFilter) {
  let query = db.selectFrom('petition');
  if (filter.unitCode) query = query.where('subjectUnitCode', '=', filter.unitCode);
  if (filter.category) query = query.where('category', '=', filter.category);
  if (filter.receivedFrom) query = query.where('receivedOn', '>=', filter.receivedFrom);
  if (filter.receivedTo) query = query.where('receivedOn', '<=', filter.receivedTo);
  return query;
}

/** Petitions newest first; the page key is "receivedOn|id". */
export async function listPetitions(db: Db, filter: PetitionFilter, window: PageWindow): Promise<Petition[]> {
  const key = (cursor: string) => {
    const [receivedOn, id] = cursor.split('|');
    return sql`(${receivedOn}::date, ${id}::uuid)`;
  };
  let query = filteredPetitions(db, filter).selectAll();
  if (window.after !== undefined) query = query.where(sql<boolean>`(received_on, id) < ${key(window.after)}`);
  if (window.before !== undefined) query = query.where(sql<boolean>`(received_on, id) > ${key(window.before)}`);
  const direction = window.inverted ? 'asc' : 'desc';
  return query.orderBy('receivedOn', direction).orderBy('id', direction).limit(window.limit).execute();
}

export async function countPetitions(db: Db, filter: PetitionFilter): Promise<number> {
  const row = await filteredPetitions(db, filter).select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();
  return Number(row.count);
}

export const petitionKey = (petition: Petition) => `${petition.receivedOn}|${petition.id}`;
