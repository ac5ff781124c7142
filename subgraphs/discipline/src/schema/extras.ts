import {
  DATE_ID_KEY,
  idOrRefuse,
  inTransaction,
  isUuid,
  notInFuture,
  paginate,
  payloadType,
  refuse,
  requireText,
  sumMoney,
  pageKey,
  references,
  todayInShanghai,
  UserErrors,
  bilingual,
} from '@hub/core';
import { readConcurrentStaff } from '../policy.ts';
import { checkCheckDate, checkSpecialInspectionStaffing } from '../domain/special-inspections.ts';
import { findSpecialTeamServicesByStaff } from '../db/staff-pool.ts';
import { builder } from '../builder.ts';
import type { AccountabilityDecision, SpecialInspection, SpecialInspectionCheck, SpecialInspectionTeam } from '../db/database.ts';
import {
  countAccountabilityDecisions,
  countSpecialInspections,
  findSpecialInspectionForUpdate,
  findTeam,
  insertAccountabilityDecision,
  insertSpecialInspection,
  insertSpecialInspectionCheck,
  insertConcurrentStaff,
  insertSpecialInspectionTeam,
  listAccountabilityDecisions,
  listSpecialInspections,
} from '../db/extras.ts';
import { findPersonsByIds, findStaffByIds } from '../db/reference.ts';
import { ALL_CASES_ROLES, PERSON_READERS } from './common.ts';
import { present } from './clue.ts';
import { PersonRef, StaffRef } from './reference.ts';
import { UnitRef } from './unit.ts';

// ─── 问责 ──────────────────────────────────────────────────────────────────────────────────────

/** Who reads accountability decisions: leaders, case management, conduct supervision, inspection (they follow rectification). */
const ACCOUNTABILITY_READERS = ['leader', 'case_manager', 'conduct_officer', 'inspection_officer'] as const;

export const AccountabilityDecisionRef = builder.objectRef<AccountabilityDecision>('AccountabilityDecision').implement({
  description: '问责决定 — An accountability decision, e.g. where rectification failed.',
  authScopes: { role: [...ACCOUNTABILITY_READERS] },
  fields: (t) => ({
    id: t.exposeID('id', { description: '编号 — Identifier.' }),
    rectificationItemId: t.exposeID('rectificationItemId', {
      nullable: true,
      description: '整改事项编号 — Rectification item it concerns (inspection subgraph).',
    }),
    unit: t.field({
      type: UnitRef,
      nullable: true,
      description: '被问责单位 — Unit held accountable.',
      resolve: (d) => (d.unitCode ? { code: d.unitCode } : null),
    }),
    person: t.field({
      type: PersonRef,
      nullable: true,
      description: '被问责人 — Person held accountable.',
      resolve: (d, _a, ctx) => (d.personId ? ctx.loaders.personById.load(d.personId) : null),
    }),
    decidedOn: t.expose('decidedOn', { type: 'Date', description: '决定日期 — Date decided.' }),
    measure: t.exposeString('measure', { description: '问责方式 — Measure (检查, 通报, 诫勉 …).' }),
    reason: t.exposeString('reason', { description: '问责事由 — Reason.' }),
  }),
});

/** `RectificationItem` is defined by inspection; discipline contributes its accountability decisions. */
export const RectificationItemRef = builder.externalRef('RectificationItem', builder.selection<{ id: string }>('id'), (ref) => ref);
RectificationItemRef.implement({
  description: '整改事项 — A rectification item (defined by inspection).',
  fields: (t) => ({
    id: t.exposeID('id', { description: '编号 — Identifier (key).' }),
    accountabilityDecisions: t.field({
      type: [AccountabilityDecisionRef],
      description: '因该事项整改不力作出的问责决定 — Accountability decisions taken over this item.',
      authScopes: { role: [...ACCOUNTABILITY_READERS] },
      resolve: (item, _a, ctx) => (isUuid(item.id) ? ctx.loaders.accountabilityByItem.load(item.id) : []),
    }),
  }),
});

/** A voided record stays readable but leaves totals. */
const counted = (row: object) => (row as { voidedAt?: Date | null }).voidedAt == null;

// ─── 专项检查 ───────────────────────────────────────────────────────────────────────────────────

const SpecialInspectionTeamRef = builder.objectRef<SpecialInspectionTeam>('SpecialInspectionTeam').implement({
  description: '专项检查组 — A team of a special inspection.',
  fields: (t) => ({
    id: t.exposeID('id', { description: '编号 — Identifier.' }),
    name: t.exposeString('name', { description: '名称 — Name.' }),
    staff: t.field({
      type: [StaffRef],
      description: '组成人员 — Staff on the team.',
      authScopes: { role: [...PERSON_READERS] },
      resolve: async (team, _a, ctx) => present(await ctx.loaders.staffById.loadMany(team.staffIds)),
    }),
  }),
});

export const SpecialInspectionCheckRef = builder.objectRef<SpecialInspectionCheck>('SpecialInspectionCheck').implement({
  description: '被检查单位 — A unit checked in a special inspection, with what was found.',
  fields: (t) => ({
    id: t.exposeID('id', { description: '编号 — Identifier.' }),
    unit: t.field({ type: UnitRef, description: '被检查单位 — Unit.', resolve: (c) => ({ code: c.unitCode }) }),
    checkedOn: t.expose('checkedOn', { type: 'Date', description: '检查日期 — Date.' }),
    problemsFound: t.exposeInt('problemsFound', { description: '发现问题数 — Problems found.' }),
    fundsReturned: t.expose('fundsReturned', { type: 'Money', description: '清退资金（元） — Funds returned, yuan.' }),
  }),
});

const ConcurrentStaffRef = builder.objectRef<{ staffId: string; reason: string }>('SpecialInspectionConcurrentStaff').implement({
  description: '同期兼任 — A staff member serving on two special-inspection teams at once, and why.',
  authScopes: readConcurrentStaff,
  fields: (t) => ({
    staffId: t.exposeID('staffId', { description: '工作人员编号 — Staff id.' }),
    reason: t.exposeString('reason', { description: '兼任理由 — Reason.' }),
  }),
});

export const SpecialInspectionRef = builder.objectRef<SpecialInspection>('SpecialInspection').implement({
  description: '专项检查 — A joint special inspection (e.g. 乱发津补贴专项整治) with staff from several bodies and finance.',
  fields: (t) => ({
    id: t.exposeID('id', { description: '编号 — Identifier.' }),
    theme: t.exposeString('theme', { description: '主题 — Theme.' }),
    startedOn: t.expose('startedOn', { type: 'Date', description: '开始日期 — Start.' }),
    endedOn: t.expose('endedOn', { type: 'Date', nullable: true, description: '结束日期 — End.' }),
    teams: t.field({
      type: [SpecialInspectionTeamRef],
      description: '检查组 — Teams.',
      resolve: (s, _a, ctx) => ctx.loaders.teamsBySpecialInspection.load(s.id),
    }),
    concurrentStaff: t.field({
      type: [ConcurrentStaffRef],
      description: '同期兼任人员及理由 — Staff serving on two special-inspection teams at once, with the reason.',
      authScopes: readConcurrentStaff,
      resolve: (s, _a, ctx) => ctx.loaders.concurrentStaffBySpecialInspection.load(s.id),
    }),
    checks: t.field({
      type: [SpecialInspectionCheckRef],
      description: '被检查单位 — Units checked.',
      resolve: (s, _a, ctx) => ctx.loaders.checksBySpecialInspection.load(s.id),
    }),
    problemsFound: t.int({
      description: '发现问题总数（不含已作废的检查） — Problems found in all (voided checks left out).',
      resolve: async (s, _a, ctx) => (await ctx.loaders.checksBySpecialInspection.load(s.id)).filter(counted).reduce((n, c) => n + c.problemsFound, 0),
    }),
    fundsReturned: t.field({
      type: 'Money',
      description: '清退资金合计（元，不含已作废的检查） — Funds returned in all, yuan (voided checks left out).',
      resolve: async (s, _a, ctx) => sumMoney((await ctx.loaders.checksBySpecialInspection.load(s.id)).filter(counted).map((c) => c.fundsReturned)),
    }),
  }),
});

const AccountabilityFilterInput = builder.inputType('AccountabilityDecisionFilter', {
  description: '问责决定筛选 — Filter for accountability decisions; all given conditions must hold.',
  fields: (t) => ({
    unitCode: t.field({ type: 'UnitCode', required: false, description: '单位 — Unit.' }),
    decidedFrom: t.field({ type: 'Date', required: false, description: '决定日期起（含） — Decided on or after.' }),
    decidedTo: t.field({ type: 'Date', required: false, description: '决定日期止（含） — Decided on or before.' }),
  }),
});

builder.queryFields((t) => ({
  accountabilityDecisions: t.connection({
    type: AccountabilityDecisionRef,
    description: '问责决定（按决定日期倒序） — Accountability decisions, newest first.',
    authScopes: { role: [...ACCOUNTABILITY_READERS] },
    args: { filter: t.arg({ type: AccountabilityFilterInput, required: false, description: '筛选条件 — Filter.' }) },
    resolve: (_r, args, ctx) => {
      const filter = args.filter ?? {};
      return paginate<AccountabilityDecision>(args, {
        keys: DATE_ID_KEY,
        key: (d) => pageKey(d.decidedOn, d.id),
        fetch: (window) => listAccountabilityDecisions(ctx.db, filter, window),
        count: () => countAccountabilityDecisions(ctx.db, filter),
      });
    },
  }),
  specialInspections: t.connection({
    type: SpecialInspectionRef,
    description: '专项检查（按开始日期倒序） — Special inspections, newest first.',
    resolve: (_r, args, ctx) =>
      paginate<SpecialInspection>(args, {
        keys: DATE_ID_KEY,
        key: (s) => pageKey(s.startedOn, s.id),
        fetch: (window) => listSpecialInspections(ctx.db, window),
        count: () => countSpecialInspections(ctx.db),
      }),
  }),
}));

const RecordAccountabilityInput = builder.inputType('RecordAccountabilityDecisionInput', {
  description: '登记问责决定 — An accountability decision to record.',
  fields: (t) => ({
    rectificationItemId: t.id({ required: false, description: '整改事项编号 — Rectification item (inspection subgraph).' }),
    unitCode: t.field({ type: 'UnitCode', required: false, description: '被问责单位 — Unit.' }),
    personId: t.id({ required: false, description: '被问责人 — Person.' }),
    decidedOn: t.field({ type: 'Date', description: '决定日期 — Date.' }),
    measure: t.string({ description: '问责方式 — Measure.' }),
    reason: t.string({ description: '问责事由 — Reason.' }),
  }),
});
const TeamInput = builder.inputType('SpecialInspectionTeamInput', {
  description: '检查组 — A team.',
  fields: (t) => ({ name: t.string({ description: '名称 — Name.' }), staffIds: t.idList({ description: '组成人员 — Staff.' }) }),
});
const ConcurrentStaffInput = builder.inputType('SpecialInspectionConcurrentStaffInput', {
  description: '同期兼任 — A staff member serving on two special-inspection teams at once, and why.',
  fields: (t) => ({
    staffId: t.id({ description: '工作人员 — Staff id.' }),
    reason: t.string({ description: '理由 — Reason.' }),
  }),
});

const StartSpecialInspectionInput = builder.inputType('StartSpecialInspectionInput', {
  description: '启动专项检查 — A special inspection to start.',
  fields: (t) => ({
    theme: t.string({ description: '主题 — Theme.' }),
    startedOn: t.field({ type: 'Date', description: '开始日期 — Start.' }),
    teams: t.field({ type: [TeamInput], description: '检查组 — Teams.' }),
    concurrent: t.field({
      type: [ConcurrentStaffInput],
      required: false,
      description: bilingual(
        '同期兼任人员及理由（同一人员在两个检查组、另一专项检查组，或同期在巡察组、派驻工作任务期间时必填）',
        'Staff serving on two teams at once, or on an inspection team or stationed deployment at the same time,',
        'with the reason (required for each of them).',
      ),
    }),
  }),
});
const RecordCheckInput = builder.inputType('RecordSpecialInspectionCheckInput', {
  description: '登记检查结果 — A unit checked.',
  fields: (t) => ({
    specialInspectionId: t.id({ description: '专项检查 — Special inspection.' }),
    teamId: t.id({ required: false, description: '检查组 — Team.' }),
    unitCode: t.field({ type: 'UnitCode', description: '被检查单位 — Unit.' }),
    checkedOn: t.field({ type: 'Date', description: '检查日期 — Date.' }),
    problemsFound: t.int({ description: '发现问题数 — Problems found.' }),
    fundsReturned: t.field({ type: 'Money', description: '清退资金 — Funds returned.' }),
  }),
});

const AccountabilityPayload = payloadType(builder, 'AccountabilityDecisionPayload', {
  field: 'decision',
  type: AccountabilityDecisionRef,
  description: '问责决定登记结果 — The decision, or why not.',
  load: (id, ctx) => ctx.loaders.accountabilityById.load(id),
});
const SpecialInspectionPayload = payloadType(builder, 'SpecialInspectionPayload', {
  field: 'specialInspection',
  type: SpecialInspectionRef,
  description: '专项检查登记结果 — The special inspection, or why not.',
  load: (id, ctx) => ctx.loaders.specialInspectionById.load(id),
});

builder.mutationFields((t) => ({
  recordAccountabilityDecision: t.field({
    type: AccountabilityPayload,
    description: '登记问责决定 — Record an accountability decision (leaders, case management, conduct supervision).',
    authScopes: { role: [...ALL_CASES_ROLES, 'conduct_officer'] },
    args: { input: t.arg({ type: RecordAccountabilityInput, required: true, description: '问责决定 — Decision.' }) },
    resolve: async (_r, { input }, ctx) => {
      const outcome = await inTransaction(ctx.db, async (tx) => {
        const measure = requireText(input.measure, ['input', 'measure'], '问责方式');
        const reason = requireText(input.reason, ['input', 'reason'], '问责事由');
        notInFuture(input.decidedOn, ['input', 'decidedOn']);
        if (!input.unitCode && input.personId == null) refuse('BAD_USER_INPUT', ['input', 'unitCode'], '须指定被问责单位或个人 — give a unit or a person');
        const personId = input.personId == null ? null : idOrRefuse(input.personId, ['input', 'personId'], '被问责人');
        if (personId && (await findPersonsByIds(tx, [personId])).length === 0) refuse('NOT_FOUND', ['input', 'personId'], '被问责人未登记 — no such person');
        const itemId = input.rectificationItemId == null ? null : idOrRefuse(input.rectificationItemId, ['input', 'rectificationItemId'], '整改事项');
        const check = await references(ctx)
          .add('rectificationItem', ['input', 'rectificationItemId'], itemId)
          .add('unit', ['input', 'unitCode'], input.unitCode)
          .run('recordAccountabilityDecision');
        if (itemId && input.unitCode && check.get('rectificationItem', itemId).unitCode !== input.unitCode) {
          refuse('CONFLICT', ['input', 'unitCode'], '整改事项不属于该单位 — the rectification item belongs to another unit');
        }
        const row = await insertAccountabilityDecision(tx, {
          rectificationItemId: itemId,
          unitCode: input.unitCode ?? null,
          personId,
          decidedOn: input.decidedOn,
          measure,
          reason,
        });
        await ctx.audit.write(tx, { action: 'CREATE', recordType: 'AccountabilityDecision', recordId: row.id });
        return row.id;
      });
      return { id: outcome.result, errors: outcome.errors };
    },
  }),
  startSpecialInspection: t.field({
    type: SpecialInspectionPayload,
    description: '启动专项检查 — Start a joint special inspection with its teams (conduct supervision, leaders).',
    authScopes: { role: ['leader', 'conduct_officer'] },
    args: { input: t.arg({ type: StartSpecialInspectionInput, required: true, description: '专项检查 — Special inspection.' }) },
    resolve: async (_r, { input }, ctx) => {
      const outcome = await inTransaction(ctx.db, async (tx) => {
        const theme = requireText(input.theme, ['input', 'theme'], '主题');
        notInFuture(input.startedOn, ['input', 'startedOn']);
        if (input.teams.length === 0) refuse('BAD_USER_INPUT', ['input', 'teams'], '至少组建一个检查组 — at least one team');
        const names = new Set<string>();
        const teams = [];
        for (const [i, team] of input.teams.entries()) {
          const name = requireText(team.name, ['input', 'teams', String(i), 'name'], '检查组名称');
          if (names.has(name)) refuse('ALREADY_EXISTS', ['input', 'teams', String(i), 'name'], '检查组名称重复 — duplicate team name');
          names.add(name);
          const staffIds = [...new Set(team.staffIds.map((id, j) => idOrRefuse(id, ['input', 'teams', String(i), 'staffIds', String(j)], '人员')))];
          if (staffIds.length === 0) refuse('BAD_USER_INPUT', ['input', 'teams', String(i), 'staffIds'], '检查组须有成员 — a team needs staff');
          const found = new Set((await findStaffByIds(tx, staffIds)).map((s) => s.id));
          staffIds.forEach((id, j) => {
            if (!found.has(id)) refuse('NOT_FOUND', ['input', 'teams', String(i), 'staffIds', String(j)], '人员不在人员库中 — no such staff member');
          });
          teams.push({ name, staffIds });
        }
        const concurrent = new Map(
          (input.concurrent ?? []).map((c, i) => [
            idOrRefuse(c.staffId, ['input', 'concurrent', String(i), 'staffId'], '人员'),
            requireText(c.reason, ['input', 'concurrent', String(i), 'reason'], '兼任理由'),
          ]),
        );
        // The staff members' assignments as inspection and stationed record them (同期任务 across bodies).
        const check = references(ctx);
        const asked = new Set<string>();
        teams.forEach((team, i) =>
          team.staffIds.forEach((staffId, j) => {
            if (asked.has(staffId)) return;
            asked.add(staffId);
            const field = ['input', 'teams', String(i), 'staffIds', String(j)];
            check.engagementsOf('inspection', field, staffId).engagementsOf('stationed', field, staffId);
          }),
        );
        await check.run('startSpecialInspection');
        const problems = new UserErrors();
        const running = await findSpecialTeamServicesByStaff(tx, [...asked]);
        checkSpecialInspectionStaffing(
          problems,
          input.startedOn,
          teams.map((team) => team.staffIds),
          running,
          concurrent,
          check.engagements(),
        );
        problems.throwIfAny();
        const row = await insertSpecialInspection(tx, { theme, startedOn: input.startedOn, endedOn: null });
        for (const team of teams) await insertSpecialInspectionTeam(tx, { specialInspectionId: row.id, ...team });
        await insertConcurrentStaff(
          tx,
          [...concurrent].map(([staffId, reason]) => ({ specialInspectionId: row.id, staffId, reason })),
        );
        await ctx.audit.write(tx, { action: 'CREATE', recordType: 'SpecialInspection', recordId: row.id });
        return row.id;
      });
      return { id: outcome.result, errors: outcome.errors };
    },
  }),
  recordSpecialInspectionCheck: t.field({
    type: SpecialInspectionPayload,
    description: '登记专项检查结果 — Record a unit checked, problems found and funds returned (conduct supervision, leaders).',
    authScopes: { role: ['leader', 'conduct_officer'] },
    args: { input: t.arg({ type: RecordCheckInput, required: true, description: '检查结果 — Check.' }) },
    resolve: async (_r, { input }, ctx) => {
      const outcome = await inTransaction(ctx.db, async (tx) => {
        const siId = idOrRefuse(input.specialInspectionId, ['input', 'specialInspectionId'], '专项检查');
        const si = await findSpecialInspectionForUpdate(tx, siId);
        if (!si) refuse('NOT_FOUND', ['input', 'specialInspectionId'], '专项检查不存在 — no such special inspection');
        let teamId: string | null = null;
        if (input.teamId != null) {
          teamId = idOrRefuse(input.teamId, ['input', 'teamId'], '检查组');
          const team = await findTeam(tx, teamId);
          if (!team || team.specialInspectionId !== si.id) refuse('NOT_FOUND', ['input', 'teamId'], '检查组不属于该专项检查 — no such team in this inspection');
        }
        if (input.problemsFound < 0) refuse('BAD_USER_INPUT', ['input', 'problemsFound'], '问题数不能为负 — must not be negative');
        if (input.fundsReturned.startsWith('-')) refuse('BAD_USER_INPUT', ['input', 'fundsReturned'], '金额不能为负 — must not be negative');
        const problems = new UserErrors();
        checkCheckDate(problems, input.checkedOn, si, todayInShanghai());
        problems.throwIfAny();
        await references(ctx).add('unit', ['input', 'unitCode'], input.unitCode).run('recordSpecialInspectionCheck');
        await insertSpecialInspectionCheck(tx, {
          specialInspectionId: si.id,
          teamId,
          unitCode: input.unitCode,
          checkedOn: input.checkedOn,
          problemsFound: input.problemsFound,
          fundsReturned: input.fundsReturned,
        });
        await ctx.audit.write(tx, { action: 'UPDATE', recordType: 'SpecialInspection', recordId: si.id });
        return si.id;
      });
      return { id: outcome.result, errors: outcome.errors };
    },
  }),
}));
