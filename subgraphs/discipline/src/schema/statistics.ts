import { checkYear, ROLES } from '@hub/core';
import { builder } from '../builder.ts';
import type { DisposalMethod, SanctionType } from '../db/database.ts';
import { DisposalMethodEnum, SanctionTypeEnum } from './enums.ts';

const DisposalCountRef = builder.objectRef<{ method: DisposalMethod; count: number }>('DisciplineDisposalCount').implement({
  description: '线索处置数（按方式） — Clues disposed by one method in a year.',
  fields: (t) => ({
    method: t.expose('method', { type: DisposalMethodEnum, description: '处置方式 — Method.' }),
    count: t.exposeInt('count', { description: '件数 — Number.' }),
  }),
});

const SanctionTypeCountRef = builder.objectRef<{ type: SanctionType; count: number }>('DisciplineSanctionTypeCount').implement({
  description: '处分数（按种类） — Sanctions of one type in a year.',
  fields: (t) => ({
    type: t.expose('type', { type: SanctionTypeEnum, description: '处分种类 — Type.' }),
    count: t.exposeInt('count', { description: '人次 — Number.' }),
  }),
});

const FourFormCountRef = builder.objectRef<{ form: number; count: number }>('DisciplineFourFormCount').implement({
  description: '四种形态人次 — Number handled under one of the four forms in a year.',
  fields: (t) => ({
    form: t.exposeInt('form', { description: '形态（1–4） — Form 1–4.' }),
    count: t.exposeInt('count', { description: '人次 — Number.' }),
  }),
});

/** 年度统计 — an entity every subgraph contributes to; discipline's fields are computed from its records. */
export const YearStatisticsRef = builder.objectRef<{ year: number }>('YearStatistics');
YearStatisticsRef.implement({
  description: '年度统计 — Statistics of one year; each subgraph contributes its own counts, computed from its records.',
  fields: (t) => ({
    year: t.exposeInt('year', { description: '年度 — Year (key).' }),
    petitionsReceived: t.int({
      description: '受理信访举报件数 — Petitions received in the year.',
      resolve: async (s, _a, ctx) => (await ctx.loaders.petitionsByYear.load(s.year))[0]?.count ?? 0,
    }),
    cluesDisposed: t.int({
      description: '处置问题线索件数（按处置日期计年） — Clues disposed in the year, all methods.',
      resolve: async (s, _a, ctx) => (await ctx.loaders.disposalsByYear.load(s.year)).reduce((n, row) => n + row.count, 0),
    }),
    cluesDisposedByMethod: t.field({
      type: [DisposalCountRef],
      description: '线索处置数（按四类方式，按处置日期计年） — Clues disposed in the year, by method (every method listed, zeros included).',
      resolve: async (s, _a, ctx) => {
        const rows = await ctx.loaders.disposalsByYear.load(s.year);
        return (['INQUIRY_BY_TALK_OR_LETTER', 'PRELIMINARY_VERIFICATION', 'SHELVED_PENDING_CHECK', 'CLOSED'] as const).map((method) => ({
          method,
          count: rows.find((r) => r.method === method)?.count ?? 0,
        }));
      },
    }),
    casesFiled: t.int({ description: '立案件数 — Cases filed in the year.', resolve: (s, _a, ctx) => caseEvents(ctx, s.year, 'FILED') }),
    casesClosed: t.int({ description: '结案件数 — Cases closed in the year.', resolve: (s, _a, ctx) => caseEvents(ctx, s.year, 'CLOSED') }),
    personsHandled: t.int({
      description: '处理人数 — Distinct persons whose case was closed with a decision in the year.',
      resolve: async (s, _a, ctx) => (await ctx.loaders.personsHandledByYear.load(s.year))[0]?.count ?? 0,
    }),
    personsSanctioned: t.int({
      description: '给予党纪政务处分人数 — Distinct persons given a party or government sanction in the year.',
      resolve: async (s, _a, ctx) => (await ctx.loaders.personsSanctionedByYear.load(s.year))[0]?.count ?? 0,
    }),
    sanctionsByType: t.field({
      type: [SanctionTypeCountRef],
      description: '处分人次（按种类） — Sanctions decided in the year by type (types with none omitted).',
      resolve: async (s, _a, ctx) => {
        const totals = new Map<SanctionType, number>();
        for (const row of await ctx.loaders.sanctionsByYear.load(s.year)) totals.set(row.type, (totals.get(row.type) ?? 0) + row.count);
        return [...totals].map(([type, count]) => ({ type, count }));
      },
    }),
    fourForms: t.field({
      type: [FourFormCountRef],
      description: '四种形态人次 — Four forms in the year: form 1 counts clues disposed by 谈话函询, forms 2–4 count sanctions by their classification.',
      resolve: async (s, _a, ctx) => {
        const [disposals, sanctions] = await Promise.all([ctx.loaders.disposalsByYear.load(s.year), ctx.loaders.sanctionsByYear.load(s.year)]);
        const form1 = disposals.find((r) => r.method === 'INQUIRY_BY_TALK_OR_LETTER')?.count ?? 0;
        return [1, 2, 3, 4].map((form) => ({
          form,
          count: form === 1 ? form1 : sanctions.filter((r) => r.fourForm === form).reduce((n, r) => n + r.count, 0),
        }));
      },
    }),
    detentions: t.int({ description: '留置人数 — Detentions started in the year.', resolve: (s, _a, ctx) => caseEvents(ctx, s.year, 'DETAINED') }),
    transfersToProcuratorate: t.int({
      description: '移送检察机关件数 — Cases transferred to the procuratorate in the year.',
      resolve: (s, _a, ctx) => caseEvents(ctx, s.year, 'TRANSFERRED'),
    }),
    lossesRecovered: t.field({
      type: 'Money',
      description: '挽回经济损失 — Economic losses recovered in the year (yuan, decimal).',
      resolve: async (s, _a, ctx) => (await ctx.loaders.moneyByYear.load(s.year)).find((r) => r.kind === 'LOSSES')?.total ?? '0.00',
    }),
    specialInspectionFundsReturned: t.field({
      type: 'Money',
      description: '专项检查清退资金 — Funds returned in special inspections in the year (yuan, decimal).',
      resolve: async (s, _a, ctx) => (await ctx.loaders.moneyByYear.load(s.year)).find((r) => r.kind === 'FUNDS')?.total ?? '0.00',
    }),
  }),
});

async function caseEvents(
  ctx: { loaders: { caseEventsByYear: { load(year: number): Promise<{ kind: string; count: number }[]> } } },
  year: number,
  kind: string,
) {
  return (await ctx.loaders.caseEventsByYear.load(year)).find((r) => r.kind === kind)?.count ?? 0;
}

builder.asEntity(YearStatisticsRef, { key: builder.selection<{ year: number }>('year'), resolveReference: (ref) => ({ year: ref.year }) });

builder.queryField('statistics', (t) =>
  t.field({
    type: YearStatisticsRef,
    description: '年度统计（汇总数据，不含个人信息） — Statistics of one year across the hub; aggregates only, open to every role.',
    authScopes: { role: [...ROLES] },
    args: { year: t.arg.int({ required: true, description: '年度 — Year.' }) },
    resolve: (_r, args) => {
      return { year: checkYear(args.year, 'year') };
    },
  }),
);
