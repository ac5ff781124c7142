import { builder } from '../builder.ts';
import { PetitionCountRef } from './petition.ts';

/** `Unit` is defined by the inspection subgraph; discipline adds what it knows about a unit. */
export const UnitRef = builder.externalRef('Unit', builder.selection<{ code: string }>('code'), (ref) => ref);

UnitRef.implement({
  description: '单位（巡察对象） — A unit, keyed by its 统一社会信用代码.',
  fields: (t) => ({
    code: t.expose('code', { type: 'UnitCode', description: '统一社会信用代码 — Unified social credit code (key).' }),
    petitionSummary: t.field({
      type: [PetitionCountRef],
      description: '信访举报概况（按年度、类别，不含举报人信息） — Petitions about the unit by year and category; never reporter data.',
      // Counts only: offices that brief inspections, leaders and analysts (aggregates).
      authScopes: { role: ['leader', 'petition_officer', 'case_manager', 'case_officer', 'trial_officer', 'conduct_officer', 'analyst'] },
      resolve: (unit, _args, ctx) => ctx.loaders.petitionCountsByUnit.load(unit.code),
    }),
  }),
});
