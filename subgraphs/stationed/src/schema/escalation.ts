import { references, DATE_ID_KEY, idOrRefuse, paginate, payloadType, refuse, requireText, runMutation, idFilter, UserErrors, bilingual } from '@hub/core';
import { builder } from '../builder.ts';
import { actOnIssue, readEscalation, readEscalationContent, readEscalations, readGroupRecords, readUnitStationedRecords } from '../policy.ts';
import { lockFor } from '../db/locks.ts';
import type { Escalation } from '../db/database.ts';
import { countEscalations, escalationKey, insertEscalation, listEscalations } from '../db/escalations.ts';
import { findIssuesByIds, setIssueStatus } from '../db/supervision.ts';
import { checkEscalationRound, checkEscalationTarget, checkIssueStepDate, checkIssueTransition } from '../domain/issues.ts';
import { recordVisibility } from './access.ts';
import { StationedGroupRef } from './stationed-group.ts';
import { SupervisionIssueRef } from './supervision.ts';
import { requiresInspectingTeams, UnitRef } from './unit.ts';

/**
 * 移交巡察 — defined here; inspection contributes how the inspection team handled it. Need to know:
 * leaders, the group that escalated it, the group overseeing the unit today, and the inspection team
 * it was handed to — on every path, `_entities` included.
 */
export const EscalationRef = builder.objectRef<Escalation>('Escalation').implement({
  description:
    '移交巡察问题 — An issue a stationed group could not move in daily supervision, handed to an inspection round or team. Need-to-know; reads are audited.',
  authScopes: readEscalation,
  fields: (t) => ({
    id: t.exposeID('id', { description: '编号 — Identifier (key).' }),
    summary: t.string({
      description: '移交事项 — What is handed over; audited read.',
      authScopes: readEscalationContent,
      resolve: (e) => e.summary,
    }),
    reason: t.string({
      description: '移交原因 — Why daily supervision could not move it; audited read.',
      authScopes: readEscalationContent,
      resolve: (e) => e.reason,
    }),
    escalatedOn: t.expose('escalatedOn', { type: 'Date', description: '移交日期 — Day escalated.' }),
    inspectionRoundId: t.exposeID('inspectionRoundId', { nullable: true, description: '巡察轮次编号 — Inspection round it is handed to, if named.' }),
    inspectionTeamId: t.exposeID('inspectionTeamId', { nullable: true, description: '巡察组编号 — Inspection team it is handed to, if named.' }),
    issue: t.field({
      type: SupervisionIssueRef,
      description: '原问题（含处理状态） — The issue, with its current status.',
      resolve: async (e, _args, ctx) => (await ctx.loaders.issueById.load(e.issueId))!,
    }),
    group: t.field({
      type: StationedGroupRef,
      description: '移交的派驻纪检组 — The group that escalated it.',
      resolve: async (e, _args, ctx) => (await ctx.loaders.groupById.load(e.groupId))!,
    }),
    unit: t.field({ type: UnitRef, description: '所在单位 — The unit.', resolve: (e) => ({ code: e.unitCode }) }),
  }),
});

builder.asEntity(EscalationRef, {
  key: builder.selection<{ id: string }>('id'),
  resolveReference: (ref, ctx) => ctx.loaders.escalationById.load(String(ref.id).toLowerCase()),
});

builder.objectFields(SupervisionIssueRef, (t) => ({
  escalation: t.field({
    type: EscalationRef,
    nullable: true,
    description: '移交巡察情况 — The escalation of this issue to inspection, if escalated.',
    resolve: (issue, _args, ctx) => ctx.loaders.escalationByIssue.load(issue.id),
  }),
}));

builder.objectFields(UnitRef, (t) => ({
  stationedEscalations: t.connection(
    {
      type: EscalationRef,
      description: '派驻组移交巡察的问题（新到旧） — Issues at the unit that stationed groups escalated to inspection, newest first.',
      ...requiresInspectingTeams,
      authScopes: readUnitStationedRecords,
      resolve: (unit, args, ctx) => ctx.loaders.escalationPagesByUnit.page(unit.code, args),
    },
    { description: '本单位移交巡察的问题（分页） — A page of the unit’s escalations.' },
    { description: '移交巡察的问题（分页边） — One escalation with its cursor.' },
  ),
}));

builder.objectFields(StationedGroupRef, (t) => ({
  escalations: t.connection(
    {
      type: EscalationRef,
      description: '本组移交巡察的问题（新到旧） — Issues the group escalated to inspection, newest first.',
      authScopes: readGroupRecords,
      resolve: (group, args, ctx) => ctx.loaders.escalationPagesByGroup.page(group.id, args),
    },
    { description: '本组移交巡察的问题（分页） — A page of the group’s escalations.' },
    { description: '移交巡察的问题（分页边） — One escalation with its cursor.' },
  ),
}));

const EscalationFilterInput = builder.inputType('EscalationFilter', {
  description: '移交巡察问题筛选 — Filter for escalations; all given conditions must hold.',
  fields: (t) => ({
    groupId: t.id({ required: false, description: '派驻纪检组 — Group.' }),
    unitCode: t.field({ type: 'UnitCode', required: false, description: '单位 — Unit.' }),
    inspectionRoundId: t.id({ required: false, description: '巡察轮次 — Inspection round.' }),
    inspectionTeamId: t.id({ required: false, description: '巡察组 — Inspection team.' }),
    escalatedFrom: t.field({ type: 'Date', required: false, description: '移交日期起（含） — On or after.' }),
    escalatedTo: t.field({ type: 'Date', required: false, description: '移交日期止（含） — On or before.' }),
  }),
});

builder.queryFields((t) => ({
  escalations: t.connection(
    {
      type: EscalationRef,
      description: bilingual(
        '移交巡察问题（新到旧）',
        "Escalations the caller may see: leaders all; stationed officers their groups' and units';",
        'inspection officers those handed to their teams.',
      ),
      authScopes: readEscalations,
      args: { filter: t.arg({ type: EscalationFilterInput, required: false, description: '筛选条件 — Filter.' }) },
      resolve: (_root, args, ctx) => {
        const f = args.filter ?? {};
        const groupId = idFilter(f.groupId);
        const filter = {
          ...f,
          groupId,
          inspectionRoundId: f.inspectionRoundId == null ? null : String(f.inspectionRoundId),
          inspectionTeamId: f.inspectionTeamId == null ? null : String(f.inspectionTeamId),
        };
        const visibility = recordVisibility(ctx);
        return paginate<Escalation>(args, {
          keys: DATE_ID_KEY,
          key: escalationKey,
          fetch: (window) => listEscalations(ctx.db, filter, visibility, window),
          count: () => countEscalations(ctx.db, filter, visibility),
        });
      },
    },
    { description: '移交巡察问题（分页） — A page of escalations.' },
    { description: '移交巡察问题（分页边） — One of escalations with its cursor.' },
  ),
}));

const EscalateInput = builder.inputType('EscalateSupervisionIssueInput', {
  description: '移交巡察 — Hand an open issue to inspection.',
  fields: (t) => ({
    issueId: t.id({ description: '问题编号 — The open issue.' }),
    summary: t.string({ required: false, description: "移交事项（默认为问题描述） — What is handed over; defaults to the issue's description." }),
    reason: t.string({ description: '移交原因 — Why daily supervision cannot move it.' }),
    escalatedOn: t.field({ type: 'Date', description: '移交日期 — Day escalated.' }),
    inspectionRoundId: t.id({ required: false, description: '巡察轮次编号 — Inspection round it goes to.' }),
    inspectionTeamId: t.id({ required: false, description: '巡察组编号 — Inspection team it goes to (at least one of round and team).' }),
  }),
});

const EscalationPayload = payloadType(builder, 'EscalationPayload', {
  field: 'escalation',
  type: EscalationRef,
  description: '移交巡察结果 — The escalation, or why it was refused.',
  load: (id, ctx) => {
    // The need-to-know check loaded the issue before it changed.
    ctx.loaders.issueById.clearAll();
    ctx.loaders.escalationByIssue.clearAll();
    return ctx.loaders.escalationById.load(id);
  },
});

const optionalId = (value: string | number | null | undefined, field: string[]) => {
  if (value == null) return null;
  const id = String(value).trim();
  if (id === '' || id.length > 128) refuse('BAD_USER_INPUT', field, `编号无效 — ${field.at(-1)} is not a valid id`);
  return id;
};

builder.mutationFields((t) => ({
  escalateSupervisionIssue: t.field({
    type: EscalationPayload,
    description:
      '移交巡察 — Escalate an open issue to an inspection round or team; the issue becomes ESCALATED (the group that found it or oversees its unit).',
    authScopes: actOnIssue,
    args: { input: t.arg({ type: EscalateInput, required: true, description: '移交内容 — The escalation.' }) },
    resolve: (_root, { input }, ctx) =>
      runMutation(ctx.db, async (tx) => {
        const issueId = idOrRefuse(String(input.issueId), ['input', 'issueId'], '问题');
        await lockFor(tx, 'issue', issueId);
        const [issue] = await findIssuesByIds(tx, [issueId]);
        if (!issue) refuse('NOT_FOUND', ['input', 'issueId'], '问题不存在 — no such issue');
        const problems = new UserErrors();
        if (checkIssueTransition(problems, issue.status, 'ESCALATED')) checkIssueStepDate(problems, input.escalatedOn, issue.foundOn, 'escalatedOn', ctx.today);
        problems.throwIfAny();
        const inspectionRoundId = optionalId(input.inspectionRoundId, ['input', 'inspectionRoundId']);
        const inspectionTeamId = optionalId(input.inspectionTeamId, ['input', 'inspectionTeamId']);
        checkEscalationTarget(problems, { inspectionRoundId, inspectionTeamId });
        problems.throwIfAny();
        const summary = input.summary == null ? issue.description : requireText(input.summary, ['input', 'summary'], '移交事项');
        const reason = requireText(input.reason, ['input', 'reason'], '移交原因');
        const check = await references(ctx)
          .add('inspectionTeam', ['input', 'inspectionTeamId'], inspectionTeamId)
          .add('inspectionRound', ['input', 'inspectionRoundId'], inspectionRoundId)
          .run('escalateSupervisionIssue');
        // Handed to a round under way: not ended before the day of the escalation.
        checkEscalationRound(
          problems,
          input.escalatedOn,
          inspectionTeamId
            ? { roundId: check.get('inspectionTeam', inspectionTeamId).roundId, roundEndOn: check.get('inspectionTeam', inspectionTeamId).roundEndOn }
            : null,
          inspectionRoundId ? { id: inspectionRoundId, endOn: check.get('inspectionRound', inspectionRoundId).endOn } : null,
        );
        problems.throwIfAny();
        const id = crypto.randomUUID();
        await insertEscalation(tx, {
          id,
          issueId: issue.id,
          groupId: issue.groupId,
          unitCode: issue.unitCode,
          summary,
          reason,
          escalatedOn: input.escalatedOn,
          inspectionRoundId,
          inspectionTeamId,
          recordedBy: ctx.viewer.staffId,
        });
        await setIssueStatus(tx, issue.id, { status: 'ESCALATED' });
        await ctx.audit.write(tx, { action: 'CREATE', recordType: 'Escalation', recordId: id });
        await ctx.audit.write(tx, { action: 'UPDATE', recordType: 'SupervisionIssue', recordId: issue.id });
        return id;
      }),
  }),
}));
