import {
  references,
  DATE_ID_KEY,
  idFilter,
  idOrRefuse,
  pageKey,
  paginate,
  payloadType,
  refuse,
  requireText,
  runMutation,
  todayInShanghai,
  UserErrors,
} from '@hub/core';
import { checkCommissionLeaders, checkFollowUp, checkMeetingDate, checkPlanReview, checkPlanSubmission, checkProgressDate } from '../domain/rectification.ts';
import { builder } from '../builder.ts';
import {
  readInspectionFindings,
  readInspectionPlan,
  readInspectionRecord,
  readInspectionRecords,
  readMeetingAttendee,
  readPlanOfInspection,
  readProgress,
  readRectificationPlan,
  reviewRectificationPlans,
  writeInspectionSteps,
  readRectificationResponsible,
} from '../policy.ts';
import type {
  FeedbackMeeting,
  FeedbackMeetingAttendee,
  FollowUp,
  RectificationItem,
  RectificationPlan,
  RectificationPlanReview,
  RectificationPlanSubmission,
  RectificationProgress,
  Stage,
} from '../db/database.ts';
import {
  countItems,
  findItemForUpdate,
  findMeetingOfInspection,
  approvalDateOf,
  findFollowUpsWithoutPlan,
  findingIdsOfInspection,
  findPlanForUpdate,
  findPlanOfInspection,
  followUpExists,
  latestReview,
  insertFeedbackMeeting,
  insertFollowUp,
  insertProgress,
  latestProgressDate,
  listItems,
  openItemCount,
  reviewPlan,
  savePlan,
} from '../db/rectification.ts';
import { findInspectionInRound, latestStageChange, stageDatesOf } from '../db/rounds.ts';
import { rectificationReportDue, STAGE_NAMES } from '../deadlines.ts';
import { PersonRef, StaffRef } from './external.ts';
import { FindingRef } from './finding.ts';
import { InspectionRef } from './round.ts';

const CapacityEnum = builder.enumType('FeedbackAttendeeCapacity', {
  description: '反馈会出席身份 — Capacity in which someone attends a feedback meeting.',
  values: {
    COMMISSION_LEADER: { description: '区纪委监委领导 — Commission leader.' },
    STATIONED_GROUP_HEAD: { description: '派驻纪检组组长 — Head of a stationed group.' },
    TEAM_LEADER: { description: '巡察组组长 — Inspection team leader.' },
    INSPECTION_OFFICE: { description: '巡察办 — Inspection office.' },
    UNIT_PARTY_SECRETARY: { description: '被巡察单位党组织书记 — Party secretary of the unit.' },
    UNIT_LEADERSHIP: { description: "被巡察单位领导班子成员 — Member of the unit's leadership." },
    OTHER: { description: '其他 — Other.' },
  } as const,
});

export const PlanStatusEnum = builder.enumType('RectificationPlanStatus', {
  description: "整改方案状态 — Status of a rectification plan in the commission's review.",
  values: {
    SUBMITTED: { description: '已报送待审 — Submitted, awaiting review.' },
    APPROVED: { description: '审核通过 — Approved.' },
    RETURNED: { description: '退回修改 — Returned with reasons; to be resubmitted.' },
  } as const,
});

const ReviewDecisionEnum = builder.enumType('RectificationReviewDecision', {
  description: '审查把关结论 — Decision of the commission on a plan.',
  values: {
    APPROVED: { description: '通过 — Approve.' },
    RETURNED: { description: '退回 — Return with reasons.' },
  } as const,
});

const ItemStatusEnum = builder.enumType('RectificationItemStatus', {
  description: '整改事项状态 — Status of a rectification item.',
  values: {
    PENDING: { description: '未开始 — No progress reported yet.' },
    IN_PROGRESS: { description: '整改中 — Progress reported, not complete.' },
    COMPLETED: { description: '已完成 — Completed.' },
  } as const,
});

export const FollowUpConclusionEnum = builder.enumType('FollowUpConclusion', {
  description: '回头看结论 — Conclusion of the follow-up check.',
  values: {
    RECTIFIED: { description: '整改到位 — Rectified.' },
    PARTIALLY_RECTIFIED: { description: '部分整改到位 — Partly rectified.' },
    NOT_RECTIFIED: { description: '整改不到位 — Not rectified (问责 may follow).' },
  } as const,
});

const AttendeeRef = builder.objectRef<FeedbackMeetingAttendee>('FeedbackMeetingAttendee').implement({
  description: '反馈会出席人 — An attendee of a feedback meeting.',
  authScopes: readMeetingAttendee,
  fields: (t) => ({
    capacity: t.expose('capacity', { type: CapacityEnum, description: '出席身份 — Capacity.' }),
    staff: t.field({
      type: StaffRef,
      nullable: true,
      description: '工作人员 — Staff member, when a commission staff member.',
      resolve: (a) => (a.staffId ? { id: a.staffId } : null),
    }),
    person: t.field({
      type: PersonRef,
      nullable: true,
      description: '人员 — Person, when from the unit.',
      resolve: (a) => (a.personId ? { id: a.personId } : null),
    }),
  }),
});

export const FeedbackMeetingRef = builder.objectRef<FeedbackMeeting>('FeedbackMeeting').implement({
  description: '巡察反馈会 — The meeting at which the team fed its findings back to the unit.',
  authScopes: readInspectionRecord,
  fields: (t) => ({
    id: t.exposeID('id', { description: '编号 — Identifier.' }),
    heldOn: t.expose('heldOn', { type: 'Date', description: '召开日期 — Date held.' }),
    reportDueOn: t.expose('reportDueOn', { type: 'Date', description: '整改报告期限（反馈后 2 个月） — Rectification report due, two months after feedback.' }),
    attendees: t.field({ type: [AttendeeRef], description: '出席人 — Attendees.', resolve: (m, _a, ctx) => ctx.loaders.attendeesByMeeting.load(m.id) }),
  }),
});

const ReviewRef = builder.objectRef<RectificationPlanReview>('RectificationPlanReview').implement({
  description: '整改方案审查 — One review of a plan by the commission.',
  authScopes: readRectificationPlan,
  fields: (t) => ({
    decision: t.expose('decision', { type: ReviewDecisionEnum, description: '结论 — Decision.' }),
    reviewedOn: t.expose('reviewedOn', { type: 'Date', description: '审查日期 — Date.' }),
    reasons: t.exposeString('reasons', { nullable: true, description: '退回理由 — Reasons for returning.' }),
    reviewedByStaffId: t.exposeID('reviewedBy', { description: '审查人（Staff） — Staff id of the reviewer.' }),
  }),
});

const SubmissionRef = builder.objectRef<RectificationPlanSubmission>('RectificationPlanSubmission').implement({
  description: '整改方案报送 — One submission of a plan (the first, or one after it was returned).',
  authScopes: readRectificationPlan,
  fields: (t) => ({
    submittedOn: t.expose('submittedOn', { type: 'Date', description: '报送日期 — Date submitted.' }),
    summary: t.exposeString('summary', { description: '方案概要 — Summary as submitted.' }),
  }),
});

export const ProgressRef = builder.objectRef<RectificationProgress>('RectificationProgress').implement({
  description: '整改进展 — A progress report on an item.',
  authScopes: readProgress,
  fields: (t) => ({
    id: t.exposeID('id', { description: '编号 — Identifier.' }),
    reportedOn: t.expose('reportedOn', { type: 'Date', description: '报告日期 — Date reported.' }),
    note: t.exposeString('note', { description: '进展情况 — What was done.' }),
    completes: t.exposeBoolean('completes', { description: '是否完成整改 — Whether this report completes the item.' }),
    fundsRecovered: t.expose('fundsRecovered', { type: 'Money', nullable: true, description: '追缴（挽回）资金（元） — Funds recovered, in yuan.' }),
  }),
});

export const RectificationItemRef = builder.objectRef<RectificationItem>('RectificationItem');
export const RectificationPlanRef = builder.objectRef<RectificationPlan>('RectificationPlan');

/** Scopes of a plan's records: those of its inspection. */

const isOverdue = (item: RectificationItem, asOf: string) => item.deadline < asOf && (item.completedOn === null || item.completedOn > asOf);

RectificationItemRef.implement({
  description: '整改事项 — One item of a rectification plan; other subgraphs add supervision notes and accountability decisions.',
  authScopes: readRectificationPlan,
  fields: (t) => ({
    id: t.exposeID('id', { description: '编号 — Identifier (key).' }),
    plan: t.field({
      type: RectificationPlanRef,
      description: '所属整改方案 — Plan.',
      resolve: async (i, _a, ctx) => (await ctx.loaders.planById.load(i.planId))!,
    }),
    finding: t.field({
      type: FindingRef,
      nullable: true,
      description: '针对的问题 — Finding the item answers, if any.',
      resolve: (i, _a, ctx) => (i.findingId ? ctx.loaders.findingById.load(i.findingId) : null),
    }),
    description: t.exposeString('description', { description: '整改内容 — What is to be done.' }),
    responsiblePerson: t.field({
      type: PersonRef,
      description: '责任人 — Person responsible (audited read).',
      authScopes: readRectificationResponsible,
      resolve: (i) => ({ id: i.responsiblePersonId }),
    }),
    deadline: t.expose('deadline', { type: 'Date', description: '整改时限 — Deadline.' }),
    status: t.expose('status', { type: ItemStatusEnum, description: '状态 — Status.' }),
    completedOn: t.expose('completedOn', { type: 'Date', nullable: true, description: '完成日期 — Date completed.' }),
    overdue: t.boolean({
      description: '截至某日是否逾期 — Whether the item was past its deadline and not completed on the given date.',
      args: { asOf: t.arg({ type: 'Date', required: true, description: '截至日期 — As of this date.' }) },
      resolve: (i, { asOf }) => isOverdue(i, asOf),
    }),
    progress: t.field({
      type: [ProgressRef],
      description: '整改进展 — Progress reports, oldest first.',
      resolve: (i, _a, ctx) => ctx.loaders.progressByItem.load(i.id),
    }),
  }),
});

builder.asEntity(RectificationItemRef, {
  key: builder.selection<{ id: string }>('id'),
  resolveReference: (ref, ctx) => ctx.loaders.itemById.load(ref.id),
});

RectificationPlanRef.implement({
  description: "整改方案 — The unit's rectification plan, reviewed by the commission (审查把关).",
  authScopes: readPlanOfInspection,
  fields: (t) => ({
    id: t.exposeID('id', { description: '编号 — Identifier.' }),
    inspection: t.field({
      type: InspectionRef,
      description: '所属巡察 — Inspection.',
      resolve: async (p, _a, ctx) => (await ctx.loaders.inspectionById.load(p.inspectionId))!,
    }),
    submittedOn: t.expose('submittedOn', { type: 'Date', description: '报送日期（最近一次） — Date (last) submitted.' }),
    summary: t.exposeString('summary', { description: '方案概要 — Summary.' }),
    status: t.expose('status', { type: PlanStatusEnum, description: '状态 — Status.' }),
    reportDueOn: t.field({
      type: 'Date',
      description: '整改报告期限（反馈后 2 个月） — Report due date, two months after the feedback meeting.',
      resolve: async (p, _a, ctx) => (await ctx.loaders.meetingByInspection.load(p.inspectionId))!.reportDueOn,
    }),
    firstSubmittedOn: t.field({
      type: 'Date',
      description: '首次报送日期 — Date of the first submission.',
      resolve: async (p, _a, ctx) => (await ctx.loaders.submissionsByPlan.load(p.id))[0]?.submittedOn ?? p.submittedOn,
    }),
    submittedLate: t.boolean({
      description: '是否超期报送（以首次报送计） — Whether the first submission came after the due date.',
      resolve: async (p, _a, ctx) => {
        const first = (await ctx.loaders.submissionsByPlan.load(p.id))[0]?.submittedOn ?? p.submittedOn;
        return first > (await ctx.loaders.meetingByInspection.load(p.inspectionId))!.reportDueOn;
      },
    }),
    submissions: t.field({
      type: [SubmissionRef],
      description: '报送记录 — Submissions, oldest first.',
      resolve: (p, _a, ctx) => ctx.loaders.submissionsByPlan.load(p.id),
    }),
    reviews: t.field({ type: [ReviewRef], description: '审查记录 — Reviews, oldest first.', resolve: (p, _a, ctx) => ctx.loaders.reviewsByPlan.load(p.id) }),
    items: t.field({
      type: [RectificationItemRef],
      description: '整改事项 — Items, by deadline.',
      resolve: (p, _a, ctx) => ctx.loaders.itemsByPlan.load(p.id),
    }),
  }),
});

export const FollowUpRef = builder.objectRef<FollowUp>('InspectionFollowUp').implement({
  description: "回头看 — The follow-up check of a unit's rectification.",
  authScopes: readInspectionRecord,
  fields: (t) => ({
    id: t.exposeID('id', { description: '编号 — Identifier.' }),
    conductedOn: t.expose('conductedOn', { type: 'Date', description: '开展日期 — Date.' }),
    conclusion: t.expose('conclusion', { type: FollowUpConclusionEnum, description: '结论 — Conclusion.' }),
    openItems: t.exposeInt('openItems', { description: '届时未完成事项数 — Items still open at the time.' }),
    notes: t.exposeString('notes', { description: '情况说明 — Notes.' }),
  }),
});

builder.objectFields(InspectionRef, (t) => ({
  feedbackMeeting: t.field({
    type: FeedbackMeetingRef,
    nullable: true,
    description: '反馈会 — The feedback meeting, once held.',
    authScopes: readInspectionFindings,
    resolve: (i, _a, ctx) => ctx.loaders.meetingByInspection.load(i.id),
  }),
  rectificationPlan: t.field({
    type: RectificationPlanRef,
    nullable: true,
    description: '整改方案 — The rectification plan, once submitted.',
    authScopes: readInspectionPlan,
    resolve: (i, _a, ctx) => ctx.loaders.planByInspection.load(i.id),
  }),
  followUp: t.field({
    type: FollowUpRef,
    nullable: true,
    description: '回头看 — The follow-up check, once done.',
    authScopes: readInspectionFindings,
    resolve: (i, _a, ctx) => ctx.loaders.followUpByInspection.load(i.id),
  }),
}));

// ─── Queries ────────────────────────────────────────────────────────────────────────────────────

const ItemFilterInput = builder.inputType('RectificationItemFilter', {
  description: '整改事项筛选 — Filter for rectification items; all given conditions must hold.',
  fields: (t) => ({
    inspectionId: t.id({ required: false, description: '巡察 — Inspection id.' }),
    unitCode: t.field({ type: 'UnitCode', required: false, description: '单位 — Unit code.' }),
    status: t.field({ type: ItemStatusEnum, required: false, description: '状态 — Status.' }),
    overdueAsOf: t.field({ type: 'Date', required: false, description: '截至该日逾期 — Overdue on this date.' }),
  }),
});

builder.queryFields((t) => ({
  rectificationItems: t.connection(
    {
      type: RectificationItemRef,
      description: '整改事项（按时限） — Rectification items, earliest deadline first.',
      authScopes: readInspectionRecords,
      args: { filter: t.arg({ type: ItemFilterInput, required: false, description: '筛选条件 — Filter.' }) },
      resolve: (_root, args, ctx) => {
        const f = args.filter;
        const filter = { inspectionId: idFilter(f?.inspectionId), unitCode: f?.unitCode, status: f?.status, overdueAsOf: f?.overdueAsOf };
        return paginate<RectificationItem>(args, {
          keys: DATE_ID_KEY,
          key: (row) => pageKey(row.deadline, row.id),
          fetch: (window) => listItems(ctx.db, filter, window),
          count: () => countItems(ctx.db, filter),
        });
      },
    },
    { description: '整改事项分页 — A page of rectification items.' },
    { description: '事项条目 — One item of the page.' },
  ),
}));

// ─── Mutations ──────────────────────────────────────────────────────────────────────────────────

const AttendeeInput = builder.inputType('FeedbackMeetingAttendeeInput', {
  description: '反馈会出席人 — An attendee: a staff member or a person of the unit.',
  fields: (t) => ({
    capacity: t.field({ type: CapacityEnum, description: '出席身份 — Capacity.' }),
    staffId: t.id({ required: false, description: '工作人员编号 — Staff id (commission side).' }),
    personId: t.id({ required: false, description: '人员编号 — Person id (unit side).' }),
  }),
});

const HoldMeetingInput = builder.inputType('HoldFeedbackMeetingInput', {
  description: '召开反馈会 — Record the feedback meeting of an inspection.',
  fields: (t) => ({
    inspectionId: t.id({ description: '巡察 — Inspection id.' }),
    heldOn: t.field({ type: 'Date', description: '召开日期 — Date.' }),
    attendees: t.field({ type: [AttendeeInput], description: '出席人（须有委领导） — Attendees; at least one commission leader.' }),
  }),
});

const ItemInput = builder.inputType('RectificationItemInput', {
  description: '整改事项 — One item of a plan.',
  fields: (t) => ({
    findingId: t.id({ required: false, description: '针对的问题 — Finding id, if the item answers one.' }),
    description: t.string({ description: '整改内容 — What is to be done.' }),
    responsiblePersonId: t.id({ description: '责任人（Person） — Person responsible.' }),
    deadline: t.field({ type: 'Date', description: '整改时限 — Deadline.' }),
  }),
});

const SubmitPlanInput = builder.inputType('SubmitRectificationPlanInput', {
  description: '报送整改方案 — Submit (or, after it was returned, resubmit) the plan of an inspected unit.',
  fields: (t) => ({
    inspectionId: t.id({ description: '巡察 — Inspection id.' }),
    submittedOn: t.field({ type: 'Date', description: '报送日期 — Date.' }),
    summary: t.string({ description: '方案概要 — Summary.' }),
    items: t.field({ type: [ItemInput], description: '整改事项（至少一项；重报时整体替换） — Items; at least one; a resubmission replaces them.' }),
  }),
});

const ReviewPlanInput = builder.inputType('ReviewRectificationPlanInput', {
  description: "审查整改方案 — The commission's decision on a submitted plan.",
  fields: (t) => ({
    planId: t.id({ description: '整改方案 — Plan id.' }),
    decision: t.field({ type: ReviewDecisionEnum, description: '结论 — Decision.' }),
    reviewedOn: t.field({ type: 'Date', description: '审查日期 — Date.' }),
    reasons: t.string({ required: false, description: '退回理由（退回时必填） — Reasons (required to return).' }),
  }),
});

const ProgressInput = builder.inputType('RecordRectificationProgressInput', {
  description: '报告整改进展 — A progress report on an item of an approved plan.',
  fields: (t) => ({
    itemId: t.id({ description: '整改事项 — Item id.' }),
    reportedOn: t.field({ type: 'Date', description: '报告日期 — Date.' }),
    note: t.string({ description: '进展情况 — What was done.' }),
    completed: t.boolean({ description: '是否完成 — Whether the item is now complete.' }),
    fundsRecovered: t.field({ type: 'Money', required: false, description: '追缴（挽回）资金（元） — Funds recovered.' }),
  }),
});

const FollowUpInput = builder.inputType('RecordFollowUpInput', {
  description: "登记回头看 — The follow-up check of an inspection's rectification.",
  fields: (t) => ({
    inspectionId: t.id({ description: '巡察 — Inspection id.' }),
    conductedOn: t.field({ type: 'Date', description: '开展日期 — Date.' }),
    conclusion: t.field({ type: FollowUpConclusionEnum, description: '结论 — Conclusion.' }),
    notes: t.string({ description: '情况说明 — Notes.' }),
  }),
});

const MeetingPayload = payloadType(builder, 'FeedbackMeetingPayload', {
  field: 'feedbackMeeting',
  type: FeedbackMeetingRef,
  description: '反馈会登记结果 — The meeting, or why it was refused.',
  load: (id, ctx) => ctx.loaders.meetingById.load(id),
});
const PlanPayload = payloadType(builder, 'RectificationPlanPayload', {
  field: 'plan',
  type: RectificationPlanRef,
  description: '整改方案结果 — The plan, or why the step was refused.',
  load: (id, ctx) => ctx.loaders.planById.load(id),
});
const ItemPayload = payloadType(builder, 'RectificationItemPayload', {
  field: 'item',
  type: RectificationItemRef,
  description: '整改事项结果 — The item, or why the step was refused.',
  load: (id, ctx) => ctx.loaders.itemById.load(id),
});
const FollowUpPayload = payloadType(builder, 'InspectionFollowUpPayload', {
  field: 'followUp',
  type: FollowUpRef,
  description: '回头看登记结果 — The follow-up, or why it was refused.',
  load: (id, ctx) => ctx.loaders.followUpById.load(id),
});

const PLAN_STAGES: Stage[] = ['FEEDBACK', 'TRANSFER', 'RECTIFICATION'];

builder.mutationFields((t) => ({
  holdFeedbackMeeting: t.field({
    type: MeetingPayload,
    description: '召开反馈会 — Record the feedback meeting (round in 反馈); sets the report deadline two months later.',
    authScopes: writeInspectionSteps,
    args: { input: t.arg({ type: HoldMeetingInput, required: true, description: '反馈会 — The meeting.' }) },
    resolve: (_root, { input }, ctx) =>
      runMutation(ctx.db, async (tx) => {
        const inspectionId = idOrRefuse(input.inspectionId, ['input', 'inspectionId']);
        const attendees = input.attendees.map((a, i) => {
          const field = ['input', 'attendees', String(i)];
          if ((a.staffId == null) === (a.personId == null))
            refuse('BAD_USER_INPUT', field, '出席人须为工作人员或人员之一 — give exactly one of staffId and personId');
          return {
            capacity: a.capacity,
            staffId: a.staffId == null ? null : idOrRefuse(a.staffId, [...field, 'staffId']),
            personId: a.personId == null ? null : idOrRefuse(a.personId, [...field, 'personId']),
          };
        });
        if (!attendees.some((a) => a.capacity === 'COMMISSION_LEADER' && a.staffId)) {
          refuse('BAD_USER_INPUT', ['input', 'attendees'], '反馈会须有区纪委监委领导出席 — a commission leader must attend');
        }
        const inspection = await findInspectionInRound(tx, inspectionId);
        if (!inspection) refuse('NOT_FOUND', ['input', 'inspectionId'], '巡察不存在 — no such inspection');
        if (inspection.stage !== 'FEEDBACK')
          refuse(
            'INVALID_TRANSITION',
            ['input', 'inspectionId'],
            `${STAGE_NAMES[inspection.stage]}阶段不能召开反馈会 — feedback meetings are held in the feedback stage`,
          );
        const entered = await latestStageChange(tx, inspection.roundId);
        const problems = new UserErrors();
        checkMeetingDate(problems, input.heldOn, entered?.enteredOn ?? null, todayInShanghai());
        problems.throwIfAny();
        if (await findMeetingOfInspection(tx, inspectionId))
          refuse('ALREADY_EXISTS', ['input', 'inspectionId'], '反馈会已召开 — the meeting is recorded already');
        const check = references(ctx);
        attendees.forEach((a, i) =>
          check.add('staff', ['input', 'attendees', String(i), 'staffId'], a.staffId).add('person', ['input', 'attendees', String(i), 'personId'], a.personId),
        );
        await check.run('holdFeedbackMeeting');
        // 委领导: whoever attends as commission leader is one in discipline's staff records.
        const leaders = new UserErrors();
        checkCommissionLeaders(leaders, attendees, (staffId) => check.get('staff', staffId)?.commissionLeader === true);
        leaders.throwIfAny();
        const id = await insertFeedbackMeeting(tx, { inspectionId, heldOn: input.heldOn, reportDueOn: rectificationReportDue(input.heldOn) }, attendees);
        await ctx.audit.write(tx, { action: 'CREATE', recordType: 'FeedbackMeeting', recordId: id });
        return id;
      }),
  }),
  submitRectificationPlan: t.field({
    type: PlanPayload,
    description: '报送整改方案 — Submit the plan after the feedback meeting; a returned plan may be resubmitted, a pending or approved one not.',
    authScopes: writeInspectionSteps,
    args: { input: t.arg({ type: SubmitPlanInput, required: true, description: '整改方案 — The plan.' }) },
    resolve: (_root, { input }, ctx) =>
      runMutation(ctx.db, async (tx) => {
        const inspectionId = idOrRefuse(input.inspectionId, ['input', 'inspectionId']);
        const summary = requireText(input.summary, ['input', 'summary'], '方案概要');
        if (input.items.length === 0) refuse('BAD_USER_INPUT', ['input', 'items'], '至少一项整改事项 — give at least one item');
        const inspection = await findInspectionInRound(tx, inspectionId);
        if (!inspection) refuse('NOT_FOUND', ['input', 'inspectionId'], '巡察不存在 — no such inspection');
        if (!PLAN_STAGES.includes(inspection.stage))
          refuse('INVALID_TRANSITION', ['input', 'inspectionId'], `${STAGE_NAMES[inspection.stage]}阶段不能报送整改方案 — plans are submitted after feedback`);
        const meeting = await findMeetingOfInspection(tx, inspectionId);
        if (!meeting) refuse('INVALID_TRANSITION', ['input', 'inspectionId'], '尚未召开反馈会 — no feedback meeting yet');
        const existing = await findPlanOfInspection(tx, inspectionId);
        const returned = existing?.status === 'RETURNED' ? await latestReview(tx, existing.id) : undefined;
        const problems = new UserErrors();
        checkPlanSubmission(
          problems,
          input.submittedOn,
          { meetingOn: meeting.heldOn, returnedOn: returned?.reviewedOn ?? null },
          input.items.map((item) => item.deadline),
          todayInShanghai(),
        );
        problems.throwIfAny();
        const findingIds = await findingIdsOfInspection(tx, inspectionId);
        const items = input.items.map((item, i) => {
          const field = ['input', 'items', String(i)];
          const findingId = item.findingId == null ? null : idOrRefuse(item.findingId, [...field, 'findingId']);
          if (findingId && !findingIds.has(findingId))
            refuse('NOT_FOUND', [...field, 'findingId'], '该问题不属于本次巡察 — finding is not one of this inspection');
          return {
            findingId,
            description: requireText(item.description, [...field, 'description'], '整改内容'),
            responsiblePersonId: idOrRefuse(item.responsiblePersonId, [...field, 'responsiblePersonId']),
            deadline: item.deadline,
          };
        });
        if (existing?.status === 'SUBMITTED') refuse('INVALID_TRANSITION', ['input', 'inspectionId'], '整改方案待审查，不能重复报送 — the plan awaits review');
        if (existing?.status === 'APPROVED') refuse('INVALID_TRANSITION', ['input', 'inspectionId'], '整改方案已审核通过 — the plan is approved already');
        const check = references(ctx);
        items.forEach((item, i) => check.add('person', ['input', 'items', String(i), 'responsiblePersonId'], item.responsiblePersonId));
        await check.run('submitRectificationPlan');
        const id = await savePlan(tx, { id: existing?.id, inspectionId, submittedOn: input.submittedOn, summary }, items);
        await ctx.audit.write(tx, { action: existing ? 'UPDATE' : 'CREATE', recordType: 'RectificationPlan', recordId: id });
        return id;
      }),
  }),
  reviewRectificationPlan: t.field({
    type: PlanPayload,
    description: '审查整改方案 — Approve a submitted plan (once) or return it with reasons.',
    authScopes: reviewRectificationPlans,
    args: { input: t.arg({ type: ReviewPlanInput, required: true, description: '审查 — The review.' }) },
    resolve: (_root, { input }, ctx) =>
      runMutation(ctx.db, async (tx) => {
        const planId = idOrRefuse(input.planId, ['input', 'planId']);
        const reasons = input.reasons?.trim() || null;
        if (input.decision === 'RETURNED' && !reasons) refuse('BAD_USER_INPUT', ['input', 'reasons'], '退回须说明理由 — give the reasons for returning');
        const plan = await findPlanForUpdate(tx, planId);
        if (!plan) refuse('NOT_FOUND', ['input', 'planId'], '整改方案不存在 — no such plan');
        if (plan.status === 'APPROVED') refuse('INVALID_TRANSITION', ['input', 'planId'], '整改方案已审核通过，不能再次审查 — the plan is approved already');
        if (plan.status === 'RETURNED')
          refuse('INVALID_TRANSITION', ['input', 'planId'], '整改方案已退回，待重新报送 — the plan was returned and awaits resubmission');
        const problems = new UserErrors();
        checkPlanReview(problems, input.reviewedOn, plan.submittedOn, todayInShanghai());
        problems.throwIfAny();
        await reviewPlan(tx, planId, { decision: input.decision, reviewedOn: input.reviewedOn, reasons, reviewedBy: ctx.viewer.staffId });
        await ctx.audit.write(tx, { action: 'UPDATE', recordType: 'RectificationPlan', recordId: planId });
        return planId;
      }),
  }),
  recordRectificationProgress: t.field({
    type: ItemPayload,
    description: '报告整改进展 — Report progress on an item of an approved plan; a completed item takes no more reports.',
    authScopes: writeInspectionSteps,
    args: { input: t.arg({ type: ProgressInput, required: true, description: '进展 — The report.' }) },
    resolve: (_root, { input }, ctx) =>
      runMutation(ctx.db, async (tx) => {
        const itemId = idOrRefuse(input.itemId, ['input', 'itemId']);
        const note = requireText(input.note, ['input', 'note'], '进展情况');
        if (input.fundsRecovered?.startsWith('-')) refuse('BAD_USER_INPUT', ['input', 'fundsRecovered'], '金额不能为负 — amount must not be negative');
        const item = await findItemForUpdate(tx, itemId);
        if (!item) refuse('NOT_FOUND', ['input', 'itemId'], '整改事项不存在 — no such item');
        if (item.planStatus !== 'APPROVED') refuse('INVALID_TRANSITION', ['input', 'itemId'], '整改方案尚未审核通过 — the plan is not approved');
        if (item.status === 'COMPLETED') refuse('INVALID_TRANSITION', ['input', 'itemId'], '整改事项已完成 — the item is completed already');
        const problems = new UserErrors();
        checkProgressDate(
          problems,
          input.reportedOn,
          { approvedOn: await approvalDateOf(tx, item.planId), previousReportOn: await latestProgressDate(tx, itemId) },
          todayInShanghai(),
        );
        problems.throwIfAny();
        await insertProgress(tx, itemId, { reportedOn: input.reportedOn, note, completes: input.completed, fundsRecovered: input.fundsRecovered ?? null });
        await ctx.audit.write(tx, { action: 'UPDATE', recordType: 'RectificationItem', recordId: itemId });
        return itemId;
      }),
  }),
  recordFollowUp: t.field({
    type: FollowUpPayload,
    description: '登记回头看 — Record the follow-up check (round in 回头看); "rectified" is refused while items are open.',
    authScopes: writeInspectionSteps,
    args: { input: t.arg({ type: FollowUpInput, required: true, description: '回头看 — The follow-up.' }) },
    resolve: (_root, { input }, ctx) =>
      runMutation(ctx.db, async (tx) => {
        const inspectionId = idOrRefuse(input.inspectionId, ['input', 'inspectionId']);
        const notes = requireText(input.notes, ['input', 'notes'], '情况说明');
        const inspection = await findInspectionInRound(tx, inspectionId);
        if (!inspection) refuse('NOT_FOUND', ['input', 'inspectionId'], '巡察不存在 — no such inspection');
        if (inspection.stage !== 'FOLLOW_UP')
          refuse(
            'INVALID_TRANSITION',
            ['input', 'inspectionId'],
            `${STAGE_NAMES[inspection.stage]}阶段不能登记回头看 — follow-up checks belong to the 回头看 stage`,
          );
        if (await followUpExists(tx, inspectionId)) refuse('ALREADY_EXISTS', ['input', 'inspectionId'], '已登记回头看 — the follow-up is recorded already');
        const plan = await findPlanOfInspection(tx, inspectionId);
        const [withoutPlan] = await findFollowUpsWithoutPlan(tx, [inspectionId]);
        const openItems = plan ? await openItemCount(tx, plan.id) : 0;
        const problems = new UserErrors();
        checkFollowUp(
          problems,
          { conductedOn: input.conductedOn, conclusion: input.conclusion },
          {
            followUpOn: (await stageDatesOf(tx, inspection.roundId)).FOLLOW_UP ?? null,
            planApproved: plan?.status === 'APPROVED',
            withoutPlanReason: withoutPlan?.reason ?? null,
            openItems,
          },
          todayInShanghai(),
        );
        problems.throwIfAny();
        const id = await insertFollowUp(tx, { inspectionId, conductedOn: input.conductedOn, conclusion: input.conclusion, openItems, notes });
        await ctx.audit.write(tx, { action: 'CREATE', recordType: 'InspectionFollowUp', recordId: id });
        return id;
      }),
  }),
}));
