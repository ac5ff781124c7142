import type { Kysely } from 'kysely';
import { DATE_ID_KEY, keysetPage, pageKey, type PageWindow } from '@hub/core';
import type { StaffAssignment, StaffAssignmentKind, StationedDatabase } from './database.ts';

type Db = Kysely<StationedDatabase>;

export interface AssignmentFilter {
  staffId?: string | null | undefined;
  groupId?: string | null | undefined;
  inspectionTeamId?: string | null | undefined;
  kind?: StaffAssignmentKind | null | undefined;
  /** Assignments running on this day. */
  activeOn?: string | null | undefined;
}

function filtered(db: Db, filter: AssignmentFilter) {
  let query = db.selectFrom('staffAssignment');
  if (filter.staffId) query = query.where('staffId', '=', filter.staffId);
  if (filter.groupId) query = query.where('groupId', '=', filter.groupId);
  if (filter.inspectionTeamId) query = query.where('inspectionTeamId', '=', filter.inspectionTeamId);
  if (filter.kind) query = query.where('kind', '=', filter.kind);
  if (filter.activeOn) query = query.where('startOn', '<=', filter.activeOn).where('endOn', '>', filter.activeOn);
  return query;
}

export const assignmentKey = (a: StaffAssignment) => pageKey(a.startOn, a.id);

/** Newest first; the page key is "startOn|id". */
export async function listAssignments(db: Db, filter: AssignmentFilter, window: PageWindow): Promise<StaffAssignment[]> {
  return keysetPage(filtered(db, filter).selectAll(), window, { columns: ['startOn', 'id'], keys: DATE_ID_KEY, order: 'desc' }).execute();
}

export async function countAssignments(db: Db, filter: AssignmentFilter): Promise<number> {
  const row = await filtered(db, filter)
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** Assignments of the staff members, oldest first. */
export async function findAssignmentsByStaff(db: Db, staffIds: readonly string[]): Promise<StaffAssignment[]> {
  if (staffIds.length === 0) return [];
  return db.selectFrom('staffAssignment').selectAll().where('staffId', 'in', staffIds).orderBy('startOn').orderBy('id').execute();
}

/** Assignments of the staff members that are not voided (a voided record assigns no one), oldest first. */
export async function findLiveAssignmentsByStaff(db: Db, staffIds: readonly string[]): Promise<StaffAssignment[]> {
  if (staffIds.length === 0) return [];
  return db.selectFrom('staffAssignment').selectAll().where('staffId', 'in', staffIds).where('voidedAt', 'is', null).orderBy('startOn').orderBy('id').execute();
}

export async function findAssignmentsByIds(db: Db, ids: readonly string[]): Promise<StaffAssignment[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('staffAssignment').selectAll().where('id', 'in', ids).execute();
}

/** Another assignment of the staff member overlapping [startOn, endOn), if any. */
export async function findOverlappingAssignment(
  db: Db,
  staffId: string,
  startOn: string,
  endOn: string,
  exceptId?: string,
): Promise<StaffAssignment | undefined> {
  let query = db
    .selectFrom('staffAssignment')
    .selectAll()
    .where('staffId', '=', staffId)
    .where('voidedAt', 'is', null)
    .where('startOn', '<', endOn)
    .where('endOn', '>', startOn);
  if (exceptId) query = query.where('id', '<>', exceptId);
  return query.orderBy('startOn').executeTakeFirst();
}

export async function insertAssignment(db: Db, assignment: Omit<StaffAssignment, 'createdAt'>): Promise<void> {
  await db.insertInto('staffAssignment').values(assignment).execute();
}

export async function setAssignmentEnd(db: Db, id: string, endOn: string): Promise<void> {
  await db.updateTable('staffAssignment').set({ endOn }).where('id', '=', id).execute();
}

/** Assignments running at some time in [from, to), by staff member, at most `limit`. */
export async function findAssignmentsInPeriod(db: Db, from: string, to: string, limit: number): Promise<StaffAssignment[]> {
  return db
    .selectFrom('staffAssignment')
    .selectAll()
    .where('startOn', '<', to)
    .where('endOn', '>', from)
    .orderBy('staffId')
    .orderBy('startOn')
    .limit(limit)
    .execute();
}
