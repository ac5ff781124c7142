import { addDeadlineTypes, dueDate, type DueItem, isOverdue, type Role } from '@hub/core';
import { builder } from '../builder.ts';
import type { Context } from '../context.ts';
import { findRectificationReportsOutstanding, findTransfersAwaitingFeedback } from '../db/due.ts';
import { RECORD_READERS } from './common.ts';
import { readDueItems } from '../policy.ts';

/**
 * Inspection's part of "what is due" (the `DueReport` entity discipline defines): transferred clues
 * awaiting feedback and rectification reports not yet submitted. Due dates come from the deadline
 * engine in @hub/core; the key's `dueBy` is the discipline calendar's answer to "N working days ahead".
 */
const { DueItemRef } = addDeadlineTypes(builder);

interface DueReport {
  asOf: string;
  dueBy: string;
}

export const DueReportRef = builder.externalRef('DueReport', builder.selection<DueReport>('asOf dueBy'), (ref) => ({ asOf: ref.asOf, dueBy: ref.dueBy }));
DueReportRef.implement({
  description: '到期事项汇总 — What is due as of a date; defined by discipline, each subgraph contributes its own items.',
  fields: (t) => ({
    asOf: t.expose('asOf', { type: 'Date', description: '截至日期（键） — Date asked about (key).' }),
    dueBy: t.expose('dueBy', { type: 'Date', description: '到期截止日（键） — Last day counted as due soon (key).' }),
  }),
});

/** Transfers: inspection officers, leaders and case management (as for `clueTransfers`), and the receiving body. */
const TRANSFER_READERS: Role[] = [...RECORD_READERS, 'case_manager'];

function mayReadTransfer(ctx: Context, t: { receiverKind: string; receiverId: string }): boolean {
  const { roles, scopes } = ctx.viewer;
  if (roles.some((r) => TRANSFER_READERS.includes(r))) return true;
  if (t.receiverKind === 'DEPARTMENT') return scopes.departmentIds.includes(t.receiverId);
  if (t.receiverKind === 'STATIONED_GROUP') return scopes.stationedGroupIds.includes(t.receiverId);
  if (t.receiverKind === 'COLLABORATION_ZONE') return scopes.zoneIds.includes(t.receiverId);
  return false;
}

async function inspectionItems(r: DueReport, ctx: Context): Promise<DueItem[]> {
  const items: DueItem[] = [];
  for (const t of await findTransfersAwaitingFeedback(ctx.db, r.asOf, r.dueBy)) {
    if (!mayReadTransfer(ctx, t)) continue;
    const deadline = dueDate('TRANSFER_FEEDBACK', t.transferredOn, null);
    items.push({
      deadline,
      recordType: 'ClueTransfer',
      recordId: t.id,
      unitCode: t.unitCode,
      owner: '线索承办部门',
      owningBody: 'INSPECTION',
      doneOn: null,
      overdue: isOverdue(deadline, null, r.asOf),
    });
  }
  if (ctx.viewer.roles.some((role) => RECORD_READERS.includes(role))) {
    for (const m of await findRectificationReportsOutstanding(ctx.db, r.asOf, r.dueBy)) {
      const deadline = dueDate('RECTIFICATION_REPORT', m.heldOn, null);
      items.push({
        deadline,
        recordType: 'Inspection',
        recordId: m.inspectionId,
        unitCode: m.unitCode,
        owner: '被巡察单位党组织',
        owningBody: 'INSPECTION',
        doneOn: null,
        overdue: isOverdue(deadline, null, r.asOf),
      });
    }
  }
  return items.sort((a, b) => a.deadline.dueOn.localeCompare(b.deadline.dueOn) || a.recordId.localeCompare(b.recordId));
}

builder.objectFields(DueReportRef, (t) => ({
  inspection: t.field({
    type: [DueItemRef],
    description:
      '巡察事项（移交线索反馈、整改情况报告），按到期日 — Inspection items (feedback on transferred clues, rectification reports) the caller may read, earliest due first.',
    authScopes: readDueItems,
    resolve: (r, _a, ctx) => inspectionItems(r, ctx),
  }),
}));
