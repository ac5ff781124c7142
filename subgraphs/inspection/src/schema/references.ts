import type { StaffEngagement } from '@hub/core';
import { builder } from '../builder.ts';
import { lookUpInspectionPeriodFigures, lookUpInspectionReferences } from '../policy.ts';
import { type InspectionPeriodCounts, inspectionCountsInPeriod } from '../db/statistics.ts';
import { FindingCategoryEnum } from './finding.ts';
import { findTeamServicesByStaff } from '../db/staff-pool.ts';
import { EngagementRef, engagement } from './staff-pool.ts';
import { findReferencedItems, findReferencedRounds, findReferencedTeams, findReferencedTransfers, findReferencedUnits } from '../db/references.ts';

/**
 * 引用核验（服务身份） — what another body may ask before it writes a record naming one of ours:
 * whether the record exists and the state that decides whether the link is allowed. Only the
 * service identities of the bodies that name these records may ask; each answer is audited here.
 */

type Lookup = {
  units: { code: string }[];
  clueTransfers: { id: string; receiverKind: string; receiverId: string; priority: boolean; escalated: boolean; feedbackReceivedOn: string | null }[];
  inspectionTeams: { id: string; roundId: string; roundStage: string; roundEndOn: string | null }[];
  inspectionRounds: { id: string; stage: string; endOn: string | null }[];
  rectificationItems: { id: string; unitCode: string; status: string }[];
  staffEngagements: StaffEngagement[];
};

const ReferencedUnit = builder.objectRef<Lookup['units'][number]>('InspectionReferencedUnit').implement({
  description: '已登记单位（引用核验） — A registered unit, as a reference check sees it.',
  fields: (t) => ({ code: t.exposeString('code', { description: '统一社会信用代码 — Unit code.' }) }),
});
const ReferencedTransfer = builder.objectRef<Lookup['clueTransfers'][number]>('InspectionReferencedClueTransfer').implement({
  description: '线索移交（引用核验） — A clue transfer: whom it is addressed to, its priority and escalation.',
  fields: (t) => ({
    id: t.exposeID('id', { description: '编号 — Id.' }),
    receiverKind: t.exposeString('receiverKind', { description: '接收方类别 — Kind of receiver (DEPARTMENT, STATIONED_GROUP, COLLABORATION_ZONE).' }),
    receiverId: t.exposeID('receiverId', { description: '接收方编号 — Receiver id.' }),
    priority: t.exposeBoolean('priority', { description: '优先办理 — Priority handling.' }),
    escalated: t.exposeBoolean('escalated', { description: '提级办理 — Escalated (village level).' }),
    feedbackReceivedOn: t.exposeString('feedbackReceivedOn', { nullable: true, description: '已收到反馈日期 — Feedback received on.' }),
  }),
});
const ReferencedTeam = builder.objectRef<Lookup['inspectionTeams'][number]>('InspectionReferencedTeam').implement({
  description: '巡察组（引用核验） — An inspection team and the state of its round.',
  fields: (t) => ({
    id: t.exposeID('id', { description: '编号 — Id.' }),
    roundId: t.exposeID('roundId', { description: '轮次编号 — Round id.' }),
    roundStage: t.exposeString('roundStage', { description: '轮次当前阶段 — Current stage of the round.' }),
    roundEndOn: t.exposeString('roundEndOn', { nullable: true, description: '轮次结束日期 — Round end date, if set.' }),
  }),
});
const ReferencedRound = builder.objectRef<Lookup['inspectionRounds'][number]>('InspectionReferencedRound').implement({
  description: '巡察轮次（引用核验） — An inspection round and its state.',
  fields: (t) => ({
    id: t.exposeID('id', { description: '编号 — Id.' }),
    stage: t.exposeString('stage', { description: '当前阶段 — Current stage.' }),
    endOn: t.exposeString('endOn', { nullable: true, description: '结束日期 — End date, if set.' }),
  }),
});
const ReferencedItem = builder.objectRef<Lookup['rectificationItems'][number]>('InspectionReferencedRectificationItem').implement({
  description: '整改事项（引用核验） — A rectification item, its unit and status.',
  fields: (t) => ({
    id: t.exposeID('id', { description: '编号 — Id.' }),
    unitCode: t.exposeString('unitCode', { description: '整改单位 — Unit rectifying.' }),
    status: t.exposeString('status', { description: '状态 — Status (PENDING, IN_PROGRESS, COMPLETED).' }),
  }),
});

const InspectionReferences = builder.objectRef<Lookup>('InspectionReferences').implement({
  description: '巡察方记录核验结果 — Which of the asked inspection records exist, with their state.',
  fields: (t) => ({
    units: t.field({ type: [ReferencedUnit], description: '存在的单位 — Units that exist.', resolve: (r) => r.units }),
    clueTransfers: t.field({ type: [ReferencedTransfer], description: '存在的线索移交 — Transfers that exist.', resolve: (r) => r.clueTransfers }),
    inspectionTeams: t.field({ type: [ReferencedTeam], description: '存在的巡察组 — Teams that exist.', resolve: (r) => r.inspectionTeams }),
    inspectionRounds: t.field({ type: [ReferencedRound], description: '存在的轮次 — Rounds that exist.', resolve: (r) => r.inspectionRounds }),
    rectificationItems: t.field({ type: [ReferencedItem], description: '存在的整改事项 — Items that exist.', resolve: (r) => r.rectificationItems }),
    staffEngagements: t.field({
      type: [EngagementRef],
      description: '所问人员在本机关的任务期间（重叠核验） — Engagements this body records for the asked staff, for an overlap check.',
      resolve: (r) => r.staffEngagements,
    }),
  }),
});

const bounded = (list: readonly string[] | null | undefined) => [...new Set(list ?? [])].slice(0, 100);

builder.queryField('inspectionReferences', (t) =>
  t.field({
    type: InspectionReferences,
    nullable: true,
    description: '引用核验（仅服务身份） — Existence and state of inspection records another body is about to name (service identities only).',
    authScopes: lookUpInspectionReferences,
    args: {
      unitCodes: t.arg.stringList({ required: false, description: '待核验的单位代码（最多 100） — Unit codes to check (at most 100).' }),
      clueTransferIds: t.arg.stringList({ required: false, description: '待核验的线索移交编号 — Transfer ids to check.' }),
      inspectionTeamIds: t.arg.stringList({ required: false, description: '待核验的巡察组编号 — Team ids to check.' }),
      inspectionRoundIds: t.arg.stringList({ required: false, description: '待核验的轮次编号 — Round ids to check.' }),
      rectificationItemIds: t.arg.stringList({ required: false, description: '待核验的整改事项编号 — Item ids to check.' }),
      engagementStaffIds: t.arg.stringList({
        required: false,
        description: '待比对任务期间的工作人员编号（最多 100） — Staff whose engagements this body records are asked, for an overlap check (at most 100).',
      }),
    },
    resolve: async (_root, args, ctx) => {
      const engagementStaffIds = bounded(args.engagementStaffIds);
      const [units, transfers, teams, rounds, items, services] = await Promise.all([
        findReferencedUnits(ctx.db, bounded(args.unitCodes)),
        findReferencedTransfers(ctx.db, bounded(args.clueTransferIds)),
        findReferencedTeams(ctx.db, bounded(args.inspectionTeamIds)),
        findReferencedRounds(ctx.db, bounded(args.inspectionRoundIds)),
        findReferencedItems(ctx.db, bounded(args.rectificationItemIds)),
        findTeamServicesByStaff(ctx.db, [...new Set(engagementStaffIds.flatMap((id) => [id, id.toLowerCase()]))]),
      ]);
      for (const id of engagementStaffIds) ctx.audit.read('StaffEngagements', id);
      for (const u of units) ctx.audit.read('Unit', u.code);
      for (const r of transfers) ctx.audit.read('ClueTransfer', r.id);
      for (const r of teams) ctx.audit.read('InspectionTeam', r.id);
      for (const r of rounds) ctx.audit.read('InspectionRound', r.id);
      for (const r of items) ctx.audit.read('RectificationItem', r.id);
      return {
        units,
        clueTransfers: transfers.map((r) => ({
          id: r.id,
          receiverKind: r.receiverKind,
          receiverId: r.receiverId,
          priority: r.priority,
          escalated: r.escalated,
          feedbackReceivedOn: r.feedbackReceivedOn,
        })),
        inspectionTeams: teams.map((r) => ({ id: r.id, roundId: r.roundId, roundStage: r.roundStage, roundEndOn: r.roundEndOn })),
        inspectionRounds: rounds.map((r) => ({ id: r.id, stage: r.stage, endOn: r.endOn })),
        rectificationItems: items,
        staffEngagements: services.map(engagement),
      };
    },
  }),
);

// ─── Period figures for 巡察办's bulletins (service identity of discipline) ─────────────────────────

const PeriodCategoryCount = builder.objectRef<InspectionPeriodCounts['findingsByCategory'][number]>('InspectionPeriodFindingCount').implement({
  description: '期间发现问题数（按类别） — Findings of the period in one category.',
  fields: (t) => ({
    category: t.expose('category', { type: FindingCategoryEnum, description: '类别 — Category.' }),
    count: t.exposeInt('count', { description: '数量 — Count.' }),
  }),
});

const PeriodFigures = builder.objectRef<InspectionPeriodCounts>('InspectionPeriodFigures').implement({
  description: '期间巡察数字（汇总，不含人员） — What inspection recorded in a period, in aggregate (no person).',
  fields: (t) => ({
    roundsStarted: t.exposeInt('roundsStarted', { description: '期间启动的巡察轮次 — Rounds whose preparation started in the period.' }),
    unitsInspected: t.exposeInt('unitsInspected', { description: '上述轮次巡察的单位数 — Distinct units those rounds inspect.' }),
    findings: t.exposeInt('findings', { description: '期间发现问题数 — Findings recorded in the period.' }),
    findingsByCategory: t.field({
      type: [PeriodCategoryCount],
      description: '按类别 — Findings by category.',
      resolve: (f) => f.findingsByCategory,
    }),
    amountInvolved: t.expose('amountInvolved', { type: 'Money', description: '发现问题涉及金额（元） — Amount the findings involve, in yuan.' }),
    cluesTransferred: t.exposeInt('cluesTransferred', { description: '期间移交问题线索 — Clue transfers made in the period.' }),
    cluesTransferredEscalated: t.exposeInt('cluesTransferredEscalated', { description: '其中提级办理 — Of which escalated.' }),
    rectificationItemsCompleted: t.exposeInt('rectificationItemsCompleted', { description: '期间完成整改事项 — Rectification items completed in the period.' }),
  }),
});

builder.queryField('inspectionPeriodFigures', (t) =>
  t.field({
    type: PeriodFigures,
    nullable: true,
    description:
      "期间巡察数字（仅纪律方服务身份，用于巡察办通报） — Inspection figures of a period, for 巡察办's bulletins (discipline's service identity only).",
    authScopes: lookUpInspectionPeriodFigures,
    args: {
      periodStart: t.arg({ type: 'Date', required: true, description: '统计期起 — Period start.' }),
      periodEnd: t.arg({ type: 'Date', required: true, description: '统计期止 — Period end.' }),
    },
    resolve: (_root, args, ctx) => inspectionCountsInPeriod(ctx.db, args.periodStart, args.periodEnd),
  }),
);
