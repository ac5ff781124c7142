import { countParentRows, DATE_ID_KEY, findParentPages, type PageWindow } from '@hub/core';
import type { Kysely } from 'kysely';
import { type RecordVisibility, visibleTo } from './visibility.ts';
import type { IntegrityFileEntry, StationedDatabase, SupervisionActivity } from './database.ts';

type Db = Kysely<StationedDatabase>;

const entriesOf = (db: Db, personIds: readonly string[], visibility: RecordVisibility) =>
  db.selectFrom('integrityFileEntry').selectAll().where('personId', 'in', personIds).where(visibleTo(visibility));

/** Talks (谈心谈话, 约谈) the persons took part in, with the person's id. */
const talksOf = (db: Db, personIds: readonly string[], visibility: RecordVisibility) =>
  db
    .selectFrom('supervisionActivityPerson as p')
    .innerJoin('supervisionActivity as a', 'a.id', 'p.activityId')
    .selectAll('a')
    .select('p.personId')
    .where('p.personId', 'in', personIds)
    .where('a.kind', 'in', ['HEART_TO_HEART_TALK', 'ADMONISHMENT_TALK'])
    .where(visibleTo(visibility, 'a'));

/** A page of each person's integrity-file entries the viewer may see, newest first, in one statement for all persons. */
export function findIntegrityEntryPagesByPersons(
  db: Db,
  personIds: readonly string[],
  visibility: RecordVisibility,
  window: PageWindow,
): Promise<IntegrityFileEntry[]> {
  return findParentPages(db, entriesOf(db, personIds, visibility), window, {
    parent: 'personId',
    columns: ['recordedOn', 'id'],
    keys: DATE_ID_KEY,
    order: 'desc',
  });
}

export function countIntegrityEntriesByPersons(db: Db, personIds: readonly string[], visibility: RecordVisibility) {
  return countParentRows(db, entriesOf(db, personIds, visibility), 'personId');
}

/** A page of the talks each person took part in that the viewer may see, newest first, in one statement for all persons. */
export function findTalkPagesByPersons(
  db: Db,
  personIds: readonly string[],
  visibility: RecordVisibility,
  window: PageWindow,
): Promise<(SupervisionActivity & { personId: string })[]> {
  return findParentPages(db, talksOf(db, personIds, visibility), window, { parent: 'personId', columns: ['heldOn', 'id'], keys: DATE_ID_KEY, order: 'desc' });
}

export function countTalksByPersons(db: Db, personIds: readonly string[], visibility: RecordVisibility) {
  return countParentRows(db, talksOf(db, personIds, visibility), 'personId');
}

export async function insertIntegrityEntry(db: Db, entry: Omit<IntegrityFileEntry, 'createdAt'>): Promise<void> {
  await db.insertInto('integrityFileEntry').values(entry).execute();
}

export async function findIntegrityEntriesByIds(db: Db, ids: readonly string[]): Promise<IntegrityFileEntry[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('integrityFileEntry').selectAll().where('id', 'in', ids).execute();
}
