import { keysetPage, DATE_ID_KEY } from '@hub/core';
import { type Insertable, type Kysely, sql } from 'kysely';
import type { PageWindow } from '@hub/core';
import type {
  FeedbackMeetingAttendeeTable,
  FeedbackMeetingTable,
  FollowUpTable,
  FollowUpConclusion,
  FollowUpWithoutPlanTable,
  Inspection,
  InspectionDatabase,
  ItemStatus,
  PlanStatus,
  RectificationItem,
  RectificationItemTable,
  RectificationPlan,
} from './database.ts';
import { countOf } from './keys.ts';

type Db = Kysely<InspectionDatabase>;

// ─── Feedback meetings ──────────────────────────────────────────────────────────────────────────

export async function insertFeedbackMeeting(
  db: Db,
  meeting: Insertable<FeedbackMeetingTable>,
  attendees: Omit<Insertable<FeedbackMeetingAttendeeTable>, 'meetingId' | 'position'>[],
): Promise<string> {
  const row = await db.insertInto('feedbackMeeting').values(meeting).returning('id').executeTakeFirstOrThrow();
  await db
    .insertInto('feedbackMeetingAttendee')
    .values(attendees.map((a, position) => ({ ...a, meetingId: row.id, position })))
    .execute();
  return row.id;
}

export async function findMeetingOfInspection(db: Db, inspectionId: string) {
  return db.selectFrom('feedbackMeeting').selectAll().where('inspectionId', '=', inspectionId).executeTakeFirst();
}

export async function inspectionsWithMeeting(db: Db, inspectionIds: readonly string[]): Promise<Set<string>> {
  if (inspectionIds.length === 0) return new Set();
  const rows = await db.selectFrom('feedbackMeeting').select('inspectionId').where('inspectionId', 'in', inspectionIds).execute();
  return new Set(rows.map((r) => r.inspectionId));
}

// ─── Plans ──────────────────────────────────────────────────────────────────────────────────────

export async function findPlanOfInspection(db: Db, inspectionId: string): Promise<RectificationPlan | undefined> {
  return db.selectFrom('rectificationPlan').selectAll().where('inspectionId', '=', inspectionId).forUpdate().executeTakeFirst();
}

export async function findPlanForUpdate(db: Db, id: string): Promise<RectificationPlan | undefined> {
  return db.selectFrom('rectificationPlan').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export type NewItem = Omit<Insertable<RectificationItemTable>, 'planId'>;

/** Creates the plan, or replaces a returned plan's text and items (resubmission). */
export async function savePlan(db: Db, plan: { id?: string; inspectionId: string; submittedOn: string; summary: string }, items: NewItem[]): Promise<string> {
  let planId = plan.id;
  if (planId) {
    await db
      .updateTable('rectificationPlan')
      .set({ submittedOn: plan.submittedOn, summary: plan.summary, status: 'SUBMITTED' })
      .where('id', '=', planId)
      .execute();
    await db.deleteFrom('rectificationItem').where('planId', '=', planId).execute();
  } else {
    const row = await db
      .insertInto('rectificationPlan')
      .values({ inspectionId: plan.inspectionId, submittedOn: plan.submittedOn, summary: plan.summary, status: 'SUBMITTED' })
      .returning('id')
      .executeTakeFirstOrThrow();
    planId = row.id;
  }
  await db
    .insertInto('rectificationItem')
    .values(items.map((item) => ({ ...item, planId })))
    .execute();
  await db.insertInto('rectificationPlanSubmission').values({ planId, submittedOn: plan.submittedOn, summary: plan.summary }).execute();
  return planId;
}

export async function reviewPlan(
  db: Db,
  planId: string,
  review: { decision: 'APPROVED' | 'RETURNED'; reviewedOn: string; reasons: string | null; reviewedBy: string },
): Promise<void> {
  await db
    .insertInto('rectificationPlanReview')
    .values({ planId, ...review })
    .execute();
  await db
    .updateTable('rectificationPlan')
    .set({ status: review.decision satisfies PlanStatus })
    .where('id', '=', planId)
    .execute();
}

export async function latestReview(db: Db, planId: string) {
  return db.selectFrom('rectificationPlanReview').selectAll().where('planId', '=', planId).orderBy('createdAt', 'desc').executeTakeFirst();
}

// ─── Items and progress ─────────────────────────────────────────────────────────────────────────

export async function findItemForUpdate(db: Db, id: string) {
  return db
    .selectFrom('rectificationItem')
    .innerJoin('rectificationPlan', 'rectificationPlan.id', 'rectificationItem.planId')
    .selectAll('rectificationItem')
    .select('rectificationPlan.status as planStatus')
    .where('rectificationItem.id', '=', id)
    .forUpdate('rectificationItem')
    .executeTakeFirst();
}

export async function insertProgress(
  db: Db,
  itemId: string,
  progress: { reportedOn: string; note: string; completes: boolean; fundsRecovered: string | null },
): Promise<void> {
  await db
    .insertInto('rectificationProgress')
    .values({ itemId, ...progress })
    .execute();
  const status: ItemStatus = progress.completes ? 'COMPLETED' : 'IN_PROGRESS';
  await db
    .updateTable('rectificationItem')
    .set({ status, completedOn: progress.completes ? progress.reportedOn : null })
    .where('id', '=', itemId)
    .execute();
}

export async function latestProgressDate(db: Db, itemId: string): Promise<string | null> {
  const row = await db
    .selectFrom('rectificationProgress')
    .select((eb) => eb.fn.max('reportedOn').as('latest'))
    .where('itemId', '=', itemId)
    .executeTakeFirst();
  return (row?.latest as string | null | undefined) ?? null;
}

export interface ItemFilter {
  inspectionId?: string | null | undefined;
  unitCode?: string | null | undefined;
  status?: ItemStatus | null | undefined;
  /** Deadline before this date and not completed by it. */
  overdueAsOf?: string | null | undefined;
}

/** Open at `asOf` and past its deadline: overdue (completion after `asOf` still counts as overdue then); a voided item never is. */
function overdueAt(asOf: string) {
  return sql<boolean>`rectification_item.deadline < cast(${asOf} as date) and (rectification_item.completed_on is null or rectification_item.completed_on > cast(${asOf} as date)) and rectification_item.voided_at is null`;
}

function filteredItems(db: Db, filter: ItemFilter) {
  let query = db
    .selectFrom('rectificationItem')
    .innerJoin('rectificationPlan', 'rectificationPlan.id', 'rectificationItem.planId')
    .innerJoin('inspection', 'inspection.id', 'rectificationPlan.inspectionId');
  if (filter.inspectionId) query = query.where('inspection.id', '=', filter.inspectionId);
  if (filter.unitCode) query = query.where('inspection.unitCode', '=', filter.unitCode);
  if (filter.status) query = query.where('rectificationItem.status', '=', filter.status);
  if (filter.overdueAsOf) query = query.where(overdueAt(filter.overdueAsOf));
  return query;
}

/** Items by deadline; page key "deadline|id". */
export async function listItems(db: Db, filter: ItemFilter, window: PageWindow): Promise<RectificationItem[]> {
  return keysetPage(filteredItems(db, filter).selectAll('rectificationItem'), window, {
    columns: ['rectification_item.deadline', 'rectification_item.id'],
    keys: DATE_ID_KEY,
    order: 'asc',
  }).execute();
}

export const countItems = (db: Db, filter: ItemFilter) => countOf(filteredItems(db, filter));

/** Overdue items of units at `asOf`, in one statement for many units. */
/** Overdue items of the units, each with its unit and its plan's inspection (the plan's rule needs no lookup then). */
export async function findOverdueItemsByUnits(
  db: Db,
  unitCodes: readonly string[],
  asOf: string,
): Promise<(RectificationItem & { unitCode: string; planInspectionId: string })[]> {
  if (unitCodes.length === 0) return [];
  return db
    .selectFrom('rectificationItem')
    .innerJoin('rectificationPlan', 'rectificationPlan.id', 'rectificationItem.planId')
    .innerJoin('inspection', 'inspection.id', 'rectificationPlan.inspectionId')
    .selectAll('rectificationItem')
    .select(['inspection.unitCode', 'rectificationPlan.inspectionId as planInspectionId'])
    .where('inspection.unitCode', 'in', unitCodes)
    .where(overdueAt(asOf))
    .orderBy('rectificationItem.deadline')
    .orderBy('rectificationItem.id')
    .execute();
}

/** 单位整改概况 — a unit's rectification after its latest inspection with a feedback meeting, in one row. */
export interface RectificationStatusRow {
  unitCode: string;
  inspection: Inspection;
  reportDueOn: string;
  planId: string | null;
  planStatus: PlanStatus | null;
  itemsTotal: number;
  itemsCompleted: number;
  followUpConclusion: FollowUpConclusion | null;
}

/**
 * Per unit, the latest inspection (latest round first, then by id) that has a feedback meeting, with its report due date, plan, item counts and
 * follow-up conclusion: one statement for what five lookups per unit read otherwise. Units without
 * such an inspection have no row.
 */
export async function findRectificationStatusByUnits(db: Db, unitCodes: readonly string[]): Promise<RectificationStatusRow[]> {
  if (unitCodes.length === 0) return [];
  const rows = await db
    .selectFrom('inspection')
    .innerJoin('inspectionRound', 'inspectionRound.id', 'inspection.roundId')
    .innerJoin('feedbackMeeting', 'feedbackMeeting.inspectionId', 'inspection.id')
    .leftJoin('rectificationPlan', 'rectificationPlan.inspectionId', 'inspection.id')
    .leftJoin('followUp', 'followUp.inspectionId', 'inspection.id')
    .distinctOn('inspection.unitCode')
    .selectAll('inspection')
    .select((eb) => [
      'feedbackMeeting.reportDueOn',
      eb.ref('rectificationPlan.id').as('planId'),
      eb.ref('rectificationPlan.status').as('planStatus'),
      eb.ref('followUp.conclusion').as('followUpConclusion'),
      eb
        .selectFrom('rectificationItem')
        .select(sql<number>`count(*)::int`.as('n'))
        .whereRef('rectificationItem.planId', '=', 'rectificationPlan.id')
        .as('itemsTotal'),
      eb
        .selectFrom('rectificationItem')
        .select(sql<number>`count(*)::int`.as('n'))
        .whereRef('rectificationItem.planId', '=', 'rectificationPlan.id')
        .where('rectificationItem.status', '=', 'COMPLETED')
        .as('itemsCompleted'),
    ])
    .where('inspection.unitCode', 'in', unitCodes)
    .orderBy('inspection.unitCode')
    .orderBy('inspectionRound.startOn', 'desc')
    .orderBy('inspection.id')
    .execute();
  return rows.map(({ reportDueOn, planId, planStatus, followUpConclusion, itemsTotal, itemsCompleted, ...inspection }) => ({
    unitCode: inspection.unitCode,
    inspection,
    reportDueOn,
    planId,
    planStatus,
    itemsTotal: itemsTotal ?? 0,
    itemsCompleted: itemsCompleted ?? 0,
    followUpConclusion,
  }));
}

export async function openItemCount(db: Db, planId: string): Promise<number> {
  return countOf(db.selectFrom('rectificationItem').where('planId', '=', planId).where('status', '<>', 'COMPLETED'));
}

// ─── 回头看 ─────────────────────────────────────────────────────────────────────────────────────

export async function insertFollowUp(db: Db, followUp: Insertable<FollowUpTable>): Promise<string> {
  const row = await db.insertInto('followUp').values(followUp).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

// ─── Rules of the stages (facts the domain checks) ──────────────────────────────────────────────

/** Feedback meeting day per inspection. */
export async function meetingDatesOf(db: Db, inspectionIds: readonly string[]): Promise<Map<string, string>> {
  if (inspectionIds.length === 0) return new Map();
  const rows = await db.selectFrom('feedbackMeeting').select(['inspectionId', 'heldOn']).where('inspectionId', 'in', inspectionIds).execute();
  return new Map(rows.map((r) => [r.inspectionId, r.heldOn]));
}

/** Inspections whose plan is approved. */
export async function inspectionsWithApprovedPlan(db: Db, inspectionIds: readonly string[]): Promise<Set<string>> {
  if (inspectionIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('rectificationPlan')
    .select('inspectionId')
    .where('inspectionId', 'in', inspectionIds)
    .where('status', '=', 'APPROVED')
    .execute();
  return new Set(rows.map((r) => r.inspectionId));
}

/** The day the plan was approved (null while it is not). */
export async function approvalDateOf(db: Db, planId: string): Promise<string | null> {
  const row = await db
    .selectFrom('rectificationPlanReview')
    .select('reviewedOn')
    .where('planId', '=', planId)
    .where('decision', '=', 'APPROVED')
    .orderBy('createdAt', 'desc')
    .executeTakeFirst();
  return row?.reviewedOn ?? null;
}

export async function findingIdsOfInspection(db: Db, inspectionId: string): Promise<Set<string>> {
  return new Set((await db.selectFrom('finding').select('id').where('inspectionId', '=', inspectionId).execute()).map((f) => f.id));
}

export async function followUpExists(db: Db, inspectionId: string): Promise<boolean> {
  return (await db.selectFrom('followUp').select('id').where('inspectionId', '=', inspectionId).executeTakeFirst()) !== undefined;
}

export async function insertFollowUpsWithoutPlan(db: Db, rows: Insertable<FollowUpWithoutPlanTable>[]): Promise<void> {
  if (rows.length === 0) return;
  await db.insertInto('followUpWithoutPlan').values(rows).execute();
}

export async function findFollowUpsWithoutPlan(db: Db, inspectionIds: readonly string[]) {
  if (inspectionIds.length === 0) return [];
  return db.selectFrom('followUpWithoutPlan').selectAll().where('inspectionId', 'in', inspectionIds).execute();
}

export async function findProgressById(db: Db, id: string) {
  return (await db.selectFrom('rectificationProgress').selectAll().where('id', '=', id).executeTakeFirst()) ?? null;
}

export async function findPlanById(db: Db, id: string) {
  return db.selectFrom('rectificationPlan').selectAll().where('id', '=', id).executeTakeFirst();
}
