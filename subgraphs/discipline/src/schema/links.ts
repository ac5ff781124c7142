import { builder } from '../builder.ts';
import { CaseRef, SanctionRef } from './case.ts';
import { ClueRef } from './clue.ts';
import { ALL_CASES_ROLES, clueScopes, PERSON_READERS } from './common.ts';
import { PersonRef } from './reference.ts';
import { UnitRef } from './unit.ts';

/** Person-level lists on `Unit` and `Person`: leaders and case management only (DESIGN §6). */
builder.objectFields(UnitRef, (t) => ({
  persons: t.field({
    type: [PersonRef],
    description: '本单位被监督对象 — Registered cadres of the unit.',
    authScopes: { role: [...PERSON_READERS] },
    resolve: (unit, _a, ctx) => ctx.loaders.personsByUnit.load(unit.code),
  }),
  clues: t.field({
    type: [ClueRef],
    description: '涉及本单位及其干部的问题线索（含处置状态） — Clues about the unit or its cadres, with their disposal; leaders and case management.',
    authScopes: { role: [...ALL_CASES_ROLES] },
    resolve: (unit, _a, ctx) => ctx.loaders.cluesByUnit.load(unit.code),
  }),
  cases: t.field({
    type: [CaseRef],
    description: '涉及本单位及其干部的案件 — Cases about the unit or its cadres; leaders and case management.',
    authScopes: { role: [...ALL_CASES_ROLES] },
    resolve: (unit, _a, ctx) => ctx.loaders.casesByUnit.load(unit.code),
  }),
  sanctions: t.field({
    type: [SanctionRef],
    description: '涉及本单位的处分 — Sanctions in those cases; leaders and case management.',
    authScopes: { role: [...ALL_CASES_ROLES] },
    resolve: async (unit, _a, ctx) => {
      const cases = await ctx.loaders.casesByUnit.load(unit.code);
      return (await ctx.loaders.sanctionsByCase.loadMany(cases.map((c) => c.id))).flatMap((rows) => (rows instanceof Error ? [] : rows));
    },
  }),
}));

builder.objectFields(PersonRef, (t) => ({
  clues: t.field({
    type: [ClueRef],
    description: '涉及本人的问题线索 — Clues naming the person; leaders and case management.',
    authScopes: { role: [...ALL_CASES_ROLES] },
    resolve: (p, _a, ctx) => ctx.loaders.cluesByPerson.load(p.id),
  }),
  cases: t.field({
    type: [CaseRef],
    description: '对本人的立案 — Cases against the person; leaders and case management.',
    authScopes: { role: [...ALL_CASES_ROLES] },
    resolve: (p, _a, ctx) => ctx.loaders.casesByPerson.load(p.id),
  }),
  sanctions: t.field({
    type: [SanctionRef],
    description: '本人受到的处分 — Sanctions on the person; leaders and case management.',
    authScopes: { role: [...ALL_CASES_ROLES] },
    resolve: (p, _a, ctx) => ctx.loaders.sanctionsByPerson.load(p.id),
  }),
}));

builder.objectFields(ClueRef, (t) => ({
  cases: t.field({
    type: [CaseRef],
    description: '据此线索立案的案件 — Cases filed from the clue (need-to-know).',
    authScopes: (clue) => clueScopes(clue),
    resolve: (clue, _a, ctx) => ctx.loaders.casesByClue.load(clue.id),
  }),
}));
