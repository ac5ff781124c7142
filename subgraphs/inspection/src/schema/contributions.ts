import { checkYear, idOrRefuse, payloadType, refuse, requireText, runMutation, todayInShanghai, enqueueEvent, references, UserErrors } from '@hub/core';
import { builder } from '../builder.ts';
import type { EscalationHandling, FindingCategory } from '../db/database.ts';
import type { RectificationStatusRow } from '../db/rectification.ts';
import { escalationHandlingExists, findFindingInspectionId, insertEscalationHandling, transferExistsForFinding } from '../db/findings.ts';
import { checkEscalationHandlingDate } from '../domain/findings.ts';
import { findInspectionInRound } from '../db/rounds.ts';
import {
  noteCoverage,
  readPlan,
  readStatistics,
  readTeamService,
  readEscalationHandling,
  readUnitInspectionRecords,
  readInspectionRecords,
  writeInspectionSteps,
  readEscalationHandlingNotes,
} from '../policy.ts';
import { EscalationRef, StaffRef, YearStatisticsRef } from './external.ts';
import { FindingCategoryEnum, FindingRef } from './finding.ts';
import { FollowUpConclusionEnum, PlanStatusEnum, RectificationItemRef } from './rectification.ts';
import { InspectionRef, InspectionTeamMemberRef } from './round.ts';
import { UnitRef } from './unit.ts';

// ─── Unit ───────────────────────────────────────────────────────────────────────────────────────

const UnitRectificationRef = builder.objectRef<RectificationStatusRow>('InspectionUnitRectification').implement({
  description: '单位整改概况 — Rectification status of a unit after its latest inspection with a feedback meeting.',
  fields: (t) => ({
    inspection: t.field({ type: InspectionRef, description: '所依据的巡察 — The inspection.', resolve: (s) => s.inspection }),
    reportDueOn: t.expose('reportDueOn', { type: 'Date', description: '整改报告期限 — Report due date.' }),
    planStatus: t.field({
      type: PlanStatusEnum,
      nullable: true,
      description: '整改方案状态（未报送为空） — Plan status; null when no plan was submitted.',
      resolve: (s) => s.planStatus,
    }),
    reportOverdue: t.boolean({
      description: '截至某日整改报告是否逾期未报 — Whether, on the given date, the report deadline had passed with no plan submitted.',
      args: { asOf: t.arg({ type: 'Date', required: true, description: '截至日期 — As of this date.' }) },
      resolve: async (s, { asOf }, ctx) => {
        const first = s.planId ? (await ctx.loaders.submissionsByPlan.load(s.planId))[0]?.submittedOn : undefined;
        return s.reportDueOn < asOf && (first === undefined || first > asOf);
      },
    }),
    itemsTotal: t.exposeInt('itemsTotal', { description: '整改事项数 — Items in the plan.' }),
    itemsCompleted: t.exposeInt('itemsCompleted', { description: '已完成事项数 — Items completed.' }),
    followUpConclusion: t.field({
      type: FollowUpConclusionEnum,
      nullable: true,
      description: '回头看结论（未开展为空） — Follow-up conclusion; null before the follow-up.',
      resolve: (s) => s.followUpConclusion,
    }),
  }),
});

/** Which stationed group oversees a unit is stationed's fact; the rules of the unit's records need it. */
export const requiresCoverage = [{ name: 'requires', args: { fields: 'overseeingStationedGroupId' } }];

builder.objectFields(UnitRef, (t) => ({
  activeInspectionTeamIds: t.idList({
    description: '正在巡察本单位的巡察组（进驻至移交） — Teams currently inspecting the unit: their round is between entry (进驻) and transfer (移交).',
    resolve: (unit, _a, ctx) => ctx.loaders.activeTeamIdsByUnit.load(unit.code),
  }),
  assignedInspectionTeamIds: t.idList({
    description: '受派巡察本单位的巡察组（自巡前准备至本轮结束） — Teams assigned to inspect the unit, from preparation (巡前准备) until their round closes.',
    resolve: (unit, _a, ctx) => ctx.loaders.assignedTeamIdsByUnit.load(unit.code),
  }),
  overseeingStationedGroupId: t.id({
    nullable: true,
    description: '监督本单位的派驻纪检组（派驻子图提供） — The stationed group overseeing the unit today (from stationed).',
    directives: [{ name: 'external', args: {} }],
    resolve: (unit) => (unit as { overseeingStationedGroupId?: string | null }).overseeingStationedGroupId ?? null,
  }),
  inspections: t.connection(
    {
      type: InspectionRef,
      description: '历次巡察（最近一轮在前） — Inspections of this unit, latest round first.',
      // The inspections' findings and rectification follow the unit's coverage: reached through the
      // unit, they are the overseeing stationed group's to read as well.
      directives: requiresCoverage,
      authScopes: readPlan,
      resolve: (unit, args, ctx) => {
        noteCoverage(ctx, unit as { code: string; overseeingStationedGroupId?: string | null });
        return ctx.loaders.inspectionPagesByUnit.page(unit.code, args);
      },
    },
    { description: '本单位历次巡察（分页） — A page of the unit’s inspections.' },
    { description: '巡察（分页边） — One inspection with its cursor.' },
  ),
  inspectionFindings: t.connection(
    {
      type: FindingRef,
      description: '巡察发现问题（新到旧） — Findings of all inspections of this unit, latest first.',
      directives: requiresCoverage,
      authScopes: readUnitInspectionRecords,
      resolve: (unit, args, ctx) => ctx.loaders.findingPagesByUnit.page(unit.code, args),
    },
    { description: '本单位巡察发现问题（分页） — A page of the unit’s inspection findings.' },
    { description: '发现问题（分页边） — One finding with its cursor.' },
  ),
  rectificationStatus: t.field({
    type: UnitRectificationRef,
    nullable: true,
    description: '整改概况 — Rectification status after the latest inspection with a feedback meeting; null when none.',
    directives: requiresCoverage,
    authScopes: readUnitInspectionRecords,
    resolve: (unit, _a, ctx) => ctx.loaders.rectificationStatusByUnit.load(unit.code),
  }),
  overdueRectificationItems: t.field({
    type: [RectificationItemRef],
    description: '逾期整改事项 — Items past their deadline and not completed on `asOf` (default: today, Asia/Shanghai).',
    directives: requiresCoverage,
    authScopes: readUnitInspectionRecords,
    args: { asOf: t.arg({ type: 'Date', required: false, description: '截至日期 — As of this date.' }) },
    resolve: (unit, args, ctx) => ctx.loaders.overdueItemsByUnitAsOf.load(`${unit.code}|${args.asOf ?? todayInShanghai()}`),
  }),
}));

// ─── Staff ──────────────────────────────────────────────────────────────────────────────────────

builder.objectFields(StaffRef, (t) => ({
  inspectionTeamMemberships: t.field({
    type: [InspectionTeamMemberRef],
    description: '巡察组任职 — Teams this staff member served on, with role and home body.',
    authScopes: readTeamService,
    resolve: (staff, _a, ctx) => ctx.loaders.membershipsByStaff.load(staff.id),
  }),
}));

// ─── Escalation ─────────────────────────────────────────────────────────────────────────────────

const EscalationActionEnum = builder.enumType('EscalationHandlingAction', {
  description: '巡察组对派驻组移交问题的处理方式 — How the inspection team handled an issue a stationed group escalated.',
  values: {
    VERIFIED_DURING_INSPECTION: { description: '纳入巡察重点核查 — Verified as a focus of the inspection.' },
    RECORDED_AS_FINDING: { description: '列为巡察发现问题 — Recorded as a finding.' },
    TRANSFERRED_AS_CLUE: { description: '作为问题线索移交 — Transferred as a clue.' },
    INCLUDED_IN_FEEDBACK: { description: '纳入反馈整改 — Included in the feedback for rectification.' },
    NOT_SUBSTANTIATED: { description: '经核查不属实 — Not substantiated.' },
  } as const,
});

const EscalationHandlingRef = builder.objectRef<EscalationHandling>('EscalationHandling').implement({
  description: '移交问题处理情况 — How the inspection team pushed an issue a stationed group escalated to it; the escalating group may read it.',
  authScopes: readEscalationHandling,
  fields: (t) => ({
    inspection: t.field({
      type: InspectionRef,
      description: '承接的巡察 — Inspection that took the issue up.',
      resolve: async (h, _a, ctx) => (await ctx.loaders.inspectionById.load(h.inspectionId))!,
    }),
    receivedOn: t.expose('receivedOn', { type: 'Date', description: '接收日期 — Date received.' }),
    action: t.expose('action', { type: EscalationActionEnum, description: '处理方式 — Action taken.' }),
    finding: t.field({
      type: FindingRef,
      nullable: true,
      description: '对应发现问题（巡察方可见） — Finding it became, if any (inspection side).',
      authScopes: readInspectionRecords,
      resolve: (h, _a, ctx) => (h.findingId ? ctx.loaders.findingById.load(h.findingId) : null),
    }),
    notes: t.string({
      description: '处理情况 — Notes on the handling (audited read).',
      authScopes: readEscalationHandlingNotes,
      resolve: (h) => h.notes,
    }),
  }),
});

builder.objectFields(EscalationRef, (t) => ({
  handling: t.field({
    type: EscalationHandlingRef,
    nullable: true,
    description: '巡察组处理情况 — How the inspection team handled the issue; null until recorded.',
    resolve: (e, _a, ctx) => ctx.loaders.handlingByEscalation.load(e.id),
  }),
}));

builder.objectFields(InspectionRef, (t) => ({
  escalationHandlings: t.field({
    type: [EscalationHandlingRef],
    description: '承接的派驻组移交问题 — Escalated issues this inspection took up.',
    authScopes: readInspectionRecords,
    resolve: (i, _a, ctx) => ctx.loaders.handlingsByInspection.load(i.id),
  }),
}));

const HandlingInput = builder.inputType('RecordEscalationHandlingInput', {
  description: '登记移交问题处理情况 — How the team handled an issue a stationed group escalated.',
  fields: (t) => ({
    escalationId: t.id({ description: '移交问题（Escalation） — Escalation id.' }),
    stationedGroupId: t.id({ description: '移交的派驻组 — Stationed group that escalated it.' }),
    inspectionId: t.id({ description: '承接的巡察 — Inspection id.' }),
    receivedOn: t.field({ type: 'Date', description: '接收日期 — Date received.' }),
    action: t.field({ type: EscalationActionEnum, description: '处理方式 — Action.' }),
    findingId: t.id({
      required: false,
      description: '对应发现问题（列为问题或移交线索时必填） — Finding (required when recorded as a finding or transferred).',
    }),
    notes: t.string({ description: '处理情况 — Notes.' }),
  }),
});

const HandlingPayloadRef = payloadType(builder, 'RecordEscalationHandlingPayload', {
  field: 'escalation',
  type: EscalationRef,
  description: '处理情况登记结果 — The escalation (with its handling), or why it was refused.',
  load: async (id) => ({ id }),
});

builder.mutationFields((t) => ({
  recordEscalationHandling: t.field({
    type: HandlingPayloadRef,
    description: '登记移交问题处理情况 — Record how the team handled an escalated issue (once per escalation).',
    authScopes: writeInspectionSteps,
    args: { input: t.arg({ type: HandlingInput, required: true, description: '处理情况 — The handling.' }) },
    resolve: (_root, { input }, ctx) =>
      runMutation(ctx.db, async (tx) => {
        const escalationId = requireText(String(input.escalationId), ['input', 'escalationId'], '移交问题编号');
        const stationedGroupId = requireText(String(input.stationedGroupId), ['input', 'stationedGroupId'], '派驻组编号');
        const inspectionId = idOrRefuse(input.inspectionId, ['input', 'inspectionId']);
        const notes = requireText(input.notes, ['input', 'notes'], '处理情况');
        const findingId = input.findingId == null ? null : idOrRefuse(input.findingId, ['input', 'findingId']);
        if ((input.action === 'RECORDED_AS_FINDING' || input.action === 'TRANSFERRED_AS_CLUE') && !findingId) {
          refuse('BAD_USER_INPUT', ['input', 'findingId'], '须注明对应的发现问题 — name the finding');
        }
        const inspection = await findInspectionInRound(tx, inspectionId);
        if (!inspection) refuse('NOT_FOUND', ['input', 'inspectionId'], '巡察不存在 — no such inspection');
        if (findingId) {
          if ((await findFindingInspectionId(tx, findingId)) !== inspectionId)
            refuse('NOT_FOUND', ['input', 'findingId'], '该问题不属于本次巡察 — finding is not one of this inspection');
          if (input.action === 'TRANSFERRED_AS_CLUE' && !(await transferExistsForFinding(tx, findingId))) {
            refuse('INVALID_TRANSITION', ['input', 'action'], '该问题尚未移交 — the finding has not been transferred');
          }
        }
        const problems = new UserErrors();
        checkEscalationHandlingDate(problems, input.receivedOn, todayInShanghai());
        problems.throwIfAny();
        if (await escalationHandlingExists(tx, escalationId)) {
          refuse('ALREADY_EXISTS', ['input', 'escalationId'], '已登记处理情况 — the handling is recorded already');
        }
        const check = await references(ctx)
          .add('escalation', ['input', 'escalationId'], escalationId)
          .add('stationedGroup', ['input', 'stationedGroupId'], stationedGroupId)
          .run('recordEscalationHandling');
        const escalation = check.get('escalation', escalationId);
        if (escalation.groupId !== stationedGroupId)
          refuse('CONFLICT', ['input', 'stationedGroupId'], '该事项不是此派驻组移交的 — the escalation came from another stationed group');
        if (escalation.unitCode !== inspection.unitCode)
          refuse('CONFLICT', ['input', 'inspectionId'], '移交事项所涉单位不是本次巡察对象 — the escalation concerns another unit');
        await insertEscalationHandling(tx, {
          escalationId,
          stationedGroupId,
          inspectionId,
          receivedOn: input.receivedOn,
          action: input.action,
          findingId,
          notes,
        });
        // The handling closes the stationed issue: the fact travels to stationed by itself.
        await enqueueEvent(tx, 'escalationHandled', { escalationId, action: input.action, handledOn: input.receivedOn });
        await ctx.audit.write(tx, { action: 'CREATE', recordType: 'EscalationHandling', recordId: escalationId });
        return escalationId;
      }),
  }),
}));

// ─── YearStatistics ─────────────────────────────────────────────────────────────────────────────

const FindingCountRef = builder.objectRef<{ category: FindingCategory; count: number }>('InspectionFindingCount').implement({
  description: '巡察发现问题数（按类别） — Number of inspection findings in one category.',
  fields: (t) => ({
    category: t.expose('category', { type: FindingCategoryEnum, description: '类别 — Category.' }),
    count: t.exposeInt('count', { description: '数量 — Number.' }),
  }),
});

builder.objectFields(YearStatisticsRef, (t) => ({
  inspectionRounds: t.int({
    description: '巡察轮次数 — Inspection rounds of the year.',
    authScopes: readStatistics,
    resolve: async (y, _a, ctx) => (await ctx.loaders.roundCountsByYear.load(y.year))?.rounds ?? 0,
  }),
  inspectionUnitsInspected: t.int({
    description: "被巡察单位数 — Distinct units inspected in the year's rounds.",
    authScopes: readStatistics,
    resolve: async (y, _a, ctx) => (await ctx.loaders.roundCountsByYear.load(y.year))?.unitsInspected ?? 0,
  }),
  inspectionFindingsByCategory: t.field({
    type: [FindingCountRef],
    description: '巡察发现问题（按类别，按发现日期计年） — Findings recorded in the year, by category.',
    authScopes: readStatistics,
    resolve: (y, _a, ctx) => ctx.loaders.findingCountsByYear.load(y.year),
  }),
  inspectionCluesTransferred: t.int({
    description: '移交问题线索数 — Clues transferred in the year.',
    authScopes: readStatistics,
    resolve: async (y, _a, ctx) => (await ctx.loaders.transferCountsByYear.load(y.year))?.count ?? 0,
  }),
  inspectionCluesTransferredWithPriority: t.int({
    description: '其中优先办理 — Of which flagged for priority.',
    authScopes: readStatistics,
    resolve: async (y, _a, ctx) => (await ctx.loaders.transferCountsByYear.load(y.year))?.priority ?? 0,
  }),
  inspectionCluesEscalated: t.int({
    description: '其中提级办理 — Of which escalated (village level).',
    authScopes: readStatistics,
    resolve: async (y, _a, ctx) => (await ctx.loaders.transferCountsByYear.load(y.year))?.escalated ?? 0,
  }),
  inspectionRectificationItems: t.int({
    description: "整改事项数（本年度轮次） — Rectification items of the year's rounds.",
    authScopes: readStatistics,
    resolve: async (y, _a, ctx) => (await ctx.loaders.roundCountsByYear.load(y.year))?.itemsTotal ?? 0,
  }),
  inspectionRectificationItemsCompleted: t.int({
    description: '已完成整改事项数 — Of which completed.',
    authScopes: readStatistics,
    resolve: async (y, _a, ctx) => (await ctx.loaders.roundCountsByYear.load(y.year))?.itemsCompleted ?? 0,
  }),
  inspectionRectificationCompletionRate: t.float({
    nullable: true,
    description: '整改完成率（0–1；无事项为空） — Share of items completed, 0–1; null when there are none.',
    authScopes: readStatistics,
    resolve: async (y, _a, ctx) => {
      const c = await ctx.loaders.roundCountsByYear.load(y.year);
      return c && c.itemsTotal > 0 ? c.itemsCompleted / c.itemsTotal : null;
    },
  }),
  inspectionFundsRecovered: t.field({
    type: 'Money',
    description: '整改追缴（挽回）资金（元，按报告日期计年） — Funds recovered through rectification, reported in the year.',
    authScopes: readStatistics,
    resolve: async (y, _a, ctx) => (await ctx.loaders.fundsRecoveredByYear.load(y.year))?.total ?? '0.00',
  }),
}));

builder.queryFields((t) => ({
  inspectionStatistics: t.field({
    type: YearStatisticsRef,
    description: "巡察年度统计 — One year's statistics, entered from the inspection side (the hub-wide entry point is `statistics`).",
    authScopes: readStatistics,
    args: { year: t.arg.int({ required: true, description: '年度 — Year.' }) },
    resolve: (_root, args) => ({ year: checkYear(args.year, 'year') }),
  }),
}));
