import type { Kysely } from 'kysely';
import type { IntegrityFileEntry, StationedDatabase, SupervisionActivity } from './database.ts';

type Db = Kysely<StationedDatabase>;

/** Integrity-file entries of the persons, newest first. */
export async function findIntegrityEntriesByPersons(db: Db, personIds: readonly string[]): Promise<IntegrityFileEntry[]> {
  if (personIds.length === 0) return [];
  return db.selectFrom('integrityFileEntry').selectAll().where('personId', 'in', personIds).orderBy('recordedOn', 'desc').orderBy('id', 'desc').execute();
}

/** Talks (谈心谈话, 约谈) the persons took part in, newest first, with the person's id. */
export async function findTalksByPersons(db: Db, personIds: readonly string[]): Promise<(SupervisionActivity & { personId: string })[]> {
  if (personIds.length === 0) return [];
  return db
    .selectFrom('supervisionActivityPerson as p')
    .innerJoin('supervisionActivity as a', 'a.id', 'p.activityId')
    .selectAll('a')
    .select('p.personId')
    .where('p.personId', 'in', personIds)
    .where('a.kind', 'in', ['HEART_TO_HEART_TALK', 'ADMONISHMENT_TALK'])
    .orderBy('a.heldOn', 'desc')
    .orderBy('a.id', 'desc')
    .execute();
}

export async function insertIntegrityEntry(db: Db, entry: Omit<IntegrityFileEntry, 'createdAt'>): Promise<void> {
  await db.insertInto('integrityFileEntry').values(entry).execute();
}

export async function findIntegrityEntriesByIds(db: Db, ids: readonly string[]): Promise<IntegrityFileEntry[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('integrityFileEntry').selectAll().where('id', 'in', ids).execute();
}
