import { builder } from '../builder.ts';
import { readCaseRecords, readPersons, readUnitCaseRecords } from '../policy.ts';
import { type Case, PARTY_SANCTIONS, type Sanction } from '../db/database.ts';
import { CaseRef, SanctionRef } from './case.ts';
import { ClueRef } from './clue.ts';
import { CLUE_CONTENT } from './common.ts';
import { CaseStatusEnum, SanctionKindEnum, SanctionTypeEnum } from './enums.ts';
import { PersonRef } from './reference.ts';
import { UnitRef } from './unit.ts';
import { bilingual } from '@hub/core';

/**
 * Person-level lists on `Unit` and `Person`: leaders and case management only (DESIGN §6). They grow
 * with the years, so each is a connection (`first` ≤ 100, default 20; `after`), paged per parent in
 * one statement for every parent of the request.
 */
builder.objectFields(UnitRef, (t) => ({
  persons: t.connection(
    {
      type: PersonRef,
      description: '本单位被监督对象（按姓名） — Registered cadres of the unit, by name.',
      authScopes: readPersons,
      resolve: (unit, args, ctx) => ctx.loaders.personPagesByUnit.page(unit.code, args),
    },
    { description: '本单位被监督对象（分页） — A page of the unit’s registered cadres.' },
    { description: '被监督对象（分页边） — One cadre with its cursor.' },
  ),
  clues: t.connection(
    {
      type: ClueRef,
      description:
        '涉及本单位及其干部的问题线索（含处置状态，新到旧） — Clues about the unit or its cadres, with their disposal, newest first; leaders and case management (audited read).',
      authScopes: readUnitCaseRecords,
      resolve: (unit, args, ctx) => ctx.loaders.cluePagesByUnit.page(unit.code, args),
    },
    { description: '涉及本单位的问题线索（分页） — A page of clues about the unit.' },
    { description: '问题线索（分页边） — One clue with its cursor.' },
  ),
  cases: t.connection(
    {
      type: CaseRef,
      description: '涉及本单位及其干部的案件（新到旧） — Cases about the unit or its cadres, newest first; leaders and case management (audited read).',
      authScopes: readUnitCaseRecords,
      resolve: (unit, args, ctx) => ctx.loaders.casePagesByUnit.page(unit.code, args),
    },
    { description: '涉及本单位的案件（分页） — A page of cases about the unit.' },
    { description: '案件（分页边） — One case with its cursor.' },
  ),
  sanctions: t.connection(
    {
      type: SanctionRef,
      description: '涉及本单位的处分（新到旧） — Sanctions in those cases, newest first; leaders and case management (audited read).',
      authScopes: readUnitCaseRecords,
      resolve: (unit, args, ctx) => ctx.loaders.sanctionPagesByUnit.page(unit.code, args),
    },
    { description: '涉及本单位的处分（分页） — A page of sanctions concerning the unit.' },
    { description: '处分（分页边） — One sanction with its cursor.' },
  ),
}));

builder.objectFields(PersonRef, (t) => ({
  clues: t.connection(
    {
      type: ClueRef,
      description: '涉及本人的问题线索（新到旧） — Clues naming the person, newest first; leaders and case management (audited read).',
      authScopes: readCaseRecords,
      resolve: (p, args, ctx) => ctx.loaders.cluePagesByPerson.page(p.id, args),
    },
    { description: '涉及本人的问题线索（分页） — A page of clues naming the person.' },
    { description: '问题线索（分页边） — One clue with its cursor.' },
  ),
  cases: t.connection(
    {
      type: CaseRef,
      description: '对本人的立案（新到旧） — Cases against the person, newest first; leaders and case management (audited read).',
      authScopes: readCaseRecords,
      resolve: (p, args, ctx) => ctx.loaders.casePagesByPerson.page(p.id, args),
    },
    { description: '对本人的立案（分页） — A page of cases against the person.' },
    { description: '案件（分页边） — One case with its cursor.' },
  ),
  sanctions: t.connection(
    {
      type: SanctionRef,
      description: '本人受到的处分（新到旧） — Sanctions on the person, newest first; leaders and case management (audited read).',
      authScopes: readCaseRecords,
      resolve: (p, args, ctx) => ctx.loaders.sanctionPagesByPerson.page(p.id, args),
    },
    { description: '本人受到的处分（分页） — A page of sanctions on the person.' },
    { description: '处分（分页边） — One sanction with its cursor.' },
  ),
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
    description: bilingual(
      '立案及处分结果（状态，不含人员）',
      'Outcome of the clue: stage of each case filed from it and the sanctions decided, without persons;',
      'readable wherever the clue is (the inspection side for clues it transferred).',
    ),
    resolve: (clue, _a, ctx) => ctx.loaders.casesByClue.load(clue.id),
  }),
  cases: t.field({
    type: [CaseRef],
    description: '据此线索立案的案件 — Cases filed from the clue (need-to-know, audited read).',
    authScopes: CLUE_CONTENT,
    resolve: (clue, _a, ctx) => ctx.loaders.casesByClue.load(clue.id),
  }),
}));
