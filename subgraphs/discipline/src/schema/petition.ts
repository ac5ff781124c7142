import {
  DATE_ID_KEY,
  idOrRefuse,
  inTransaction,
  isOverdue,
  notInFuture,
  paginate,
  payloadType,
  refuse,
  requireText,
  todayInShanghai,
  idFilter,
  personLevel,
  references,
  bilingual,
} from '@hub/core';
import { searchPattern } from '@hub/core';
import { builder } from '../builder.ts';
import type { Person, Petition, PetitionReporter } from '../db/database.ts';
import {
  countPetitions,
  findPetitionForUpdate,
  insertPetition,
  insertPetitionReporter,
  insertPetitionSubjects,
  listPetitions,
  petitionKey,
  updatePetition,
} from '../db/petitions.ts';
import { findPersonsByIds } from '../db/reference.ts';
import { petitionSteps } from '../domain/deadlines.ts';
import { DeadlineRef } from './deadline-types.ts';
import { PetitionCategoryEnum } from './enums.ts';
import { PersonRef } from './reference.ts';

export const PetitionChannelEnum = builder.enumType('PetitionChannel', {
  description: '信访渠道 — How a petition arrived.',
  values: {
    LETTER: { description: '来信 — Letter.' },
    VISIT: { description: '来访 — Visit in person.' },
    PHONE: { description: '电话 — Telephone.' },
    ONLINE: { description: '网络（12388） — Online (12388).' },
  } as const,
});

/** Who may read petition content (DESIGN §6): the petition office, case management, leaders. */
export const PETITION_READERS = ['petition_officer', 'case_manager', 'leader'] as const;

/** 信访内容 — a petition's content and the persons it names: person-level, every read audited. */
const PETITION_CONTENT = personLevel({ role: [...PETITION_READERS] });

/** The petition's steps on the working calendar as it stands (rules PETITION_FORWARD / PETITION_ACKNOWLEDGE). */
async function steps(p: Petition, ctx: { loaders: { calendar(): Promise<import('@hub/core').WorkingCalendar> } }) {
  return petitionSteps(p, await ctx.loaders.calendar());
}

function auditedReporterField<F extends 'name' | 'contact' | 'idNumber' | 'address'>(field: F) {
  return (r: PetitionReporter, _args: unknown, ctx: { audit: { read(type: string, id: string): void } }): PetitionReporter[F] => {
    ctx.audit.read('PetitionReporter', r.petitionId);
    return r[field];
  };
}

export const PetitionReporterRef = builder.objectRef<PetitionReporter>('PetitionReporter').implement({
  description: '举报人身份 — Identity of a named reporter. Visible to the petition office (信访室) only; every read is audited; never in logs or errors.',
  authScopes: { role: 'petition_officer' },
  fields: (t) => ({
    name: t.string({ description: '姓名 — Name.', resolve: auditedReporterField('name') }),
    contact: t.string({ nullable: true, description: '联系方式 — Contact.', resolve: auditedReporterField('contact') }),
    idNumber: t.string({ nullable: true, description: '身份证号码 — ID number.', resolve: auditedReporterField('idNumber') }),
    address: t.string({ nullable: true, description: '住址 — Address.', resolve: auditedReporterField('address') }),
  }),
});

export const PetitionRef = builder.objectRef<Petition>('Petition').implement({
  description: '信访举报 — A petition or report received by the commission. Content is need-to-know; every read is audited.',
  authScopes: { role: [...PETITION_READERS] },
  fields: (t) => ({
    id: t.exposeID('id', { description: '编号 — Identifier.' }),
    receivedOn: t.expose('receivedOn', { type: 'Date', description: '受理日期 — Date received.' }),
    channel: t.expose('channel', { type: PetitionChannelEnum, description: '渠道 — Channel.' }),
    category: t.expose('category', { type: PetitionCategoryEnum, description: '问题类别 — Category.' }),
    named: t.exposeBoolean('named', { description: '是否实名 — Whether the reporter gave their name.' }),
    subjectUnitCode: t.expose('subjectUnitCode', { type: 'UnitCode', nullable: true, description: '被反映单位代码 — Code of the unit reported on.' }),
    summary: t.string({
      description: '反映内容摘要 — Summary of what is reported (audited read).',
      authScopes: PETITION_CONTENT,
      resolve: (petition) => petition.summary,
    }),
    subjects: t.field({
      type: [PersonRef],
      description: '被反映人 — Persons reported on (audited read).',
      authScopes: PETITION_CONTENT,
      resolve: async (petition, _args, ctx) => {
        const links = await ctx.loaders.subjectsByPetitionId.load(petition.id);
        return present(await ctx.loaders.personById.loadMany(links.map((l) => l.personId)));
      },
    }),
    outOfJurisdiction: t.exposeBoolean('outOfJurisdiction', {
      description: '是否不属本级管辖（需转办） — Whether the report belongs to another body and must be forwarded.',
    }),
    forwardDeadline: t.field({
      type: 'Date',
      nullable: true,
      description: bilingual(
        '转办期限（受理后 5 个工作日，按法定节假日及调休计算）',
        'Last day to forward an out-of-jurisdiction report:',
        '5 working days after receipt on the official calendar (Monday–Friday, provisional, for a year not loaded:',
        'see `deadlines`); null only when the petition is within jurisdiction.',
      ),
      resolve: async (p, _a, ctx) => (await steps(p, ctx)).find((s) => s.deadline.rule === 'PETITION_FORWARD')?.deadline.dueOn ?? null,
    }),
    forwardedOn: t.expose('forwardedOn', { type: 'Date', nullable: true, description: '转办日期 — Date forwarded.' }),
    forwardedTo: t.exposeString('forwardedTo', { nullable: true, description: '转办机关 — Body it was forwarded to.' }),
    acknowledgementDeadline: t.field({
      type: 'Date',
      nullable: true,
      description: bilingual(
        '实名举报告知期限（受理后 15 个工作日）',
        'Last day to acknowledge a named reporter:',
        '15 working days after receipt on the official calendar (provisional for a year not loaded: see `deadlines`);',
        'null only for anonymous reports.',
      ),
      resolve: async (p, _a, ctx) => (await steps(p, ctx)).find((s) => s.deadline.rule === 'PETITION_ACKNOWLEDGE')?.deadline.dueOn ?? null,
    }),
    acknowledgedOn: t.expose('acknowledgedOn', { type: 'Date', nullable: true, description: '告知实名举报人日期 — Date the named reporter was acknowledged.' }),
    deadlines: t.field({
      type: [DeadlineRef],
      description:
        "期限（转办、告知；含是否暂定） — The petition's deadlines (forwarding, acknowledgement) with whether each is provisional; empty when neither applies.",
      resolve: async (p, _a, ctx) => (await steps(p, ctx)).map((s) => s.deadline),
    }),
    overdue: t.boolean({
      description: '是否超期 — Whether a forwarding or acknowledgement deadline passed (today, Asia/Shanghai) without the step being done in time.',
      resolve: async (p, _a, ctx) => {
        const today = todayInShanghai();
        return (await steps(p, ctx)).some((s) => isOverdue(s.deadline, s.doneOn, today));
      },
    }),
    reporter: t.field({
      type: PetitionReporterRef,
      nullable: true,
      description: '举报人身份（仅信访室可见，读取留痕） — Reporter identity; petition office only, every read audited; null for anonymous reports.',
      authScopes: personLevel({ role: 'petition_officer' as const }, { recordType: 'PetitionReporter' }),
      resolve: (p, _args, ctx) => (p.named ? ctx.loaders.reporterByPetitionId.load(p.id) : null),
    }),
  }),
});

function present<T>(rows: (T | Error | null)[]): T[] {
  return rows.filter((row): row is T => row != null && !(row instanceof Error));
}

const PetitionFilterInput = builder.inputType('PetitionFilter', {
  description: '信访举报筛选 — Filter for petitions; all given conditions must hold.',
  fields: (t) => ({
    unitCode: t.field({ type: 'UnitCode', required: false, description: '被反映单位 — Unit reported on.' }),
    personId: t.id({ required: false, description: '被反映人 — Person reported on.' }),
    named: t.boolean({ required: false, description: '是否实名 — Named or anonymous.' }),
    outOfJurisdiction: t.boolean({ required: false, description: '是否不属本级管辖 — Out of jurisdiction or not.' }),
    category: t.field({ type: PetitionCategoryEnum, required: false, description: '问题类别 — Category.' }),
    receivedFrom: t.field({ type: 'Date', required: false, description: '受理日期起（含） — Received on or after.' }),
    receivedTo: t.field({ type: 'Date', required: false, description: '受理日期止（含） — Received on or before.' }),
    text: t.string({
      required: false,
      description: "检索词：内容摘要或被反映人姓名包含（2–100 字） — Search text found in the summary or a subject's name (2–100 characters).",
    }),
  }),
});

builder.queryFields((t) => ({
  petitions: t.connection({
    type: PetitionRef,
    description: '信访举报（按受理日期倒序） — Petitions, newest first; petition office, case management and leaders only.',
    authScopes: { role: [...PETITION_READERS] },
    args: { filter: t.arg({ type: PetitionFilterInput, required: false, description: '筛选条件 — Filter.' }) },
    resolve: (_root, args, ctx) => {
      const f = args.filter ?? {};
      const filter = { ...f, personId: idFilter(f.personId), textPattern: searchPattern(f.text, 'filter.text') };
      return paginate<Petition>(args, {
        keys: DATE_ID_KEY,
        key: petitionKey,
        fetch: (window) => listPetitions(ctx.db, filter, window),
        count: () => countPetitions(ctx.db, filter),
      });
    },
  }),
}));

const ReporterInput = builder.inputType('PetitionReporterInput', {
  description: '举报人身份 — Identity of a named reporter (stored apart, petition office only).',
  fields: (t) => ({
    name: t.string({ description: '姓名 — Name.' }),
    contact: t.string({ required: false, description: '联系方式 — Contact.' }),
    idNumber: t.string({ required: false, description: '身份证号码 — ID number.' }),
    address: t.string({ required: false, description: '住址 — Address.' }),
  }),
});

const RegisterPetitionInput = builder.inputType('RegisterPetitionInput', {
  description: '登记信访举报 — A petition to register.',
  fields: (t) => ({
    receivedOn: t.field({ type: 'Date', description: '受理日期 — Date received (not in the future).' }),
    channel: t.field({ type: PetitionChannelEnum, description: '渠道 — Channel.' }),
    category: t.field({ type: PetitionCategoryEnum, description: '问题类别 — Category.' }),
    named: t.boolean({ description: '是否实名 — Named (true) or anonymous.' }),
    reporter: t.field({
      type: ReporterInput,
      required: false,
      description: '举报人身份（实名时必填，匿名时不得填写） — Reporter identity: required when named, refused when anonymous.',
    }),
    subjectUnitCode: t.field({ type: 'UnitCode', required: false, description: '被反映单位 — Unit reported on.' }),
    subjectPersonIds: t.idList({ required: false, description: '被反映人 — Persons reported on.' }),
    summary: t.string({ description: '反映内容摘要 — Summary.' }),
    outOfJurisdiction: t.boolean({
      required: false,
      description: '不属本级管辖（需 5 个工作日内转办） — Belongs to another body; must be forwarded within 5 working days.',
    }),
  }),
});

const ForwardPetitionInput = builder.inputType('ForwardPetitionInput', {
  description: '转办信访举报 — Record that an out-of-jurisdiction petition was forwarded.',
  fields: (t) => ({
    petitionId: t.id({ description: '信访举报 — Petition.' }),
    forwardedOn: t.field({ type: 'Date', description: '转办日期 — Date forwarded.' }),
    forwardedTo: t.string({ description: '转办机关 — Body it was forwarded to.' }),
  }),
});

const AcknowledgePetitionInput = builder.inputType('AcknowledgePetitionInput', {
  description: '告知实名举报人 — Record that a named reporter was acknowledged.',
  fields: (t) => ({
    petitionId: t.id({ description: '信访举报 — Petition.' }),
    acknowledgedOn: t.field({ type: 'Date', description: '告知日期 — Date acknowledged.' }),
  }),
});

const PetitionPayload = payloadType(builder, 'PetitionPayload', {
  field: 'petition',
  type: PetitionRef,
  description: '信访举报操作结果 — The petition, or why the step was refused.',
  load: (id, ctx) => ctx.loaders.petitionById.load(id),
});

async function lockPetition(tx: Parameters<typeof findPetitionForUpdate>[0], id: string | number): Promise<Petition> {
  const petitionId = idOrRefuse(id, ['input', 'petitionId'], '信访举报');
  const petition = await findPetitionForUpdate(tx, petitionId);
  if (!petition) refuse('NOT_FOUND', ['input', 'petitionId'], '信访举报不存在 — no such petition');
  return petition;
}

builder.mutationFields((t) => ({
  registerPetition: t.field({
    type: PetitionPayload,
    description: '登记信访举报 — Register a petition; reporter identity is stored apart (petition office only).',
    authScopes: { role: 'petition_officer' },
    args: { input: t.arg({ type: RegisterPetitionInput, required: true, description: '信访举报 — The petition.' }) },
    resolve: async (_r, { input }, ctx) => {
      const outcome = await inTransaction(ctx.db, async (tx) => {
        notInFuture(input.receivedOn, ['input', 'receivedOn']);
        const summary = requireText(input.summary, ['input', 'summary'], '反映内容');
        if (input.named && !input.reporter)
          refuse('BAD_USER_INPUT', ['input', 'reporter'], '实名举报须登记举报人身份 — a named petition needs the reporter identity');
        if (!input.named && input.reporter)
          refuse('BAD_USER_INPUT', ['input', 'reporter'], '匿名举报不得登记举报人身份 — an anonymous petition cannot carry a reporter identity');
        // Never echo reporter values in a refusal: messages name the field only.
        const reporterName = input.reporter ? input.reporter.name.trim() : '';
        if (input.reporter && reporterName === '')
          refuse('BAD_USER_INPUT', ['input', 'reporter', 'name'], '举报人姓名不能为空 — reporter name must not be empty');
        const personIds = [...new Set((input.subjectPersonIds ?? []).map((id, i) => idOrRefuse(id, ['input', 'subjectPersonIds', String(i)], '被反映人')))];
        const persons = new Set((await findPersonsByIds(tx, personIds)).map((p: Person) => p.id));
        personIds.forEach((id, i) => {
          if (!persons.has(id)) refuse('NOT_FOUND', ['input', 'subjectPersonIds', String(i)], '被反映人未登记 — no such person');
        });
        await references(ctx).add('unit', ['input', 'subjectUnitCode'], input.subjectUnitCode).run('registerPetition');
        const petition = await insertPetition(tx, {
          receivedOn: input.receivedOn,
          channel: input.channel,
          category: input.category,
          named: input.named,
          subjectUnitCode: input.subjectUnitCode ?? null,
          summary,
          outOfJurisdiction: input.outOfJurisdiction ?? false,
        });
        if (input.reporter) {
          const blank = (v: string | null | undefined) => (v == null || v.trim() === '' ? null : v.trim());
          await insertPetitionReporter(tx, {
            petitionId: petition.id,
            name: reporterName,
            contact: blank(input.reporter.contact),
            idNumber: blank(input.reporter.idNumber),
            address: blank(input.reporter.address),
          });
        }
        await insertPetitionSubjects(tx, petition.id, personIds);
        await ctx.audit.write(tx, { action: 'CREATE', recordType: 'Petition', recordId: petition.id });
        return petition.id;
      });
      return { id: outcome.result, errors: outcome.errors };
    },
  }),
  forwardPetition: t.field({
    type: PetitionPayload,
    description: '转办信访举报 — Record forwarding of an out-of-jurisdiction petition (petition office).',
    authScopes: { role: 'petition_officer' },
    args: { input: t.arg({ type: ForwardPetitionInput, required: true, description: '转办信息 — Forwarding.' }) },
    resolve: async (_r, { input }, ctx) => {
      const outcome = await inTransaction(ctx.db, async (tx) => {
        const petition = await lockPetition(tx, input.petitionId);
        if (!petition.outOfJurisdiction)
          refuse('INVALID_TRANSITION', ['input', 'petitionId'], '该件属本级管辖，无需转办 — the petition is within jurisdiction; nothing to forward');
        if (petition.forwardedOn) refuse('INVALID_TRANSITION', ['input', 'petitionId'], '该件已转办 — already forwarded');
        notInFuture(input.forwardedOn, ['input', 'forwardedOn']);
        if (input.forwardedOn < petition.receivedOn)
          refuse('BAD_USER_INPUT', ['input', 'forwardedOn'], '转办日期早于受理日期 — forwarded before it was received');
        const forwardedTo = requireText(input.forwardedTo, ['input', 'forwardedTo'], '转办机关');
        await updatePetition(tx, petition.id, { forwardedOn: input.forwardedOn, forwardedTo });
        await ctx.audit.write(tx, { action: 'UPDATE', recordType: 'Petition', recordId: petition.id });
        return petition.id;
      });
      return { id: outcome.result, errors: outcome.errors };
    },
  }),
  acknowledgePetition: t.field({
    type: PetitionPayload,
    description: '告知实名举报人 — Record that the named reporter was told the report was accepted (petition office).',
    authScopes: { role: 'petition_officer' },
    args: { input: t.arg({ type: AcknowledgePetitionInput, required: true, description: '告知信息 — Acknowledgement.' }) },
    resolve: async (_r, { input }, ctx) => {
      const outcome = await inTransaction(ctx.db, async (tx) => {
        const petition = await lockPetition(tx, input.petitionId);
        if (!petition.named) refuse('INVALID_TRANSITION', ['input', 'petitionId'], '匿名举报无需告知 — anonymous petitions are not acknowledged');
        if (petition.acknowledgedOn) refuse('INVALID_TRANSITION', ['input', 'petitionId'], '已告知 — already acknowledged');
        notInFuture(input.acknowledgedOn, ['input', 'acknowledgedOn']);
        if (input.acknowledgedOn < petition.receivedOn)
          refuse('BAD_USER_INPUT', ['input', 'acknowledgedOn'], '告知日期早于受理日期 — acknowledged before it was received');
        await updatePetition(tx, petition.id, { acknowledgedOn: input.acknowledgedOn });
        await ctx.audit.write(tx, { action: 'UPDATE', recordType: 'Petition', recordId: petition.id });
        return petition.id;
      });
      return { id: outcome.result, errors: outcome.errors };
    },
  }),
}));

builder.queryField('petition', (t) =>
  t.field({
    type: PetitionRef,
    nullable: true,
    description: '按编号查询信访举报 — One petition by id (petition office, case management, leaders).',
    authScopes: { role: [...PETITION_READERS] },
    args: { id: t.arg.id({ required: true, description: '编号 — Identifier.' }) },
    resolve: (_r, args, ctx) => (/^[0-9a-f-]{36}$/i.test(String(args.id)) ? ctx.loaders.petitionById.load(String(args.id)) : null),
  }),
);
