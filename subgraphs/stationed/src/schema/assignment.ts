import { references, DATE_ID_KEY, idOrRefuse, paginate, payloadType, refuse, runMutation, idFilter } from '@hub/core';
import { builder } from '../builder.ts';
import { leadersOnly, readDeployments, readOwnDeployments } from '../policy.ts';
import {
  assignmentKey,
  countAssignments,
  findAssignmentsByIds,
  findOverlappingAssignment,
  insertAssignment,
  listAssignments,
  setAssignmentEnd,
} from '../db/assignments.ts';
import type { StaffAssignment } from '../db/database.ts';
import { findGroupsByIds, findMembershipsByStaff } from '../db/groups.ts';
import { lockFor } from '../db/locks.ts';
import type { Transaction } from 'kysely';
import type { StationedDatabase } from '../db/database.ts';
import { StaffRef } from './staff.ts';
import { StationedGroupRef } from './stationed-group.ts';

export const AssignmentKindEnum = builder.enumType('StaffAssignmentKind', {
  description: '人员调配类别 — Kind of staff deployment.',
  values: {
    STATIONED_WORK: { description: "安排参加派驻监督工作（无巡察任务期间） — Assigned to a stationed group's work while without an inspection task." },
    INSPECTION_TEAM: { description: '抽调参加巡察组 — Lent to an inspection team.' },
  } as const,
});

/** Organisation of staff is not secret inside the commission, but neither is it for everyone. */
const _DEPLOYMENT_READERS = ['leader', 'stationed_officer', 'inspection_officer'] as const;

export const StaffAssignmentRef = builder.objectRef<StaffAssignment>('StaffAssignment').implement({
  description: '人员调配 — A time-bounded deployment of a staff member: to stationed work, or to an inspection team.',
  fields: (t) => ({
    id: t.exposeID('id', { description: '编号 — Identifier.' }),
    staff: t.field({ type: StaffRef, description: '工作人员 — The staff member.', resolve: (a) => ({ id: a.staffId }) }),
    kind: t.expose('kind', { type: AssignmentKindEnum, description: '类别 — Kind.' }),
    group: t.field({
      type: StationedGroupRef,
      nullable: true,
      description: '派驻纪检组（派驻工作：所在组；抽调巡察：原所在组） — The group worked for (stationed work) or lent from (inspection team), if any.',
      resolve: (a, _args, ctx) => (a.groupId ? ctx.loaders.groupById.load(a.groupId) : null),
    }),
    inspectionTeamId: t.exposeID('inspectionTeamId', { nullable: true, description: '巡察组编号 — The inspection team, for a loan to inspection.' }),
    startOn: t.expose('startOn', { type: 'Date', description: '起始日期 — First day.' }),
    endOn: t.expose('endOn', { type: 'Date', description: '结束日期（不含） — Day it ends (exclusive).' }),
    note: t.exposeString('note', { nullable: true, description: '备注 — Note.' }),
  }),
});

builder.objectFields(StaffRef, (t) => ({
  stationedAssignments: t.field({
    type: [StaffAssignmentRef],
    description:
      "人员调配记录（旧到新） — The staff member's deployments to stationed work and to inspection teams, oldest first; the staff member, leaders, stationed and inspection officers.",
    authScopes: readOwnDeployments,
    resolve: (staff, _args, ctx) => ctx.loaders.assignmentsByStaff.load(String(staff.id).toLowerCase()),
  }),
}));

const AssignmentFilterInput = builder.inputType('StaffAssignmentFilter', {
  description: '人员调配筛选 — Filter for deployments; all given conditions must hold.',
  fields: (t) => ({
    staffId: t.id({ required: false, description: '工作人员 — Staff member.' }),
    groupId: t.id({ required: false, description: '派驻纪检组 — Group.' }),
    inspectionTeamId: t.id({ required: false, description: '巡察组 — Inspection team.' }),
    kind: t.field({ type: AssignmentKindEnum, required: false, description: '类别 — Kind.' }),
    activeOn: t.field({ type: 'Date', required: false, description: '在岗日期 — Running on this day.' }),
  }),
});

builder.queryFields((t) => ({
  staffAssignments: t.connection(
    {
      type: StaffAssignmentRef,
      description: '人员调配（按起始日期新到旧） — Staff deployments, newest first: who worked where.',
      authScopes: readDeployments,
      args: { filter: t.arg({ type: AssignmentFilterInput, required: false, description: '筛选条件 — Filter.' }) },
      resolve: (_root, args, ctx) => {
        const f = args.filter ?? {};
        const filter = {
          ...f,
          staffId: idFilter(f.staffId),
          groupId: idFilter(f.groupId),
          inspectionTeamId: f.inspectionTeamId == null ? null : String(f.inspectionTeamId),
        };
        return paginate<StaffAssignment>(args, {
          keys: DATE_ID_KEY,
          key: assignmentKey,
          fetch: (window) => listAssignments(ctx.db, filter, window),
          count: () => countAssignments(ctx.db, filter),
        });
      },
    },
    { description: '人员调配（分页） — A page of staff deployments.' },
    { description: '人员调配（分页边） — One of staff deployments with its cursor.' },
  ),
}));

// ─── Mutations (leaders decide deployments) ────────────────────────────────────────────────────

const StationedWorkInput = builder.inputType('AssignStaffToStationedWorkInput', {
  description: '安排参加派驻工作 — Assign a staff member without an inspection task to a stationed group for a period.',
  fields: (t) => ({
    staffId: t.id({ description: '工作人员编号 — Staff id.' }),
    groupId: t.id({ description: '派驻纪检组编号 — The group.' }),
    startOn: t.field({ type: 'Date', description: '起始日期 — First day.' }),
    endOn: t.field({ type: 'Date', description: '结束日期（不含） — Day it ends (exclusive).' }),
    note: t.string({ required: false, description: '备注 — Note.' }),
  }),
});

const LendInput = builder.inputType('LendStaffToInspectionTeamInput', {
  description: '抽调参加巡察 — Lend a stationed staff member to an inspection team for a period.',
  fields: (t) => ({
    staffId: t.id({ description: '工作人员编号 — Staff id.' }),
    inspectionTeamId: t.id({ description: "巡察组编号 — The inspection team (inspection's id)." }),
    fromGroupId: t.id({
      required: false,
      description: '原所在派驻纪检组 — The group the staff member is lent from; they must be its member on the first day.',
    }),
    startOn: t.field({ type: 'Date', description: '起始日期 — First day.' }),
    endOn: t.field({ type: 'Date', description: '结束日期（不含） — Day it ends (exclusive).' }),
    note: t.string({ required: false, description: '备注 — Note.' }),
  }),
});

const EndAssignmentInput = builder.inputType('EndStaffAssignmentInput', {
  description: '提前结束调配 — End a deployment earlier than planned.',
  fields: (t) => ({
    assignmentId: t.id({ description: '调配编号 — The deployment.' }),
    endOn: t.field({ type: 'Date', description: '新的结束日期（不含） — New end (exclusive); after the start, before the planned end.' }),
  }),
});

const AssignmentPayload = payloadType(builder, 'StaffAssignmentPayload', {
  field: 'assignment',
  type: StaffAssignmentRef,
  description: '人员调配结果 — The deployment, or why it was refused.',
  load: (id, ctx) => ctx.loaders.assignmentById.clear(id).load(id),
});

type Tx = Transaction<StationedDatabase>;

/** Checks the period and that the staff member has no other deployment in it; inserts the row. */
async function deploy(tx: Tx, row: Omit<StaffAssignment, 'createdAt' | 'id'>): Promise<string> {
  if (row.endOn <= row.startOn) refuse('BAD_USER_INPUT', ['input', 'endOn'], '结束日期须晚于起始日期 — endOn must be after startOn');
  await lockFor(tx, 'staff-assignment', row.staffId);
  const overlap = await findOverlappingAssignment(tx, row.staffId, row.startOn, row.endOn);
  if (overlap) {
    const what = overlap.kind === 'INSPECTION_TEAM' ? '巡察任务' : '派驻工作';
    refuse(
      'CONFLICT',
      ['input', 'startOn'],
      `该人员 ${overlap.startOn} 至 ${overlap.endOn} 已有${what} — the staff member is deployed from ${overlap.startOn} to ${overlap.endOn} already`,
    );
  }
  const id = crypto.randomUUID();
  await insertAssignment(tx, { ...row, id });
  return id;
}

const noteText = (note: string | null | undefined) => {
  const text = note?.trim() ?? '';
  if (text.length > 1000) refuse('BAD_USER_INPUT', ['input', 'note'], '备注过长（最多 1000 字） — note is longer than 1000 characters');
  return text === '' ? null : text;
};

builder.mutationFields((t) => ({
  assignStaffToStationedWork: t.field({
    type: AssignmentPayload,
    description: "安排参加派驻工作 — Assign a staff member to a stationed group's work for a period in which they have no other deployment (leaders only).",
    authScopes: leadersOnly,
    args: { input: t.arg({ type: StationedWorkInput, required: true, description: '调配 — The deployment.' }) },
    resolve: (_root, { input }, ctx) =>
      runMutation(ctx.db, async (tx) => {
        const staffId = idOrRefuse(String(input.staffId), ['input', 'staffId'], '工作人员');
        const groupId = idOrRefuse(String(input.groupId), ['input', 'groupId'], '派驻纪检组');
        if ((await findGroupsByIds(tx, [groupId])).length === 0) refuse('NOT_FOUND', ['input', 'groupId'], '派驻纪检组不存在 — no such stationed group');
        await references(ctx).add('staff', ['input', 'staffId'], staffId).run('assignStaffToStationedWork');
        const id = await deploy(tx, {
          staffId,
          kind: 'STATIONED_WORK',
          groupId,
          inspectionTeamId: null,
          startOn: input.startOn,
          endOn: input.endOn,
          note: noteText(input.note),
          recordedBy: ctx.viewer.staffId,
        });
        await ctx.audit.write(tx, { action: 'CREATE', recordType: 'StaffAssignment', recordId: id });
        return id;
      }),
  }),
  lendStaffToInspectionTeam: t.field({
    type: AssignmentPayload,
    description: '抽调参加巡察 — Lend a staff member to an inspection team for a period in which they have no other deployment (leaders only).',
    authScopes: leadersOnly,
    args: { input: t.arg({ type: LendInput, required: true, description: '调配 — The deployment.' }) },
    resolve: (_root, { input }, ctx) =>
      runMutation(ctx.db, async (tx) => {
        const staffId = idOrRefuse(String(input.staffId), ['input', 'staffId'], '工作人员');
        const inspectionTeamId = String(input.inspectionTeamId).trim();
        if (inspectionTeamId === '' || inspectionTeamId.length > 128)
          refuse('BAD_USER_INPUT', ['input', 'inspectionTeamId'], '巡察组编号无效 — inspectionTeamId is not a valid id');
        let groupId: string | null = null;
        if (input.fromGroupId != null) {
          groupId = idOrRefuse(String(input.fromGroupId), ['input', 'fromGroupId'], '派驻纪检组');
          const member = (await findMembershipsByStaff(tx, [staffId])).some(
            (m) => m.groupId === groupId && m.startOn <= input.startOn && (m.endOn === null || m.endOn > input.startOn),
          );
          if (!member)
            refuse(
              'BAD_USER_INPUT',
              ['input', 'fromGroupId'],
              '该人员起始日不是此派驻纪检组成员 — the staff member is not a member of this group on the first day',
            );
        }
        const check = await references(ctx)
          .add('staff', ['input', 'staffId'], staffId)
          .add('inspectionTeam', ['input', 'inspectionTeamId'], inspectionTeamId)
          .run('lendStaffToInspectionTeam');
        const roundEndOn = check.get('inspectionTeam', inspectionTeamId).roundEndOn;
        if (typeof roundEndOn === 'string' && roundEndOn <= input.startOn)
          refuse('INVALID_TRANSITION', ['input', 'inspectionTeamId'], "巡察组所在轮次已结束 — the team's round has ended");
        const id = await deploy(tx, {
          staffId,
          kind: 'INSPECTION_TEAM',
          groupId,
          inspectionTeamId,
          startOn: input.startOn,
          endOn: input.endOn,
          note: noteText(input.note),
          recordedBy: ctx.viewer.staffId,
        });
        await ctx.audit.write(tx, { action: 'CREATE', recordType: 'StaffAssignment', recordId: id });
        return id;
      }),
  }),
  endStaffAssignment: t.field({
    type: AssignmentPayload,
    description: '提前结束调配 — End a deployment before its planned end (leaders only).',
    authScopes: leadersOnly,
    args: { input: t.arg({ type: EndAssignmentInput, required: true, description: '结束 — The change.' }) },
    resolve: (_root, { input }, ctx) =>
      runMutation(ctx.db, async (tx) => {
        const [found] = await findAssignmentsByIds(tx, [idOrRefuse(String(input.assignmentId), ['input', 'assignmentId'], '调配')]);
        if (found) await lockFor(tx, 'staff-assignment', found.staffId);
        const [assignment] = found ? await findAssignmentsByIds(tx, [found.id]) : [];
        if (!assignment) refuse('NOT_FOUND', ['input', 'assignmentId'], '调配记录不存在 — no such deployment');
        if (input.endOn <= assignment.startOn || input.endOn >= assignment.endOn) {
          refuse(
            'BAD_USER_INPUT',
            ['input', 'endOn'],
            `新的结束日期须在 ${assignment.startOn} 与 ${assignment.endOn} 之间 — endOn must fall after the start and before the planned end`,
          );
        }
        await setAssignmentEnd(tx, assignment.id, input.endOn);
        await ctx.audit.write(tx, { action: 'UPDATE', recordType: 'StaffAssignment', recordId: assignment.id });
        return assignment.id;
      }),
  }),
}));
