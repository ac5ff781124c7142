import {
  DATE_ID_KEY,
  DETENTION_MAX_EXTENSION_MONTHS,
  dueDate,
  idOrRefuse,
  inTransaction,
  isUuid,
  notInFuture,
  paginate,
  payloadType,
  refuse,
  pageKey,
  idFilter,
  personLevel,
  bilingual,
} from '@hub/core';
import { searchPattern } from '@hub/core';
import { builder } from '../builder.ts';
import type { Context } from '../context.ts';
import {
  type CaseFilter,
  type CaseReach,
  countCases,
  countSanctions,
  listSanctions,
  type SanctionFilter,
  findCaseForUpdate,
  findCaseOfClueAndPerson,
  findDetentionForUpdate,
  findSanctionOfCaseByType,
  findSanctionForUpdate,
  markSanctionAnnounced,
  insertCase,
  insertDetention,
  insertLossRecovery,
  insertSanction,
  listCases,
  updateCase,
  updateDetention,
  type CaseScopeFacts,
  type SanctionScopeFacts,
} from '../db/cases.ts';
import { findCluesByIds, findClueSubjects } from '../db/clues.ts';
import { LIGHT_SANCTIONS, PARTY_SANCTIONS, type Case, type CaseStatus, type Clue, type Detention, type Sanction } from '../db/database.ts';
import { CaseStatusEnum, SanctionKindEnum, SanctionTypeEnum } from './enums.ts';
import { findPersonsByIds } from '../db/reference.ts';
import { clueScopes, handlerReach } from './common.ts';
import { assertHandles, ClueRef, lockClue } from './clue.ts';
import { PersonRef } from './reference.ts';

/** 留置期限届满日 — the engine's DETENTION rule, lengthened by the one extension. */
export const detentionLastDay = (startedOn: string, extendedMonths: number | null) => dueDate('DETENTION', startedOn, null, extendedMonths ?? 0).dueOn;
/** 审理期限届满日 — the engine's TRIAL rule. */
export const trialLastDay = (trialStartedOn: string) => dueDate('TRIAL', trialStartedOn, null).dueOn;

/** Need-to-know on a case of this stage whose clue is `clue` (null: no such clue): its clue's handling body, leaders, case management; the trial office once it is at trial. */
export function caseScopesOf(status: CaseStatus, clue: Pick<Clue, 'handlerDepartmentId' | 'handlerZoneId' | 'handlerStationedGroupId'> | null) {
  const scopes = clue ? clueScopes(clue) : { role: ['leader', 'case_manager'] as ('leader' | 'case_manager' | 'trial_officer')[] };
  const role: ('leader' | 'case_manager' | 'trial_officer')[] = [...scopes.role];
  if (status === 'UNDER_TRIAL' || status === 'CLOSED') role.push('trial_officer');
  return { ...scopes, role };
}

/** The clue's handling body as a page row carries it (`CaseScopeFacts`); null when the clue does not exist. */
const clueOfFacts = (facts: CaseScopeFacts) =>
  facts.clueFound
    ? {
        handlerDepartmentId: facts.clueHandlerDepartmentId,
        handlerZoneId: facts.clueHandlerZoneId,
        handlerStationedGroupId: facts.clueHandlerStationedGroupId,
      }
    : null;

const carriesFacts = <Facts extends object>(row: object, flag: keyof Facts & string): row is Facts =>
  typeof (row as Record<string, unknown>)[flag] === 'boolean';

/**
 * Need-to-know on a case (`caseScopesOf`). A row of a page of cases carries its clue's handling body
 * (`CaseScopeFacts`, same statement); any other row (`caseById`, an entity reference …) has its clue
 * looked up.
 */
export async function caseScopes(c: Pick<Case, 'clueId' | 'status'>, ctx: Context) {
  if (carriesFacts<CaseScopeFacts>(c, 'clueFound')) return caseScopesOf(c.status, clueOfFacts(c));
  return caseScopesOf(c.status, await ctx.loaders.clueById.load(c.clueId));
}

export const DetentionRef = builder.objectRef<Detention>('Detention').implement({
  description: '留置 — Detention during examination and investigation: three months, extendable once by at most three.',
  fields: (t) => ({
    startedOn: t.expose('startedOn', { type: 'Date', description: '留置开始日期 — Start.' }),
    lastDayOn: t.expose('lastDayOn', { type: 'Date', description: '当前期限届满日 — Last day of the current period.' }),
    extendedMonths: t.exposeInt('extendedMonths', { nullable: true, description: '延长月数 — Months of the extension, if extended.' }),
    extendedOn: t.expose('extendedOn', { type: 'Date', nullable: true, description: '延长决定日期 — Date of the extension.' }),
    endedOn: t.expose('endedOn', { type: 'Date', nullable: true, description: '解除留置日期 — Date ended; null while it lasts.' }),
  }),
});

export const CaseRef = builder.objectRef<Case>('Case');
export const SanctionRef = builder.objectRef<Sanction>('Sanction');

CaseRef.implement({
  description: '案件（立案审查调查） — A case filed against one person from a clue. Need-to-know; reads of its person are audited.',
  authScopes: (c, ctx) => caseScopes(c, ctx),
  fields: (t) => ({
    id: t.exposeID('id', { description: '编号 — Identifier.' }),
    clue: t.field({
      type: ClueRef,
      nullable: true,
      description: '来源线索 — Clue the case was filed from.',
      resolve: (c, _a, ctx) => ctx.loaders.clueById.load(c.clueId),
    }),
    person: t.field({
      type: PersonRef,
      nullable: true,
      description: '审查调查对象 — Person under investigation (audited read).',
      authScopes: personLevel((c: Case, _args: unknown, ctx: Context) => caseScopes(c, ctx)),
      resolve: (c, _a, ctx) => ctx.loaders.personById.load(c.personId),
    }),
    status: t.expose('status', { type: CaseStatusEnum, description: '阶段 — Stage.' }),
    filedOn: t.expose('filedOn', { type: 'Date', description: '立案日期 — Date filed.' }),
    investigationStartedOn: t.expose('investigationStartedOn', { type: 'Date', nullable: true, description: '审查调查开始日期 — Investigation started.' }),
    trialStartedOn: t.expose('trialStartedOn', { type: 'Date', nullable: true, description: '移送审理日期 — Date the trial office accepted the case.' }),
    trialDeadline: t.field({
      type: 'Date',
      nullable: true,
      description: '审理期限届满日（一个月） — Last day of the one-month trial period (rule TRIAL); null only before the trial office accepts the case.',
      resolve: (c) => (c.trialStartedOn ? trialLastDay(c.trialStartedOn) : null),
    }),
    closedOn: t.expose('closedOn', { type: 'Date', nullable: true, description: '结案日期 — Date closed.' }),
    transferredToProcuratorateOn: t.expose('transferredToProcuratorateOn', {
      type: 'Date',
      nullable: true,
      description: '移送检察机关日期 — Date transferred to the procuratorate.',
    }),
    detention: t.field({
      type: DetentionRef,
      nullable: true,
      description: '留置 — Detention, if any.',
      resolve: (c, _a, ctx) => ctx.loaders.detentionByCase.load(c.id),
    }),
    lossesRecovered: t.field({
      type: 'Money',
      description: '挽回经济损失 — Economic losses recovered, in yuan (summed as decimals).',
      resolve: async (c, _a, ctx) => (await ctx.loaders.recoveredByCase.load(c.id))?.total ?? '0.00',
    }),
    sanctions: t.field({
      type: [SanctionRef],
      description: '处分 — Sanctions decided in the case.',
      resolve: (c, _a, ctx) => ctx.loaders.sanctionsByCase.load(c.id),
    }),
  }),
});

/**
 * A sanction is readable by whoever reads its case. A row of a page of sanctions carries its case's
 * stage and the case's clue's handling body (`SanctionScopeFacts`, same statement); any other row has
 * its case (and the case's clue) looked up.
 */
export async function sanctionScopes(s: Sanction, ctx: Context) {
  if (carriesFacts<SanctionScopeFacts>(s, 'caseFound')) {
    return s.caseFound && s.caseStatus ? caseScopesOf(s.caseStatus, clueOfFacts(s)) : { role: ['leader' as const, 'case_manager' as const] };
  }
  const c = await ctx.loaders.caseById.load(s.caseId);
  return c ? caseScopes(c, ctx) : { role: ['leader' as const, 'case_manager' as const] };
}

/** 受处分人 — the person of a sanction: person-level, every read audited. */
const SANCTION_PERSON = personLevel((s: Sanction, _args: unknown, ctx: Context) => sanctionScopes(s, ctx));

SanctionRef.implement({
  description: '处分 — A party or government sanction decided in a case, with its four-forms classification.',
  authScopes: sanctionScopes,
  fields: (t) => ({
    id: t.exposeID('id', { description: '编号 — Identifier.' }),
    type: t.expose('type', { type: SanctionTypeEnum, description: '处分种类 — Type.' }),
    kind: t.field({
      type: SanctionKindEnum,
      description: '党纪或政务 — Party or government.',
      resolve: (s) => ((PARTY_SANCTIONS as readonly string[]).includes(s.type) ? 'PARTY' : 'GOVERNMENT'),
    }),
    decidedOn: t.expose('decidedOn', { type: 'Date', description: '处分决定日期 — Date decided.' }),
    announcementDeadline: t.field({
      type: 'Date',
      description: '宣布期限（决定后 1 个月） — Last day to announce the decision: one month after it (rule SANCTION_ANNOUNCEMENT).',
      resolve: (s) => dueDate('SANCTION_ANNOUNCEMENT', s.decidedOn, null).dueOn,
    }),
    announcedOn: t.expose('announcedOn', { type: 'Date', nullable: true, description: '宣布日期 — Date the decision was announced; null until then.' }),
    fourForm: t.exposeInt('fourForm', {
      description: '四种形态（2–4；第一种形态不给处分） — Four-forms classification: 2 light, 3 heavy, 4 heavy with criminal transfer.',
    }),
    person: t.field({
      type: PersonRef,
      nullable: true,
      description: '受处分人 — Person sanctioned (audited read).',
      authScopes: SANCTION_PERSON,
      resolve: (s, _a, ctx) => ctx.loaders.personById.load(s.personId),
    }),
    case: t.field({ type: CaseRef, nullable: true, description: '所属案件 — Case.', resolve: (s, _a, ctx) => ctx.loaders.caseById.load(s.caseId) }),
  }),
});

const CaseFilterInput = builder.inputType('CaseFilter', {
  description: '案件筛选 — Filter for cases; all given conditions must hold.',
  fields: (t) => ({
    unitCode: t.field({ type: 'UnitCode', required: false, description: "涉及单位 — Unit of the case's clue." }),
    personId: t.id({ required: false, description: '审查调查对象 — Person.' }),
    status: t.field({ type: CaseStatusEnum, required: false, description: '阶段 — Stage.' }),
    transferredToProcuratorate: t.boolean({ required: false, description: '是否已移送检察机关 — Transferred or not.' }),
    filedFrom: t.field({ type: 'Date', required: false, description: '立案日期起（含） — Filed on or after.' }),
    filedTo: t.field({ type: 'Date', required: false, description: '立案日期止（含） — Filed on or before.' }),
    text: t.string({
      required: false,
      description:
        "检索词：所涉线索摘要或被审查调查人姓名包含（2–100 字） — Search text found in the case's clue summary or the person's name (2–100 characters).",
    }),
  }),
});

const SanctionFilterInput = builder.inputType('SanctionFilter', {
  description: '处分筛选 — Filter for sanctions; all given conditions must hold.',
  fields: (t) => ({
    unitCode: t.field({ type: 'UnitCode', required: false, description: "涉及单位 — Unit of the case's clue." }),
    personId: t.id({ required: false, description: '受处分人 — Person.' }),
    type: t.field({ type: SanctionTypeEnum, required: false, description: '处分种类 — Type.' }),
    fourForm: t.int({ required: false, description: '四种形态 — Form.' }),
    decidedFrom: t.field({ type: 'Date', required: false, description: '决定日期起（含） — Decided on or after.' }),
    decidedTo: t.field({ type: 'Date', required: false, description: '决定日期止（含） — Decided on or before.' }),
  }),
});

function caseReach(ctx: Context): CaseReach {
  const reach = handlerReach(ctx);
  return reach.all ? reach : { ...reach, trialStages: ctx.viewer.roles.includes('trial_officer') };
}

builder.queryFields((t) => ({
  case: t.field({
    type: CaseRef,
    nullable: true,
    description: '按编号查询案件 — One case by id.',
    args: { id: t.arg.id({ required: true, description: '编号 — Identifier.' }) },
    authScopes: { role: ['leader', 'case_manager', 'case_officer', 'trial_officer', 'stationed_officer'] },
    resolve: (_r, args, ctx) => (isUuid(String(args.id)) ? ctx.loaders.caseById.load(String(args.id)) : null),
  }),
  cases: t.connection({
    type: CaseRef,
    description: bilingual(
      '案件（按立案日期倒序）',
      'Cases, newest first: all for leaders and case management; the trial office sees cases at or after trial;',
      'others the cases of clues their body handles.',
    ),
    authScopes: { role: ['leader', 'case_manager', 'case_officer', 'trial_officer', 'stationed_officer'] },
    args: { filter: t.arg({ type: CaseFilterInput, required: false, description: '筛选条件 — Filter.' }) },
    resolve: (_r, args, ctx) => {
      const f = args.filter ?? {};
      const filter: CaseFilter = { ...f, personId: idFilter(f.personId), textPattern: searchPattern(f.text, 'filter.text') };
      const reach = caseReach(ctx);
      return paginate<Case>(args, {
        keys: DATE_ID_KEY,
        key: (c) => pageKey(c.filedOn, c.id),
        fetch: (window) => listCases(ctx.db, filter, reach, window),
        count: () => countCases(ctx.db, filter, reach),
      });
    },
  }),
  sanctions: t.connection({
    type: SanctionRef,
    description:
      '处分（按决定日期倒序） — Sanctions, newest first: all for leaders, case management and the trial office; others those in cases of clues their body handles.',
    authScopes: { role: ['leader', 'case_manager', 'case_officer', 'trial_officer', 'stationed_officer'] },
    args: { filter: t.arg({ type: SanctionFilterInput, required: false, description: '筛选条件 — Filter.' }) },
    resolve: (_r, args, ctx) => {
      const f = args.filter ?? {};
      const filter: SanctionFilter = { ...f, personId: idFilter(f.personId) };
      const reach = ctx.viewer.roles.includes('trial_officer') ? ({ all: true } as const) : handlerReach(ctx);
      return paginate<Sanction>(args, {
        keys: DATE_ID_KEY,
        key: (s) => pageKey(s.decidedOn, s.id),
        fetch: (window) => listSanctions(ctx.db, filter, reach, window),
        count: () => countSanctions(ctx.db, filter, reach),
      });
    },
  }),
}));

// ─── Mutations ────────────────────────────────────────────────────────────────────────────────

const CasePayload = payloadType(builder, 'CasePayload', {
  field: 'case',
  type: CaseRef,
  description: '案件操作结果 — The case, or why the step was refused.',
  load: (id, ctx) => ctx.loaders.caseById.load(id),
});
const SanctionPayload = payloadType(builder, 'SanctionPayload', {
  field: 'sanction',
  type: SanctionRef,
  description: '处分决定结果 — The sanction, or why it was refused.',
  load: (id, ctx) => ctx.loaders.sanctionById.load(id),
});

const FileCaseInput = builder.inputType('FileCaseInput', {
  description: '立案 — File a case from a clue disposed by preliminary verification, against one of its persons.',
  fields: (t) => ({
    clueId: t.id({ description: '问题线索 — Clue.' }),
    personId: t.id({ description: '审查调查对象（须为线索涉及人员） — Person; must be named in the clue.' }),
    filedOn: t.field({ type: 'Date', description: '立案日期 — Date filed.' }),
  }),
});
const StartInvestigationInput = builder.inputType('StartInvestigationInput', {
  description: '开始审查调查 — Start examination and investigation.',
  fields: (t) => ({ caseId: t.id({ description: '案件 — Case.' }), startedOn: t.field({ type: 'Date', description: '开始日期 — Date.' }) }),
});
const StartDetentionInput = builder.inputType('StartDetentionInput', {
  description: '采取留置措施 — Place the person in detention (three months).',
  fields: (t) => ({ caseId: t.id({ description: '案件 — Case.' }), startedOn: t.field({ type: 'Date', description: '留置开始日期 — Start.' }) }),
});
const ExtendDetentionInput = builder.inputType('ExtendDetentionInput', {
  description: '延长留置期限 — Extend detention once, by at most three months.',
  fields: (t) => ({
    caseId: t.id({ description: '案件 — Case.' }),
    months: t.int({ description: '延长月数（1–3） — Months (1–3).' }),
    extendedOn: t.field({ type: 'Date', description: '延长决定日期 — Date of the decision.' }),
  }),
});
const EndDetentionInput = builder.inputType('EndDetentionInput', {
  description: '解除留置 — End detention.',
  fields: (t) => ({ caseId: t.id({ description: '案件 — Case.' }), endedOn: t.field({ type: 'Date', description: '解除日期 — Date.' }) }),
});
const SubmitForTrialInput = builder.inputType('SubmitCaseForTrialInput', {
  description: '移送审理 — Submit the case to the trial office (one-month trial period).',
  fields: (t) => ({
    caseId: t.id({ description: '案件 — Case.' }),
    startedOn: t.field({ type: 'Date', description: '审理受理日期 — Date accepted for trial.' }),
  }),
});
const CloseCaseInput = builder.inputType('CloseCaseInput', {
  description: '结案 — Close a case at the end of trial (within the trial period).',
  fields: (t) => ({ caseId: t.id({ description: '案件 — Case.' }), closedOn: t.field({ type: 'Date', description: '结案日期 — Date.' }) }),
});
const TransferInput = builder.inputType('TransferCaseToProcuratorateInput', {
  description: '移送检察机关 — Transfer the case to the procuratorate after trial.',
  fields: (t) => ({ caseId: t.id({ description: '案件 — Case.' }), transferredOn: t.field({ type: 'Date', description: '移送日期 — Date.' }) }),
});
const RecoverLossesInput = builder.inputType('RecordLossesRecoveredInput', {
  description: '挽回经济损失 — Record money recovered in the case.',
  fields: (t) => ({
    caseId: t.id({ description: '案件 — Case.' }),
    amount: t.field({ type: 'Money', description: '金额（元） — Amount in yuan.' }),
    recoveredOn: t.field({ type: 'Date', description: '日期 — Date.' }),
  }),
});
const AnnounceSanctionInput = builder.inputType('AnnounceSanctionInput', {
  description: '宣布处分决定 — Record the announcement of a sanction.',
  fields: (t) => ({
    sanctionId: t.id({ description: '处分 — Sanction.' }),
    announcedOn: t.field({ type: 'Date', description: '宣布日期 — Date announced.' }),
  }),
});

const ImposeSanctionInput = builder.inputType('ImposeSanctionInput', {
  description: "作出处分决定 — Decide a sanction on the case's person.",
  fields: (t) => ({
    caseId: t.id({ description: '案件 — Case.' }),
    type: t.field({ type: SanctionTypeEnum, description: '处分种类 — Type.' }),
    decidedOn: t.field({ type: 'Date', description: '决定日期 — Date.' }),
    fourForm: t.int({ description: '四种形态（轻处分为 2，重处分为 3 或 4） — Four forms: 2 for light sanctions, 3 or 4 for heavy ones.' }),
  }),
});

async function lockCase(tx: Context['db'], id: string | number): Promise<{ c: Case; clue: Clue }> {
  const caseId = idOrRefuse(id, ['input', 'caseId'], '案件');
  const c = await findCaseForUpdate(tx, caseId);
  if (!c) refuse('NOT_FOUND', ['input', 'caseId'], '案件不存在 — no such case');
  const [clue] = await findCluesByIds(tx, [c.clueId]);
  return { c, clue: clue! };
}

type CaseStep = (tx: Context['db'], c: Case, input: any, ctx: Context) => Promise<void>;

/** A case mutation: lock the case, check who acts, run the step, audit, return the case. */
function caseMutation(description: string, inputType: any, extraRoles: readonly 'trial_officer'[], step: CaseStep) {
  return (t: any) =>
    t.field({
      type: CasePayload,
      description,
      authScopes: { role: ['leader', 'case_manager', 'case_officer', 'stationed_officer', ...extraRoles] },
      args: { input: t.arg({ type: inputType, required: true, description: '输入 — Input.' }) },
      resolve: async (_r: unknown, { input }: { input: any }, ctx: Context) => {
        const outcome = await inTransaction(ctx.db, async (tx) => {
          const { c, clue } = await lockCase(tx, input.caseId);
          assertHandles(ctx, clue, extraRoles);
          await step(tx, c, input, ctx);
          await ctx.audit.write(tx, { action: 'UPDATE', recordType: 'Case', recordId: c.id });
          return c.id;
        });
        return { id: outcome.result, errors: outcome.errors };
      },
    });
}

function expectStatus(c: Case, allowed: Case['status'][], what: string) {
  if (!allowed.includes(c.status))
    refuse('INVALID_TRANSITION', ['input', 'caseId'], `案件处于“${c.status}”阶段，不能${what} — a case in stage ${c.status} cannot ${what}`);
}

async function lockedDetention(tx: Context['db'], c: Case): Promise<Detention> {
  const detention = await findDetentionForUpdate(tx, c.id);
  if (!detention) refuse('INVALID_TRANSITION', ['input', 'caseId'], '案件未采取留置措施 — no detention in this case');
  if (detention.endedOn) refuse('INVALID_TRANSITION', ['input', 'caseId'], '留置已解除 — detention has ended');
  return detention;
}

builder.mutationFields((t) => ({
  fileCase: t.field({
    type: CasePayload,
    description: bilingual(
      '立案',
      'File a case from a clue disposed by preliminary verification (the handling body, case management, leaders).',
      'Clues closed, shelved or inquired into cannot be filed.',
    ),
    authScopes: { role: ['leader', 'case_manager', 'case_officer', 'stationed_officer'] },
    args: { input: t.arg({ type: FileCaseInput, required: true, description: '立案信息 — Filing.' }) },
    resolve: async (_r, { input }, ctx) => {
      const outcome = await inTransaction(ctx.db, async (tx) => {
        const clue = await lockClue(tx, input.clueId);
        assertHandles(ctx, clue);
        if (clue.disposalMethod !== 'PRELIMINARY_VERIFICATION') {
          const state = clue.disposalMethod ?? 'NOT_DISPOSED';
          refuse(
            'INVALID_TRANSITION',
            ['input', 'clueId'],
            `线索处置方式为 ${state}，只有经初步核实的线索可以立案 — only a clue disposed by PRELIMINARY_VERIFICATION can be filed (this one: ${state})`,
          );
        }
        const personId = idOrRefuse(input.personId, ['input', 'personId'], '审查调查对象');
        const subjects = (await findClueSubjects(tx, [clue.id])).map((s) => s.personId);
        if (!subjects.includes(personId)) refuse('BAD_USER_INPUT', ['input', 'personId'], '该人员不是线索涉及人员 — the person is not named in the clue');
        notInFuture(input.filedOn, ['input', 'filedOn']);
        if (input.filedOn < clue.disposedOn!) refuse('BAD_USER_INPUT', ['input', 'filedOn'], '立案日期早于线索处置日期 — filed before the clue was disposed');
        const existing = await findCaseOfClueAndPerson(tx, clue.id, personId);
        if (existing) refuse('ALREADY_EXISTS', ['input', 'personId'], '已对该人员立案 — a case against this person exists for this clue');
        const row = await insertCase(tx, {
          clueId: clue.id,
          personId,
          filedOn: input.filedOn,
          status: 'FILED',
          investigationStartedOn: null,
          trialStartedOn: null,
          closedOn: null,
          transferredToProcuratorateOn: null,
        });
        await ctx.audit.write(tx, { action: 'CREATE', recordType: 'Case', recordId: row.id });
        return row.id;
      });
      return { id: outcome.result, errors: outcome.errors };
    },
  }),
  startInvestigation: caseMutation('开始审查调查 — Start examination and investigation of a filed case.', StartInvestigationInput, [], async (tx, c, input) => {
    expectStatus(c, ['FILED'], '开始审查调查 / start investigation');
    notInFuture(input.startedOn, ['input', 'startedOn']);
    if (input.startedOn < c.filedOn) refuse('BAD_USER_INPUT', ['input', 'startedOn'], '早于立案日期 — before the case was filed');
    await updateCase(tx, c.id, { status: 'UNDER_INVESTIGATION', investigationStartedOn: input.startedOn });
  })(t),
  startDetention: caseMutation(
    '采取留置措施 — Start detention (three months) during investigation; one detention per case.',
    StartDetentionInput,
    [],
    async (tx, c, input) => {
      expectStatus(c, ['UNDER_INVESTIGATION'], '采取留置 / detain');
      if (await findDetentionForUpdate(tx, c.id))
        refuse('LIMIT_EXCEEDED', ['input', 'caseId'], '本案已采取过留置措施 — this case has had its detention already');
      notInFuture(input.startedOn, ['input', 'startedOn']);
      if (input.startedOn < c.investigationStartedOn!)
        refuse('BAD_USER_INPUT', ['input', 'startedOn'], '早于审查调查开始日期 — before the investigation started');
      await insertDetention(tx, {
        caseId: c.id,
        startedOn: input.startedOn,
        lastDayOn: detentionLastDay(input.startedOn, null),
        extendedMonths: null,
        extendedOn: null,
        endedOn: null,
      });
    },
  )(t),
  extendDetention: caseMutation(
    '延长留置期限 — Extend detention once, by at most three months, before it expires.',
    ExtendDetentionInput,
    [],
    async (tx, c, input) => {
      const detention = await lockedDetention(tx, c);
      if (detention.extendedMonths != null) refuse('LIMIT_EXCEEDED', ['input', 'caseId'], '留置期限只能延长一次 — detention can be extended only once');
      if (input.months < 1) refuse('BAD_USER_INPUT', ['input', 'months'], '延长月数须为 1–3 — months must be 1 to 3');
      if (input.months > DETENTION_MAX_EXTENSION_MONTHS)
        refuse('LIMIT_EXCEEDED', ['input', 'months'], '延长不得超过三个月 — an extension is at most three months');
      notInFuture(input.extendedOn, ['input', 'extendedOn']);
      if (input.extendedOn < detention.startedOn) refuse('BAD_USER_INPUT', ['input', 'extendedOn'], '早于留置开始日期 — before detention started');
      if (input.extendedOn > detention.lastDayOn)
        refuse('LIMIT_EXCEEDED', ['input', 'extendedOn'], '留置期限已届满，不能再延长 — the detention period has expired');
      await updateDetention(tx, detention.id, {
        extendedMonths: input.months,
        extendedOn: input.extendedOn,
        lastDayOn: detentionLastDay(detention.startedOn, input.months),
      });
    },
  )(t),
  endDetention: caseMutation('解除留置 — End detention, at the latest on the last day of its period.', EndDetentionInput, [], async (tx, c, input) => {
    const detention = await lockedDetention(tx, c);
    notInFuture(input.endedOn, ['input', 'endedOn']);
    if (input.endedOn < detention.startedOn) refuse('BAD_USER_INPUT', ['input', 'endedOn'], '早于留置开始日期 — before detention started');
    if (input.endedOn > detention.lastDayOn)
      refuse('LIMIT_EXCEEDED', ['input', 'endedOn'], `留置期限于 ${detention.lastDayOn} 届满 — the detention period ended on ${detention.lastDayOn}`);
    await updateDetention(tx, detention.id, { endedOn: input.endedOn });
  })(t),
  submitCaseForTrial: caseMutation('移送审理 — Submit the investigated case to the trial office.', SubmitForTrialInput, [], async (tx, c, input) => {
    expectStatus(c, ['UNDER_INVESTIGATION'], '移送审理 / go to trial');
    notInFuture(input.startedOn, ['input', 'startedOn']);
    if (input.startedOn < c.investigationStartedOn!)
      refuse('BAD_USER_INPUT', ['input', 'startedOn'], '早于审查调查开始日期 — before the investigation started');
    await updateCase(tx, c.id, { status: 'UNDER_TRIAL', trialStartedOn: input.startedOn });
  })(t),
  closeCase: caseMutation(
    '结案 — Close the case at the end of trial, within the one-month trial period (trial office, case management, leaders).',
    CloseCaseInput,
    ['trial_officer'],
    async (tx, c, input) => {
      expectStatus(c, ['UNDER_TRIAL'], '结案 / close');
      notInFuture(input.closedOn, ['input', 'closedOn']);
      if (input.closedOn < c.trialStartedOn!) refuse('BAD_USER_INPUT', ['input', 'closedOn'], '早于审理开始日期 — before the trial started');
      const deadline = trialLastDay(c.trialStartedOn!);
      if (input.closedOn > deadline)
        refuse('LIMIT_EXCEEDED', ['input', 'closedOn'], `审理期限于 ${deadline} 届满 — the one-month trial period ended on ${deadline}`);
      await updateCase(tx, c.id, { status: 'CLOSED', closedOn: input.closedOn });
    },
  )(t),
  transferCaseToProcuratorate: caseMutation(
    '移送检察机关 — Transfer the case to the procuratorate once it is at or past trial; once only.',
    TransferInput,
    ['trial_officer'],
    async (tx, c, input) => {
      expectStatus(c, ['UNDER_TRIAL', 'CLOSED'], '移送检察机关 / transfer');
      if (c.transferredToProcuratorateOn) refuse('INVALID_TRANSITION', ['input', 'caseId'], '已移送检察机关 — already transferred');
      notInFuture(input.transferredOn, ['input', 'transferredOn']);
      if (input.transferredOn < c.trialStartedOn!) refuse('BAD_USER_INPUT', ['input', 'transferredOn'], '早于审理开始日期 — before the trial started');
      await updateCase(tx, c.id, { transferredToProcuratorateOn: input.transferredOn });
    },
  )(t),
  recordLossesRecovered: caseMutation(
    '挽回经济损失 — Record money recovered in an investigated case.',
    RecoverLossesInput,
    ['trial_officer'],
    async (tx, c, input) => {
      expectStatus(c, ['UNDER_INVESTIGATION', 'UNDER_TRIAL', 'CLOSED'], '登记挽回损失 / record recoveries');
      if (!/^\d+\.\d{2}$/.test(input.amount) || /^0+\.00$/.test(input.amount))
        refuse('BAD_USER_INPUT', ['input', 'amount'], '金额须大于零 — amount must be positive');
      notInFuture(input.recoveredOn, ['input', 'recoveredOn']);
      if (input.recoveredOn < c.filedOn) refuse('BAD_USER_INPUT', ['input', 'recoveredOn'], '早于立案日期 — before the case was filed');
      await insertLossRecovery(tx, { caseId: c.id, recoveredOn: input.recoveredOn, amount: input.amount });
    },
  )(t),
  announceSanction: t.field({
    type: SanctionPayload,
    description: '宣布处分决定 — Record that a sanction was announced (due within one month of the decision; a later date is recorded and shows as late).',
    authScopes: { role: ['leader', 'case_manager', 'trial_officer'] },
    args: { input: t.arg({ type: AnnounceSanctionInput, required: true, description: '宣布信息 — Announcement.' }) },
    resolve: async (_r, { input }, ctx) => {
      const outcome = await inTransaction(ctx.db, async (tx) => {
        const sanctionId = idOrRefuse(input.sanctionId, ['input', 'sanctionId'], '处分');
        const sanction = await findSanctionForUpdate(tx, sanctionId);
        if (!sanction) refuse('NOT_FOUND', ['input', 'sanctionId'], '处分不存在 — no such sanction');
        if (sanction.announcedOn) refuse('INVALID_TRANSITION', ['input', 'sanctionId'], '该处分已宣布 — already announced');
        notInFuture(input.announcedOn, ['input', 'announcedOn']);
        if (input.announcedOn < sanction.decidedOn) refuse('BAD_USER_INPUT', ['input', 'announcedOn'], '早于处分决定日期 — before the decision');
        await markSanctionAnnounced(tx, sanction.id, input.announcedOn);
        await ctx.audit.write(tx, { action: 'UPDATE', recordType: 'Sanction', recordId: sanction.id });
        return sanction.id;
      });
      return { id: outcome.result, errors: outcome.errors };
    },
  }),
  imposeSanction: t.field({
    type: SanctionPayload,
    description: "作出处分决定 — Decide a party or government sanction on the case's person at or after trial (trial office, case management, leaders).",
    authScopes: { role: ['leader', 'case_manager', 'trial_officer'] },
    args: { input: t.arg({ type: ImposeSanctionInput, required: true, description: '处分决定 — Sanction.' }) },
    resolve: async (_r, { input }, ctx) => {
      const outcome = await inTransaction(ctx.db, async (tx) => {
        const { c } = await lockCase(tx, input.caseId);
        expectStatus(c, ['UNDER_TRIAL', 'CLOSED'], '作出处分 / sanction (trial comes first)');
        const [person] = await findPersonsByIds(tx, [c.personId]);
        const party = (PARTY_SANCTIONS as readonly string[]).includes(input.type);
        if (party && !person!.partyMember)
          refuse('BAD_USER_INPUT', ['input', 'type'], '非中共党员不适用党纪处分 — party sanctions apply to party members only');
        const light = LIGHT_SANCTIONS.includes(input.type);
        if (light && input.fourForm !== 2) refuse('BAD_USER_INPUT', ['input', 'fourForm'], '轻处分属第二种形态 — a light sanction is the second form');
        if (!light && input.fourForm !== 3 && input.fourForm !== 4)
          refuse('BAD_USER_INPUT', ['input', 'fourForm'], '重处分属第三或第四种形态 — a heavy sanction is the third or fourth form');
        notInFuture(input.decidedOn, ['input', 'decidedOn']);
        if (input.decidedOn < c.trialStartedOn!) refuse('BAD_USER_INPUT', ['input', 'decidedOn'], '早于审理开始日期 — before the trial started');
        const existing = await findSanctionOfCaseByType(tx, c.id, input.type);
        if (existing) refuse('ALREADY_EXISTS', ['input', 'type'], '本案已作出该处分 — this sanction is decided already');
        const row = await insertSanction(tx, { caseId: c.id, personId: c.personId, type: input.type, decidedOn: input.decidedOn, fourForm: input.fourForm });
        await ctx.audit.write(tx, { action: 'CREATE', recordType: 'Sanction', recordId: row.id });
        return row.id;
      });
      return { id: outcome.result, errors: outcome.errors };
    },
  }),
}));
