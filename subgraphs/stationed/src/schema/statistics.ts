import { ROLES } from '@hub/core';
import { builder } from '../builder.ts';
import { readStatistics } from '../policy.ts';
import type { ActivityKindCount } from '../db/statistics.ts';
import { ActivityKindEnum } from './supervision.ts';

/** Aggregates only: no record, no person. */
/** District statistics are aggregates without persons: every role may read them, as in the other subgraphs. */
const _STATISTICS_READERS = ROLES;

const ActivityKindCountRef = builder.objectRef<ActivityKindCount>('StationedActivityKindCount').implement({
  description: '日常监督活动数（按方式） — Number of daily-supervision activities of one kind in a year.',
  fields: (t) => ({
    kind: t.expose('kind', { type: ActivityKindEnum, description: '监督方式 — Kind.' }),
    count: t.exposeInt('count', { description: '次数 — Number of activities.' }),
  }),
});

/**
 * 年度统计 — every subgraph defines this entity (key `year`) with its own, distinctly named fields;
 * discipline provides `Query.statistics(year)`. Stationed contributes its daily-supervision counts.
 */
export const YearStatisticsRef = builder.objectRef<{ year: number }>('YearStatistics').implement({
  description: '年度统计 — Statistics of one calendar year across the four supervision forces.',
  authScopes: readStatistics,
  fields: (t) => ({
    year: t.exposeInt('year', { description: '年度 — Calendar year (key).' }),
    supervisionActivities: t.int({
      description: '派驻日常监督活动总数 — Daily-supervision activities held in the year.',
      resolve: async (s, _args, ctx) => (await ctx.loaders.activityCountsByYear.load(s.year)).reduce((sum, row) => sum + row.count, 0),
    }),
    supervisionActivitiesByKind: t.field({
      type: [ActivityKindCountRef],
      description: '派驻日常监督活动数（按方式） — Daily-supervision activities held in the year, by kind (kinds without activities omitted).',
      resolve: (s, _args, ctx) => ctx.loaders.activityCountsByYear.load(s.year),
    }),
    supervisionIssuesFound: t.int({
      description: '日常监督发现问题数 — Issues found in daily supervision in the year.',
      resolve: (s, _args, ctx) => ctx.loaders.issuesFoundByYear.load(s.year),
    }),
    supervisionIssuesResolved: t.int({
      description: '日常监督问题解决数 — Issues resolved in the year (whenever found).',
      resolve: (s, _args, ctx) => ctx.loaders.issuesResolvedByYear.load(s.year),
    }),
    stationedEscalations: t.int({
      description: '派驻组移交巡察问题数 — Issues stationed groups escalated to inspection in the year.',
      resolve: (s, _args, ctx) => ctx.loaders.escalationsByYear.load(s.year),
    }),
  }),
});

builder.asEntity(YearStatisticsRef, {
  key: builder.selection<{ year: number }>('year'),
  // Nothing to load: the counts are per-field loaders keyed by year. A year out of range finds nothing.
  resolveReference: (ref) => {
    const year = Number(ref.year);
    return Number.isInteger(year) && year >= 1949 && year <= 9999 ? { year } : null;
  },
});
