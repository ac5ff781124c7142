import {
  enqueueEvent,
  references,
  DATE_ID_KEY,
  idOrRefuse,
  inTransaction,
  isUuid,
  notInFuture,
  paginate,
  payloadType,
  refuse,
  requireText,
  pageKey,
  idFilter,
  UserErrors,
  bilingual,
} from '@hub/core';
import { searchPattern } from '@hub/core';
import { GraphQLError } from 'graphql';
import { builder } from '../builder.ts';
import type { Context } from '../context.ts';
import { type ClueFilter, countClues, findClueForUpdate, findCluesByTransferIds, insertClue, listClues, updateClue } from '../db/clues.ts';
import type { Clue, ClueSource, HandlerKind } from '../db/database.ts';
import { checkHandlingDepartment } from '../domain/clues.ts';
import { ClueSourceEnum, DisposalMethodEnum, HandlerKindEnum } from './enums.ts';
import { findPetitionsByIds } from '../db/petitions.ts';
import { findDepartmentsByIds, findPersonsByIds, findStaffByIds, findZonesByIds } from '../db/reference.ts';
import { ALL_CASES_ROLES, CLUE_CONTENT, handlerReach } from './common.ts';
import { PetitionRef } from './petition.ts';
import { noteOwnTransferClue, readClue, readTransferredClue } from '../policy.ts';
import { CollaborationZoneRef, DepartmentRef, PersonRef, StaffRef } from './reference.ts';
import { UnitRef } from './unit.ts';

export const ClueRef = builder.objectRef<Clue>('Clue');
ClueRef.implement({
  description: bilingual(
    '问题线索',
    'A problem clue: source, handling body, escalation, disposal and result. Content is need-to-know (leaders,',
    'case management, the handling body); reads are audited.',
  ),
  authScopes: readClue,
  fields: (t) => ({
    id: t.exposeID('id', { description: '编号 — Identifier.' }),
    source: t.expose('source', { type: ClueSourceEnum, description: '线索来源 — Source.' }),
    clueTransferId: t.exposeID('clueTransferId', { nullable: true, description: '巡察移交编号 — Id of the inspection clue transfer, when transferred.' }),
    receivedOn: t.expose('receivedOn', { type: 'Date', description: '受理日期 — Date received.' }),
    priority: t.exposeBoolean('priority', { description: '是否优先办理（巡察移交） — Priority handling (inspection transfers always).' }),
    handlerKind: t.expose('handlerKind', { type: HandlerKindEnum, description: '承办主体类别 — Kind of handling body.' }),
    handlerDepartment: t.field({
      type: DepartmentRef,
      nullable: true,
      description: '承办部门 — Handling department.',
      resolve: (c, _a, ctx) => (c.handlerDepartmentId ? ctx.loaders.departmentById.load(c.handlerDepartmentId) : null),
    }),
    handlerStationedGroupId: t.exposeID('handlerStationedGroupId', {
      nullable: true,
      description: '承办派驻纪检组 — Handling stationed group (id in the stationed subgraph).',
    }),
    handlerZone: t.field({
      type: CollaborationZoneRef,
      nullable: true,
      description: '承办协作区 — Handling collaboration zone.',
      resolve: (c, _a, ctx) => (c.handlerZoneId ? ctx.loaders.zoneById.load(c.handlerZoneId) : null),
    }),
    escalated: t.exposeBoolean('escalated', { description: '是否提级办理 — Escalated (提级办理).' }),
    escalatedOn: t.expose('escalatedOn', { type: 'Date', nullable: true, description: '提级日期 — Date escalated.' }),
    disposed: t.boolean({ description: '是否已处置 — Whether a disposal was recorded.', resolve: (c) => c.disposalMethod != null }),
    disposalMethod: t.expose('disposalMethod', { type: DisposalMethodEnum, nullable: true, description: '处置方式 — Disposal method.' }),
    disposedOn: t.expose('disposedOn', { type: 'Date', nullable: true, description: '处置日期 — Date disposed.' }),
    resultReportedOn: t.expose('resultReportedOn', { type: 'Date', nullable: true, description: '结果反馈日期 — Date the disposal result was reported back.' }),
    subjectUnitCode: t.expose('subjectUnitCode', { type: 'UnitCode', nullable: true, description: '涉及单位代码 — Code of the unit concerned.' }),
    unit: t.field({
      type: UnitRef,
      nullable: true,
      description: '涉及单位 — Unit concerned.',
      resolve: (c) => (c.subjectUnitCode ? { code: c.subjectUnitCode } : null),
    }),
    // Content: need-to-know only, audited.
    summary: t.string({
      description: '线索内容 — What the clue says (need-to-know, audited read).',
      authScopes: CLUE_CONTENT,
      resolve: (c) => c.summary,
    }),
    subjects: t.field({
      type: [PersonRef],
      description: '涉及人员 — Persons concerned (need-to-know, audited read).',
      authScopes: CLUE_CONTENT,
      resolve: (c, _a, ctx) => ctx.loaders.subjectPersonsByClueId.load(c.id),
    }),
    petition: t.field({
      type: PetitionRef,
      nullable: true,
      description: '来源信访举报 — Source petition (audited read).',
      authScopes: CLUE_CONTENT,
      resolve: (c, _a, ctx) => (c.petitionId ? ctx.loaders.petitionById.load(c.petitionId) : null),
    }),
    sourceReference: t.exposeString('sourceReference', {
      nullable: true,
      description: '来源文号 — Reference of the source (audit report, judicial letter …; audited read).',
      authScopes: CLUE_CONTENT,
    }),
    escalationReason: t.exposeString('escalationReason', {
      nullable: true,
      description: '提级理由 — Reason for escalation (audited read).',
      authScopes: CLUE_CONTENT,
    }),
    disposedBy: t.field({
      type: StaffRef,
      nullable: true,
      description: '处置承办人 — Staff who disposed of the clue (audited read).',
      authScopes: CLUE_CONTENT,
      resolve: (c, _a, ctx) => (c.disposedByStaffId ? ctx.loaders.staffById.load(c.disposedByStaffId) : null),
    }),
    resultReport: t.exposeString('resultReport', { nullable: true, description: '处置结果 — Result reported back (audited read).', authScopes: CLUE_CONTENT }),
  }),
});

export function present<T>(rows: (T | Error | null)[]): T[] {
  return rows.filter((row): row is T => row != null && !(row instanceof Error));
}

/** `ClueTransfer` is defined by inspection; discipline contributes the clue it became. */
export const ClueTransferRef = builder.externalRef('ClueTransfer', builder.selection<{ id: string }>('id'), (ref) => ref);
ClueTransferRef.implement({
  description: '巡察问题线索移交 — A clue transfer from an inspection team (defined by inspection).',
  externalFields: (t) => ({
    inspectionTeamId: t.id({ description: '移交的巡察组（巡察子图提供） — The team whose inspection made the transfer (from inspection).' }),
  }),
  fields: (t) => ({
    id: t.exposeID('id', { description: '编号 — Identifier (key).' }),
    clue: t.field({
      type: ClueRef,
      nullable: true,
      description: bilingual(
        '登记的问题线索',
        'The clue the transfer was registered as, with disposal and result; null until registered.',
        'The team that transferred it reads its status and outcome.',
      ),
      requires: builder.selection<{ inspectionTeamId?: string | null }>('inspectionTeamId'),
      authScopes: readTransferredClue,
      resolve: async (ref, _a, ctx) => {
        const clue = isUuid(ref.id) ? await ctx.loaders.clueByTransferId.load(ref.id) : null;
        const ownTeam = ref.inspectionTeamId != null && ctx.viewer.scopes.inspectionTeamIds.includes(ref.inspectionTeamId);
        return ownTeam ? noteOwnTransferClue(ctx, clue) : clue;
      },
    }),
  }),
});

const ClueFilterInput = builder.inputType('ClueFilter', {
  description: '问题线索筛选 — Filter for clues; all given conditions must hold.',
  fields: (t) => ({
    unitCode: t.field({ type: 'UnitCode', required: false, description: '涉及单位 — Unit.' }),
    personId: t.id({ required: false, description: '涉及人员 — Person.' }),
    source: t.field({ type: ClueSourceEnum, required: false, description: '来源 — Source.' }),
    disposed: t.boolean({ required: false, description: '是否已处置 — Disposed or not.' }),
    disposalMethod: t.field({ type: DisposalMethodEnum, required: false, description: '处置方式 — Disposal method.' }),
    handlerDepartmentId: t.id({ required: false, description: '承办部门 — Handling department.' }),
    handlerZoneId: t.id({ required: false, description: '承办协作区 — Handling zone.' }),
    priority: t.boolean({ required: false, description: '优先办理 — Priority.' }),
    escalated: t.boolean({ required: false, description: '提级办理 — Escalated.' }),
    receivedFrom: t.field({ type: 'Date', required: false, description: '受理日期起（含） — Received on or after.' }),
    receivedTo: t.field({ type: 'Date', required: false, description: '受理日期止（含） — Received on or before.' }),
    text: t.string({
      required: false,
      description: "检索词：线索摘要或涉及人员姓名包含（2–100 字） — Search text found in the summary or a subject's name (2–100 characters).",
    }),
  }),
});

builder.queryFields((t) => ({
  clue: t.field({
    type: ClueRef,
    nullable: true,
    description: '按编号查询问题线索 — One clue by id.',
    args: { id: t.arg.id({ required: true, description: '编号 — Identifier.' }) },
    // Not inspection officers: a team reads its own transfers' clues through `ClueTransfer.clue`.
    authScopes: { role: ['leader', 'case_manager', 'case_officer', 'stationed_officer'] },
    resolve: (_r, args, ctx) => (isUuid(String(args.id)) ? ctx.loaders.clueById.load(String(args.id)) : null),
  }),
  clues: t.connection({
    type: ClueRef,
    description:
      "问题线索（按受理日期倒序） — Clues, newest first: all for leaders and case management, else those handled by the caller's department, zone or stationed group.",
    authScopes: { role: ['leader', 'case_manager', 'case_officer', 'stationed_officer'] },
    args: { filter: t.arg({ type: ClueFilterInput, required: false, description: '筛选条件 — Filter.' }) },
    resolve: (_r, args, ctx) => {
      const f = args.filter ?? {};
      const filter: ClueFilter = {
        ...f,
        personId: idFilter(f.personId),
        handlerDepartmentId: idFilter(f.handlerDepartmentId),
        handlerZoneId: idFilter(f.handlerZoneId),
        textPattern: searchPattern(f.text, 'filter.text'),
      };
      const reach = handlerReach(ctx);
      return paginate<Clue>(args, {
        keys: DATE_ID_KEY,
        key: (c) => pageKey(c.receivedOn, c.id),
        fetch: (window) => listClues(ctx.db, filter, reach, window),
        count: () => countClues(ctx.db, filter, reach),
      });
    },
  }),
}));

// ─── Mutations ────────────────────────────────────────────────────────────────────────────────

const ClueHandlerInput = builder.inputType('ClueHandlerInput', {
  description: '承办主体（三选一） — The handling body: exactly one of a department, a stationed group or a collaboration zone.',
  fields: (t) => ({
    departmentId: t.id({ required: false, description: '纪检监察室等内设机构 — Department.' }),
    stationedGroupId: t.id({ required: false, description: '派驻纪检组 — Stationed group (id in the stationed subgraph).' }),
    zoneId: t.id({ required: false, description: '办案协作区 — Collaboration zone.' }),
  }),
});

type HandlerInput = { departmentId?: string | number | null; stationedGroupId?: string | number | null; zoneId?: string | number | null };

/** Validates a handler input; returns the clue columns it sets. */
async function resolveHandler(ctx: Context, tx: Context['db'], input: HandlerInput, field: string[], operation: string, source: ClueSource) {
  const given = (['departmentId', 'stationedGroupId', 'zoneId'] as const).filter((k) => input[k] != null);
  if (given.length !== 1) refuse('BAD_USER_INPUT', field, '承办主体须且只能指定一个 — give exactly one of departmentId, stationedGroupId, zoneId');
  const key = given[0]!;
  const id = idOrRefuse(input[key]!, [...field, key], '承办主体');
  if (key === 'departmentId') {
    const [department] = await findDepartmentsByIds(tx, [id]);
    if (!department) refuse('NOT_FOUND', [...field, key], '承办部门不存在 — no such department');
    const problems = new UserErrors();
    checkHandlingDepartment(problems, department, source, [...field, key]);
    problems.throwIfAny();
  }
  if (key === 'zoneId' && (await findZonesByIds(tx, [id])).length === 0) refuse('NOT_FOUND', [...field, key], '协作区不存在 — no such collaboration zone');
  if (key === 'stationedGroupId')
    await references(ctx)
      .add('stationedGroup', [...field, key], id)
      .run(operation);
  const kind: HandlerKind = key === 'departmentId' ? 'DEPARTMENT' : key === 'zoneId' ? 'ZONE' : 'STATIONED_GROUP';
  return {
    handlerKind: kind,
    handlerDepartmentId: key === 'departmentId' ? id : null,
    handlerStationedGroupId: key === 'stationedGroupId' ? id : null,
    handlerZoneId: key === 'zoneId' ? id : null,
  };
}

/** Leaders and case management act on every clue; anybody else only on clues their body handles. */
export function assertHandles(ctx: Context, clue: Clue, extraRoles: readonly string[] = []): void {
  if (ctx.viewer.roles.some((r) => (ALL_CASES_ROLES as readonly string[]).includes(r) || extraRoles.includes(r))) return;
  const { departmentIds, zoneIds, stationedGroupIds } = ctx.viewer.scopes;
  const handles =
    (clue.handlerDepartmentId != null && departmentIds.includes(clue.handlerDepartmentId)) ||
    (clue.handlerZoneId != null && zoneIds.includes(clue.handlerZoneId)) ||
    (clue.handlerStationedGroupId != null && stationedGroupIds.includes(clue.handlerStationedGroupId));
  if (!handles) throw new GraphQLError('无权办理该线索 — not the handling body of this clue', { extensions: { code: 'FORBIDDEN' } });
}

export async function lockClue(tx: Context['db'], id: string | number, field: string[] = ['input', 'clueId']): Promise<Clue> {
  const clueId = idOrRefuse(id, field, '问题线索');
  const clue = await findClueForUpdate(tx, clueId);
  if (!clue) refuse('NOT_FOUND', field, '问题线索不存在 — no such clue');
  return clue;
}

const RegisterClueInput = builder.inputType('RegisterClueInput', {
  description: '登记问题线索 — A clue to register.',
  fields: (t) => ({
    source: t.field({ type: ClueSourceEnum, description: '来源 — Source.' }),
    petitionId: t.id({ required: false, description: '来源信访举报（来源为信访举报时必填） — Source petition (required for PETITION, refused otherwise).' }),
    clueTransferId: t.id({
      required: false,
      description: '巡察移交编号（来源为巡察移交时必填） — Inspection clue transfer id (required for INSPECTION_TRANSFER, refused otherwise).',
    }),
    sourceReference: t.string({ required: false, description: '来源文号 — Reference of the source document.' }),
    subjectUnitCode: t.field({ type: 'UnitCode', required: false, description: '涉及单位 — Unit concerned.' }),
    subjectPersonIds: t.idList({ required: false, description: '涉及人员 — Persons concerned.' }),
    summary: t.string({ description: '线索内容 — What the clue says.' }),
    receivedOn: t.field({ type: 'Date', description: '受理日期 — Date received.' }),
    handler: t.field({ type: ClueHandlerInput, description: '承办主体 — Handling body.' }),
    priority: t.boolean({ required: false, description: '优先办理（巡察移交一律优先） — Priority; always true for inspection transfers.' }),
  }),
});

const AssignClueInput = builder.inputType('AssignClueInput', {
  description: '分办问题线索 — Assign a clue to another handling body (before disposal).',
  fields: (t) => ({
    clueId: t.id({ description: '问题线索 — Clue.' }),
    handler: t.field({ type: ClueHandlerInput, description: '承办主体 — Handling body.' }),
  }),
});
const EscalateClueInput = builder.inputType('EscalateClueInput', {
  description: '提级办理 — Escalate a clue to a higher handling body, with the reason.',
  fields: (t) => ({
    clueId: t.id({ description: '问题线索 — Clue.' }),
    reason: t.string({ description: '提级理由 — Reason.' }),
    escalatedOn: t.field({ type: 'Date', description: '提级日期 — Date.' }),
    handler: t.field({ type: ClueHandlerInput, description: '提级后的承办主体 — Handling body after escalation.' }),
  }),
});
const DisposeClueInput = builder.inputType('DisposeClueInput', {
  description: '处置问题线索 — Dispose of a clue by one of the four methods.',
  fields: (t) => ({
    clueId: t.id({ description: '问题线索 — Clue.' }),
    method: t.field({ type: DisposalMethodEnum, description: '处置方式 — Method.' }),
    disposedOn: t.field({ type: 'Date', description: '处置日期 — Date.' }),
    handledByStaffId: t.id({ description: '承办人 — Staff who handled it.' }),
  }),
});
const ReportClueResultInput = builder.inputType('ReportClueResultInput', {
  description: '反馈处置结果 — Report the result of a disposal back.',
  fields: (t) => ({
    clueId: t.id({ description: '问题线索 — Clue.' }),
    result: t.string({ description: '处置结果 — Result.' }),
    reportedOn: t.field({ type: 'Date', description: '反馈日期 — Date.' }),
  }),
});

const CluePayload = payloadType(builder, 'CluePayload', {
  field: 'clue',
  type: ClueRef,
  description: '问题线索操作结果 — The clue, or why the step was refused.',
  load: (id, ctx) => ctx.loaders.clueById.load(id),
});

const CLUE_REGISTRARS = ['leader', 'case_manager'] as const;
const CLUE_HANDLERS = ['leader', 'case_manager', 'case_officer', 'stationed_officer'] as const;

builder.mutationFields((t) => ({
  registerClue: t.field({
    type: CluePayload,
    description: bilingual(
      '登记问题线索',
      'Register a clue from a petition, an inspection transfer, a stationed group, an audit,',
      'judicial organs or another source (case management, leaders).',
    ),
    authScopes: { role: [...CLUE_REGISTRARS] },
    args: { input: t.arg({ type: RegisterClueInput, required: true, description: '问题线索 — The clue.' }) },
    resolve: async (_r, { input }, ctx) => {
      const outcome = await inTransaction(ctx.db, async (tx) => {
        const summary = requireText(input.summary, ['input', 'summary'], '线索内容');
        notInFuture(input.receivedOn, ['input', 'receivedOn']);
        let petitionId: string | null = null;
        let clueTransferId: string | null = null;
        if (input.source === 'PETITION') {
          if (input.petitionId == null) refuse('BAD_USER_INPUT', ['input', 'petitionId'], '来源为信访举报时须指定信访件 — a petition clue needs petitionId');
          petitionId = idOrRefuse(input.petitionId, ['input', 'petitionId'], '信访举报');
          const [petition] = await findPetitionsByIds(tx, [petitionId]);
          if (!petition) refuse('NOT_FOUND', ['input', 'petitionId'], '信访举报不存在 — no such petition');
          if (petition.outOfJurisdiction)
            refuse(
              'INVALID_TRANSITION',
              ['input', 'petitionId'],
              '该件不属本级管辖，应转办 — the petition is out of jurisdiction and is forwarded, not registered',
            );
          if (input.receivedOn < petition.receivedOn)
            refuse('BAD_USER_INPUT', ['input', 'receivedOn'], '线索受理日期早于信访件受理日期 — clue received before its petition');
        } else if (input.petitionId != null) {
          refuse('BAD_USER_INPUT', ['input', 'petitionId'], '仅来源为信访举报时可指定信访件 — petitionId is only for PETITION clues');
        }
        if (input.source === 'INSPECTION_TRANSFER') {
          if (input.clueTransferId == null)
            refuse('BAD_USER_INPUT', ['input', 'clueTransferId'], '巡察移交线索须指定移交编号 — an inspection transfer needs clueTransferId');
          clueTransferId = idOrRefuse(input.clueTransferId, ['input', 'clueTransferId'], '巡察移交');
          if ((await findCluesByTransferIds(tx, [clueTransferId])).length > 0)
            refuse('ALREADY_EXISTS', ['input', 'clueTransferId'], '该移交已登记为线索 — this transfer is registered already');
          if (input.priority === false)
            refuse('BAD_USER_INPUT', ['input', 'priority'], '巡察移交线索须优先办理 — inspection transfers are always handled with priority');
        } else if (input.clueTransferId != null) {
          refuse('BAD_USER_INPUT', ['input', 'clueTransferId'], '仅巡察移交线索可指定移交编号 — clueTransferId is only for INSPECTION_TRANSFER clues');
        }
        const personIds = [...new Set((input.subjectPersonIds ?? []).map((id, i) => idOrRefuse(id, ['input', 'subjectPersonIds', String(i)], '涉及人员')))];
        const found = new Set((await findPersonsByIds(tx, personIds)).map((p) => p.id));
        personIds.forEach((id, i) => {
          if (!found.has(id)) refuse('NOT_FOUND', ['input', 'subjectPersonIds', String(i)], '涉及人员未登记 — no such person');
        });
        const handler = await resolveHandler(ctx, tx, input.handler, ['input', 'handler'], 'registerClue', input.source);
        const check = references(ctx)
          .add('unit', ['input', 'subjectUnitCode'], input.subjectUnitCode)
          .add('clueTransfer', ['input', 'clueTransferId'], clueTransferId);
        await check.run('registerClue');
        // A transferred clue carries the transfer's priority and escalation (提级): one fact, recorded once.
        let carried: { priority: boolean; escalated: boolean; escalationReason: string | null; escalatedOn: string | null } = {
          priority: input.priority ?? false,
          escalated: false,
          escalationReason: null,
          escalatedOn: null,
        };
        if (clueTransferId) {
          const transfer = check.get('clueTransfer', clueTransferId);
          const addressedTo = {
            DEPARTMENT: handler.handlerDepartmentId,
            STATIONED_GROUP: handler.handlerStationedGroupId,
            COLLABORATION_ZONE: handler.handlerZoneId,
          }[transfer.receiverKind as string];
          if (addressedTo == null || addressedTo !== transfer.receiverId) {
            refuse('CONFLICT', ['input', 'handler'], '该移交不是移交给此承办主体的 — the transfer is addressed to another receiver');
          }
          carried = {
            priority: true,
            escalated: transfer.escalated as boolean,
            escalationReason: transfer.escalated ? '村级巡察移交线索提级办理 — village-level inspection transfer, escalated handling' : null,
            escalatedOn: transfer.escalated ? input.receivedOn : null,
          };
        }
        const clue = await insertClue(
          tx,
          {
            source: input.source,
            petitionId,
            clueTransferId,
            sourceReference: input.sourceReference?.trim() || null,
            subjectUnitCode: input.subjectUnitCode ?? null,
            summary,
            receivedOn: input.receivedOn,
            ...handler,
            ...carried,
            disposalMethod: null,
            disposedOn: null,
            disposedByStaffId: null,
            resultReport: null,
            resultReportedOn: null,
          },
          personIds,
        );
        await ctx.audit.write(tx, { action: 'CREATE', recordType: 'Clue', recordId: clue.id });
        // Inspection owns the transfer and signals one left unregistered: it learns of the registration here.
        if (clueTransferId) await enqueueEvent(tx, 'clueRegistered', { clueTransferId, registeredOn: input.receivedOn });
        return clue.id;
      });
      return { id: outcome.result, errors: outcome.errors };
    },
  }),
  assignClue: t.field({
    type: CluePayload,
    description: '分办问题线索 — Assign a clue to a department, stationed group or collaboration zone before it is disposed (case management, leaders).',
    authScopes: { role: [...CLUE_REGISTRARS] },
    args: { input: t.arg({ type: AssignClueInput, required: true, description: '分办信息 — Assignment.' }) },
    resolve: async (_r, { input }, ctx) => {
      const outcome = await inTransaction(ctx.db, async (tx) => {
        const clue = await lockClue(tx, input.clueId);
        if (clue.disposalMethod && clue.disposalMethod !== 'SHELVED_PENDING_CHECK')
          refuse('INVALID_TRANSITION', ['input', 'clueId'], '线索已处置，不能再分办 — the clue is disposed');
        const handler = await resolveHandler(ctx, tx, input.handler, ['input', 'handler'], 'assignClue', clue.source);
        await updateClue(tx, clue.id, handler);
        await ctx.audit.write(tx, { action: 'UPDATE', recordType: 'Clue', recordId: clue.id });
        return clue.id;
      });
      return { id: outcome.result, errors: outcome.errors };
    },
  }),
  escalateClue: t.field({
    type: CluePayload,
    description: '提级办理 — Escalate a clue to a higher handling body, recording the reason (case management, leaders).',
    authScopes: { role: [...CLUE_REGISTRARS] },
    args: { input: t.arg({ type: EscalateClueInput, required: true, description: '提级信息 — Escalation.' }) },
    resolve: async (_r, { input }, ctx) => {
      const outcome = await inTransaction(ctx.db, async (tx) => {
        const clue = await lockClue(tx, input.clueId);
        if (clue.escalated) refuse('INVALID_TRANSITION', ['input', 'clueId'], '线索已提级办理 — already escalated');
        if (clue.disposalMethod && clue.disposalMethod !== 'SHELVED_PENDING_CHECK')
          refuse('INVALID_TRANSITION', ['input', 'clueId'], '线索已处置，不能提级 — the clue is disposed');
        const reason = requireText(input.reason, ['input', 'reason'], '提级理由');
        notInFuture(input.escalatedOn, ['input', 'escalatedOn']);
        if (input.escalatedOn < clue.receivedOn) refuse('BAD_USER_INPUT', ['input', 'escalatedOn'], '提级日期早于受理日期 — escalated before it was received');
        const handler = await resolveHandler(ctx, tx, input.handler, ['input', 'handler'], 'escalateClue', clue.source);
        if (
          handler.handlerDepartmentId === clue.handlerDepartmentId &&
          handler.handlerZoneId === clue.handlerZoneId &&
          handler.handlerStationedGroupId === clue.handlerStationedGroupId
        ) {
          refuse('BAD_USER_INPUT', ['input', 'handler'], '提级须改由另一承办主体办理 — escalation moves the clue to another body');
        }
        await updateClue(tx, clue.id, { ...handler, escalated: true, escalationReason: reason, escalatedOn: input.escalatedOn });
        await ctx.audit.write(tx, { action: 'UPDATE', recordType: 'Clue', recordId: clue.id });
        return clue.id;
      });
      return { id: outcome.result, errors: outcome.errors };
    },
  }),
  disposeClue: t.field({
    type: CluePayload,
    description: bilingual(
      '处置问题线索',
      'Dispose of a clue by one of the four methods (the handling body, case management, leaders).',
      'A clue shelved pending checks may be disposed again; others may not.',
    ),
    authScopes: { role: [...CLUE_HANDLERS] },
    args: { input: t.arg({ type: DisposeClueInput, required: true, description: '处置信息 — Disposal.' }) },
    resolve: async (_r, { input }, ctx) => {
      const outcome = await inTransaction(ctx.db, async (tx) => {
        const clue = await lockClue(tx, input.clueId);
        assertHandles(ctx, clue);
        if (clue.disposalMethod && clue.disposalMethod !== 'SHELVED_PENDING_CHECK')
          refuse('INVALID_TRANSITION', ['input', 'clueId'], '线索已处置 — the clue is disposed already');
        if (clue.disposalMethod === 'SHELVED_PENDING_CHECK' && input.method === 'SHELVED_PENDING_CHECK')
          refuse('INVALID_TRANSITION', ['input', 'method'], '线索已暂存待查 — already shelved');
        notInFuture(input.disposedOn, ['input', 'disposedOn']);
        if (input.disposedOn < clue.receivedOn || (clue.disposedOn && input.disposedOn < clue.disposedOn))
          refuse('BAD_USER_INPUT', ['input', 'disposedOn'], '处置日期早于受理或上次处置日期 — disposal date precedes receipt or the previous disposal');
        const staffId = idOrRefuse(input.handledByStaffId, ['input', 'handledByStaffId'], '承办人');
        if ((await findStaffByIds(tx, [staffId])).length === 0) refuse('NOT_FOUND', ['input', 'handledByStaffId'], '承办人不在人员库中 — no such staff member');
        await updateClue(tx, clue.id, { disposalMethod: input.method, disposedOn: input.disposedOn, disposedByStaffId: staffId });
        await ctx.audit.write(tx, { action: 'UPDATE', recordType: 'Clue', recordId: clue.id });
        return clue.id;
      });
      return { id: outcome.result, errors: outcome.errors };
    },
  }),
  reportClueResult: t.field({
    type: CluePayload,
    description: '反馈处置结果 — Report the result of a disposal back (the handling body, case management, leaders).',
    authScopes: { role: [...CLUE_HANDLERS] },
    args: { input: t.arg({ type: ReportClueResultInput, required: true, description: '处置结果 — Result.' }) },
    resolve: async (_r, { input }, ctx) => {
      const outcome = await inTransaction(ctx.db, async (tx) => {
        const clue = await lockClue(tx, input.clueId);
        assertHandles(ctx, clue);
        if (!clue.disposalMethod) refuse('INVALID_TRANSITION', ['input', 'clueId'], '线索尚未处置 — the clue is not disposed yet');
        if (clue.resultReportedOn) refuse('INVALID_TRANSITION', ['input', 'clueId'], '处置结果已反馈 — result reported already');
        const result = requireText(input.result, ['input', 'result'], '处置结果');
        notInFuture(input.reportedOn, ['input', 'reportedOn']);
        if (input.reportedOn < clue.disposedOn!) refuse('BAD_USER_INPUT', ['input', 'reportedOn'], '反馈日期早于处置日期 — reported before disposal');
        await updateClue(tx, clue.id, { resultReport: result, resultReportedOn: input.reportedOn });
        // The result of a transferred clue is the transfer's feedback: it travels to inspection by itself.
        if (clue.clueTransferId)
          await enqueueEvent(tx, 'clueResultReported', { clueTransferId: clue.clueTransferId, reportedOn: input.reportedOn, summary: result });
        await ctx.audit.write(tx, { action: 'UPDATE', recordType: 'Clue', recordId: clue.id });
        return clue.id;
      });
      return { id: outcome.result, errors: outcome.errors };
    },
  }),
}));
