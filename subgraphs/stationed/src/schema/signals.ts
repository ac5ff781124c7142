import { GraphQLError } from 'graphql';
import { builder } from '../builder.ts';
import { readUnitStationedRecords } from '../policy.ts';
import type { StationedSignalRow } from '../db/signals.ts';
import { requiresInspectingTeams, UnitRef } from './unit.ts';

type SignalKind = StationedSignalRow['kind'];

/** A signal raised from the stationed groups' own records about a unit, with the records it rests on. */
interface StationedSignal {
  kind: SignalKind;
  title: string;
  firstOn: string;
  lastOn: string;
  evidence: string[];
}

const StationedSignalKindEnum = builder.enumType('StationedSignalKind', {
  description: '派驻监督信号类别 — Kind of signal stationed supervision raises about a unit.',
  values: {
    LONG_OPEN_ISSUES: { description: '日常监督发现问题长期未解决 — Issues found in daily supervision still open after the given number of days.' },
    ESCALATED_TO_INSPECTION: { description: '派驻组移交巡察的问题 — Issues the stationed group escalated to inspection.' },
  } as const,
});

const StationedSignalRef = builder.objectRef<StationedSignal>('StationedSignal').implement({
  description: '派驻监督信号 — A signal stationed supervision computes from its own records about a unit, with the records it rests on.',
  fields: (t) => ({
    kind: t.expose('kind', { type: StationedSignalKindEnum, description: '信号类别 — Kind of signal.' }),
    title: t.exposeString('title', { description: '信号说明（中文 — English） — What was seen, Chinese then English.' }),
    firstOn: t.expose('firstOn', { type: 'Date', description: '最早记录日期 — Date of the earliest record behind the signal.' }),
    lastOn: t.expose('lastOn', { type: 'Date', description: '最近记录日期 — Date of the latest record behind the signal.' }),
    evidenceCount: t.int({ description: '依据记录数 — Number of records the signal rests on.', resolve: (s) => s.evidence.length }),
    evidence: t.idList({
      description: '依据记录编号（监督发现问题或移交巡察） — Ids of the supervision issues or escalations the signal rests on.',
      resolve: (s) => s.evidence,
    }),
  }),
});

function toSignals(rows: StationedSignalRow[], openDays: number): StationedSignal[] {
  const byKind = new Map<SignalKind, StationedSignalRow[]>();
  for (const row of rows) byKind.set(row.kind, [...(byKind.get(row.kind) ?? []), row]);
  return [...byKind].map(([kind, group]) => {
    const n = group.length;
    const dates = group.map((r) => r.onDate).sort();
    const title =
      kind === 'LONG_OPEN_ISSUES'
        ? `发现问题超过${openDays}天未解决（${n}个） — Issues open for more than ${openDays} days (${n})`
        : `派驻组移交巡察问题（${n}个） — Issues escalated to inspection (${n})`;
    return { kind, title, firstOn: dates[0]!, lastOn: dates.at(-1)!, evidence: group.map((r) => r.recordId) };
  });
}

builder.objectFields(UnitRef, (t) => ({
  stationedSignals: t.field({
    type: [StationedSignalRef],
    description: "派驻监督信号（巡前通报用） — Signals from the unit's daily supervision since a date; leaders and the group overseeing the unit today.",
    args: {
      since: t.arg({ type: 'Date', required: true, description: '起始日期 — Records on or after this date.' }),
      asOf: t.arg({ type: 'Date', required: false, description: '截至日期（默认今天） — As of this date (default: today, Asia/Shanghai).' }),
      openDays: t.arg.int({
        required: false,
        defaultValue: 90,
        description: '问题未解决天数阈值（1–3650） — An issue counts when open at least this many days.',
      }),
    },
    ...requiresInspectingTeams,
    authScopes: readUnitStationedRecords,
    resolve: async (unit, args, ctx) => {
      const openDays = args.openDays ?? 90;
      if (openDays < 1 || openDays > 3650) {
        throw new GraphQLError('openDays 须在 1 到 3650 之间 — openDays must be between 1 and 3650', {
          extensions: { code: 'BAD_USER_INPUT', field: 'openDays' },
        });
      }
      const asOf = args.asOf ?? ctx.today;
      return toSignals(await ctx.loaders.signalRowsByUnit.load(`${unit.code}|${args.since}|${asOf}|${openDays}`), openDays);
    },
  }),
}));
