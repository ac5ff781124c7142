import { addEventDeliveryPayload, applyEventOnce, idOrRefuse, refuse, requireText } from '@hub/core';
import { builder } from '../builder.ts';
import { applyClueRegistrations, applyClueResults } from '../policy.ts';
import { findTransferForUpdate, recordTransferFeedback, recordTransferRegistration } from '../db/findings.ts';

/**
 * 事件接收 — facts other bodies deliver from their outbox (service identities only). Each event is
 * applied once: its id is recorded in the inbox in the transaction that applies it.
 */
const Payload = addEventDeliveryPayload(builder);

const ClueResultInput = builder.inputType('ApplyClueResultReportedInput', {
  description: '移交线索的办理结果（来自纪律方） — The result of a transferred clue, as discipline reported it.',
  fields: (t) => ({
    eventId: t.id({ description: '事件编号（幂等键） — Event id (idempotency key).' }),
    clueTransferId: t.id({ description: '线索移交 — The transfer.' }),
    reportedOn: t.field({ type: 'Date', description: '反馈日期 — Day the result was reported.' }),
    summary: t.string({ description: '办理结果 — The result.' }),
  }),
});

builder.mutationField('applyClueResultReported', (t) =>
  t.field({
    type: Payload,
    description:
      "接收线索办理结果（仅纪律方服务身份） — Apply a transferred clue's reported result as the transfer's feedback (discipline's service identity only).",
    authScopes: applyClueResults,
    args: { input: t.arg({ type: ClueResultInput, required: true, description: '事件 — The event.' }) },
    resolve: (_root, { input }, ctx) =>
      applyEventOnce(ctx.db, { eventId: input.eventId, source: 'discipline', topic: 'clueResultReported' }, async (tx) => {
        const transferId = idOrRefuse(input.clueTransferId, ['input', 'clueTransferId'], '巡察移交');
        const summary = requireText(input.summary, ['input', 'summary'], '办理结果');
        const transfer = await findTransferForUpdate(tx, transferId);
        if (!transfer) refuse('NOT_FOUND', ['input', 'clueTransferId'], '线索移交不存在 — no such transfer');
        // Feedback keyed by hand before this event arrived stays as recorded.
        if (transfer.feedbackReceivedOn) return;
        await recordTransferFeedback(tx, transferId, input.reportedOn < transfer.transferredOn ? transfer.transferredOn : input.reportedOn, summary);
        await ctx.audit.write(tx, { action: 'UPDATE', recordType: 'ClueTransfer', recordId: transferId });
      }),
  }),
);

const ClueRegisteredInput = builder.inputType('ApplyClueRegisteredInput', {
  description: '移交线索已登记（来自纪律方） — Discipline registered a clue from a transfer.',
  fields: (t) => ({
    eventId: t.id({ description: '事件编号（幂等键） — Event id (idempotency key).' }),
    clueTransferId: t.id({ description: '线索移交 — The transfer.' }),
    registeredOn: t.field({ type: 'Date', description: '登记（受理）日期 — Day the clue was registered (received).' }),
  }),
});

builder.mutationField('applyClueRegistered', (t) =>
  t.field({
    type: Payload,
    description:
      "接收线索登记事实（仅纪律方服务身份） — Record that discipline registered a clue from the transfer, and on which day (discipline's service identity only).",
    authScopes: applyClueRegistrations,
    args: { input: t.arg({ type: ClueRegisteredInput, required: true, description: '事件 — The event.' }) },
    resolve: (_root, { input }, ctx) =>
      applyEventOnce(ctx.db, { eventId: input.eventId, source: 'discipline', topic: 'clueRegistered' }, async (tx) => {
        const transferId = idOrRefuse(input.clueTransferId, ['input', 'clueTransferId'], '巡察移交');
        const transfer = await findTransferForUpdate(tx, transferId);
        if (!transfer) refuse('NOT_FOUND', ['input', 'clueTransferId'], '线索移交不存在 — no such transfer');
        await recordTransferRegistration(tx, transferId, input.registeredOn);
        await ctx.audit.write(tx, { action: 'UPDATE', recordType: 'ClueTransfer', recordId: transferId });
      }),
  }),
);
