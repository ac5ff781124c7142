import { type Role, todayInShanghai } from '@hub/core';
import { builder } from '../builder.ts';
import type { InspectionSignalRow } from '../db/signals.ts';
import { RECORD_READERS, unitRecordScopes } from './common.ts';
import { UnitRef } from './unit.ts';

type SignalKind = InspectionSignalRow['kind'];

/** A signal raised from inspection's own records about a unit, with the records it rests on. */
interface InspectionSignal {
  kind: SignalKind;
  unitCode: string;
  title: string;
  earliestDueOn: string;
  evidence: string[];
}

const InspectionSignalKindEnum = builder.enumType('InspectionSignalKind', {
  description: '巡察信号类别 — Kind of signal inspection raises about a unit.',
  values: {
    RECTIFICATION_OVERDUE: { description: '整改事项逾期未完成 — Rectification items past their deadline and not completed.' },
    TRANSFER_FEEDBACK_OVERDUE: { description: '移交线索逾期未反馈 — Clue transfers without feedback past the 3-month deadline.' },
  } as const,
});

const TRANSFER_EVIDENCE_READERS: Role[] = [...RECORD_READERS, 'case_manager'];

const InspectionSignalRef = builder.objectRef<InspectionSignal>('InspectionSignal').implement({
  description: '巡察信号 — A signal inspection computes from its own records about a unit, with the records it rests on.',
  fields: (t) => ({
    kind: t.expose('kind', { type: InspectionSignalKindEnum, description: '信号类别 — Kind of signal.' }),
    title: t.exposeString('title', { description: '信号说明（中文 — English） — What was seen, Chinese then English.' }),
    earliestDueOn: t.expose('earliestDueOn', { type: 'Date', description: '最早到期日 — The earliest deadline that passed.' }),
    evidenceCount: t.int({ description: '依据记录数 — Number of records the signal rests on.', resolve: (s) => s.evidence.length }),
    evidence: t.idList({
      // Nullable: a caller who may read one kind's records and not another's still gets the rest.
      nullable: true,
      description: '依据记录编号（整改事项或线索移交） — Ids of the rectification items or clue transfers the signal rests on; only for roles that may read those records (else null, with an error).',
      // Rectification items: the unit's rectification readers. Clue transfers: inspection officers,
      // leaders and case management (the receiving body reads its own transfers elsewhere).
      authScopes: (s, _a, ctx) => (s.kind === 'TRANSFER_FEEDBACK_OVERDUE' ? { role: TRANSFER_EVIDENCE_READERS } : unitRecordScopes(ctx, s.unitCode)),
      resolve: (s) => s.evidence,
    }),
  }),
});

const TITLES: Record<SignalKind, (n: number) => string> = {
  RECTIFICATION_OVERDUE: (n) => `整改事项逾期未完成（${n}项） — Rectification items overdue (${n})`,
  TRANSFER_FEEDBACK_OVERDUE: (n) => `移交线索超过3个月未反馈（${n}件） — Clue transfers without feedback past the 3-month deadline (${n})`,
};

function toSignals(unitCode: string, rows: InspectionSignalRow[]): InspectionSignal[] {
  const byKind = new Map<SignalKind, InspectionSignalRow[]>();
  for (const row of rows) byKind.set(row.kind, [...(byKind.get(row.kind) ?? []), row]);
  return [...byKind].map(([kind, group]) => ({
    kind,
    unitCode,
    title: TITLES[kind](group.length),
    earliestDueOn: group.map((r) => r.dueOn).sort()[0]!,
    evidence: group.map((r) => r.recordId),
  }));
}

builder.objectFields(UnitRef, (t) => ({
  inspectionSignals: t.field({
    type: [InspectionSignalRef],
    description: '巡察信号（巡前通报用） — Signals from the unit\'s rectification and clue transfers; same readers as findings and rectification.',
    args: {
      since: t.arg({ type: 'Date', required: true, description: '起始日期 — Transfers made on or after this date (open rectification items count whenever due).' }),
      asOf: t.arg({ type: 'Date', required: false, description: '截至日期（默认今天） — As of this date (default: today, Asia/Shanghai).' }),
    },
    authScopes: (unit, _a, ctx) => unitRecordScopes(ctx, unit.code),
    resolve: async (unit, args, ctx) => toSignals(unit.code, await ctx.loaders.signalRowsByUnit.load(`${unit.code}|${args.since}|${args.asOf ?? todayInShanghai()}`)),
  }),
}));
