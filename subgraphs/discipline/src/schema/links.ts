import { builder } from '../builder.ts';
import { readCaseRecords, readPersons, readUnitCaseRecords } from '../policy.ts';
import { type Case, PARTY_SANCTIONS, type Sanction } from '../db/database.ts';
import { CaseRef, SanctionRef } from './case.ts';
import { ClueRef } from './clue.ts';
import { CLUE_CONTENT } from './common.ts';
import { CaseStatusEnum, SanctionKindEnum, SanctionTypeEnum } from './enums.ts';
import { PersonRef } from './reference.ts';
import { UnitRef } from './unit.ts';

/** Person-level lists on `Unit` and `Person`: leaders and case management only (DESIGN §6). */
builder.objectFields(UnitRef, (t) => ({
  persons: t.field({
    type: [PersonRef],
    description: '本单位被监督对象 — Registered cadres of the unit.',
    authScopes: readPersons,
    resolve: (unit, _a, ctx) => ctx.loaders.personsByUnit.load(unit.code),
  }),
  clues: t.field({
    type: [ClueRef],
    description:
      '涉及本单位及其干部的问题线索（含处置状态） — Clues about the unit or its cadres, with their disposal; leaders and case management (audited read).',
    authScopes: readUnitCaseRecords,
    resolve: (unit, _a, ctx) => ctx.loaders.cluesByUnit.load(unit.code),
  }),
  cases: t.field({
    type: [CaseRef],
    description: '涉及本单位及其干部的案件 — Cases about the unit or its cadres; leaders and case management (audited read).',
    authScopes: readUnitCaseRecords,
    resolve: (unit, _a, ctx) => ctx.loaders.casesByUnit.load(unit.code),
  }),
  sanctions: t.field({
    type: [SanctionRef],
    description: '涉及本单位的处分 — Sanctions in those cases; leaders and case management (audited read).',
    authScopes: readUnitCaseRecords,
    resolve: async (unit, _a, ctx) => {
      const cases = await ctx.loaders.casesByUnit.load(unit.code);
      return (await ctx.loaders.sanctionsByCase.loadMany(cases.map((c) => c.id))).flatMap((rows) => (rows instanceof Error ? [] : rows));
    },
  }),
}));

builder.objectFields(PersonRef, (t) => ({
  clues: t.field({
    type: [ClueRef],
    description: '涉及本人的问题线索 — Clues naming the person; leaders and case management (audited read).',
    authScopes: readCaseRecords,
    resolve: (p, _a, ctx) => ctx.loaders.cluesByPerson.load(p.id),
  }),
  cases: t.field({
    type: [CaseRef],
    description: '对本人的立案 — Cases against the person; leaders and case management (audited read).',
    authScopes: readCaseRecords,
    resolve: (p, _a, ctx) => ctx.loaders.casesByPerson.load(p.id),
  }),
  sanctions: t.field({
    type: [SanctionRef],
    description: '本人受到的处分 — Sanctions on the person; leaders and case management (audited read).',
    authScopes: readCaseRecords,
    resolve: (p, _a, ctx) => ctx.loaders.sanctionsByPerson.load(p.id),
  }),
}));

/**
 * What became of a clue, without the person or the content: the stage of each case filed from it and
 * the sanctions decided. Readers of the clue's status see it — the inspection side included, for a
 * clue it transferred (DESIGN §3: `ClueTransfer.clue` carries the outcome; §6: status, not content).
 */
const SanctionOutcomeRef = builder.objectRef<Sanction>('ClueSanctionOutcome').implement({
  description: '处分结果（不含人员） — A sanction decided in a case filed from the clue: type and date, without the person.',
  fields: (t) => ({
    type: t.expose('type', { type: SanctionTypeEnum, description: '处分种类 — Type.' }),
    kind: t.field({
      type: SanctionKindEnum,
      description: '党纪或政务 — Party or government.',
      resolve: (s) => ((PARTY_SANCTIONS as readonly string[]).includes(s.type) ? 'PARTY' : 'GOVERNMENT'),
    }),
    fourForm: t.exposeInt('fourForm', { description: '四种形态 — Four-forms classification (2–4).' }),
    decidedOn: t.expose('decidedOn', { type: 'Date', description: '处分决定日期 — Date decided.' }),
  }),
});

const CaseOutcomeRef = builder.objectRef<Case>('ClueCaseOutcome').implement({
  description: '立案办理结果（不含人员） — Stage and dates of a case filed from the clue, with its sanctions; no person, no content.',
  fields: (t) => ({
    status: t.expose('status', { type: CaseStatusEnum, description: '阶段 — Stage.' }),
    filedOn: t.expose('filedOn', { type: 'Date', description: '立案日期 — Date filed.' }),
    closedOn: t.expose('closedOn', { type: 'Date', nullable: true, description: '结案日期 — Date closed.' }),
    transferredToProcuratorateOn: t.expose('transferredToProcuratorateOn', {
      type: 'Date',
      nullable: true,
      description: '移送检察机关日期 — Date transferred to the procuratorate.',
    }),
    sanctions: t.field({
      type: [SanctionOutcomeRef],
      description: '处分结果 — Sanctions decided in the case.',
      resolve: (c, _a, ctx) => ctx.loaders.sanctionsByCase.load(c.id),
    }),
  }),
});

builder.objectFields(ClueRef, (t) => ({
  caseOutcomes: t.field({
    type: [CaseOutcomeRef],
    description:
      '立案及处分结果（状态，不含人员） — Outcome of the clue: stage of each case filed from it and the sanctions decided, without persons; readable wherever the clue is (the inspection side for clues it transferred).',
    resolve: (clue, _a, ctx) => ctx.loaders.casesByClue.load(clue.id),
  }),
  cases: t.field({
    type: [CaseRef],
    description: '据此线索立案的案件 — Cases filed from the clue (need-to-know, audited read).',
    authScopes: CLUE_CONTENT,
    resolve: (clue, _a, ctx) => ctx.loaders.casesByClue.load(clue.id),
  }),
}));
