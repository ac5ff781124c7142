import type { Kysely } from 'kysely';
import { countParentRows, DATE_ID_KEY, findParentPages, keysetPage, pageKey, type PageWindow } from '@hub/core';
import type { ActivityKind, IssueRow, IssueStatus, StationedDatabase, SupervisionActivity, SupervisionActivityPerson } from './database.ts';
import { type RecordVisibility, visibleTo } from './visibility.ts';

type Db = Kysely<StationedDatabase>;

export interface ActivityFilter {
  groupId?: string | null | undefined;
  unitCode?: string | null | undefined;
  kind?: ActivityKind | null | undefined;
  heldFrom?: string | null | undefined;
  heldTo?: string | null | undefined;
}

function filteredActivities(db: Db, filter: ActivityFilter, visibility: RecordVisibility) {
  let query = db.selectFrom('supervisionActivity').where(visibleTo(visibility));
  if (filter.groupId) query = query.where('groupId', '=', filter.groupId);
  if (filter.unitCode) query = query.where('unitCode', '=', filter.unitCode);
  if (filter.kind) query = query.where('kind', '=', filter.kind);
  if (filter.heldFrom) query = query.where('heldOn', '>=', filter.heldFrom);
  if (filter.heldTo) query = query.where('heldOn', '<=', filter.heldTo);
  return query;
}

export const activityKey = (a: SupervisionActivity) => pageKey(a.heldOn, a.id);

/** Activities newest first; the page key is "heldOn|id". */
export async function listActivities(db: Db, filter: ActivityFilter, visibility: RecordVisibility, window: PageWindow): Promise<SupervisionActivity[]> {
  const query = filteredActivities(db, filter, visibility).selectAll();
  return keysetPage(query, window, { columns: ['heldOn', 'id'], keys: DATE_ID_KEY, order: 'desc' }).execute();
}

export async function countActivities(db: Db, filter: ActivityFilter, visibility: RecordVisibility): Promise<number> {
  const row = await filteredActivities(db, filter, visibility)
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

export type ActivityParent = 'unitCode' | 'groupId';

const activitiesOf = (db: Db, parent: ActivityParent, keys: readonly string[]) => db.selectFrom('supervisionActivity').selectAll().where(parent, 'in', keys);

/** A page of each parent's (unit's or group's) activities, newest first, in one statement for all parents. */
export function findActivityPagesByParents(db: Db, parent: ActivityParent, keys: readonly string[], window: PageWindow): Promise<SupervisionActivity[]> {
  return findParentPages(db, activitiesOf(db, parent, keys), window, { parent, columns: ['heldOn', 'id'], keys: DATE_ID_KEY, order: 'desc' });
}

export function countActivitiesByParents(db: Db, parent: ActivityParent, keys: readonly string[]) {
  return countParentRows(db, activitiesOf(db, parent, keys), parent);
}

export async function findActivitiesByIds(db: Db, ids: readonly string[]): Promise<SupervisionActivity[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('supervisionActivity').selectAll().where('id', 'in', ids).execute();
}

export async function findPersonsByActivities(db: Db, activityIds: readonly string[]): Promise<SupervisionActivityPerson[]> {
  if (activityIds.length === 0) return [];
  return db.selectFrom('supervisionActivityPerson').selectAll().where('activityId', 'in', activityIds).orderBy('personId').execute();
}

/** Issue rows carry the inspection team they were escalated to, for the need-to-know check. */
function issueRows(db: Db) {
  return db
    .selectFrom('supervisionIssue')
    .selectAll('supervisionIssue')
    .select((eb) =>
      eb.selectFrom('escalation').select('escalation.inspectionTeamId').whereRef('escalation.issueId', '=', 'supervisionIssue.id').as('escalatedToTeamId'),
    );
}

export async function findIssuesByActivities(db: Db, activityIds: readonly string[]): Promise<IssueRow[]> {
  if (activityIds.length === 0) return [];
  return issueRows(db).where('activityId', 'in', activityIds).orderBy('foundOn').orderBy('id').execute();
}

export async function findIssuesByIds(db: Db, ids: readonly string[]): Promise<IssueRow[]> {
  if (ids.length === 0) return [];
  return issueRows(db).where('id', 'in', ids).execute();
}

/** Issues not yet resolved (open or escalated) of each parent, oldest first. */
const unresolvedIssuesOf = (db: Db, parent: ActivityParent, keys: readonly string[]) =>
  issueRows(db).where(parent, 'in', keys).where('status', '<>', 'RESOLVED');

/** A page of each parent's (unit's or group's) unresolved issues, oldest first, in one statement for all parents. */
export function findUnresolvedIssuePagesByParents(db: Db, parent: ActivityParent, keys: readonly string[], window: PageWindow): Promise<IssueRow[]> {
  return findParentPages(db, unresolvedIssuesOf(db, parent, keys), window, { parent, columns: ['foundOn', 'id'], keys: DATE_ID_KEY, order: 'asc' });
}

export function countUnresolvedIssuesByParents(db: Db, parent: ActivityParent, keys: readonly string[]) {
  return countParentRows(db, unresolvedIssuesOf(db, parent, keys), parent);
}

export interface IssueFilter {
  groupId?: string | null | undefined;
  unitCode?: string | null | undefined;
  status?: IssueStatus | null | undefined;
}

function filteredIssues(db: Db, filter: IssueFilter, visibility: RecordVisibility) {
  let query = db.selectFrom('supervisionIssue').where(visibleTo(visibility));
  if (filter.groupId) query = query.where('groupId', '=', filter.groupId);
  if (filter.unitCode) query = query.where('unitCode', '=', filter.unitCode);
  if (filter.status) query = query.where('status', '=', filter.status);
  return query;
}

export const issueKey = (i: IssueRow) => pageKey(i.foundOn, i.id);

/** Issues newest first; the page key is "foundOn|id". */
export async function listIssues(db: Db, filter: IssueFilter, visibility: RecordVisibility, window: PageWindow): Promise<IssueRow[]> {
  const query = filteredIssues(db, filter, visibility)
    .selectAll('supervisionIssue')
    .select((eb) =>
      eb.selectFrom('escalation').select('escalation.inspectionTeamId').whereRef('escalation.issueId', '=', 'supervisionIssue.id').as('escalatedToTeamId'),
    );
  return keysetPage(query, window, { columns: ['foundOn', 'id'], keys: DATE_ID_KEY, order: 'desc' }).execute();
}

export async function countIssues(db: Db, filter: IssueFilter, visibility: RecordVisibility): Promise<number> {
  const row = await filteredIssues(db, filter, visibility)
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

export async function insertActivity(
  db: Db,
  activity: Omit<SupervisionActivity, 'createdAt'>,
  personIds: string[],
  issues: { id: string; description: string }[],
): Promise<void> {
  await db.insertInto('supervisionActivity').values(activity).execute();
  if (personIds.length > 0)
    await db
      .insertInto('supervisionActivityPerson')
      .values(personIds.map((personId) => ({ activityId: activity.id, personId })))
      .execute();
  if (issues.length > 0) {
    await db
      .insertInto('supervisionIssue')
      .values(
        issues.map((issue) => ({
          ...issue,
          activityId: activity.id,
          groupId: activity.groupId,
          unitCode: activity.unitCode,
          foundOn: activity.heldOn,
          resolvedOn: null,
          resolution: null,
        })),
      )
      .execute();
  }
}

export async function setIssueStatus(
  db: Db,
  id: string,
  change: { status: IssueStatus; resolvedOn?: string | null; resolution?: string | null },
): Promise<void> {
  await db.updateTable('supervisionIssue').set(change).where('id', '=', id).execute();
}
