import { personLevelOf, ROLES, type Role, rule, DESIGN_ONE_COHERENT_RECORD } from '@hub/core';
import type { Context } from './context.ts';
import type { BriefingBody, ClueTransfer } from './db/database.ts';

/**
 * Who may read and write what in the inspection subgraph (DESIGN §6), in one place. Every field of
 * the schema is guarded by one of these rules, by its type's rule, or is on the reviewed public
 * list at the end; `test/policy.test.ts` fails for any other field.
 */

// ─── Role lists ─────────────────────────────────────────────────────────────────────────────────

/** Who sees the inspection plan (rounds, teams, which units): the bodies that brief teams, too. */
export const PLAN_READERS: Role[] = ['inspection_officer', 'leader', 'petition_officer', 'conduct_officer', 'case_manager', 'stationed_officer'];
/** DESIGN §6 "Inspection findings and rectification: inspection officers, `leader`, …". */
export const RECORD_READERS: Role[] = ['inspection_officer', 'leader'];
/** Who records the steps of an inspection: the inspection office and teams, and leaders. */
export const WRITERS: Role[] = ['inspection_officer', 'leader'];
/** DESIGN §6 "Rectification plans are reviewed (审查把关) by the commission: `leader`, `conduct_officer`, `case_manager`". */
export const PLAN_REVIEWERS: Role[] = ['leader', 'conduct_officer', 'case_manager'];
/** The inspection side, leaders, and case management (which registers transfers). */
export const TRANSFER_READERS: Role[] = [...RECORD_READERS, 'case_manager'];
/** Aggregates only, no person: every role may read them (analysts included). */
export const STATISTICS_READERS: Role[] = [...ROLES];

// ─── Rules ──────────────────────────────────────────────────────────────────────────────────────

const S_RECORDS =
  'Inspection findings and rectification: inspection officers, `leader`, and the stationed group overseeing the unit (it supervises rectification) — by coverage, never by who briefed.';

export const readPlan = rule(
  {
    name: 'readPlan',
    zh: '巡察计划（轮次、巡察组、巡察对象）限巡察方、委领导及负责巡前通报的部门和派驻组',
    en: 'the inspection plan is for the inspection side, leaders and the bodies that brief teams',
    design: 'Briefing 巡前通报: 信访室, 党风政风监督室, 案件监督管理室 and the stationed group brief the team (§4).',
  },
  { role: PLAN_READERS },
);

export const writeInspectionSteps = rule(
  {
    name: 'writeInspectionSteps',
    zh: '巡察各环节由巡察办、巡察组和委领导登记',
    en: 'inspection steps are recorded by the inspection office and teams and by leaders',
    design: S_RECORDS,
  },
  { role: WRITERS },
);

export const readInspectionRecords = rule(
  {
    name: 'readInspectionRecords',
    zh: '巡察发现问题和整改限巡察干部、委领导及监督该单位的派驻组',
    en: 'findings and rectification are for inspection officers, leaders and the stationed group overseeing the unit',
    design: S_RECORDS,
    personLevel: true,
  },
  { role: RECORD_READERS },
);

/**
 * The overseeing group of each unit this request has seen, as stationed told it (`@requires`).
 * Records reached through a unit inherit it, so a finding's type rule needs no second lookup.
 */
export function noteCoverage(ctx: Context, unit: { code: string; overseeingStationedGroupId?: string | null }): void {
  if (unit.overseeingStationedGroupId) ctx.coverage.set(unit.code, unit.overseeingStationedGroupId);
}

/** A unit's findings, rectification and inspection signals: inspection officers, leaders, the overseeing group. */
export const readUnitInspectionRecords = rule(
  {
    name: 'readUnitInspectionRecords',
    zh: '单位的巡察发现问题、整改与信号限巡察干部、委领导及监督该单位的派驻组',
    en: "a unit's findings, rectification and inspection signals are for inspection officers, leaders and the stationed group overseeing the unit",
    design: S_RECORDS,
    personLevel: true,
  },
  (unit: { code: string; overseeingStationedGroupId?: string | null }, _args: unknown, ctx: Context) => {
    noteCoverage(ctx, unit);
    return unit.overseeingStationedGroupId ? { role: RECORD_READERS, stationedGroup: unit.overseeingStationedGroupId } : { role: RECORD_READERS };
  },
);

/** The scopes of one inspection's records: the overseeing group of its unit, when a unit led here. */
export async function inspectionRecordScopes(ctx: Context, inspectionId: string): Promise<{ role: Role[]; stationedGroup?: string }> {
  if (ctx.coverage.size === 0 || !ctx.viewer.roles.includes('stationed_officer')) return { role: RECORD_READERS };
  const inspection = await ctx.loaders.inspectionById.load(inspectionId);
  const group = inspection ? ctx.coverage.get(inspection.unitCode) : undefined;
  return group ? { role: RECORD_READERS, stationedGroup: group } : { role: RECORD_READERS };
}

export const readInspectionRecord = rule(
  {
    name: 'readInspectionRecord',
    zh: '巡察记录限巡察干部、委领导及监督该单位的派驻组',
    en: 'inspection records are for inspection officers, leaders and the stationed group overseeing the unit',
    design: S_RECORDS,
    personLevel: true,
  },
  (record: { inspectionId: string }, ctx: Context) => inspectionRecordScopes(ctx, record.inspectionId),
);

/** Plans, their submissions, reviews, items and progress: the record readers and the commission's reviewers. */
export async function planScopes(ctx: Context, planId: string, planInspectionId?: string) {
  // A record read together with its plan (overdue items) carries the plan's inspection: no lookup.
  const inspectionId = planInspectionId ?? (await ctx.loaders.planById.load(planId))?.inspectionId;
  const scopes = inspectionId ? await inspectionRecordScopes(ctx, inspectionId) : { role: RECORD_READERS };
  return { ...scopes, role: [...scopes.role, ...PLAN_REVIEWERS] };
}

export const readRectificationPlan = rule(
  {
    name: 'readRectificationPlan',
    zh: '整改方案及事项限巡察干部、委领导、审查把关的党风政风监督室和案件监督管理室及监督该单位的派驻组',
    en: 'rectification plans and items are for inspection officers, leaders, the reviewing conduct and case-management offices and the overseeing stationed group',
    design: `${S_RECORDS} Rectification plans are reviewed (审查把关) by the commission: \`leader\`, \`conduct_officer\`, \`case_manager\`.`,
  },
  (record: { planId: string; planInspectionId?: string }, ctx: Context) => planScopes(ctx, record.planId, record.planInspectionId),
);

export const reviewRectificationPlans = rule(
  {
    name: 'reviewRectificationPlans',
    zh: '整改方案由纪委监委审查把关（委领导、党风政风监督室、案件监督管理室）',
    en: 'rectification plans are reviewed by the commission: leaders, the conduct and case-management offices',
    design:
      'Rectification plans are reviewed (审查把关) by the commission: `leader`, `conduct_officer`, `case_manager`; the overseeing stationed group records its opinion.',
  },
  { role: PLAN_REVIEWERS },
);

/** The receiving body of a transfer reads it too. */
export function transferScopes(transfer: Pick<ClueTransfer, 'receiverKind' | 'receiverId'>) {
  const scopes: { role: Role[]; department?: string; stationedGroup?: string; zone?: string } = { role: TRANSFER_READERS };
  if (transfer.receiverKind === 'DEPARTMENT') scopes.department = transfer.receiverId;
  if (transfer.receiverKind === 'STATIONED_GROUP') scopes.stationedGroup = transfer.receiverId;
  if (transfer.receiverKind === 'COLLABORATION_ZONE') scopes.zone = transfer.receiverId;
  return scopes;
}

export const readClueTransfer = rule(
  {
    name: 'readClueTransfer',
    zh: '问题线索移交限巡察方、委领导、案件监督管理室及接收单位',
    en: 'clue transfers are for the inspection side, leaders, case management and the receiving body',
    design: 'Cross-body facts travel through the graph (§2); the case-management office registers a transferred clue.',
    personLevel: true,
  },
  (transfer: ClueTransfer) => transferScopes(transfer),
);

export const readTransfers = rule(
  {
    name: 'readTransfers',
    zh: '问题线索移交清单限巡察方、委领导和案件监督管理室',
    en: 'lists of clue transfers are for the inspection side, leaders and case management',
    design: 'Cross-body facts travel through the graph (§2).',
  },
  { role: TRANSFER_READERS },
);

/** The role of each briefing office: it may record and read its own briefings. */
export const BRIEFING_BODY_ROLE: Record<Exclude<BriefingBody, 'STATIONED_GROUP'>, Role> = {
  PETITION_OFFICE: 'petition_officer',
  CONDUCT_OFFICE: 'conduct_officer',
  CASE_MANAGEMENT_OFFICE: 'case_manager',
};

/** Inspection side (the briefed team included) and leaders; the office (by role) or stationed group (by scope) that briefed. */
export function briefingScopes(body: BriefingBody, stationedGroupId: string | null | undefined) {
  if (body === 'STATIONED_GROUP') return stationedGroupId ? { role: RECORD_READERS, stationedGroup: stationedGroupId } : { role: RECORD_READERS };
  return { role: [...RECORD_READERS, BRIEFING_BODY_ROLE[body]] };
}

export const readBriefing = rule(
  {
    name: 'readBriefing',
    zh: '巡前通报限巡察方（含受通报的巡察组）、委领导及通报单位',
    en: 'briefings are for the inspection side (the briefed team included), leaders and the body that briefed',
    design: 'A team assigned to a unit reads … the briefings given to it (issue 12); Briefing 巡前通报 (§4).',
    personLevel: true,
  },
  (b: { body: BriefingBody; stationedGroupId: string | null }) => briefingScopes(b.body, b.stationedGroupId),
);

export const recordBriefings = rule(
  {
    name: 'recordBriefings',
    zh: '巡前通报由巡察方、委领导或通报单位本身登记',
    en: 'briefings are recorded by the inspection side, leaders or the briefing body itself',
    design: 'Briefing 巡前通报 (§4); a stationed group briefs only units it oversees.',
  },
  (_root: unknown, { input }: { input: { body: BriefingBody; stationedGroupId?: string | number | null } }) => {
    const scopes = briefingScopes(input.body, input.stationedGroupId == null ? null : String(input.stationedGroupId));
    return { ...scopes, role: [...new Set([...WRITERS, ...scopes.role])] };
  },
);

export const readStatistics = rule(
  {
    name: 'readStatistics',
    zh: '统计数据各角色均可读取',
    en: 'statistics are readable by every role',
    design: '`analyst`: statistics and aggregates only, never a person.',
  },
  { role: STATISTICS_READERS },
);

export const readTeamService = rule(
  {
    name: 'readTeamService',
    zh: '巡察组任职情况限巡察计划的读者',
    en: 'team service is for readers of the inspection plan',
    design: 'Inspection round 巡察轮次: teams of 5–7 staff, may borrow staff (§4).',
  },
  { role: PLAN_READERS },
);

export const readEscalationHandling = rule(
  {
    name: 'readEscalationHandling',
    zh: '移交问题处理情况限巡察方、委领导及移交的派驻组',
    en: 'handling of an escalated issue is for the inspection side, leaders and the escalating stationed group',
    design: "Stationed records: the group's own members, `leader`, and inspection officers of a current inspection.",
    personLevel: true,
  },
  (h: { stationedGroupId: string }) => ({ role: RECORD_READERS, stationedGroup: h.stationedGroupId }),
);

export const leadersOnly = rule(
  { name: 'leadersOnly', zh: '仅委领导', en: 'commission leaders only', design: 'The audit log … (who, role, operation, record) — read by leadership.' },
  { role: 'leader' as const },
);

/** Inspection's part of what is due; each item is filtered by the transfer's or the record's own rule. */
export const readDueItems = rule(
  {
    name: 'readDueItems',
    zh: '到期事项限办理业务的各角色（不含统计分析人员），逐项按记录本身的知悉范围提供',
    en: "what is due is for the roles that work with deadlines (not analysts), each item under its record's own rule",
    design: 'Deadlines (§7); `analyst`: statistics and aggregates only, never a person.',
  },
  { role: ROLES.filter((r) => r !== 'analyst') },
);

// ─── Service identities and the outbox (references verified before writing, facts that travel) ─

export const lookUpInspectionReferences = rule(
  {
    name: 'lookUpInspectionReferences',
    zh: '巡察方记录核验（存在与否及决定能否关联的状态）仅限纪律方、派驻方的服务身份',
    en: 'existence and linking state of inspection records are for the service identities of the discipline and stationed bodies only',
    design: DESIGN_ONE_COHERENT_RECORD,
  },
  { service: ['discipline', 'stationed'] },
);

export const lookUpInspectionPeriodFigures = rule(
  {
    name: 'lookUpInspectionPeriodFigures',
    zh: '巡察办通报所用的期间巡察数字（仅汇总，不含人员）仅限纪律方服务身份',
    en: "a period's inspection figures (aggregates only, no person) for 巡察办's bulletins are for the service identity of discipline only",
    design:
      'Bulletins carry the statistics of the period, generated from records where the kind calls for it; discipline asks the owning body through the graph with its service identity (DESIGN §2).',
  },
  { service: 'discipline' },
);

export const applyClueResults = rule(
  {
    name: 'applyClueResults',
    zh: '移交线索的办理结果仅由纪律方服务身份投递',
    en: 'the result of a transferred clue is delivered by the service identity of discipline only',
    design: DESIGN_ONE_COHERENT_RECORD,
  },
  { service: 'discipline' },
);

export const applyClueRegistrations = rule(
  {
    name: 'applyClueRegistrations',
    zh: '移交线索的登记事实仅由纪律方服务身份投递',
    en: 'that a transferred clue was registered is delivered by the service identity of discipline only',
    design:
      "A fact one body records that another body's record depends on is carried by an outbox and applied once (DESIGN §2): discipline registers the clue, inspection signals transfers left unregistered.",
  },
  { service: 'discipline' },
);

export const readInspectionOutbox = rule(
  {
    name: 'readInspectionOutbox',
    zh: '事件投递状态限委领导',
    en: 'the delivery state of the outbox is for leaders',
    design:
      'Facts carried by an outbox: at least once, applied once, surviving either side being down, with the lag and any stuck deliveries visible to a leader (issue 11).',
  },
  { role: 'leader' as const },
);

export const readRecusal = rule(
  {
    name: 'readRecusal',
    zh: '回避申报（近亲属任职单位）与回避例外限巡察干部和委领导',
    en: 'recusal declarations (units of close relatives) and approved exceptions are for inspection officers and leaders',
    design: 'Inspection round 巡察轮次: teams of 5–7 staff (§4); recusal as the source means it (issue 17).',
  },
  { role: RECORD_READERS },
);

export const readFollowUpWithoutPlan = rule(
  {
    name: 'readFollowUpWithoutPlan',
    zh: '无整改方案进入回头看的原因按该单位巡察记录的知悉范围提供',
    en: 'why a unit entered follow-up without a plan follows the need-to-know of its inspection records',
    design: S_RECORDS,
  },
  (inspection: { id: string }, _args: unknown, ctx: Context) => inspectionRecordScopes(ctx, inspection.id),
);

// ─── Public, reviewed ───────────────────────────────────────────────────────────────────────────

/**
 * Fields every authenticated role may read, each with the reason. The deny-by-default test fails
 * for any field not guarded by a rule, its type's rule, or this list.
 */
export const PUBLIC_FIELDS: Record<string, string> = {
  'Query.unit': 'the unit registry (巡察对象名录) is reference data every body works from',
  'Query.units': 'the unit registry is reference data',
  'Unit.code': 'registry data',
  'Unit.name': 'registry data',
  'Unit.kind': 'registry data',
  'Unit.level': 'registry data',
  'Unit.township': 'registry data',
  'Unit.parent': 'registry data',
  'Unit.subUnits': 'registry data',
  'Unit.activeInspectionTeamIds': "team ids only; other bodies' rules need them (@requires)",
  'Unit.assignedInspectionTeamIds': "team ids only; other bodies' rules need them (@requires)",
  'Unit.overseeingStationedGroupId': 'external, resolved by stationed under its own rule',
  'Escalation.id': 'entity stub: the key only, owned and guarded by another subgraph',
  'Person.id': 'entity stub: the key only, owned and guarded by another subgraph',
  'Staff.id': 'entity stub: the key only, owned and guarded by another subgraph',
  'StaffPoolPeriod.from': 'the period asked for, echoed',
  'StaffPoolPeriod.to': 'the period asked for, echoed',
  'YearStatistics.year': 'the year asked for, echoed',
  'DueReport.asOf': 'entity stub: the key only, owned and guarded by another subgraph',
  'DueReport.dueBy': 'entity stub: the key only, owned and guarded by another subgraph',
};

/**
 * The records behind an inspection signal follow their own rules: rectification items, inspections
 * and findings are the unit's records; clue transfers are also case management's.
 */
export const readSignalEvidence = rule(
  {
    name: 'readSignalEvidence',
    zh: '信号依据记录按其本身的知悉范围提供',
    en: 'the records behind a signal follow their own need-to-know',
    design: `${S_RECORDS} Every signal names its evidence, and evidence follows need-to-know (issue 12).`,
  },
  (s: { kind: string; unitCode: string }, _args: unknown, ctx: Context) => {
    if (s.kind === 'TRANSFER_FEEDBACK_OVERDUE') return { role: TRANSFER_READERS };
    const group = ctx.coverage.get(s.unitCode);
    return group ? { role: RECORD_READERS, stationedGroup: group } : { role: RECORD_READERS };
  },
);

export const readConsultation = rule(
  {
    name: 'readConsultation',
    zh: '会商研判记录限巡察干部、委领导及监督该单位的派驻组',
    en: 'consultations are for inspection officers, leaders and the stationed group overseeing the unit',
    design: S_RECORDS,
    personLevel: true,
  },
  async (c: { findingId: string }, ctx: Context) => {
    const finding = await ctx.loaders.findingById.load(c.findingId);
    return finding ? inspectionRecordScopes(ctx, finding.inspectionId) : { role: RECORD_READERS };
  },
);

export const readInspectionFindings = rule(
  {
    name: 'readInspectionFindings',
    zh: '巡察发现问题与整改限巡察干部、委领导及监督该单位的派驻组',
    en: "an inspection's findings and rectification are for inspection officers, leaders and the stationed group overseeing the unit",
    design: S_RECORDS,
    personLevel: true,
  },
  (inspection: { id: string }, _args: unknown, ctx: Context) => inspectionRecordScopes(ctx, inspection.id),
);

export const readMeetingAttendee = rule(
  {
    name: 'readMeetingAttendee',
    zh: '反馈会议记录限巡察干部、委领导及监督该单位的派驻组',
    en: 'feedback meetings are for inspection officers, leaders and the stationed group overseeing the unit',
    design: S_RECORDS,
    personLevel: true,
  },
  async (a: { meetingId: string }, ctx: Context) => {
    const meeting = await ctx.loaders.meetingById.load(a.meetingId);
    return meeting ? inspectionRecordScopes(ctx, meeting.inspectionId) : { role: RECORD_READERS };
  },
);

export const readProgress = rule(
  { name: 'readProgress', zh: '整改进展限整改方案的读者', en: 'rectification progress is for readers of the plan', design: S_RECORDS },
  async (p: { itemId: string }, ctx: Context) => {
    const item = await ctx.loaders.itemById.load(p.itemId);
    return item ? planScopes(ctx, item.planId) : { role: RECORD_READERS };
  },
);

export const readPlanOfInspection = rule(
  {
    name: 'readPlanOfInspection',
    zh: '整改方案限巡察干部、委领导、审查把关部门及监督该单位的派驻组',
    en: 'rectification plans are for inspection officers, leaders, the reviewing offices and the overseeing stationed group',
    design: S_RECORDS,
  },
  async (p: { inspectionId: string }, ctx: Context) => {
    const scopes = await inspectionRecordScopes(ctx, p.inspectionId);
    return { ...scopes, role: [...scopes.role, ...PLAN_REVIEWERS] };
  },
);

export const recordTransferFeedbacks = rule(
  {
    name: 'recordTransferFeedbacks',
    zh: '线索办理反馈由巡察方、委领导或案件监督管理室登记',
    en: 'transfer feedback is recorded by the inspection side, leaders or case management',
    design: "A transferred clue's result is the transfer's feedback (§2).",
  },
  { role: [...WRITERS, 'case_manager'] as Role[] },
);

export const registerUnits = rule(
  {
    name: 'registerUnits',
    zh: '巡察对象名录由巡察办和委领导维护',
    en: 'the unit registry is kept by the inspection office and leaders',
    design: 'inspection owns the unit registry (巡察对象名录) (§2).',
  },
  { role: WRITERS },
);

/** Staff pool: leaders and the bodies that staff teams. */
export const POOL_READERS: Role[] = ['leader', 'inspection_officer', 'stationed_officer'];
export const readStaffPool = rule(
  {
    name: 'readStaffPool',
    zh: '人员任务期间限委领导、巡察和派驻干部',
    en: 'staff engagements are for leaders, inspection and stationed officers',
    design: 'Inspection round 巡察轮次: teams … may borrow staff from stationed groups and supervision offices (§4).',
  },
  { role: POOL_READERS },
);

export const readInspectionPlan = rule(
  {
    name: 'readInspectionPlan',
    zh: '整改方案限巡察干部、委领导、审查把关部门及监督该单位的派驻组',
    en: "an inspection's rectification plan is for inspection officers, leaders, the reviewing offices and the overseeing stationed group",
    design: S_RECORDS,
  },
  async (inspection: { id: string }, _args: unknown, ctx: Context) => {
    const scopes = await inspectionRecordScopes(ctx, inspection.id);
    return { ...scopes, role: [...scopes.role, ...PLAN_REVIEWERS] };
  },
);

// ─── Person-level content: each read audited under its record (packages/core/src/person-level.ts) ──

/** 巡察发现问题的内容与涉及人员 — a finding's description and the persons it names. */
export const readFindingContent = personLevelOf(readInspectionRecord, { recordType: 'Finding' });
/** 会商研判的问题与结论说明 — a consultation's question and the note on its conclusion. */
export const readConsultationContent = personLevelOf(readConsultation, { recordType: 'Consultation' });
/** 移交线索的内容、涉及人员与反馈 — a transferred clue's content, named persons and feedback. */
export const readTransferContent = personLevelOf(readClueTransfer, { recordType: 'ClueTransfer' });
/** 通报内容 — what a briefing covered. */
export const readBriefingContent = personLevelOf(readBriefing, { recordType: 'Briefing' });
/** 整改事项的责任人 — the person responsible for a rectification item. */
export const readRectificationResponsible = personLevelOf(readRectificationPlan, { recordType: 'RectificationItem' });
/** 移交巡察问题的处理情况 — the notes on how an escalated issue was handled, audited under the escalation. */
export const readEscalationHandlingNotes = personLevelOf(readEscalationHandling, {
  recordType: 'EscalationHandling',
  recordId: (handling: { escalationId: string }) => handling.escalationId,
});
