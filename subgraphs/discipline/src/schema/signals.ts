import { builder } from '../builder.ts';
import type { Context } from '../context.ts';
import type { DisciplineSignalRow } from '../db/signals.ts';
import { todayInShanghai, bilingual } from '@hub/core';
import { readSignalEvidence, readUnitCounts } from '../policy.ts';
import { SpecialInspectionRef } from './extras.ts';
import { requiresAssignedTeams, UnitRef } from './unit.ts';

type SignalKind = DisciplineSignalRow['kind'];

/** A signal raised from discipline's own records about a unit, with the records it rests on. */
interface DisciplineSignal {
  kind: SignalKind;
  title: string;
  firstOn: string;
  lastOn: string;
  evidence: string[];
}

const DisciplineSignalKindEnum = builder.enumType('DisciplineSignalKind', {
  description: '纪律监督信号类别 — Kind of signal discipline raises about a unit.',
  values: {
    REPEATED_FOUR_WINDS_PETITIONS: { description: '12个月内多次反映四风问题 — At least two 四风 petitions about the unit within 12 months.' },
    SAME_PERSON_CLUES_SEVERAL_YEARS: { description: '同一干部多个年度被反映 — Clues naming the same cadre of the unit in several years.' },
  } as const,
});

const DisciplineSignalRef = builder.objectRef<DisciplineSignal>('DisciplineSignal').implement({
  description: '纪律监督信号 — A signal discipline computes from its own records about a unit, with the records it rests on.',
  fields: (t) => ({
    kind: t.expose('kind', { type: DisciplineSignalKindEnum, description: '信号类别 — Kind of signal.' }),
    title: t.exposeString('title', { description: '信号说明（中文 — English），不含人员信息 — What was seen, Chinese then English; never names a person.' }),
    firstOn: t.expose('firstOn', { type: 'Date', description: '最早记录日期 — Date of the earliest record behind the signal.' }),
    lastOn: t.expose('lastOn', { type: 'Date', description: '最近记录日期 — Date of the latest record behind the signal.' }),
    evidenceCount: t.int({ description: '依据记录数 — Number of records the signal rests on.', resolve: (s) => s.evidence.length }),
    evidence: t.idList({
      // Nullable: a caller who may read one kind's records and not another's still gets the rest.
      nullable: true,
      description:
        '依据记录编号（信访件或问题线索） — Ids of the petitions or clues the signal rests on; only for roles that may read those records (else null, with an error).',
      authScopes: readSignalEvidence,
      resolve: (s, _a, ctx) => {
        // Clues naming one cadre are person-level records: their ids are an audited read.
        if (s.kind === 'SAME_PERSON_CLUES_SEVERAL_YEARS') for (const id of s.evidence) ctx.audit.read('Clue', id);
        return s.evidence;
      },
    }),
  }),
});

const year = (date: string) => date.slice(0, 4);

/** Turns the batched rows of one unit into signals: one for 四风 petitions, one per cadre for clues. */
function toSignals(rows: DisciplineSignalRow[], since: string, asOf: string): DisciplineSignal[] {
  const signals: DisciplineSignal[] = [];
  const groups = new Map<string, DisciplineSignalRow[]>();
  for (const row of rows) {
    const key = `${row.kind}|${row.personId ?? ''}`;
    groups.set(key, [...(groups.get(key) ?? []), row]);
  }
  for (const group of groups.values()) {
    const dates = group.map((r) => r.onDate).sort();
    const evidence = [...new Set(group.map((r) => r.recordId))];
    const kind = group[0]!.kind;
    const years = [...new Set(dates.map(year))];
    const title =
      kind === 'REPEATED_FOUR_WINDS_PETITIONS'
        ? `截至${asOf}的12个月内（不早于${since}）收到反映四风问题的本级管辖信访件${evidence.length}件 — ${evidence.length} petitions within this commission's jurisdiction about 四风 received in the 12 months up to ${asOf} (not before ${since})`
        : `${since}至${asOf}同一干部在${years.length}个年度被反映（${years.join('、')}年，${evidence.length}条线索） — Clues received ${since} to ${asOf} against the same cadre in ${years.length} years (${years.join(', ')}; ${evidence.length} clues)`;
    signals.push({ kind, title, firstOn: dates[0]!, lastOn: dates.at(-1)!, evidence });
  }
  return signals;
}

/**
 * Like the unit's counts (unit.ts): teams inspecting the unit now also see the signals; which teams
 * those are, the gateway fetches from inspection.
 */

builder.objectFields(UnitRef, (t) => ({
  disciplineSignals: t.field({
    type: [DisciplineSignalRef],
    description: bilingual(
      '纪律监督信号（巡前通报用）',
      'Signals from petitions and clues about the unit since a date; counts for the offices, leaders,',
      'analysts and teams inspecting the unit, records behind them need-to-know.',
    ),
    args: {
      since: t.arg({ type: 'Date', required: true, description: '起始日期（含） — Count records on or after this date.' }),
      asOf: t.arg({ type: 'Date', required: false, description: '截至日期（默认今天） — Count nothing after this date (default: today, Asia/Shanghai).' }),
    },
    // `requires` is typed only inside `UnitRef.implement` (unit.ts); the plugin reads it on any field.
    ...({ requires: requiresAssignedTeams } as object),
    authScopes: readUnitCounts,
    resolve: async (unit, args, ctx: Context) => {
      const asOf = args.asOf ?? todayInShanghai();
      return toSignals(await ctx.loaders.signalRowsByUnitWindow.load(`${unit.code}|${args.since}~${asOf}`), args.since, asOf);
    },
  }),
  specialInspections: t.connection(
    {
      type: SpecialInspectionRef,
      description: '检查过本单位的专项检查（新到旧） — Joint special inspections that checked the unit on or after a date, newest first.',
      args: { since: t.arg({ type: 'Date', required: true, description: '起始日期 — Checks on or after this date.' }) },
      resolve: (unit, args, ctx: Context) => ctx.loaders.specialInspectionPagesByUnit.page(unit.code, args, args.since),
    },
    { description: '检查过本单位的专项检查（分页） — A page of special inspections that checked the unit.' },
    { description: '专项检查（分页边） — One special inspection with its cursor.' },
  ),
}));
