import { countParentRows, DATE_ID_KEY, findParentPages, keysetPage, TEXT_ID_KEY } from '@hub/core';
import type { Insertable, Kysely, Selectable } from 'kysely';
import type { PageWindow } from '@hub/core';
import { ACTIVE_STAGES } from '../deadlines.ts';
import type {
  BriefingTable,
  Inspection,
  InspectionDatabase,
  InspectionRound,
  InspectionRoundTable,
  InspectionTable,
  InspectionTeamMemberTable,
  InspectionTeamTable,
  RecusalException,
  RecusalExceptionTable,
  Stage,
  TeamMember,
  Unit,
} from './database.ts';
import { countOf } from './keys.ts';

type Db = Kysely<InspectionDatabase>;

// ─── Rounds ─────────────────────────────────────────────────────────────────────────────────────

export interface RoundFilter {
  year?: number | null | undefined;
  stage?: Stage | null | undefined;
}

function filteredRounds(db: Db, filter: RoundFilter) {
  let query = db.selectFrom('inspectionRound');
  if (filter.year != null) query = query.where('year', '=', filter.year);
  if (filter.stage) query = query.where('stage', '=', filter.stage);
  return query;
}

/** Rounds, latest start first; page key "startOn|id". */
export async function listRounds(db: Db, filter: RoundFilter, window: PageWindow): Promise<InspectionRound[]> {
  return keysetPage(filteredRounds(db, filter).selectAll(), window, { columns: ['start_on', 'id'], keys: DATE_ID_KEY, order: 'desc' }).execute();
}

export const countRounds = (db: Db, filter: RoundFilter) => countOf(filteredRounds(db, filter));

export async function insertRound(db: Db, round: Insertable<InspectionRoundTable>): Promise<string> {
  const row = await db.insertInto('inspectionRound').values(round).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function findRoundForUpdate(db: Db, id: string): Promise<InspectionRound | undefined> {
  return db.selectFrom('inspectionRound').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function findRoundByYearNumber(db: Db, year: number, number: number): Promise<InspectionRound | undefined> {
  return db.selectFrom('inspectionRound').selectAll().where('year', '=', year).where('number', '=', number).executeTakeFirst();
}

export async function setRoundStage(db: Db, roundId: string, stage: Stage, enteredOn: string, recordedBy: string): Promise<void> {
  await db.updateTable('inspectionRound').set({ stage }).where('id', '=', roundId).execute();
  await db.insertInto('inspectionRoundStageChange').values({ roundId, stage, enteredOn, recordedBy }).execute();
}

export async function latestStageChange(db: Db, roundId: string) {
  return db.selectFrom('inspectionRoundStageChange').selectAll().where('roundId', '=', roundId).orderBy('enteredOn', 'desc').executeTakeFirst();
}

// ─── Teams ──────────────────────────────────────────────────────────────────────────────────────

export async function insertTeam(db: Db, team: Insertable<InspectionTeamTable>): Promise<string> {
  const row = await db.insertInto('inspectionTeam').values(team).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function findTeam(db: Db, id: string) {
  return db
    .selectFrom('inspectionTeam')
    .innerJoin('inspectionRound', 'inspectionRound.id', 'inspectionTeam.roundId')
    .select(['inspectionTeam.id', 'inspectionTeam.roundId', 'inspectionTeam.name', 'inspectionRound.stage', 'inspectionRound.startOn', 'inspectionRound.endOn'])
    .where('inspectionTeam.id', '=', id)
    .forUpdate()
    .executeTakeFirst();
}

export async function findMembers(db: Db, teamId: string): Promise<TeamMember[]> {
  return db.selectFrom('inspectionTeamMember').selectAll().where('teamId', '=', teamId).execute();
}

export async function insertMember(db: Db, member: Insertable<InspectionTeamMemberTable>): Promise<void> {
  await db.insertInto('inspectionTeamMember').values(member).execute();
}

/** Units a team inspects (for recusal). */
export async function unitCodesOfTeam(db: Db, teamId: string): Promise<string[]> {
  const rows = await db.selectFrom('inspection').select('unitCode').where('teamId', '=', teamId).execute();
  return rows.map((r) => r.unitCode);
}

// ─── Inspections ────────────────────────────────────────────────────────────────────────────────

export interface InspectionFilter {
  roundId?: string | null | undefined;
  teamId?: string | null | undefined;
  unitCode?: string | null | undefined;
}

function filteredInspections(db: Db, filter: InspectionFilter) {
  let query = db.selectFrom('inspection');
  if (filter.roundId) query = query.where('roundId', '=', filter.roundId);
  if (filter.teamId) query = query.where('teamId', '=', filter.teamId);
  if (filter.unitCode) query = query.where('unitCode', '=', filter.unitCode);
  return query;
}

/** Inspections ordered by unit code; page key "unitCode|id". */
export async function listInspections(db: Db, filter: InspectionFilter, window: PageWindow): Promise<Inspection[]> {
  return keysetPage(filteredInspections(db, filter).selectAll(), window, { columns: ['unit_code', 'id'], keys: TEXT_ID_KEY, order: 'asc' }).execute();
}

export const countInspections = (db: Db, filter: InspectionFilter) => countOf(filteredInspections(db, filter));

export async function insertInspection(db: Db, inspection: Insertable<InspectionTable>): Promise<string> {
  const row = await db.insertInto('inspection').values(inspection).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

/** An inspection with its round's stage and its unit's level, locked with the round. */
export async function findInspectionInRound(db: Db, id: string) {
  return db
    .selectFrom('inspection')
    .innerJoin('inspectionRound', 'inspectionRound.id', 'inspection.roundId')
    .innerJoin('unit', 'unit.code', 'inspection.unitCode')
    .select(['inspection.id', 'inspection.roundId', 'inspection.teamId', 'inspection.unitCode', 'inspectionRound.stage', 'unit.level as unitLevel'])
    .where('inspection.id', '=', id)
    .forUpdate('inspectionRound')
    .executeTakeFirst();
}

export async function findInspectionsOfRound(db: Db, roundId: string): Promise<Inspection[]> {
  return db.selectFrom('inspection').selectAll().where('roundId', '=', roundId).execute();
}

/**
 * Each unit's teams that are inspecting it (`active`: their round between entry and transfer) or
 * assigned to it (`assigned`: their round not yet closed on `today`), one row per inspection; the
 * caller narrows it to its units and reads the rows with `unitTeamRow`.
 */
export function teamRowsOfUnits(db: Db, today: string) {
  return db
    .selectFrom('inspection')
    .innerJoin('inspectionRound', 'inspectionRound.id', 'inspection.roundId')
    .select(['inspection.unitCode', 'inspection.teamId'])
    .select((eb) => [
      eb('inspectionRound.stage', 'in', ACTIVE_STAGES).as('active'),
      eb.or([eb('inspectionRound.endOn', 'is', null), eb('inspectionRound.endOn', '>=', today)]).as('assigned'),
    ])
    .where((eb) => eb.or([eb('inspectionRound.stage', 'in', ACTIVE_STAGES), eb('inspectionRound.endOn', 'is', null), eb('inspectionRound.endOn', '>=', today)]))
    .orderBy('inspection.teamId');
}

export interface UnitTeamRow {
  unitCode: string;
  teamId: string;
  active: boolean;
  assigned: boolean;
}

/** A row of `teamRowsOfUnits`, read directly or out of JSON (its flags true, false or null). */
export const unitTeamRow = (r: { unitCode: string; teamId: string; active: unknown; assigned: unknown }): UnitTeamRow => ({
  unitCode: r.unitCode,
  teamId: r.teamId,
  active: r.active === true,
  assigned: r.assigned === true,
});

/**
 * Teams of each unit's inspections, with whether each is active — its round between entry (进驻) and
 * transfer (移交) — and whether it is assigned today: from preparation (巡前准备) until the round
 * closes (its end date has passed). Teams that are neither are left out. One statement for both
 * questions, which the gateway asks together for the same units.
 */
export async function findTeamIdsByUnit(db: Db, unitCodes: readonly string[], today: string): Promise<UnitTeamRow[]> {
  if (unitCodes.length === 0) return [];
  return (await teamRowsOfUnits(db, today).where('inspection.unitCode', 'in', unitCodes).execute()).map(unitTeamRow);
}

/** Inspections of units, latest round first. */
// ─── Briefings ──────────────────────────────────────────────────────────────────────────────────

export async function insertBriefing(db: Db, briefing: Insertable<BriefingTable>): Promise<string> {
  const row = await db.insertInto('briefing').values(briefing).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

/** Current members (those removed are not counted) and leaders per team. */
export async function memberCountsOf(db: Db, teamIds: readonly string[]): Promise<Map<string, { members: number; leaders: number }>> {
  if (teamIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('inspectionTeamMember')
    .select((eb) => ['teamId', eb.fn.countAll<number>().as('members'), eb.fn.count<number>(eb.case().when('role', '=', 'LEADER').then(1).end()).as('leaders')])
    .where('teamId', 'in', teamIds)
    .where('removedOn', 'is', null)
    .groupBy('teamId')
    .execute();
  return new Map(rows.map((r) => [r.teamId, { members: Number(r.members), leaders: Number(r.leaders) }]));
}

/** Briefings of the inspections with their dates (for the entry rules). */
export async function briefingDatesOf(db: Db, inspectionIds: readonly string[]) {
  if (inspectionIds.length === 0) return [];
  return db.selectFrom('briefing').select(['inspectionId', 'body', 'briefedOn']).where('inspectionId', 'in', inspectionIds).execute();
}

export async function findBriefingOfBody(db: Db, inspectionId: string, body: BriefingTable['body']) {
  return db.selectFrom('briefing').select('id').where('inspectionId', '=', inspectionId).where('body', '=', body).executeTakeFirst();
}

/** The day the round entered each stage it has reached. */
export async function stageDatesOf(db: Db, roundId: string): Promise<Partial<Record<Stage, string>>> {
  const rows = await db.selectFrom('inspectionRoundStageChange').select(['stage', 'enteredOn']).where('roundId', '=', roundId).execute();
  return Object.fromEntries(rows.map((r) => [r.stage, r.enteredOn]));
}

export async function findTeamByName(db: Db, roundId: string, name: string) {
  return db.selectFrom('inspectionTeam').select('id').where('roundId', '=', roundId).where('name', '=', name).executeTakeFirst();
}

/** The team of the round the staff member is (or was) on, if any. */
export async function findTeamOfStaffInRound(db: Db, staffId: string, roundId: string) {
  return db
    .selectFrom('inspectionTeamMember')
    .innerJoin('inspectionTeam', 'inspectionTeam.id', 'inspectionTeamMember.teamId')
    .select('inspectionTeam.name')
    .where('inspectionTeamMember.staffId', '=', staffId)
    .where('inspectionTeam.roundId', '=', roundId)
    .executeTakeFirst();
}

export async function findInspectionOfRoundUnit(db: Db, roundId: string, unitCode: string) {
  return db.selectFrom('inspection').select('id').where('roundId', '=', roundId).where('unitCode', '=', unitCode).executeTakeFirst();
}

/** The units with all their ancestors (for recusal: parent units and sub-units). */
export async function findUnitLineage(db: Db, codes: readonly string[]): Promise<Unit[]> {
  if (codes.length === 0) return [];
  const found = new Map<string, Unit>();
  let next = [...new Set(codes)];
  // The registry is a few levels deep (district → township → village): one query per level.
  while (next.length > 0) {
    const rows = await db.selectFrom('unit').selectAll().where('code', 'in', next).execute();
    for (const row of rows) found.set(row.code, row);
    next = [...new Set(rows.map((r) => r.parentCode).filter((c): c is string => c !== null && !found.has(c)))];
  }
  return [...found.values()];
}

export async function insertRecusalExceptions(db: Db, rows: Insertable<RecusalExceptionTable>[]): Promise<void> {
  if (rows.length === 0) return;
  await db.insertInto('recusalException').values(rows).execute();
}

export async function findRecusalExceptionsByTeams(db: Db, teamIds: readonly string[]): Promise<RecusalException[]> {
  if (teamIds.length === 0) return [];
  return db.selectFrom('recusalException').selectAll().where('teamId', 'in', teamIds).orderBy('createdAt').execute();
}

/** 调出巡察组 — marks a member as removed on a day; the membership stays as history. */
export async function removeMember(db: Db, teamId: string, staffId: string, removedOn: string, reason: string): Promise<void> {
  await db.updateTable('inspectionTeamMember').set({ removedOn, removalReason: reason }).where('teamId', '=', teamId).where('staffId', '=', staffId).execute();
}

/** The inspection (and its round) a briefing belongs to. */
export async function findInspectionOfBriefing(db: Db, inspectionId: string) {
  return db.selectFrom('inspection').select(['id', 'roundId', 'unitCode']).where('id', '=', inspectionId).executeTakeFirstOrThrow();
}

const inspectionsOfUnits = (db: Db, unitCodes: readonly string[]) =>
  db
    .selectFrom('inspection')
    .innerJoin('inspectionRound', 'inspectionRound.id', 'inspection.roundId')
    .selectAll('inspection')
    .select('inspectionRound.startOn as roundStartOn')
    .where('inspection.unitCode', 'in', unitCodes);

type RoundRow = Selectable<InspectionDatabase['inspectionRound']>;
type TeamRow = Selectable<InspectionDatabase['inspectionTeam']>;
/** Every column of a round and of a team (void marks included), as an inspection's page carries them. */
const ROUND_COLUMNS = [
  'id',
  'year',
  'number',
  'theme',
  'startOn',
  'endOn',
  'stage',
  'createdAt',
  'voidedAt',
  'voidReason',
  'voidedBy',
] as const satisfies readonly (keyof RoundRow)[];
const TEAM_COLUMNS = ['id', 'roundId', 'name', 'createdAt', 'voidedAt', 'voidReason', 'voidedBy'] as const satisfies readonly (keyof TeamRow)[];
// A column added to either table and not to the lists above fails to compile here.
const everyColumn: [Exclude<keyof RoundRow, (typeof ROUND_COLUMNS)[number]> | Exclude<keyof TeamRow, (typeof TEAM_COLUMNS)[number]>] extends [never]
  ? true
  : never = true;
void everyColumn;
const prefixed = (prefix: string, column: string) => `${prefix}${column[0]!.toUpperCase()}${column.slice(1)}`;

/** An inspection of a page, with the round and team it was read with. */
export type InspectionOfPage = Inspection & { roundStartOn: string; joinedRound: RoundRow; joinedTeam: TeamRow };

/**
 * A page of each unit's inspections, latest round first, in one statement for all units;
 * `roundStartOn` is the page key's date. Each row brings its whole round and team (`joinedRound`,
 * `joinedTeam`): a page that shows them needs no lookup by id.
 */
export async function findInspectionPagesByUnits(db: Db, unitCodes: readonly string[], window: PageWindow): Promise<InspectionOfPage[]> {
  const base = inspectionsOfUnits(db, unitCodes)
    .innerJoin('inspectionTeam', 'inspectionTeam.id', 'inspection.teamId')
    .select((eb) => [
      ...ROUND_COLUMNS.map((c) => eb.ref(`inspectionRound.${c}`).as(prefixed('joinedRound', c))),
      ...TEAM_COLUMNS.map((c) => eb.ref(`inspectionTeam.${c}`).as(prefixed('joinedTeam', c))),
    ]);
  const rows = (await findParentPages(db, base, window, {
    parent: 'unitCode',
    columns: ['roundStartOn', 'id'],
    keys: DATE_ID_KEY,
    order: 'desc',
  })) as Record<string, unknown>[];
  // In place: the page machinery keeps the totals by the array it returned.
  for (const row of rows) {
    const round: Record<string, unknown> = {};
    const team: Record<string, unknown> = {};
    for (const c of ROUND_COLUMNS) {
      round[c] = row[prefixed('joinedRound', c)];
      delete row[prefixed('joinedRound', c)];
    }
    for (const c of TEAM_COLUMNS) {
      team[c] = row[prefixed('joinedTeam', c)];
      delete row[prefixed('joinedTeam', c)];
    }
    row.joinedRound = round;
    row.joinedTeam = team;
  }
  return rows as unknown as InspectionOfPage[];
}

export function countInspectionsByUnits(db: Db, unitCodes: readonly string[]) {
  return countParentRows(db, inspectionsOfUnits(db, unitCodes), 'unitCode');
}
