import { addCorrections, checkNotBefore, idOrRefuse, references, refuse, requireText, runMutation, todayInShanghai, UserErrors } from '@hub/core';
import { GraphQLError } from 'graphql';
import { builder } from '../builder.ts';
import type { Context } from '../context.ts';
import type { Briefing } from '../db/database.ts';
import { findInspectionOfBriefing, findMembers, findTeam, removeMember, stageDatesOf } from '../db/rounds.ts';
import { findPlanById, findProgressById } from '../db/rectification.ts';
import { type CoveragePeriod, checkBriefingDate, checkBriefingGroupOversees, checkRemovalDate } from '../domain/round.ts';
import { BriefingRef } from './briefing.ts';
import { WRITERS } from './common.ts';
import { ClueTransferRef, ConsultationRef, FindingCategoryEnum, FindingRef } from './finding.ts';
import { FeedbackMeetingRef, FollowUpRef, ProgressRef, RectificationItemRef, RectificationPlanRef } from './rectification.ts';
import { InspectionRef, InspectionRoundRef, InspectionTeamRef, TeamPayload } from './round.ts';

/**
 * 更正 — which records of the inspection body can be amended and voided, their descriptive fields,
 * and who may correct them (who may create them, and leaders). The mechanism is `addCorrections` in core.
 */
const { declare } = addCorrections(builder);

/**
 * An amended briefing date obeys the rules of a new one: within preparation, not in the future, and
 * for a stationed group's briefing, a day the group oversaw the unit (stationed's coverage history).
 */
async function briefingDate(value: string, row: Briefing, ctx: Context, tx: Context['db']) {
  const inspection = await findInspectionOfBriefing(tx, row.inspectionId);
  const stages = await stageDatesOf(tx, inspection.roundId);
  const problems = new UserErrors();
  checkBriefingDate(problems, value, { preparationStartedOn: stages.PREPARATION!, entryOn: stages.ENTRY ?? null }, todayInShanghai());
  problems.throwIfAny();
  if (row.body === 'STATIONED_GROUP' && row.stationedGroupId) {
    const check = await references(ctx).add('stationedGroup', ['input', 'briefedOn'], row.stationedGroupId).run('amendBriefing');
    const coverage = (check.get('stationedGroup', row.stationedGroupId).coverage ?? []) as CoveragePeriod[];
    checkBriefingGroupOversees(problems, coverage, inspection.unitCode, value, 'briefedOn');
    problems.throwIfAny();
  }
  return value;
}

declare({
  typeName: 'InspectionRound',
  what: '巡察轮次',
  ref: InspectionRoundRef,
  table: 'inspectionRound',
  payloadField: 'round',
  load: (id, ctx: Context) => ctx.loaders.roundById.load(id),
  writeRoles: WRITERS,
  fields: { theme: { kind: 'text', description: '巡察主题 — Theme.' } },
});
declare({
  typeName: 'InspectionTeam',
  what: '巡察组',
  ref: InspectionTeamRef,
  table: 'inspectionTeam',
  payloadField: 'team',
  load: (id, ctx: Context) => ctx.loaders.teamById.load(id),
  writeRoles: WRITERS,
  fields: { name: { kind: 'text', description: '名称 — Name.' } },
});
declare({
  typeName: 'Inspection',
  what: '巡察',
  ref: InspectionRef,
  table: 'inspection',
  payloadField: 'inspection',
  load: (id, ctx: Context) => ctx.loaders.inspectionById.load(id),
  writeRoles: WRITERS,
  fields: {},
});

/** The inspection side and leaders; the office or stationed group that briefed (DESIGN §6). */
function mayWriteBriefing(b: Briefing, ctx: Context) {
  const { roles, scopes } = ctx.viewer;
  if (roles.some((r) => WRITERS.includes(r))) return;
  const office = { PETITION_OFFICE: 'petition_officer', CONDUCT_OFFICE: 'conduct_officer', CASE_MANAGEMENT_OFFICE: 'case_manager' } as const;
  if (
    b.body === 'STATIONED_GROUP'
      ? roles.includes('stationed_officer') && b.stationedGroupId != null && scopes.stationedGroupIds.includes(b.stationedGroupId)
      : roles.includes(office[b.body])
  )
    return;
  throw new GraphQLError('无权更正此通报 — not authorized to correct this briefing', { extensions: { code: 'FORBIDDEN' } });
}

declare({
  typeName: 'Briefing',
  what: '巡前通报',
  ref: BriefingRef,
  table: 'briefing',
  payloadField: 'briefing',
  load: (id, ctx: Context) => ctx.loaders.briefingById.load(id),
  writeRoles: [...WRITERS, 'petition_officer', 'conduct_officer', 'case_manager', 'stationed_officer'],
  mayWrite: (b: Briefing, ctx: Context) => mayWriteBriefing(b, ctx),
  fields: { content: { kind: 'text', description: '通报内容 — Content.' }, briefedOn: { kind: 'date', description: '通报日期 — Date.', check: briefingDate } },
});
declare({
  typeName: 'Finding',
  what: '发现问题',
  ref: FindingRef,
  table: 'finding',
  payloadField: 'finding',
  load: (id, ctx: Context) => ctx.loaders.findingById.load(id),
  writeRoles: WRITERS,
  fields: {
    description: { kind: 'text', description: '问题描述 — Description.' },
    category: { kind: { enum: FindingCategoryEnum }, description: '类别 — Category.' },
    amountInvolved: {
      kind: 'optionalMoney',
      description: '涉及金额（元） — Amount involved, yuan.',
      check: (value: string | null) => {
        if (value?.startsWith('-')) refuse('BAD_USER_INPUT', ['input', 'amountInvolved'], '金额不能为负 — amountInvolved must not be negative');
        return value;
      },
    },
  },
});
declare({
  typeName: 'Consultation',
  what: '会商研判',
  ref: ConsultationRef,
  table: 'consultation',
  payloadField: 'consultation',
  load: (id, ctx: Context) => ctx.loaders.consultationById.load(id),
  writeRoles: WRITERS,
  fields: {
    question: { kind: 'text', description: '会商议题 — Question.' },
    conclusionNote: { kind: 'optionalText', description: '结论说明 — Note on the conclusion.' },
  },
});
declare({
  typeName: 'ClueTransfer',
  what: '问题线索移交',
  ref: ClueTransferRef,
  table: 'clueTransfer',
  payloadField: 'transfer',
  load: (id, ctx: Context) => ctx.loaders.transferById.load(id),
  writeRoles: WRITERS,
  fields: {},
});
declare({
  typeName: 'FeedbackMeeting',
  what: '巡察反馈会',
  ref: FeedbackMeetingRef,
  table: 'feedbackMeeting',
  payloadField: 'meeting',
  load: (id, ctx: Context) => ctx.loaders.meetingById.load(id),
  writeRoles: WRITERS,
  fields: {},
});
declare({
  typeName: 'RectificationPlan',
  what: '整改方案',
  ref: RectificationPlanRef,
  table: 'rectificationPlan',
  payloadField: 'plan',
  load: (id, ctx: Context) => ctx.loaders.planById.load(id),
  writeRoles: WRITERS,
  fields: { summary: { kind: 'text', description: '方案概要 — Summary.' } },
});
declare({
  typeName: 'RectificationItem',
  what: '整改事项',
  ref: RectificationItemRef,
  table: 'rectificationItem',
  payloadField: 'item',
  load: (id, ctx: Context) => ctx.loaders.itemById.load(id),
  writeRoles: WRITERS,
  fields: {
    description: { kind: 'text', description: '整改内容 — Description.' },
    deadline: { kind: 'date', description: '整改时限 — Deadline.', check: itemDeadline },
  },
});
declare({
  typeName: 'RectificationProgress',
  what: '整改进展',
  ref: ProgressRef,
  table: 'rectificationProgress',
  payloadField: 'progress',
  load: (id, ctx: Context) => findProgressById(ctx.db, id),
  writeRoles: WRITERS,
  fields: { note: { kind: 'text', description: '进展说明 — Note.' } },
});
declare({
  typeName: 'InspectionFollowUp',
  what: '回头看',
  ref: FollowUpRef,
  table: 'followUp',
  payloadField: 'followUp',
  load: (id, ctx: Context) => ctx.loaders.followUpById.load(id),
  writeRoles: WRITERS,
  fields: { notes: { kind: 'text', description: '情况说明 — Notes.' } },
});

/** An amended deadline, like a new one, is not before the plan's (latest) submission. */
async function itemDeadline(value: string, row: { planId: string }, _ctx: Context, tx: Context['db']) {
  const plan = await findPlanById(tx, row.planId);
  const problems = new UserErrors();
  checkNotBefore(problems, value, plan?.submittedOn, ['input', 'deadline'], { zh: '方案报送日期', en: "the plan's submission" });
  problems.throwIfAny();
  return value;
}

// ─── 调出巡察组成员 ──────────────────────────────────────────────────────────────────────────────

const RemoveMemberInput = builder.inputType('RemoveInspectionTeamMemberInput', {
  description: '调出巡察组成员 — Remove a member from a team; the membership stays as history (formerMembers).',
  fields: (t) => ({
    teamId: t.id({ description: '巡察组 — Team.' }),
    staffId: t.id({ description: '工作人员 — Staff member.' }),
    removedOn: t.field({ type: 'Date', description: '调出日期（当日起不再在组） — Day the member leaves (no longer on the team from then).' }),
    reason: t.string({ description: '调出原因（必填） — Reason (required).' }),
  }),
});

builder.mutationField('removeInspectionTeamMember', (t) =>
  t.field({
    type: TeamPayload,
    description: '调出巡察组成员 — Remove a member from a team on a day not before its round starts; the membership stays readable under formerMembers.',
    authScopes: { role: WRITERS },
    args: { input: t.arg({ type: RemoveMemberInput, required: true, description: '调出信息 — Removal.' }) },
    resolve: (_root, { input }, ctx) =>
      runMutation(ctx.db, async (tx) => {
        const teamId = idOrRefuse(input.teamId, ['input', 'teamId']);
        const staffId = idOrRefuse(input.staffId, ['input', 'staffId']);
        const reason = requireText(input.reason, ['input', 'reason'], '调出原因');
        const team = await findTeam(tx, teamId);
        if (!team) refuse('NOT_FOUND', ['input', 'teamId'], '巡察组不存在 — no such team');
        const member = (await findMembers(tx, teamId)).find((m) => m.staffId === staffId);
        if (!member) refuse('NOT_FOUND', ['input', 'staffId'], '不是本组成员 — not a member of the team');
        if (member.removedOn != null) refuse('INVALID_TRANSITION', ['input', 'staffId'], '已从本组调出 — removed from the team already');
        const problems = new UserErrors();
        checkRemovalDate(problems, input.removedOn, team.startOn, todayInShanghai());
        problems.throwIfAny();
        await removeMember(tx, teamId, staffId, input.removedOn, reason);
        await ctx.audit.write(tx, { action: 'UPDATE', recordType: 'InspectionTeam', recordId: teamId });
        return teamId;
      }),
  }),
);
