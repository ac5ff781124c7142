import { countParentRows, DATE_ID_KEY, findParentPages, keysetPage } from '@hub/core';
import { type Insertable, type Kysely, sql, type Updateable } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import type { PageWindow } from '@hub/core';
import type { Clue, ClueSource, ClueTable, DisciplineDatabase, DisposalMethod, Person } from './database.ts';

type Db = Kysely<DisciplineDatabase>;

/** Which clues a caller may list: all of them, or those handled by their departments, zones or groups. */
export type HandlerReach = { all: true } | { all: false; departmentIds: readonly string[]; zoneIds: readonly string[]; stationedGroupIds: readonly string[] };

export interface ClueFilter {
  unitCode?: string | null | undefined;
  personId?: string | null | undefined;
  source?: ClueSource | null | undefined;
  disposed?: boolean | null | undefined;
  disposalMethod?: DisposalMethod | null | undefined;
  handlerDepartmentId?: string | null | undefined;
  handlerZoneId?: string | null | undefined;
  priority?: boolean | null | undefined;
  escalated?: boolean | null | undefined;
  receivedFrom?: string | null | undefined;
  receivedTo?: string | null | undefined;
  /** `like` pattern (see core `searchPattern`) matched against the summary and the subjects' names. */
  textPattern?: string | null | undefined;
}

export async function insertClue(db: Db, clue: Insertable<ClueTable>, subjectPersonIds: readonly string[]): Promise<Clue> {
  const row = await db.insertInto('clue').values(clue).returningAll().executeTakeFirstOrThrow();
  if (subjectPersonIds.length > 0)
    await db
      .insertInto('clueSubject')
      .values(subjectPersonIds.map((personId) => ({ clueId: row.id, personId })))
      .execute();
  return row;
}

export async function findCluesByIds(db: Db, ids: readonly string[]): Promise<Clue[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('clue').selectAll().where('id', 'in', ids).execute();
}

export async function findClueForUpdate(db: Db, id: string): Promise<Clue | undefined> {
  return db.selectFrom('clue').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function findCluesByTransferIds(db: Db, transferIds: readonly string[]): Promise<Clue[]> {
  if (transferIds.length === 0) return [];
  return db.selectFrom('clue').selectAll().where('clueTransferId', 'in', transferIds).execute();
}

export async function updateClue(db: Db, id: string, changes: Updateable<ClueTable>): Promise<void> {
  await db.updateTable('clue').set(changes).where('id', '=', id).execute();
}

export async function findClueSubjects(db: Db, clueIds: readonly string[]): Promise<{ clueId: string; personId: string }[]> {
  if (clueIds.length === 0) return [];
  return db.selectFrom('clueSubject').selectAll().where('clueId', 'in', clueIds).orderBy('clueId').orderBy('personId').execute();
}

/**
 * The persons each clue names, with the clue's id, in one statement (`clue_subject` joined to
 * `person`; the subject rows and then the persons took two): in the order of the subject rows, by
 * clue and person id. A subject row whose person is missing brings nothing.
 */
export async function findClueSubjectPersons(db: Db, clueIds: readonly string[]): Promise<(Person & { clueId: string })[]> {
  if (clueIds.length === 0) return [];
  return (
    db
      .selectFrom('clueSubject')
      .innerJoin('person', 'person.id', 'clueSubject.personId')
      .selectAll('person')
      .select('clueSubject.clueId')
      // One array parameter, not a list of them: a page brings tens of clues, each count a statement
      // text of its own, which PostgreSQL planned afresh on every call (0.26 ms of 0.5 at ×100).
      .where(sql<boolean>`clue_subject.clue_id = any(cast(${[...clueIds]} as uuid[]))`)
      .orderBy('clueSubject.clueId')
      .orderBy('clueSubject.personId')
      .execute()
  );
}

function filteredClues(db: Db, filter: ClueFilter, reach: HandlerReach) {
  let query = db.selectFrom('clue');
  if (filter.unitCode) query = query.where('clue.subjectUnitCode', '=', filter.unitCode);
  if (filter.personId) {
    const personId = filter.personId;
    query = query.where((eb) =>
      eb.exists(
        eb.selectFrom('clueSubject').select('clueSubject.clueId').whereRef('clueSubject.clueId', '=', 'clue.id').where('clueSubject.personId', '=', personId),
      ),
    );
  }
  if (filter.source) query = query.where('clue.source', '=', filter.source);
  if (filter.disposed != null) query = query.where('clue.disposalMethod', filter.disposed ? 'is not' : 'is', null);
  if (filter.disposalMethod) query = query.where('clue.disposalMethod', '=', filter.disposalMethod);
  if (filter.handlerDepartmentId) query = query.where('clue.handlerDepartmentId', '=', filter.handlerDepartmentId);
  if (filter.handlerZoneId) query = query.where('clue.handlerZoneId', '=', filter.handlerZoneId);
  if (filter.priority != null) query = query.where('clue.priority', '=', filter.priority);
  if (filter.escalated != null) query = query.where('clue.escalated', '=', filter.escalated);
  if (filter.receivedFrom) query = query.where('clue.receivedOn', '>=', filter.receivedFrom);
  if (filter.receivedTo) query = query.where('clue.receivedOn', '<=', filter.receivedTo);
  if (filter.textPattern) {
    const pattern = filter.textPattern;
    query = query.where((eb) =>
      eb.or([
        eb('clue.summary', 'ilike', pattern),
        eb.exists(
          eb
            .selectFrom('clueSubject')
            .innerJoin('person', 'person.id', 'clueSubject.personId')
            .select('clueSubject.clueId')
            .whereRef('clueSubject.clueId', '=', 'clue.id')
            .where('person.name', 'ilike', pattern),
        ),
      ]),
    );
  }
  if (!reach.all) {
    const { departmentIds, zoneIds, stationedGroupIds } = reach;
    query = query.where((eb) =>
      eb.or([
        departmentIds.length > 0 ? eb('clue.handlerDepartmentId', 'in', departmentIds) : eb.val(false),
        zoneIds.length > 0 ? eb('clue.handlerZoneId', 'in', zoneIds) : eb.val(false),
        stationedGroupIds.length > 0 ? eb('clue.handlerStationedGroupId', 'in', stationedGroupIds) : eb.val(false),
      ]),
    );
  }
  return query;
}

export async function listClues(db: Db, filter: ClueFilter, reach: HandlerReach, window: PageWindow): Promise<Clue[]> {
  return keysetPage(filteredClues(db, filter, reach).selectAll('clue'), window, {
    columns: ['clue.received_on', 'clue.id'],
    keys: DATE_ID_KEY,
    order: 'desc',
  }).execute();
}

export async function countClues(db: Db, filter: ClueFilter, reach: HandlerReach): Promise<number> {
  const row = await filteredClues(db, filter, reach)
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

export interface ClueStatusCount {
  unitCode: string;
  disposalMethod: DisposalMethod | null;
  count: number;
}

/**
 * (clue, unit) pairs: a clue is about a unit when the unit is its subject or one of its persons
 * belongs to the unit (the unit's cadres). The union removes duplicate pairs.
 */
export function clueUnitLinks(db: Db, unitCodes: readonly string[]) {
  return db
    .selectFrom('clue')
    .select((eb) => [eb.ref('clue.id').as('clueId'), eb.ref('clue.subjectUnitCode').$notNull().as('unitCode')])
    .where('clue.subjectUnitCode', 'in', unitCodes)
    .union(
      db
        .selectFrom('clueSubject')
        .innerJoin('person', 'person.id', 'clueSubject.personId')
        .select((eb) => [eb.ref('clueSubject.clueId').as('clueId'), eb.ref('person.unitCode').$notNull().as('unitCode')])
        .where('person.unitCode', 'in', unitCodes),
    );
}

/**
 * A unit's link to a clue (from `clueUnitLinks`) or to a case (from `caseUnitLinks`): resolved once per
 * request (`findUnitLinks`), then each list and count about the unit reads its records by key.
 */
export interface UnitLink {
  id: string;
  unitCode: string;
}

/** The links as rows `link(id, unit_code)`: one array parameter of ids and one of unit codes. */
export const unitLinkRows = (links: readonly UnitLink[]) =>
  sql<UnitLink>`(select * from unnest(${links.map((link) => link.id)}::uuid[], ${links.map((link) => link.unitCode)}::text[]) as t(id, unit_code))`.as('link');

/** Page order of a unit's or a person's clues: newest received first. */
export const CLUE_PAGE_ORDER = { columns: ['receivedOn', 'id'], keys: DATE_ID_KEY, order: 'desc' } as const;

const cluesOfUnits = (db: Db, links: readonly UnitLink[]) =>
  db.selectFrom(unitLinkRows(links)).innerJoin('clue', 'clue.id', 'link.id').selectAll('clue').select('link.unitCode');

const cluesOfPersons = (db: Db, personIds: readonly string[]) =>
  db
    .selectFrom('clueSubject')
    .innerJoin('clue', 'clue.id', 'clueSubject.clueId')
    .selectAll('clue')
    .select('clueSubject.personId as subjectPersonId')
    .where('clueSubject.personId', 'in', personIds);

/**
 * A page of clues about each unit or its cadres (`links`: the units' clue links), in one statement for
 * all units, each clue with the persons it names (`subjects`, as `findClueSubjectPersons` orders them):
 * the page's clues then need no statement of their own for `Clue.subjects`.
 */
export async function findCluePagesByUnitLinks(
  db: Db,
  links: readonly UnitLink[],
  window: PageWindow,
): Promise<(Clue & { unitCode: string; subjects: Person[] })[]> {
  if (links.length === 0) return [];
  const subjects = jsonArrayFrom(
    db
      .selectFrom('clueSubject')
      .innerJoin('person', 'person.id', 'clueSubject.personId')
      .selectAll('person')
      .where(sql<boolean>`${sql.ref('clueSubject.clueId')} = ${sql.ref('ranked.id')}`)
      .orderBy('clueSubject.personId'),
  ).as('subjects');
  return findParentPages<Clue & { unitCode: string }, { subjects: Person[] }>(db, cluesOfUnits(db, links), window, {
    parent: 'unitCode',
    ...CLUE_PAGE_ORDER,
    also: [subjects],
  });
}

export async function countCluesByUnitLinks(db: Db, links: readonly UnitLink[]) {
  if (links.length === 0) return [];
  return countParentRows(db, cluesOfUnits(db, links), 'unitCode');
}

/** A page of clues naming each person, in one statement for all persons. */
export function findCluePagesByPersonIds(db: Db, personIds: readonly string[], window: PageWindow): Promise<(Clue & { subjectPersonId: string })[]> {
  return findParentPages(db, cluesOfPersons(db, personIds), window, { parent: 'subjectPersonId', ...CLUE_PAGE_ORDER });
}

export function countCluesByPersonIds(db: Db, personIds: readonly string[]) {
  return countParentRows(db, cluesOfPersons(db, personIds), 'subjectPersonId');
}
