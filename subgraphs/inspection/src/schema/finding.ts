import {
  references,
  DATE_ID_KEY,
  idFilter,
  idOrRefuse,
  optionalText,
  pageKey,
  paginate,
  payloadType,
  refuse,
  requireText,
  runMutation,
  todayInShanghai,
  UserErrors,
} from '@hub/core';
import { searchPattern } from '@hub/core';
import { builder } from '../builder.ts';
import type { ClueTransfer, Consultation, Finding, Stage } from '../db/database.ts';
import {
  countFindings,
  countTransfers,
  findFindingInRound,
  findTransferForUpdate,
  insertConsultation,
  insertFinding,
  insertTransfer,
  latestConsultation,
  listFindings,
  listTransfers,
  recordTransferFeedback,
  transferExistsForFinding,
  type TransferFilter,
} from '../db/findings.ts';
import { findInspectionInRound, stageDatesOf } from '../db/rounds.ts';
import { checkConsultationDate, checkFindingDate, checkTransferDate, checkTransferFeedbackDate } from '../domain/findings.ts';
import { STAGE_NAMES, transferFeedbackDue } from '../deadlines.ts';
import {
  readConsultation,
  readConsultationContent,
  readFindingContent,
  readTransferContent,
  readInspectionFindings,
  recordTransferFeedbacks,
  readClueTransfer,
  readInspectionRecord,
  readInspectionRecords,
  readTransfers,
  writeInspectionSteps,
} from '../policy.ts';
import { PersonRef } from './external.ts';
import { InspectionRef } from './round.ts';
import { UnitRef } from './unit.ts';

export const FindingCategoryEnum = builder.enumType('FindingCategory', {
  description: '巡察发现问题类别 — Category of an inspection finding.',
  values: {
    PARTY_LEADERSHIP: { description: '党的领导弱化、贯彻落实党的路线方针政策不力 — Weak party leadership, poor implementation of policy.' },
    PARTY_BUILDING: { description: '党的建设缺失、基层党组织建设薄弱 — Deficient party building.' },
    STRICT_GOVERNANCE: { description: '全面从严治党不力、主体责任落实不到位 — Weak strict governance of the party, primary responsibility not met.' },
    EIGHT_PROVISIONS: { description: '违反中央八项规定精神 — Breach of the eight-point rules.' },
    FORMALISM_BUREAUCRATISM: { description: '形式主义、官僚主义 — Formalism and bureaucratism.' },
    CORRUPTION: { description: '腐败问题、违反廉洁纪律 — Corruption, breach of integrity discipline.' },
    FUNDS_MANAGEMENT: { description: '资金资产资源管理问题（含乱发津补贴） — Mismanaged funds, assets or resources (incl. improper allowances).' },
    PERSONNEL_SELECTION: { description: '选人用人问题 — Problems in selecting and appointing cadres.' },
    MASS_INTERESTS: { description: '群众身边不正之风和腐败问题 — Misconduct affecting the public directly.' },
    PREVIOUS_RECTIFICATION: { description: '上轮巡察、审计等整改不到位 — Earlier rectification not carried out.' },
    OTHER: { description: '其他 — Other.' },
  } as const,
});

const ConsultationDepartmentEnum = builder.enumType('ConsultationDepartment', {
  description: '会商参与部门 — Department taking part in a consultation.',
  values: {
    INSPECTION_OFFICE: { description: '巡察办（巡察组） — Inspection office or team.' },
    TRIAL_OFFICE: { description: '案件审理室 — Case trial office.' },
    SUPERVISION_OFFICE: { description: '纪检监察室 — Supervision and inspection office.' },
    STATIONED_GROUP: { description: '派驻纪检组 — Stationed group.' },
    CASE_MANAGEMENT_OFFICE: { description: '案件监督管理室 — Case management office.' },
    PETITION_OFFICE: { description: '信访室 — Petition office.' },
    CONDUCT_OFFICE: { description: '党风政风监督室 — Conduct supervision office.' },
  } as const,
});

const ConsultationConclusionEnum = builder.enumType('ConsultationConclusion', {
  description: '会商研判结论 — Conclusion of a consultation on a disputed finding.',
  values: {
    TRANSFER_AS_CLUE: { description: '作为问题线索移交 — Transfer as a problem clue.' },
    ORDER_RECTIFICATION: { description: '责令整改 — Order the unit to rectify.' },
    FURTHER_VERIFICATION: { description: '进一步核实 — Verify further.' },
    NOT_SUBSTANTIATED: { description: '不构成问题 — Not substantiated.' },
  } as const,
});

const ReceiverKindEnum = builder.enumType('ClueReceiverKind', {
  description: '线索承办方类别 — Kind of body receiving a transferred clue.',
  values: {
    DEPARTMENT: { description: '纪委监委部门（纪检监察室等） — A commission department.' },
    STATIONED_GROUP: { description: '派驻纪检组 — A stationed group.' },
    COLLABORATION_ZONE: { description: '办案协作区 — A collaboration zone.' },
  } as const,
});

export const FindingRef = builder.objectRef<Finding>('Finding');
export const ConsultationRef = builder.objectRef<Consultation>('Consultation');
export const ClueTransferRef = builder.objectRef<ClueTransfer>('ClueTransfer');

FindingRef.implement({
  description: '巡察发现问题 — A problem the team found at a unit. Content names persons: need-to-know, reads audited.',
  authScopes: readInspectionRecord,
  fields: (t) => ({
    id: t.exposeID('id', { description: '编号 — Identifier.' }),
    inspection: t.field({
      type: InspectionRef,
      description: '所属巡察 — Inspection.',
      resolve: async (f, _a, ctx) => (await ctx.loaders.inspectionById.load(f.inspectionId))!,
    }),
    category: t.expose('category', { type: FindingCategoryEnum, description: '问题类别 — Category.' }),
    description: t.string({
      description: '问题描述 — Description (audited read).',
      authScopes: readFindingContent,
      resolve: (f) => f.description,
    }),
    amountInvolved: t.expose('amountInvolved', { type: 'Money', nullable: true, description: '涉及金额（元） — Amount involved, in yuan.' }),
    recordedOn: t.expose('recordedOn', { type: 'Date', description: '发现日期 — Date recorded.' }),
    namedPersons: t.field({
      type: [PersonRef],
      description: '涉及人员 — Persons the finding names (audited read).',
      authScopes: readFindingContent,
      resolve: async (f, _a, ctx) => (await ctx.loaders.personIdsByFinding.load(f.id)).map((p) => ({ id: p.personId })),
    }),
    consultations: t.field({
      type: [ConsultationRef],
      description: '会商研判 — Consultations on this finding.',
      resolve: (f, _a, ctx) => ctx.loaders.consultationsByFinding.load(f.id),
    }),
    clueTransfer: t.field({
      type: ClueTransferRef,
      nullable: true,
      description: '线索移交 — Its transfer as a clue, if transferred.',
      resolve: (f, _a, ctx) => ctx.loaders.transferByFinding.load(f.id),
    }),
  }),
});

ConsultationRef.implement({
  description: '会商研判 — A consultation of departments on a disputed finding.',
  authScopes: readConsultation,
  fields: (t) => ({
    id: t.exposeID('id', { description: '编号 — Identifier.' }),
    heldOn: t.expose('heldOn', { type: 'Date', description: '会商日期 — Date held.' }),
    departments: t.field({ type: [ConsultationDepartmentEnum], description: '参与部门 — Departments taking part.', resolve: (c) => c.departments }),
    question: t.string({
      description: '研判问题 — Question put to the consultation (audited read).',
      authScopes: readConsultationContent,
      resolve: (c) => c.question,
    }),
    conclusion: t.expose('conclusion', { type: ConsultationConclusionEnum, description: '结论 — Conclusion.' }),
    conclusionNote: t.string({
      nullable: true,
      description: '结论说明 — Note on the conclusion (audited read).',
      authScopes: readConsultationContent,
      resolve: (c) => c.conclusionNote,
    }),
    finding: t.field({
      type: FindingRef,
      description: '所涉问题 — The finding.',
      resolve: async (c, _a, ctx) => (await ctx.loaders.findingById.load(c.findingId))!,
    }),
  }),
});

ClueTransferRef.implement({
  description: '问题线索移交 — A finding transferred as a problem clue; feedback is due within 3 months. Readable by the receiving body.',
  authScopes: readClueTransfer,
  fields: (t) => ({
    id: t.exposeID('id', { description: '编号 — Identifier (key).' }),
    inspectionTeamId: t.id({
      description: "移交的巡察组 — The team whose inspection made the transfer (discipline's rule on outcomes needs it).",
      resolve: async (c, _a, ctx) => (await ctx.loaders.inspectionById.load((await ctx.loaders.findingById.load(c.findingId))!.inspectionId))!.teamId,
    }),
    finding: t.field({
      type: FindingRef,
      description: '所移交问题（巡察方可见） — The finding (inspection side and leaders).',
      authScopes: readInspectionRecords,
      resolve: async (c, _a, ctx) => (await ctx.loaders.findingById.load(c.findingId))!,
    }),
    unit: t.field({
      type: UnitRef,
      description: '被巡察单位 — The inspected unit.',
      resolve: async (c, _a, ctx) => {
        const finding = (await ctx.loaders.findingById.load(c.findingId))!;
        return (await ctx.loaders.unitByCode.load((await ctx.loaders.inspectionById.load(finding.inspectionId))!.unitCode))!;
      },
    }),
    category: t.field({
      type: FindingCategoryEnum,
      description: '问题类别 — Category of the finding.',
      resolve: async (c, _a, ctx) => (await ctx.loaders.findingById.load(c.findingId))!.category,
    }),
    content: t.string({
      description: '移交的问题内容 — Content handed over (audited read).',
      authScopes: readTransferContent,
      resolve: async (c, _a, ctx) => (await ctx.loaders.findingById.load(c.findingId))!.description,
    }),
    namedPersons: t.field({
      type: [PersonRef],
      description: '涉及人员 — Persons named (audited read).',
      authScopes: readTransferContent,
      resolve: async (c, _a, ctx) => (await ctx.loaders.personIdsByFinding.load(c.findingId)).map((p) => ({ id: p.personId })),
    }),
    transferredOn: t.expose('transferredOn', { type: 'Date', description: '移交日期 — Date transferred.' }),
    receiverKind: t.expose('receiverKind', { type: ReceiverKindEnum, description: '承办方类别 — Kind of receiver.' }),
    receiverId: t.exposeID('receiverId', { description: '承办方编号（部门、派驻组、协作区） — Id of the receiving department, group or zone.' }),
    priority: t.exposeBoolean('priority', { description: '优先办理 — Flagged for priority handling.' }),
    escalated: t.exposeBoolean('escalated', { description: '提级办理（村级对象） — Escalated handling (village-level subjects).' }),
    feedbackDueOn: t.expose('feedbackDueOn', { type: 'Date', description: '反馈期限（移交后 3 个月） — Feedback due date, three months after transfer.' }),
    feedbackReceivedOn: t.expose('feedbackReceivedOn', { type: 'Date', nullable: true, description: '反馈日期 — Date feedback was received.' }),
    feedbackSummary: t.string({
      nullable: true,
      description: '反馈情况 — Summary of the feedback (audited read).',
      authScopes: readTransferContent,
      resolve: (c) => c.feedbackSummary,
    }),
    overdue: t.boolean({
      description: '截至某日是否逾期未反馈 — Whether feedback was overdue on the given date (due date passed, no feedback by then).',
      args: { asOf: t.arg({ type: 'Date', required: true, description: '截至日期 — As of this date.' }) },
      resolve: (c, { asOf }) => c.feedbackDueOn < asOf && (c.feedbackReceivedOn === null || c.feedbackReceivedOn > asOf),
    }),
  }),
});

builder.asEntity(ClueTransferRef, {
  key: builder.selection<{ id: string }>('id'),
  resolveReference: (ref, ctx) => ctx.loaders.transferById.load(ref.id),
});

builder.objectFields(InspectionRef, (t) => ({
  findings: t.field({
    type: [FindingRef],
    description: '发现问题 — Findings of this inspection.',
    authScopes: readInspectionFindings,
    resolve: (i, _a, ctx) => ctx.loaders.findingsByInspection.load(i.id),
  }),
}));

builder.objectFields(PersonRef, (t) => ({
  inspectionFindings: t.connection(
    {
      type: FindingRef,
      description: '巡察发现问题中涉及本人的（新到旧） — Inspection findings naming this person, latest first (audited).',
      authScopes: readInspectionRecords,
      resolve: (p, args, ctx) => ctx.loaders.findingPagesByPerson.page(p.id, args),
    },
    { description: '涉及本人的巡察发现问题（分页） — A page of inspection findings naming the person.' },
    { description: '发现问题（分页边） — One finding with its cursor.' },
  ),
}));

// ─── Queries ────────────────────────────────────────────────────────────────────────────────────

const FindingFilterInput = builder.inputType('FindingFilter', {
  description: '发现问题筛选 — Filter for findings; all given conditions must hold.',
  fields: (t) => ({
    roundId: t.id({ required: false, description: '轮次 — Round id.' }),
    inspectionId: t.id({ required: false, description: '巡察 — Inspection id.' }),
    unitCode: t.field({ type: 'UnitCode', required: false, description: '单位 — Unit code.' }),
    category: t.field({ type: FindingCategoryEnum, required: false, description: '类别 — Category.' }),
    recordedFrom: t.field({ type: 'Date', required: false, description: '发现日期起（含） — Recorded on or after.' }),
    recordedTo: t.field({ type: 'Date', required: false, description: '发现日期止（含） — Recorded on or before.' }),
    text: t.string({
      required: false,
      description: "检索词：问题描述或被巡察单位名称包含（2–100 字） — Search text found in the description or the unit's name (2–100 characters).",
    }),
  }),
});

const TransferFilterInput = builder.inputType('ClueTransferFilter', {
  description: '线索移交筛选 — Filter for clue transfers; all given conditions must hold.',
  fields: (t) => ({
    roundId: t.id({ required: false, description: '轮次 — Round id.' }),
    unitCode: t.field({ type: 'UnitCode', required: false, description: '被巡察单位 — Unit code.' }),
    receiverKind: t.field({ type: ReceiverKindEnum, required: false, description: '承办方类别 — Kind of receiver.' }),
    receiverId: t.id({ required: false, description: '承办方编号 — Receiver id.' }),
    priority: t.boolean({ required: false, description: '优先办理 — Priority flag.' }),
    escalated: t.boolean({ required: false, description: '提级办理 — Escalated flag.' }),
    awaitingFeedback: t.boolean({ required: false, description: '尚未反馈 — True: no feedback yet; false: feedback received.' }),
  }),
});

function transferFilter(
  f:
    | {
        roundId?: string | number | null;
        unitCode?: string | null;
        receiverKind?: TransferFilter['receiverKind'];
        receiverId?: string | number | null;
        priority?: boolean | null;
        escalated?: boolean | null;
        awaitingFeedback?: boolean | null;
      }
    | null
    | undefined,
): TransferFilter {
  return {
    roundId: idFilter(f?.roundId),
    unitCode: f?.unitCode,
    receiverKind: f?.receiverKind,
    receiverId: f?.receiverId == null ? null : String(f.receiverId),
    priority: f?.priority,
    escalated: f?.escalated,
    awaitingFeedback: f?.awaitingFeedback,
  };
}

builder.queryFields((t) => ({
  inspectionFindings: t.connection(
    {
      type: FindingRef,
      description: '巡察发现问题（按发现日期倒序） — Inspection findings, latest first.',
      authScopes: readInspectionRecords,
      args: { filter: t.arg({ type: FindingFilterInput, required: false, description: '筛选条件 — Filter.' }) },
      resolve: (_root, args, ctx) => {
        const f = args.filter;
        const filter = {
          roundId: idFilter(f?.roundId),
          inspectionId: idFilter(f?.inspectionId),
          unitCode: f?.unitCode,
          category: f?.category,
          recordedFrom: f?.recordedFrom,
          recordedTo: f?.recordedTo,
          textPattern: searchPattern(f?.text, 'filter.text'),
        };
        return paginate<Finding>(args, {
          keys: DATE_ID_KEY,
          key: (row) => pageKey(row.recordedOn, row.id),
          fetch: (window) => listFindings(ctx.db, filter, window),
          count: () => countFindings(ctx.db, filter),
        });
      },
    },
    { description: '发现问题分页 — A page of findings.' },
    { description: '问题条目 — One finding of the page.' },
  ),
  clueTransfers: t.connection(
    {
      type: ClueTransferRef,
      description: '问题线索移交（按反馈期限） — Clue transfers, earliest feedback deadline first.',
      authScopes: readTransfers,
      args: { filter: t.arg({ type: TransferFilterInput, required: false, description: '筛选条件 — Filter.' }) },
      resolve: (_root, args, ctx) => {
        const filter = transferFilter(args.filter);
        return paginate<ClueTransfer>(args, {
          keys: DATE_ID_KEY,
          key: (row) => pageKey(row.feedbackDueOn, row.id),
          fetch: (window) => listTransfers(ctx.db, filter, window),
          count: () => countTransfers(ctx.db, filter),
        });
      },
    },
    { description: '线索移交分页 — A page of clue transfers.' },
    { description: '移交条目 — One transfer of the page.' },
  ),
  overdueClueTransfers: t.connection(
    {
      type: ClueTransferRef,
      description: '逾期未反馈的线索移交 — Transfers whose 3-month feedback deadline had passed on `asOf` without feedback by then.',
      authScopes: readTransfers,
      args: {
        asOf: t.arg({ type: 'Date', required: true, description: '截至日期 — As of this date.' }),
        filter: t.arg({ type: TransferFilterInput, required: false, description: '筛选条件 — Further filter.' }),
      },
      resolve: (_root, args, ctx) => {
        const filter = { ...transferFilter(args.filter), overdueAsOf: args.asOf };
        return paginate<ClueTransfer>(args, {
          keys: DATE_ID_KEY,
          key: (row) => pageKey(row.feedbackDueOn, row.id),
          fetch: (window) => listTransfers(ctx.db, filter, window),
          count: () => countTransfers(ctx.db, filter),
        });
      },
    },
    { description: '逾期线索移交分页 — A page of overdue transfers.' },
    { description: '逾期移交条目 — One overdue transfer of the page.' },
  ),
  clueTransfer: t.field({
    type: ClueTransferRef,
    nullable: true,
    description: '按编号查询线索移交 — A transfer by id (inspection side, leaders, case management, or the receiving body).',
    args: { id: t.arg.id({ required: true, description: '编号 — Transfer id.' }) },
    resolve: (_root, args, ctx) => ctx.loaders.transferById.load(String(args.id)),
  }),
}));

// ─── Mutations ──────────────────────────────────────────────────────────────────────────────────

const RecordFindingInput = builder.inputType('RecordFindingInput', {
  description: '登记发现问题 — A problem found during the inspection.',
  fields: (t) => ({
    inspectionId: t.id({ description: '巡察 — Inspection id.' }),
    category: t.field({ type: FindingCategoryEnum, description: '类别 — Category.' }),
    description: t.string({ description: '问题描述 — Description.' }),
    amountInvolved: t.field({ type: 'Money', required: false, description: '涉及金额（元） — Amount involved.' }),
    personIds: t.idList({ required: false, description: '涉及人员（Person） — Persons named.' }),
    recordedOn: t.field({ type: 'Date', description: '发现日期 — Date.' }),
  }),
});

const RecordConsultationInput = builder.inputType('RecordConsultationInput', {
  description: '登记会商研判 — A consultation on a disputed finding.',
  fields: (t) => ({
    findingId: t.id({ description: '问题 — Finding id.' }),
    heldOn: t.field({ type: 'Date', description: '会商日期 — Date.' }),
    departments: t.field({ type: [ConsultationDepartmentEnum], description: '参与部门 — Departments taking part.' }),
    question: t.string({ description: '研判问题 — Question.' }),
    conclusion: t.field({ type: ConsultationConclusionEnum, description: '结论 — Conclusion.' }),
    conclusionNote: t.string({ required: false, description: '结论说明 — Note.' }),
  }),
});

const ReceiverInput = builder.inputType('ClueReceiverInput', {
  description: '承办方 — Body receiving a clue.',
  fields: (t) => ({
    kind: t.field({ type: ReceiverKindEnum, description: '类别 — Kind.' }),
    id: t.id({ description: '编号 — Id of the department, stationed group or zone.' }),
  }),
});

const TransferClueInput = builder.inputType('TransferClueInput', {
  description: '移交问题线索 — Transfer a finding as a problem clue.',
  fields: (t) => ({
    findingId: t.id({ description: '问题 — Finding id.' }),
    transferredOn: t.field({ type: 'Date', description: '移交日期 — Date.' }),
    receiver: t.field({ type: ReceiverInput, description: '承办方 — Receiver.' }),
    priority: t.boolean({
      description: '优先办理（巡察移交线索一律优先办理，不得为否） — Priority handling; transferred clues are always priority, false is refused.',
    }),
  }),
});

const TransferFeedbackInput = builder.inputType('RecordClueTransferFeedbackInput', {
  description: "登记线索办理反馈 — The receiver's feedback on a transferred clue.",
  fields: (t) => ({
    transferId: t.id({ description: '线索移交 — Transfer id.' }),
    receivedOn: t.field({ type: 'Date', description: '反馈日期 — Date received.' }),
    summary: t.string({ description: '反馈情况 — Summary.' }),
  }),
});

const FindingPayload = payloadType(builder, 'FindingPayload', {
  field: 'finding',
  type: FindingRef,
  description: '发现问题登记结果 — The finding, or why it was refused.',
  load: (id, ctx) => ctx.loaders.findingById.load(id),
});
const ConsultationPayload = payloadType(builder, 'ConsultationPayload', {
  field: 'consultation',
  type: ConsultationRef,
  description: '会商研判登记结果 — The consultation, or why it was refused.',
  load: (id, ctx) => ctx.loaders.consultationById.load(id),
});
const ClueTransferPayload = payloadType(builder, 'ClueTransferPayload', {
  field: 'clueTransfer',
  type: ClueTransferRef,
  description: '线索移交结果 — The transfer, or why it was refused.',
  load: (id, ctx) => ctx.loaders.transferById.load(id),
});

const FINDING_STAGES: Stage[] = ['ENTRY', 'FACT_FINDING', 'REPORTING'];
const TRANSFER_STAGES: Stage[] = ['ENTRY', 'FACT_FINDING', 'REPORTING', 'FEEDBACK', 'TRANSFER'];

builder.mutationFields((t) => ({
  recordFinding: t.field({
    type: FindingPayload,
    description: '登记发现问题 — Record a finding; from entry (进驻) through reporting (报告).',
    authScopes: writeInspectionSteps,
    args: { input: t.arg({ type: RecordFindingInput, required: true, description: '问题 — The finding.' }) },
    resolve: (_root, { input }, ctx) =>
      runMutation(ctx.db, async (tx) => {
        const inspectionId = idOrRefuse(input.inspectionId, ['input', 'inspectionId']);
        const description = requireText(input.description, ['input', 'description'], '问题描述');
        const personIds = [...new Set((input.personIds ?? []).map((id) => idOrRefuse(id, ['input', 'personIds'])))];
        if (input.amountInvolved?.startsWith('-')) refuse('BAD_USER_INPUT', ['input', 'amountInvolved'], '金额不能为负 — amount must not be negative');
        const inspection = await findInspectionInRound(tx, inspectionId);
        if (!inspection) refuse('NOT_FOUND', ['input', 'inspectionId'], '巡察不存在 — no such inspection');
        if (!FINDING_STAGES.includes(inspection.stage)) {
          refuse(
            'INVALID_TRANSITION',
            ['input', 'inspectionId'],
            `${STAGE_NAMES[inspection.stage]}阶段不能登记发现问题 — findings are recorded from entry through reporting`,
          );
        }
        const stages = await stageDatesOf(tx, inspection.roundId);
        const problems = new UserErrors();
        checkFindingDate(problems, input.recordedOn, { entryOn: stages.ENTRY ?? null, feedbackOn: stages.FEEDBACK ?? null }, todayInShanghai());
        problems.throwIfAny();
        const check = references(ctx);
        personIds.forEach((id, i) => check.add('person', ['input', 'personIds', String(i)], id));
        await check.run('recordFinding');
        const id = await insertFinding(
          tx,
          { inspectionId, category: input.category, description, amountInvolved: input.amountInvolved ?? null, recordedOn: input.recordedOn },
          personIds,
        );
        await ctx.audit.write(tx, { action: 'CREATE', recordType: 'Finding', recordId: id });
        return id;
      }),
  }),
  recordConsultation: t.field({
    type: ConsultationPayload,
    description: '登记会商研判 — Record a consultation on a finding not yet transferred.',
    authScopes: writeInspectionSteps,
    args: { input: t.arg({ type: RecordConsultationInput, required: true, description: '会商 — The consultation.' }) },
    resolve: (_root, { input }, ctx) =>
      runMutation(ctx.db, async (tx) => {
        const findingId = idOrRefuse(input.findingId, ['input', 'findingId']);
        const question = requireText(input.question, ['input', 'question'], '研判问题');
        const departments = [...new Set(input.departments)];
        if (departments.length === 0) refuse('BAD_USER_INPUT', ['input', 'departments'], '至少一个参与部门 — name at least one department');
        const finding = await findFindingInRound(tx, findingId);
        if (!finding) refuse('NOT_FOUND', ['input', 'findingId'], '问题不存在 — no such finding');
        const problems = new UserErrors();
        checkConsultationDate(problems, input.heldOn, finding.recordedOn, todayInShanghai());
        problems.throwIfAny();
        if (await transferExistsForFinding(tx, findingId))
          refuse('INVALID_TRANSITION', ['input', 'findingId'], '问题已移交，不再会商 — the finding is already transferred');
        const id = await insertConsultation(tx, {
          findingId,
          heldOn: input.heldOn,
          departments,
          question,
          conclusion: input.conclusion,
          conclusionNote: optionalText(input.conclusionNote),
        });
        await ctx.audit.write(tx, { action: 'CREATE', recordType: 'Consultation', recordId: id });
        return id;
      }),
  }),
  transferClue: t.field({
    type: ClueTransferPayload,
    description: '移交问题线索 — Transfer a finding as a clue; village-level units are flagged for escalated handling; feedback due in 3 months.',
    authScopes: writeInspectionSteps,
    args: { input: t.arg({ type: TransferClueInput, required: true, description: '移交 — The transfer.' }) },
    resolve: (_root, { input }, ctx) =>
      runMutation(ctx.db, async (tx) => {
        const findingId = idOrRefuse(input.findingId, ['input', 'findingId']);
        const receiverId = requireText(String(input.receiver.id), ['input', 'receiver', 'id'], '承办方编号');
        const finding = await findFindingInRound(tx, findingId);
        if (!finding) refuse('NOT_FOUND', ['input', 'findingId'], '问题不存在 — no such finding');
        if (!TRANSFER_STAGES.includes(finding.stage)) {
          refuse(
            'INVALID_TRANSITION',
            ['input', 'findingId'],
            `${STAGE_NAMES[finding.stage]}阶段不能移交线索 — clues are transferred from entry through the transfer stage`,
          );
        }
        const consulted = await latestConsultation(tx, findingId);
        const problems = new UserErrors();
        checkTransferDate(
          problems,
          input.transferredOn,
          { recordedOn: finding.recordedOn, latestConsultationOn: consulted?.heldOn ?? null },
          todayInShanghai(),
        );
        problems.throwIfAny();
        if (await transferExistsForFinding(tx, findingId))
          refuse('ALREADY_EXISTS', ['input', 'findingId'], '该问题已移交 — the finding is already transferred');
        if (consulted && consulted.conclusion !== 'TRANSFER_AS_CLUE') {
          refuse('CONFLICT', ['input', 'findingId'], '会商研判结论不是移交线索 — the latest consultation did not conclude to transfer');
        }
        // 巡察移交线索优先办理: discipline registers every transferred clue with priority, so the transfer says so too.
        if (input.priority === false)
          refuse('BAD_USER_INPUT', ['input', 'priority'], '巡察移交线索一律优先办理 — transferred clues are always handled with priority');
        const receiverKind = ({ DEPARTMENT: 'department', STATIONED_GROUP: 'stationedGroup', COLLABORATION_ZONE: 'zone' } as const)[input.receiver.kind];
        await references(ctx).add(receiverKind, ['input', 'receiver', 'id'], receiverId).run('transferClue');
        const id = await insertTransfer(tx, {
          findingId,
          transferredOn: input.transferredOn,
          receiverKind: input.receiver.kind,
          receiverId,
          priority: input.priority,
          escalated: finding.unitLevel === 'VILLAGE',
          feedbackDueOn: transferFeedbackDue(input.transferredOn),
        });
        await ctx.audit.write(tx, { action: 'CREATE', recordType: 'ClueTransfer', recordId: id });
        return id;
      }),
  }),
  recordClueTransferFeedback: t.field({
    type: ClueTransferPayload,
    description: "登记线索办理反馈 — Record the receiver's feedback on a transfer (once).",
    authScopes: recordTransferFeedbacks,
    args: { input: t.arg({ type: TransferFeedbackInput, required: true, description: '反馈 — The feedback.' }) },
    resolve: (_root, { input }, ctx) =>
      runMutation(ctx.db, async (tx) => {
        const transferId = idOrRefuse(input.transferId, ['input', 'transferId']);
        const summary = requireText(input.summary, ['input', 'summary'], '反馈情况');
        const transfer = await findTransferForUpdate(tx, transferId);
        if (!transfer) refuse('NOT_FOUND', ['input', 'transferId'], '线索移交不存在 — no such transfer');
        if (transfer.feedbackReceivedOn) refuse('INVALID_TRANSITION', ['input', 'transferId'], '已登记反馈 — feedback is recorded already');
        const problems = new UserErrors();
        checkTransferFeedbackDate(problems, input.receivedOn, transfer.transferredOn, todayInShanghai());
        problems.throwIfAny();
        await recordTransferFeedback(tx, transferId, input.receivedOn, summary);
        await ctx.audit.write(tx, { action: 'UPDATE', recordType: 'ClueTransfer', recordId: transferId });
        return transferId;
      }),
  }),
}));
