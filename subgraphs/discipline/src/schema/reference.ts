import { references, idOrRefuse, inTransaction, paginate, payloadType, refuse, requireText, isUuid, pageKey, TEXT_ID_KEY } from '@hub/core';
import { builder } from '../builder.ts';
import type { DEPARTMENT_KINDS, HOME_BODIES, RANK_LEVELS, CollaborationZone, Department, Person, Staff } from '../db/database.ts';
import {
  countPersons,
  listPersons,
  findDepartmentByName,
  findDepartmentsByIds,
  findStaffByIds,
  findZoneByName,
  insertDepartment,
  insertPerson,
  insertStaff,
  insertZone,
  listDepartments,
  listStaff,
  listZones,
} from '../db/reference.ts';
import { countDepartments, countStaff, countZones } from '../db/reference.ts';

/** A uuid no department has: the staff of a department id that is not a uuid is an empty page. */
const NO_DEPARTMENT = '00000000-0000-0000-0000-000000000000';
import { PERSON_READERS } from './common.ts';
import { UnitRef } from './unit.ts';

export const RankLevelEnum = builder.enumType('RankLevel', {
  description: '职级层次 — Rank level of a cadre.',
  values: {
    VILLAGE: { description: '村级 — Village level (村干部).' },
    STOCK: { description: '股级 — Section-member (股级) level.' },
    SECTION: { description: '科级 — Section (科级) level.' },
    DIVISION: { description: '处级 — Division (处级) level.' },
    OTHER: { description: '其他 — Other.' },
  } satisfies Record<(typeof RANK_LEVELS)[number], { description: string }>,
});

export const HomeBodyEnum = builder.enumType('HomeBody', {
  description: '所属监督力量 — Which body a staff member belongs to.',
  values: {
    DISCIPLINE: { description: '纪检监察机关 — Discipline and supervision commission.' },
    INSPECTION: { description: '巡察机构 — Inspection office or team.' },
    STATIONED: { description: '派驻纪检组 — Stationed group.' },
    FINANCE: { description: '财政部门 — Finance bureau (joint inspections).' },
    OTHER: { description: '其他 — Other.' },
  } satisfies Record<(typeof HOME_BODIES)[number], { description: string }>,
});

export const DepartmentKindEnum = builder.enumType('DepartmentKind', {
  description: '内设机构类别 — Kind of commission department.',
  values: {
    PETITION_OFFICE: { description: '信访室 — Petition office.' },
    CONDUCT_SUPERVISION: { description: '党风政风监督室 — Party and government conduct supervision office.' },
    CASE_MANAGEMENT: { description: '案件监督管理室 — Case supervision and management office.' },
    CASE_TRIAL: { description: '案件审理室 — Case trial office.' },
    SUPERVISION_OFFICE: { description: '纪检监察室 — Discipline inspection and supervision office (第N室).' },
    TOWNSHIP_COMMISSION: { description: '乡镇（街道）纪委 — Township discipline commission.' },
    OTHER: { description: '其他 — Other.' },
  } satisfies Record<(typeof DEPARTMENT_KINDS)[number], { description: string }>,
});

export const DepartmentRef = builder.objectRef<Department>('Department').implement({
  description: '委机关内设机构 — A department of the commission (信访室, 第一纪检监察室, 乡镇纪委 …).',
  fields: (t) => ({
    id: t.exposeID('id', { description: '编号 — Identifier (the `departmentIds` scope of a token).' }),
    name: t.exposeString('name', { description: '名称 — Name.' }),
    kind: t.expose('kind', { type: DepartmentKindEnum, description: '类别 — Kind.' }),
  }),
});

export const StaffRef = builder.objectRef<Staff>('Staff');
StaffRef.implement({
  description: '监督力量人员 — A member of the supervision staff pool (any of the four forces, or finance).',
  authScopes: { role: [...PERSON_READERS] },
  fields: (t) => ({
    id: t.exposeID('id', { description: "编号 — Identifier (a token's `sub`)." }),
    name: t.exposeString('name', { description: '姓名 — Name.' }),
    homeBody: t.expose('homeBody', { type: HomeBodyEnum, description: '所属力量 — Home body.' }),
    commissionLeader: t.exposeBoolean('commissionLeader', { description: "是否委领导 — Whether the staff member belongs to the commission's leadership." }),
    department: t.field({
      type: DepartmentRef,
      nullable: true,
      description: '所在内设机构 — Department, for commission staff.',
      resolve: (s, _a, ctx) => (s.departmentId ? ctx.loaders.departmentById.load(s.departmentId) : null),
    }),
  }),
});
builder.asEntity(StaffRef, {
  key: builder.selection<{ id: string }>('id'),
  // The representation may carry periods other bodies hand over (@requires: staff-pool.ts); keep them.
  resolveReference: async (ref, ctx) => {
    const row = await ctx.loaders.staffById.load(ref.id);
    return row ? { ...ref, ...row } : null;
  },
});

export const PersonRef = builder.objectRef<Person>('Person');
PersonRef.implement({
  description: '被监督对象（干部） — A cadre who may be the subject of petitions, clues and cases. Not visible to analysts.',
  authScopes: { role: [...PERSON_READERS] },
  fields: (t) => ({
    id: t.exposeID('id', { description: '编号 — Identifier.' }),
    name: t.exposeString('name', { description: '姓名 — Name.' }),
    unitCode: t.expose('unitCode', { type: 'UnitCode', nullable: true, description: '所在单位代码 — Code of the unit.' }),
    unit: t.field({ type: UnitRef, nullable: true, description: '所在单位 — Unit.', resolve: (p) => (p.unitCode ? { code: p.unitCode } : null) }),
    post: t.exposeString('post', { description: '职务 — Post.' }),
    rankLevel: t.expose('rankLevel', { type: RankLevelEnum, description: '职级层次 — Rank level.' }),
    partyMember: t.exposeBoolean('partyMember', { description: '是否中共党员 — Whether a party member (party sanctions apply).' }),
  }),
});
builder.asEntity(PersonRef, { key: builder.selection<{ id: string }>('id'), resolveReference: (ref, ctx) => ctx.loaders.personById.load(ref.id) });

export const CollaborationZoneRef = builder.objectRef<CollaborationZone>('CollaborationZone').implement({
  description: '办案协作区 — A case collaboration zone (东区/西区): leader, members from 纪检监察室 and township commissions, townships covered.',
  fields: (t) => ({
    id: t.exposeID('id', { description: '编号 — Identifier (the `zoneIds` scope of a token).' }),
    name: t.exposeString('name', { description: '名称 — Name.' }),
    leader: t.field({
      type: StaffRef,
      nullable: true,
      description: '协作区组长 — Leader.',
      resolve: (z, _a, ctx) => (z.leaderStaffId ? ctx.loaders.staffById.load(z.leaderStaffId) : null),
    }),
    members: t.field({
      type: [StaffRef],
      description: '成员 — Member staff.',
      resolve: async (z, _a, ctx) => {
        const members = await ctx.loaders.membersByZone.load(z.id);
        return (await ctx.loaders.staffById.loadMany(members.map((m) => m.staffId))).filter((s): s is Staff => s != null && !(s instanceof Error));
      },
    }),
    townships: t.stringList({
      description: '覆盖乡镇（街道） — Townships covered.',
      resolve: async (z, _a, ctx) => (await ctx.loaders.townshipsByZone.load(z.id)).map((r) => r.township),
    }),
  }),
});

const PersonFilterInput = builder.inputType('PersonFilter', {
  description: '被监督对象筛选 — Filter for persons; all given conditions must hold.',
  fields: (t) => ({
    unitCode: t.field({ type: 'UnitCode', required: false, description: '所在单位 — Unit.' }),
    nameContains: t.string({ required: false, description: '姓名包含 — Part of the name.' }),
    partyMember: t.boolean({ required: false, description: '是否中共党员 — Party member or not.' }),
  }),
});

builder.queryFields((t) => ({
  persons: t.connection({
    type: PersonRef,
    description: '被监督对象（按姓名排序） — Registered cadres, by name; not for analysts.',
    authScopes: { role: [...PERSON_READERS] },
    args: { filter: t.arg({ type: PersonFilterInput, required: false, description: '筛选条件 — Filter.' }) },
    resolve: (_r, args, ctx) => {
      const filter = args.filter ?? {};
      return paginate<Person>(args, {
        keys: TEXT_ID_KEY,
        key: (p) => pageKey(p.name, p.id),
        fetch: (window) => listPersons(ctx.db, filter, window),
        count: () => countPersons(ctx.db, filter),
      });
    },
  }),
  person: t.field({
    type: PersonRef,
    nullable: true,
    description: '按编号查询被监督对象 — A person by id.',
    args: { id: t.arg.id({ required: true, description: '编号 — Identifier.' }) },
    authScopes: { role: [...PERSON_READERS] },
    resolve: (_r, args, ctx) => (isUuid(String(args.id)) ? ctx.loaders.personById.load(String(args.id)) : null),
  }),
  staff: t.connection({
    type: StaffRef,
    description: '监督力量人员（按姓名排序） — The staff pool, optionally of one department, by name.',
    args: { departmentId: t.arg.id({ required: false, description: '内设机构 — Department.' }) },
    authScopes: { role: [...PERSON_READERS] },
    resolve: (_r, args, ctx) => {
      // An id that is not a uuid names no department: an empty page, never an SQL error.
      const departmentId = args.departmentId == null ? null : isUuid(String(args.departmentId)) ? String(args.departmentId) : NO_DEPARTMENT;
      return paginate<Staff>(args, {
        keys: TEXT_ID_KEY,
        key: (s) => pageKey(s.name, s.id),
        fetch: (window) => listStaff(ctx.db, departmentId, window),
        count: () => countStaff(ctx.db, departmentId),
      });
    },
  }),
  departments: t.connection({
    type: DepartmentRef,
    description: '委机关内设机构（按名称排序） — Commission departments, by name.',
    resolve: (_r, args, ctx) =>
      paginate<Department>(args, {
        keys: TEXT_ID_KEY,
        key: (d) => pageKey(d.name, d.id),
        fetch: (window) => listDepartments(ctx.db, window),
        count: () => countDepartments(ctx.db),
      }),
  }),
  collaborationZones: t.connection({
    type: CollaborationZoneRef,
    description: '办案协作区（按名称排序） — Collaboration zones, by name.',
    resolve: (_r, args, ctx) =>
      paginate<CollaborationZone>(args, {
        keys: TEXT_ID_KEY,
        key: (z) => pageKey(z.name, z.id),
        fetch: (window) => listZones(ctx.db, window),
        count: () => countZones(ctx.db),
      }),
  }),
}));

const RegisterPersonInput = builder.inputType('RegisterPersonInput', {
  description: '登记被监督对象 — A cadre to register.',
  fields: (t) => ({
    name: t.string({ description: '姓名 — Name.' }),
    unitCode: t.field({ type: 'UnitCode', required: false, description: '所在单位代码 — Unit code.' }),
    post: t.string({ description: '职务 — Post.' }),
    rankLevel: t.field({ type: RankLevelEnum, description: '职级层次 — Rank level.' }),
    partyMember: t.boolean({ description: '是否中共党员 — Party member.' }),
  }),
});
const RegisterStaffInput = builder.inputType('RegisterStaffInput', {
  description: '登记监督力量人员 — A staff member to add to the pool.',
  fields: (t) => ({
    name: t.string({ description: '姓名 — Name.' }),
    homeBody: t.field({ type: HomeBodyEnum, description: '所属力量 — Home body.' }),
    departmentId: t.id({ required: false, description: '所在内设机构 — Department.' }),
    commissionLeader: t.boolean({
      required: false,
      description: "是否委领导（默认否） — Whether the staff member belongs to the commission's leadership (default false).",
    }),
  }),
});
const CreateDepartmentInput = builder.inputType('CreateDepartmentInput', {
  description: '新建内设机构 — A department to create.',
  fields: (t) => ({
    name: t.string({ description: '名称 — Name.' }),
    kind: t.field({ type: DepartmentKindEnum, description: '类别 — Kind.' }),
  }),
});
const CreateCollaborationZoneInput = builder.inputType('CreateCollaborationZoneInput', {
  description: '新建办案协作区 — A collaboration zone to create.',
  fields: (t) => ({
    name: t.string({ description: '名称 — Name.' }),
    leaderStaffId: t.id({ required: false, description: '组长 — Leader (staff id).' }),
    memberStaffIds: t.idList({ description: '成员 — Member staff ids.' }),
    townships: t.stringList({ description: '覆盖乡镇（街道） — Townships covered.' }),
  }),
});

const RegisterPersonPayload = payloadType(builder, 'RegisterPersonPayload', {
  field: 'person',
  type: PersonRef,
  description: '登记结果 — The person, or why not.',
  load: (id, ctx) => ctx.loaders.personById.load(id),
});
const RegisterStaffPayload = payloadType(builder, 'RegisterStaffPayload', {
  field: 'staff',
  type: StaffRef,
  description: '登记结果 — The staff member, or why not.',
  load: (id, ctx) => ctx.loaders.staffById.load(id),
});
const CreateDepartmentPayload = payloadType(builder, 'CreateDepartmentPayload', {
  field: 'department',
  type: DepartmentRef,
  description: '新建结果 — The department, or why not.',
  load: (id, ctx) => ctx.loaders.departmentById.load(id),
});
const CreateZonePayload = payloadType(builder, 'CreateCollaborationZonePayload', {
  field: 'zone',
  type: CollaborationZoneRef,
  description: '新建结果 — The zone, or why not.',
  load: (id, ctx) => ctx.loaders.zoneById.load(id),
});

const REFERENCE_EDITORS = ['leader', 'case_manager'] as const;

builder.mutationFields((t) => ({
  registerPerson: t.field({
    type: RegisterPersonPayload,
    description: '登记被监督对象 — Register a cadre as a possible subject (petition office, case management, supervision offices, leaders).',
    authScopes: { role: ['leader', 'case_manager', 'petition_officer', 'case_officer'] },
    args: { input: t.arg({ type: RegisterPersonInput, required: true, description: '对象信息 — The person.' }) },
    resolve: async (_r, { input }, ctx) => {
      const outcome = await inTransaction(ctx.db, async (tx) => {
        const name = requireText(input.name, ['input', 'name'], '姓名');
        const post = requireText(input.post, ['input', 'post'], '职务');
        await references(ctx).add('unit', ['input', 'unitCode'], input.unitCode).run('registerPerson');
        const row = await insertPerson(tx, { name, post, unitCode: input.unitCode ?? null, rankLevel: input.rankLevel, partyMember: input.partyMember });
        await ctx.audit.write(tx, { action: 'CREATE', recordType: 'Person', recordId: row.id });
        return row.id;
      });
      return { id: outcome.result, errors: outcome.errors };
    },
  }),
  registerStaff: t.field({
    type: RegisterStaffPayload,
    description: '登记监督力量人员 — Add a staff member to the pool (leaders, case management).',
    authScopes: { role: [...REFERENCE_EDITORS] },
    args: { input: t.arg({ type: RegisterStaffInput, required: true, description: '人员信息 — The staff member.' }) },
    resolve: async (_r, { input }, ctx) => {
      const outcome = await inTransaction(ctx.db, async (tx) => {
        const name = requireText(input.name, ['input', 'name'], '姓名');
        let departmentId: string | null = null;
        if (input.departmentId != null) {
          departmentId = idOrRefuse(input.departmentId, ['input', 'departmentId'], '内设机构');
          if ((await findDepartmentsByIds(tx, [departmentId])).length === 0)
            refuse('NOT_FOUND', ['input', 'departmentId'], '内设机构不存在 — no such department');
        }
        const row = await insertStaff(tx, { name, homeBody: input.homeBody, departmentId, commissionLeader: input.commissionLeader ?? false });
        await ctx.audit.write(tx, { action: 'CREATE', recordType: 'Staff', recordId: row.id });
        return row.id;
      });
      return { id: outcome.result, errors: outcome.errors };
    },
  }),
  createDepartment: t.field({
    type: CreateDepartmentPayload,
    description: '新建内设机构 — Create a commission department (leaders, case management).',
    authScopes: { role: [...REFERENCE_EDITORS] },
    args: { input: t.arg({ type: CreateDepartmentInput, required: true, description: '机构信息 — The department.' }) },
    resolve: async (_r, { input }, ctx) => {
      const outcome = await inTransaction(ctx.db, async (tx) => {
        const name = requireText(input.name, ['input', 'name'], '名称');
        if (await findDepartmentByName(tx, name)) refuse('ALREADY_EXISTS', ['input', 'name'], '同名内设机构已存在 — a department of this name exists');
        const row = await insertDepartment(tx, { name, kind: input.kind });
        await ctx.audit.write(tx, { action: 'CREATE', recordType: 'Department', recordId: row.id });
        return row.id;
      });
      return { id: outcome.result, errors: outcome.errors };
    },
  }),
  createCollaborationZone: t.field({
    type: CreateZonePayload,
    description: '新建办案协作区 — Create a collaboration zone (leaders, case management).',
    authScopes: { role: [...REFERENCE_EDITORS] },
    args: { input: t.arg({ type: CreateCollaborationZoneInput, required: true, description: '协作区信息 — The zone.' }) },
    resolve: async (_r, { input }, ctx) => {
      const outcome = await inTransaction(ctx.db, async (tx) => {
        const name = requireText(input.name, ['input', 'name'], '名称');
        if (await findZoneByName(tx, name)) refuse('ALREADY_EXISTS', ['input', 'name'], '同名协作区已存在 — a zone of this name exists');
        const memberIds = [...new Set(input.memberStaffIds.map((id, i) => idOrRefuse(id, ['input', 'memberStaffIds', String(i)], '人员')))];
        const leaderId = input.leaderStaffId == null ? null : idOrRefuse(input.leaderStaffId, ['input', 'leaderStaffId'], '组长');
        const wanted = [...new Set([...memberIds, ...(leaderId ? [leaderId] : [])])];
        const found = new Set((await findStaffByIds(tx, wanted)).map((s) => s.id));
        if (leaderId && !found.has(leaderId)) refuse('NOT_FOUND', ['input', 'leaderStaffId'], '组长不在人员库中 — leader is not in the staff pool');
        memberIds.forEach((id, i) => {
          if (!found.has(id)) refuse('NOT_FOUND', ['input', 'memberStaffIds', String(i)], '成员不在人员库中 — member is not in the staff pool');
        });
        const townships = [...new Set(input.townships.map((s) => s.trim()).filter((s) => s !== ''))];
        const row = await insertZone(tx, { name, leaderStaffId: leaderId, memberStaffIds: memberIds, townships });
        await ctx.audit.write(tx, { action: 'CREATE', recordType: 'CollaborationZone', recordId: row.id });
        return row.id;
      });
      return { id: outcome.result, errors: outcome.errors };
    },
  }),
}));
