import { countParentRows, DATE_ID_KEY, findParentPages, keysetPage } from '@hub/core';
import { type Insertable, type Kysely, type SelectQueryBuilder, type SqlBool, sql, type Updateable } from 'kysely';
import type { PageWindow } from '@hub/core';
import type {
  Case,
  CaseStatus,
  CaseTable,
  Detention,
  DetentionTable,
  DisciplineDatabase,
  DisposalMethod,
  PetitionCategory,
  Sanction,
  SanctionTable,
  SanctionType,
} from './database.ts';
import type { PetitionCount } from './petitions.ts';
import { type ClueStatusCount, clueUnitLinks, type HandlerReach, type UnitLink, unitLinkRows } from './clues.ts';

type Db = Kysely<DisciplineDatabase>;

export async function insertCase(db: Db, row: Insertable<CaseTable>): Promise<Case> {
  return db.insertInto('disciplineCase').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function findCasesByIds(db: Db, ids: readonly string[]): Promise<Case[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('disciplineCase').selectAll().where('id', 'in', ids).execute();
}

export async function findCaseForUpdate(db: Db, id: string): Promise<Case | undefined> {
  return db.selectFrom('disciplineCase').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function updateCase(db: Db, id: string, changes: Updateable<CaseTable>): Promise<void> {
  await db.updateTable('disciplineCase').set(changes).where('id', '=', id).execute();
}

/** The case filed against this person from this clue, if any (one per clue and person). */
export async function findCaseOfClueAndPerson(db: Db, clueId: string, personId: string): Promise<{ id: string } | undefined> {
  return db.selectFrom('disciplineCase').select('id').where('clueId', '=', clueId).where('personId', '=', personId).executeTakeFirst();
}

export async function findCasesByClueIds(db: Db, clueIds: readonly string[]): Promise<Case[]> {
  if (clueIds.length === 0) return [];
  return db.selectFrom('disciplineCase').selectAll().where('clueId', 'in', clueIds).orderBy('filedOn').orderBy('id').execute();
}

/**
 * (case, unit) pairs: a case concerns a unit when its clue's subject is the unit or its person
 * belongs to the unit. The union removes duplicate pairs.
 */
export function caseUnitLinks(db: Db, unitCodes: readonly string[]) {
  return db
    .selectFrom('disciplineCase')
    .innerJoin('clue', 'clue.id', 'disciplineCase.clueId')
    .select((eb) => [eb.ref('disciplineCase.id').as('caseId'), eb.ref('clue.subjectUnitCode').$notNull().as('unitCode')])
    .where('clue.subjectUnitCode', 'in', unitCodes)
    .union(
      db
        .selectFrom('disciplineCase')
        .innerJoin('person', 'person.id', 'disciplineCase.personId')
        .select((eb) => [eb.ref('disciplineCase.id').as('caseId'), eb.ref('person.unitCode').$notNull().as('unitCode')])
        .where('person.unitCode', 'in', unitCodes),
    );
}

/**
 * Each unit's clue links (`clueUnitLinks`) and case links (`caseUnitLinks`), in one statement: the
 * request's clue, case and sanction lists and counts about the units then read by these keys.
 */
export async function findUnitLinks(db: Db, unitCodes: readonly string[]): Promise<(UnitLink & { kind: 'clue' | 'case' })[]> {
  if (unitCodes.length === 0) return [];
  return db
    .selectFrom(clueUnitLinks(db, unitCodes).as('clueLink'))
    .select((eb) => [sql<'clue' | 'case'>`'clue'`.as('kind'), eb.ref('clueLink.clueId').as('id'), 'clueLink.unitCode'])
    .unionAll(
      db
        .selectFrom(caseUnitLinks(db, unitCodes).as('caseLink'))
        .select((eb) => [sql<'clue' | 'case'>`'case'`.as('kind'), eb.ref('caseLink.caseId').as('id'), 'caseLink.unitCode']),
    )
    .execute();
}

export interface CaseFilter {
  unitCode?: string | null | undefined;
  personId?: string | null | undefined;
  status?: CaseStatus | null | undefined;
  transferredToProcuratorate?: boolean | null | undefined;
  filedFrom?: string | null | undefined;
  filedTo?: string | null | undefined;
  /** `like` pattern (see core `searchPattern`) matched against the case's clue summary and the person's name. */
  textPattern?: string | null | undefined;
}

/** Who may list which cases: everything, or cases of clues their bodies handle (plus, for the trial office, cases at trial). */
export type CaseReach = HandlerReach & { trialStages?: boolean };

function filteredCases(db: Db, filter: CaseFilter, reach: CaseReach) {
  let query = db.selectFrom('disciplineCase').innerJoin('clue', 'clue.id', 'disciplineCase.clueId');
  if (filter.unitCode) query = query.where('clue.subjectUnitCode', '=', filter.unitCode);
  if (filter.personId) query = query.where('disciplineCase.personId', '=', filter.personId);
  if (filter.status) query = query.where('disciplineCase.status', '=', filter.status);
  if (filter.transferredToProcuratorate != null)
    query = query.where('disciplineCase.transferredToProcuratorateOn', filter.transferredToProcuratorate ? 'is not' : 'is', null);
  if (filter.filedFrom) query = query.where('disciplineCase.filedOn', '>=', filter.filedFrom);
  if (filter.filedTo) query = query.where('disciplineCase.filedOn', '<=', filter.filedTo);
  if (filter.textPattern) {
    const pattern = filter.textPattern;
    query = query.where((eb) =>
      eb.or([
        eb('clue.summary', 'ilike', pattern),
        eb.exists(eb.selectFrom('person').select('person.id').whereRef('person.id', '=', 'disciplineCase.personId').where('person.name', 'ilike', pattern)),
      ]),
    );
  }
  if (!reach.all) {
    const { departmentIds, zoneIds, stationedGroupIds, trialStages } = reach;
    query = query.where((eb) =>
      eb.or([
        departmentIds.length > 0 ? eb('clue.handlerDepartmentId', 'in', departmentIds) : eb.val(false),
        zoneIds.length > 0 ? eb('clue.handlerZoneId', 'in', zoneIds) : eb.val(false),
        stationedGroupIds.length > 0 ? eb('clue.handlerStationedGroupId', 'in', stationedGroupIds) : eb.val(false),
        trialStages ? eb('disciplineCase.status', 'in', ['UNDER_TRIAL', 'CLOSED']) : eb.val(false),
      ]),
    );
  }
  return query;
}

export async function listCases(db: Db, filter: CaseFilter, reach: CaseReach, window: PageWindow): Promise<Case[]> {
  return keysetPage(filteredCases(db, filter, reach).selectAll('disciplineCase'), window, {
    columns: ['discipline_case.filed_on', 'discipline_case.id'],
    keys: DATE_ID_KEY,
    order: 'desc',
  }).execute();
}

export async function countCases(db: Db, filter: CaseFilter, reach: CaseReach): Promise<number> {
  const row = await filteredCases(db, filter, reach)
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

// ─── Detention, recoveries ────────────────────────────────────────────────────────────────────

export async function insertDetention(db: Db, row: Insertable<DetentionTable>): Promise<Detention> {
  return db.insertInto('detention').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function findDetentionsByCaseIds(db: Db, caseIds: readonly string[]): Promise<Detention[]> {
  if (caseIds.length === 0) return [];
  return db.selectFrom('detention').selectAll().where('caseId', 'in', caseIds).execute();
}

export async function findDetentionForUpdate(db: Db, caseId: string): Promise<Detention | undefined> {
  return db.selectFrom('detention').selectAll().where('caseId', '=', caseId).forUpdate().executeTakeFirst();
}

export async function updateDetention(db: Db, id: string, changes: Updateable<DetentionTable>): Promise<void> {
  await db.updateTable('detention').set(changes).where('id', '=', id).execute();
}

export async function insertLossRecovery(db: Db, row: { caseId: string; recoveredOn: string; amount: string }): Promise<void> {
  await db.insertInto('lossRecovery').values(row).execute();
}

/** Total recovered per case, as decimal strings (summed in SQL numeric, never in floats). */
export async function sumRecoveriesByCaseIds(db: Db, caseIds: readonly string[]): Promise<{ caseId: string; total: string }[]> {
  if (caseIds.length === 0) return [];
  return db
    .selectFrom('lossRecovery')
    .select(['caseId', sql<string>`sum(amount)::text`.as('total')])
    .where('caseId', 'in', caseIds)
    .groupBy('caseId')
    .execute();
}

// ─── Sanctions ────────────────────────────────────────────────────────────────────────────────

export async function insertSanction(db: Db, row: Insertable<SanctionTable>): Promise<Sanction> {
  return db.insertInto('sanction').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function findSanctionForUpdate(db: Db, id: string): Promise<Sanction | null> {
  return (await db.selectFrom('sanction').selectAll().where('id', '=', id).forUpdate().executeTakeFirst()) ?? null;
}

export async function markSanctionAnnounced(db: Db, id: string, announcedOn: string): Promise<void> {
  await db.updateTable('sanction').set({ announcedOn }).where('id', '=', id).execute();
}

/** The sanction of this type already decided in this case, if any. */
export async function findSanctionOfCaseByType(db: Db, caseId: string, type: Sanction['type']): Promise<{ id: string } | undefined> {
  return db.selectFrom('sanction').select('id').where('caseId', '=', caseId).where('type', '=', type).executeTakeFirst();
}

export async function findSanctionsByIds(db: Db, ids: readonly string[]): Promise<Sanction[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('sanction').selectAll().where('id', 'in', ids).execute();
}

export async function findSanctionsByCaseIds(db: Db, caseIds: readonly string[]): Promise<Sanction[]> {
  if (caseIds.length === 0) return [];
  return db.selectFrom('sanction').selectAll().where('caseId', 'in', caseIds).orderBy('decidedOn').orderBy('id').execute();
}

export interface SanctionCount {
  unitCode: string;
  type: SanctionType;
  count: number;
}

export interface CaseStatusCount {
  unitCode: string;
  status: CaseStatus;
  count: number;
}

/** The counts about units a request may ask for (`Unit.petitionSummary`, `clueSummary`, `caseSummary`, `sanctionSummary`). */
export interface UnitCounts {
  petition: PetitionCount[];
  clue: ClueStatusCount[];
  case: CaseStatusCount[];
  sanction: SanctionCount[];
}
export type UnitCountKind = keyof UnitCounts;

/**
 * `column >= since`, written so that the planner does not make it an index condition. The counts are
 * of a few units' records, found by the unit index or by the links' keys. A prepared statement's
 * generic plan cannot know how far back `since` goes: it guessed a third of each table and read every
 * petition and clue received since the date by the date indexes, keeping the units' ones (the
 * dossier's counts on the ×1 district: 397 buffers and 0.86 ms of execution; led by the units, 141
 * and 0.36 ms; on ×100 the plan was already led by the units).
 */
const onOrAfter = (column: string, since: string) => sql<SqlBool>`(${sql.ref(column)} >= ${since}) is true`;

/** No year: the parts other than petitions (an int, so that the union's column is one). */
const NO_YEAR = sql<number | null>`null::int`;

/**
 * The requested kinds of counts about the units in one statement (one part per kind, `union all`;
 * four statements before): petitions by year received and category over the units they name, clues
 * by disposal status (null: not yet disposed) over the units' clue links, cases by status and
 * sanctions by type over their case links; voided records left out; since a date, petitions and
 * clues received, cases filed and sanctions decided from then on. Ordered by unit, then year and
 * value (no value last). A kind without units or links sends no part; no part, no statement.
 */
export async function countByUnitLinks(
  db: Db,
  links: {
    /** Unit codes: a petition names its unit, no link is needed. */
    petition?: readonly string[] | undefined;
    clue?: readonly UnitLink[] | undefined;
    case?: readonly UnitLink[] | undefined;
    sanction?: readonly UnitLink[] | undefined;
  },
  since?: string,
): Promise<UnitCounts> {
  const counts: UnitCounts = { petition: [], clue: [], case: [], sanction: [] };
  const parts: SelectQueryBuilder<any, any, { kind: UnitCountKind; unitCode: string; year: number | null; value: string | null; count: number }>[] = [];
  if (links.petition && links.petition.length > 0) {
    // Counts only, never reporter data; since a date: petitions received from then on.
    const year = sql<number>`extract(year from ${sql.ref('petition.receivedOn')})::int`;
    let query = db.selectFrom('petition').where('petition.subjectUnitCode', 'in', links.petition).where('petition.voidedAt', 'is', null);
    if (since) query = query.where(onOrAfter('petition.receivedOn', since));
    parts.push(
      query
        .select((eb) => [
          sql<UnitCountKind>`'petition'`.as('kind'),
          eb.ref('petition.subjectUnitCode').$notNull().as('unitCode'),
          year.as('year'),
          eb.ref('petition.category').$castTo<string | null>().as('value'),
          eb.fn.countAll<number>().as('count'),
        ])
        .groupBy(['petition.subjectUnitCode', year, 'petition.category']),
    );
  }
  if (links.clue && links.clue.length > 0) {
    // Voided clues leave the counts; since a date: clues received from then on.
    let query = db.selectFrom(unitLinkRows(links.clue)).innerJoin('clue', 'clue.id', 'link.id').where('clue.voidedAt', 'is', null);
    if (since) query = query.where(onOrAfter('clue.receivedOn', since));
    parts.push(
      query
        .select((eb) => [
          sql<UnitCountKind>`'clue'`.as('kind'),
          'link.unitCode',
          NO_YEAR.as('year'),
          eb.ref('clue.disposalMethod').$castTo<string | null>().as('value'),
          eb.fn.countAll<number>().as('count'),
        ])
        .groupBy(['link.unitCode', 'clue.disposalMethod']),
    );
  }
  if (links.case && links.case.length > 0) {
    // Since a date: cases filed from then on.
    let query = db
      .selectFrom(unitLinkRows(links.case))
      .innerJoin('disciplineCase', 'disciplineCase.id', 'link.id')
      .where('disciplineCase.voidedAt', 'is', null);
    if (since) query = query.where(onOrAfter('disciplineCase.filedOn', since));
    parts.push(
      query
        .select((eb) => [
          sql<UnitCountKind>`'case'`.as('kind'),
          'link.unitCode',
          NO_YEAR.as('year'),
          eb.ref('disciplineCase.status').$castTo<string | null>().as('value'),
          eb.fn.countAll<number>().as('count'),
        ])
        .groupBy(['link.unitCode', 'disciplineCase.status']),
    );
  }
  if (links.sanction && links.sanction.length > 0) {
    // Since a date: sanctions decided from then on.
    let query = db.selectFrom(unitLinkRows(links.sanction)).innerJoin('sanction', 'sanction.caseId', 'link.id').where('sanction.voidedAt', 'is', null);
    if (since) query = query.where(onOrAfter('sanction.decidedOn', since));
    parts.push(
      query
        .select((eb) => [
          sql<UnitCountKind>`'sanction'`.as('kind'),
          'link.unitCode',
          NO_YEAR.as('year'),
          eb.ref('sanction.type').$castTo<string | null>().as('value'),
          eb.fn.countAll<number>().as('count'),
        ])
        .groupBy(['link.unitCode', 'sanction.type']),
    );
  }
  const [first, ...rest] = parts;
  if (!first) return counts;
  let query = first;
  for (const part of rest) query = query.unionAll(part);
  const rows = await query.orderBy(sql.ref('kind')).orderBy(sql.ref('unit_code')).orderBy(sql.ref('year')).orderBy(sql.ref('value')).execute();
  for (const row of rows) {
    const count = Number(row.count);
    if (row.kind === 'petition') counts.petition.push({ unitCode: row.unitCode, year: Number(row.year), category: row.value as PetitionCategory, count });
    else if (row.kind === 'clue') counts.clue.push({ unitCode: row.unitCode, disposalMethod: row.value as DisposalMethod | null, count });
    else if (row.kind === 'case') counts.case.push({ unitCode: row.unitCode, status: row.value as CaseStatus, count });
    else counts.sanction.push({ unitCode: row.unitCode, type: row.value as SanctionType, count });
  }
  return counts;
}

export interface SanctionFilter {
  unitCode?: string | null | undefined;
  personId?: string | null | undefined;
  type?: SanctionType | null | undefined;
  fourForm?: number | null | undefined;
  decidedFrom?: string | null | undefined;
  decidedTo?: string | null | undefined;
}

function filteredSanctions(db: Db, filter: SanctionFilter, reach: HandlerReach) {
  let query = db
    .selectFrom('sanction')
    .innerJoin('disciplineCase', 'disciplineCase.id', 'sanction.caseId')
    .innerJoin('clue', 'clue.id', 'disciplineCase.clueId');
  if (filter.unitCode) query = query.where('clue.subjectUnitCode', '=', filter.unitCode);
  if (filter.personId) query = query.where('sanction.personId', '=', filter.personId);
  if (filter.type) query = query.where('sanction.type', '=', filter.type);
  if (filter.fourForm != null) query = query.where('sanction.fourForm', '=', filter.fourForm);
  if (filter.decidedFrom) query = query.where('sanction.decidedOn', '>=', filter.decidedFrom);
  if (filter.decidedTo) query = query.where('sanction.decidedOn', '<=', filter.decidedTo);
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

export async function listSanctions(db: Db, filter: SanctionFilter, reach: HandlerReach, window: PageWindow): Promise<Sanction[]> {
  return keysetPage(filteredSanctions(db, filter, reach).selectAll('sanction'), window, {
    columns: ['sanction.decided_on', 'sanction.id'],
    keys: DATE_ID_KEY,
    order: 'desc',
  }).execute();
}

export async function countSanctions(db: Db, filter: SanctionFilter, reach: HandlerReach): Promise<number> {
  const row = await filteredSanctions(db, filter, reach)
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** Page order of a unit's or a person's cases: newest filed first. */
const CASE_PAGE_ORDER = { columns: ['filedOn', 'id'], keys: DATE_ID_KEY, order: 'desc' } as const;
/** Page order of a unit's or a person's sanctions: newest decided first. */
const SANCTION_PAGE_ORDER = { columns: ['decidedOn', 'id'], keys: DATE_ID_KEY, order: 'desc' } as const;

/**
 * What the need-to-know of a case asks of its clue (the handling body: `clueScopes`), carried by the
 * rows of a page of cases, so that deciding who reads each case looks nothing up. `clueFound` false:
 * the clue does not exist (then only leaders and case management read the case).
 */
export interface CaseScopeFacts {
  clueFound: boolean;
  clueHandlerDepartmentId: string | null;
  clueHandlerZoneId: string | null;
  clueHandlerStationedGroupId: string | null;
}

/** What the need-to-know of a sanction asks of its case (the stage; `caseFound` false: no such case) and of the case's clue. */
export interface SanctionScopeFacts extends CaseScopeFacts {
  caseFound: boolean;
  caseStatus: CaseStatus | null;
}

const casesOfUnits = (db: Db, links: readonly UnitLink[]) =>
  db.selectFrom(unitLinkRows(links)).innerJoin('disciplineCase', 'disciplineCase.id', 'link.id').selectAll('disciplineCase').select('link.unitCode');

const casesOfPersons = (db: Db, personIds: readonly string[]) =>
  db.selectFrom('disciplineCase').selectAll('disciplineCase').where('disciplineCase.personId', 'in', personIds);

const sanctionsOfUnits = (db: Db, links: readonly UnitLink[]) =>
  db.selectFrom(unitLinkRows(links)).innerJoin('sanction', 'sanction.caseId', 'link.id').selectAll('sanction').select('link.unitCode');

const sanctionsOfPersons = (db: Db, personIds: readonly string[]) =>
  db.selectFrom('sanction').selectAll('sanction').where('sanction.personId', 'in', personIds);

/**
 * Adds a case's `CaseScopeFacts` to rows that name its clue (`clueId`: the column holding the clue's
 * id): the clue by its key, left-joined, so a missing clue says so. Pages only; the counts need none.
 */
function withClueScopeFacts(query: SelectQueryBuilder<any, any, any>, clueId: string) {
  return query
    .leftJoin('clue as scopeClue', 'scopeClue.id', clueId)
    .select((eb) => [
      eb('scopeClue.id', 'is not', null).$castTo<boolean>().as('clueFound'),
      'scopeClue.handlerDepartmentId as clueHandlerDepartmentId',
      'scopeClue.handlerZoneId as clueHandlerZoneId',
      'scopeClue.handlerStationedGroupId as clueHandlerStationedGroupId',
    ]);
}

/** Adds a sanction's `SanctionScopeFacts`: its case (the stage) and the case's clue, by their keys. */
function withSanctionScopeFacts(query: SelectQueryBuilder<any, any, any>) {
  return withClueScopeFacts(
    query
      .leftJoin('disciplineCase as scopeCase', 'scopeCase.id', 'sanction.caseId')
      .select((eb) => [eb('scopeCase.id', 'is not', null).$castTo<boolean>().as('caseFound'), 'scopeCase.status as caseStatus']),
    'scopeCase.clueId',
  );
}

/** A page of cases concerning each unit (`links`: the units' case links), with their `CaseScopeFacts`, in one statement for all units. */
export async function findCasePagesByUnitLinks(
  db: Db,
  links: readonly UnitLink[],
  window: PageWindow,
): Promise<(Case & CaseScopeFacts & { unitCode: string })[]> {
  if (links.length === 0) return [];
  return findParentPages<Case & CaseScopeFacts & { unitCode: string }>(db, withClueScopeFacts(casesOfUnits(db, links), 'disciplineCase.clueId'), window, {
    parent: 'unitCode',
    ...CASE_PAGE_ORDER,
  });
}

export async function countCasesByUnitLinks(db: Db, links: readonly UnitLink[]) {
  if (links.length === 0) return [];
  return countParentRows(db, casesOfUnits(db, links), 'unitCode');
}

/** A page of cases against each person, with their `CaseScopeFacts`, in one statement for all persons. */
export function findCasePagesByPersonIds(db: Db, personIds: readonly string[], window: PageWindow): Promise<(Case & CaseScopeFacts)[]> {
  return findParentPages<Case & CaseScopeFacts>(db, withClueScopeFacts(casesOfPersons(db, personIds), 'disciplineCase.clueId'), window, {
    parent: 'personId',
    ...CASE_PAGE_ORDER,
  });
}

export function countCasesByPersonIds(db: Db, personIds: readonly string[]) {
  return countParentRows(db, casesOfPersons(db, personIds), 'personId');
}

/** A page of sanctions in cases concerning each unit (`links`: the units' case links), with their `SanctionScopeFacts`, in one statement for all units. */
export async function findSanctionPagesByUnitLinks(
  db: Db,
  links: readonly UnitLink[],
  window: PageWindow,
): Promise<(Sanction & SanctionScopeFacts & { unitCode: string })[]> {
  if (links.length === 0) return [];
  return findParentPages<Sanction & SanctionScopeFacts & { unitCode: string }>(db, withSanctionScopeFacts(sanctionsOfUnits(db, links)), window, {
    parent: 'unitCode',
    ...SANCTION_PAGE_ORDER,
  });
}

export async function countSanctionsByUnitLinks(db: Db, links: readonly UnitLink[]) {
  if (links.length === 0) return [];
  return countParentRows(db, sanctionsOfUnits(db, links), 'unitCode');
}

/** A page of sanctions on each person, with their `SanctionScopeFacts`, in one statement for all persons. */
export function findSanctionPagesByPersonIds(db: Db, personIds: readonly string[], window: PageWindow): Promise<(Sanction & SanctionScopeFacts)[]> {
  return findParentPages<Sanction & SanctionScopeFacts>(db, withSanctionScopeFacts(sanctionsOfPersons(db, personIds)), window, {
    parent: 'personId',
    ...SANCTION_PAGE_ORDER,
  });
}

export function countSanctionsByPersonIds(db: Db, personIds: readonly string[]) {
  return countParentRows(db, sanctionsOfPersons(db, personIds), 'personId');
}
