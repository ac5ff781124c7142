import { todayInShanghai, bilingual } from '@hub/core';
import { builder } from '../builder.ts';
import type { InspectionSignalRow } from '../db/signals.ts';
import { readSignalEvidence, readUnitInspectionRecords } from '../policy.ts';
import { requiresCoverage } from './contributions.ts';
import { UnitRef } from './unit.ts';
import { TRANSFER_REGISTRATION_WORKING_DAYS } from '../domain/signals.ts';

type SignalKind = InspectionSignalRow['kind'];

/** A signal raised from inspection's own records about a unit, with the records it rests on. */
export interface InspectionSignal {
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
    TRANSFER_NOT_REGISTERED: {
      description: `移交线索超过${TRANSFER_REGISTRATION_WORKING_DAYS}个工作日未登记 — Clue transfers not registered by the receiving body more than ${TRANSFER_REGISTRATION_WORKING_DAYS} working days after the transfer.`,
    },
    REPORT_OVERDUE_NO_PLAN: { description: '整改报告逾期且未报送整改方案 — Rectification report overdue with no plan submitted at all.' },
    REPEATED_FINDING: { description: '同类问题在多轮巡察中反复出现 — The same category of problem found in more than one inspection.' },
  } as const,
});

const InspectionSignalRef = builder.objectRef<InspectionSignal>('InspectionSignal').implement({
  description: '巡察信号 — A signal inspection computes from its own records about a unit, with the records it rests on.',
  fields: (t) => ({
    kind: t.expose('kind', { type: InspectionSignalKindEnum, description: '信号类别 — Kind of signal.' }),
    title: t.exposeString('title', {
      description: '信号说明（中文 — English），写明所计何物、何期间 — What was counted and over which window, Chinese then English.',
    }),
    earliestDueOn: t.expose('earliestDueOn', {
      type: 'Date',
      description: bilingual(
        '最早到期日（反复出现的问题为最早记录日；未登记的移交为登记时限届满日）',
        'The earliest deadline that passed; for repeated findings, the earliest day recorded;',
        'for transfers not registered, the last day of the registration limit.',
      ),
    }),
    evidenceCount: t.int({ description: '依据记录数 — Number of records the signal rests on.', resolve: (s) => s.evidence.length }),
    evidence: t.idList({
      description: bilingual(
        '依据记录编号（整改事项、线索移交、巡察或发现问题）',
        'Ids of the rectification items, clue transfers, inspections or findings the signal rests on;',
        'only for roles that may read those records (else null, with an error).',
      ),
      authScopes: readSignalEvidence,
      resolve: (s) => s.evidence,
    }),
  }),
});

const window = (since: string, asOf: string) => `${since}至${asOf}`;
const windowEn = (since: string, asOf: string) => `${since} to ${asOf}`;

function title(kind: SignalKind, rows: InspectionSignalRow[], since: string, asOf: string): string {
  const n = rows.length;
  const w = window(since, asOf);
  const we = windowEn(since, asOf);
  switch (kind) {
    case 'RECTIFICATION_OVERDUE':
      return `${w}到期、截至${asOf}未完成的整改事项${n}项 — ${n} rectification item(s) due ${we} and not completed by ${asOf}`;
    case 'TRANSFER_FEEDBACK_OVERDUE':
      return `${w}移交、截至${asOf}超过3个月未反馈的问题线索${n}件 — ${n} clue transfer(s) made ${we} without feedback past the 3-month deadline as of ${asOf}`;
    case 'TRANSFER_NOT_REGISTERED': {
      const d = TRANSFER_REGISTRATION_WORKING_DAYS;
      return `${w}移交、截至${asOf}超过${d}个工作日仍未登记的问题线索${n}件 — ${n} clue transfer(s) made ${we} and still not registered more than ${d} working days later as of ${asOf}`;
    }
    case 'REPORT_OVERDUE_NO_PLAN':
      return `整改报告${w}到期、截至${asOf}未报送整改方案（${n}次巡察） — Rectification report due ${we} and no plan submitted by ${asOf} (${n} inspection(s))`;
    case 'REPEATED_FINDING': {
      const inspections = rows.length;
      return `${w}多次巡察发现同类问题（${rows[0]!.category}，${inspections}个问题） — The same category of problem (${rows[0]!.category}) found in more than one inspection ${we} (${inspections} finding(s))`;
    }
  }
}

function toSignals(unitCode: string, rows: InspectionSignalRow[], since: string, asOf: string): InspectionSignal[] {
  const groups = new Map<string, InspectionSignalRow[]>();
  for (const row of rows) {
    const key = row.kind === 'REPEATED_FINDING' ? `${row.kind}|${row.category}` : row.kind;
    groups.set(key, [...(groups.get(key) ?? []), row]);
  }
  return [...groups.values()].map((group) => ({
    kind: group[0]!.kind,
    unitCode,
    title: title(group[0]!.kind, group, since, asOf),
    earliestDueOn: group.map((r) => r.dueOn).sort()[0]!,
    evidence: group.map((r) => r.recordId),
  }));
}

builder.objectFields(UnitRef, (t) => ({
  inspectionSignals: t.field({
    type: [InspectionSignalRef],
    description:
      "巡察信号（巡前通报用） — Signals from the unit's inspections, rectification and clue transfers in [since, asOf]; same readers as findings and rectification.",
    args: {
      since: t.arg({
        type: 'Date',
        required: true,
        description: '起始日期（含） — Window start (inclusive): only deadlines, transfers and findings on or after it count.',
      }),
      asOf: t.arg({
        type: 'Date',
        required: false,
        description: '截至日期（默认今天） — As of this date (default: today, Asia/Shanghai); nothing recorded after it counts.',
      }),
    },
    directives: requiresCoverage,
    authScopes: readUnitInspectionRecords,
    resolve: async (unit, args, ctx) => {
      const asOf = args.asOf ?? todayInShanghai();
      return toSignals(unit.code, await ctx.loaders.signalRowsByUnit.load(`${unit.code}|${args.since}|${asOf}`), args.since, asOf);
    },
  }),
}));
