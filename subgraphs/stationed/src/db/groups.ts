import { type Kysely, sql } from 'kysely';
import { keysetPage, type PageWindow, TEXT_ID_KEY } from '@hub/core';
import type { GroupCoverage, GroupMember, NewStationedGroup, StationedDatabase, StationedGroup } from './database.ts';

type Db = Kysely<StationedDatabase>;

export interface UnitGroup extends StationedGroup {
  unitCode: string;
}

/** The group overseeing each unit on `day` (coverage periods are half-open: start ≤ day < end). */
export async function findGroupsOverseeingUnits(db: Db, unitCodes: readonly string[], day: string): Promise<UnitGroup[]> {
  if (unitCodes.length === 0) return [];
  return db
    .selectFrom('groupCoverage as c')
    .innerJoin('stationedGroup as g', 'g.id', 'c.groupId')
    .select(['c.unitCode', 'g.id', 'g.name', 'g.createdAt'])
    .where('c.unitCode', 'in', unitCodes)
    .where('c.startOn', '<=', day)
    .where((eb) => eb.or([eb('c.endOn', 'is', null), eb('c.endOn', '>', day)]))
    .execute();
}

export async function findCoverageByGroups(db: Db, groupIds: readonly string[], day: string): Promise<GroupCoverage[]> {
  if (groupIds.length === 0) return [];
  return db
    .selectFrom('groupCoverage')
    .selectAll()
    .where('groupId', 'in', groupIds)
    .where('startOn', '<=', day)
    .where((eb) => eb.or([eb('endOn', 'is', null), eb('endOn', '>', day)]))
    .orderBy('unitCode')
    .execute();
}

/** Stationed groups by name then id; the page key is "name|id". */
export async function listGroups(db: Db, window: PageWindow): Promise<StationedGroup[]> {
  return keysetPage(db.selectFrom('stationedGroup').selectAll(), window, { columns: ['name', 'id'], keys: TEXT_ID_KEY, order: 'asc' }).execute();
}

export async function countGroups(db: Db): Promise<number> {
  const row = await db
    .selectFrom('stationedGroup')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

export async function insertGroup(db: Db, group: NewStationedGroup & { id: string }, coverage: Omit<GroupCoverage, 'groupId'>[]): Promise<void> {
  await db
    .insertInto('stationedGroup')
    .values(group)
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
  if (coverage.length === 0) return;
  await db
    .insertInto('groupCoverage')
    .values(coverage.map((c) => ({ ...c, groupId: group.id })))
    .onConflict((oc) => oc.columns(['groupId', 'unitCode', 'startOn']).doNothing())
    .execute();
}

export async function findGroupsByIds(db: Db, ids: readonly string[]): Promise<StationedGroup[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('stationedGroup').selectAll().where('id', 'in', ids).execute();
}

export async function findGroupByName(db: Db, name: string): Promise<StationedGroup | undefined> {
  return db.selectFrom('stationedGroup').selectAll().where('name', '=', name).executeTakeFirst();
}

/** Every coverage period of the units, oldest first (history included). */
export async function findCoverageHistoryByUnits(db: Db, unitCodes: readonly string[]): Promise<GroupCoverage[]> {
  if (unitCodes.length === 0) return [];
  return db.selectFrom('groupCoverage').selectAll().where('unitCode', 'in', unitCodes).orderBy('unitCode').orderBy('startOn').execute();
}

/** Every coverage period of the groups, oldest first (history included). */
export async function findCoverageHistoryByGroups(db: Db, groupIds: readonly string[]): Promise<GroupCoverage[]> {
  if (groupIds.length === 0) return [];
  return db.selectFrom('groupCoverage').selectAll().where('groupId', 'in', groupIds).orderBy('startOn').orderBy('unitCode').execute();
}

export async function closeCoverage(db: Db, coverage: Pick<GroupCoverage, 'groupId' | 'unitCode' | 'startOn'>, endOn: string): Promise<void> {
  await db
    .updateTable('groupCoverage')
    .set({ endOn })
    .where('groupId', '=', coverage.groupId)
    .where('unitCode', '=', coverage.unitCode)
    .where('startOn', '=', coverage.startOn)
    .execute();
}

export async function openCoverage(db: Db, coverage: Omit<GroupCoverage, 'endOn'>): Promise<void> {
  await db
    .insertInto('groupCoverage')
    .values({ ...coverage, endOn: null })
    .execute();
}

/** Memberships of the groups (history included), leader first, then by start. */
export async function findMembersByGroups(db: Db, groupIds: readonly string[]): Promise<GroupMember[]> {
  if (groupIds.length === 0) return [];
  return db
    .selectFrom('groupMember')
    .selectAll()
    .where('groupId', 'in', groupIds)
    .orderBy(sql`case role when 'LEADER' then 0 when 'DEPUTY_LEADER' then 1 else 2 end`)
    .orderBy('startOn')
    .orderBy('staffId')
    .execute();
}

/** Group memberships of staff members (history included), oldest first. */
export async function findMembershipsByStaff(db: Db, staffIds: readonly string[]): Promise<GroupMember[]> {
  if (staffIds.length === 0) return [];
  return db.selectFrom('groupMember').selectAll().where('staffId', 'in', staffIds).orderBy('startOn').orderBy('groupId').execute();
}

export async function insertMembers(db: Db, members: GroupMember[]): Promise<void> {
  if (members.length === 0) return;
  await db.insertInto('groupMember').values(members).execute();
}

export async function closeMembership(db: Db, member: Pick<GroupMember, 'groupId' | 'staffId' | 'startOn'>, endOn: string): Promise<void> {
  await db
    .updateTable('groupMember')
    .set({ endOn })
    .where('groupId', '=', member.groupId)
    .where('staffId', '=', member.staffId)
    .where('startOn', '=', member.startOn)
    .execute();
}

/**
 * The latest day on or after `day` on which a group recorded supervision of a unit (activities,
 * issues found, escalations, integrity-file entries, rectification notes; voided records left out),
 * or null: a change of coverage from `day` must not move such records under another group.
 */
export async function latestGroupRecordFrom(db: Kysely<StationedDatabase>, groupId: string, unitCode: string, day: string): Promise<string | null> {
  const { rows } = await sql<{ last: string | null }>`
    select max(d)::text as last from (
      select held_on as d from supervision_activity where group_id = ${groupId} and unit_code = ${unitCode} and voided_at is null
      union all select found_on from supervision_issue where group_id = ${groupId} and unit_code = ${unitCode} and voided_at is null
      union all select escalated_on from escalation where group_id = ${groupId} and unit_code = ${unitCode} and voided_at is null
      union all select recorded_on from integrity_file_entry where group_id = ${groupId} and unit_code = ${unitCode} and voided_at is null
      union all select noted_on from rectification_supervision_note where group_id = ${groupId} and unit_code = ${unitCode} and voided_at is null
    ) records
    where d >= cast(${day} as date)`.execute(db);
  return rows[0]?.last ?? null;
}
