import { addEventDeliveryPayload, applyEventOnce, idOrRefuse, refuse } from '@hub/core';
import { handledResolvedOn } from '../domain/issues.ts';
import { builder } from '../builder.ts';
import { applyEscalationHandlings } from '../policy.ts';
import { findEscalationsByIds } from '../db/escalations.ts';
import { lockFor } from '../db/locks.ts';
import { findIssuesByIds, setIssueStatus } from '../db/supervision.ts';

/**
 * 事件接收 — facts other bodies deliver from their outbox (service identities only). Each event is
 * applied once: its id is recorded in the inbox in the transaction that applies it.
 */
const Payload = addEventDeliveryPayload(builder);

const ACTION_NAMES: Record<string, string> = {
  VERIFIED_DURING_INSPECTION: '巡察中核实',
  RECORDED_AS_FINDING: '列为巡察发现问题',
  TRANSFERRED_AS_CLUE: '作为问题线索移交',
  INCLUDED_IN_FEEDBACK: '纳入巡察反馈',
  NOT_SUBSTANTIATED: '经核实不属实',
};

const HandledInput = builder.inputType('ApplyEscalationHandledInput', {
  description: '移交事项的处理情况（来自巡察方） — How the inspection team handled an escalation.',
  fields: (t) => ({
    eventId: t.id({ description: '事件编号（幂等键） — Event id (idempotency key).' }),
    escalationId: t.id({ description: '移交事项 — The escalation.' }),
    action: t.string({ description: "处理方式 — How it was handled (inspection's EscalationAction)." }),
    handledOn: t.field({ type: 'Date', description: '处理日期 — Day it was handled.' }),
  }),
});

builder.mutationField('applyEscalationHandled', (t) =>
  t.field({
    type: Payload,
    description:
      "接收移交事项处理情况（仅巡察方服务身份） — Close the escalated issue with the inspection team's handling (inspection's service identity only).",
    authScopes: applyEscalationHandlings,
    args: { input: t.arg({ type: HandledInput, required: true, description: '事件 — The event.' }) },
    resolve: (_root, { input }, ctx) =>
      applyEventOnce(ctx.db, { eventId: input.eventId, source: 'inspection', topic: 'escalationHandled' }, async (tx) => {
        const escalationId = idOrRefuse(input.escalationId, ['input', 'escalationId'], '移交事项');
        const actionName = ACTION_NAMES[input.action];
        if (!actionName) refuse('BAD_USER_INPUT', ['input', 'action'], '处理方式无效 — unknown action');
        const [escalation] = await findEscalationsByIds(tx, [escalationId]);
        if (!escalation) refuse('NOT_FOUND', ['input', 'escalationId'], '移交事项不存在 — no such escalation');
        await lockFor(tx, 'issue', escalation.issueId);
        const [issue] = await findIssuesByIds(tx, [escalation.issueId]);
        // An issue the group resolved itself meanwhile keeps its own resolution.
        if (issue?.status !== 'ESCALATED') return;
        await setIssueStatus(tx, issue.id, {
          status: 'RESOLVED',
          resolvedOn: handledResolvedOn(input.handledOn, issue.foundOn),
          resolution: `巡察组已处理：${actionName} — handled by the inspection team (${input.action})`,
        });
        await ctx.audit.write(tx, { action: 'UPDATE', recordType: 'SupervisionIssue', recordId: issue.id });
      }),
  }),
);
