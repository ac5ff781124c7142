import {
  references,
  DATE_ID_KEY,
  idOrRefuse,
  paginate,
  payloadType,
  refuse,
  requireText,
  runMutation,
  idFilter,
  type ReferenceCheck,
  UserErrors,
  bilingual,
} from '@hub/core';
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
import {
  checkDeploymentAgainstOtherBodies,
  checkDeploymentPeriod,
  checkEarlyEnd,
  checkLentFromMember,
  checkLoanRound,
  checkOneDeploymentAtATime,
} from '../domain/assignments.ts';
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
    concurrentReason: t.exposeString('concurrentReason', {
      nullable: true,
      description:
        "同期兼任理由（与其他机关的任务期间重叠时） — Why it runs at the same time as another body's assignment of the staff member; null when it overlaps none.",
    }),
  }),
});

const ConcurrentInput = builder.inputType('ConcurrentServiceInput', {
  description: '同期兼任 — Why a staff member serves on two teams at the same time.',
  fields: (t) => ({ reason: t.string({ description: '理由 — Reason.' }) }),
});

const CONCURRENT_DESCRIPTION = bilingual(
  '同期兼任（与巡察组、专项检查组任务期间重叠时必填）',
  'Running at the same time as an inspection team or special-inspection team the staff member is on:',
  'required then, with the reason.',
);

builder.objectFields(StaffRef, (t) => ({
  stationedAssignments: t.field({
    type: [StaffAssignmentRef],
    description: bilingual(
      '人员调配记录（旧到新）',
      "The staff member's deployments to stationed work and to inspection teams, oldest first; the staff member,",
      'leaders, stationed and inspection officers.',
    ),
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
    concurrent: t.field({ type: ConcurrentInput, required: false, description: CONCURRENT_DESCRIPTION }),
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
    concurrent: t.field({ type: ConcurrentInput, required: false, description: CONCURRENT_DESCRIPTION }),
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

/**
 * Checks the period, that the staff member has no other deployment in it, and that it overlaps no
 * assignment of another body (`check` asked inspection and discipline) unless marked concurrent; inserts the row.
 */
async function deploy(tx: Tx, check: ReferenceCheck, row: Omit<StaffAssignment, 'createdAt' | 'id'>): Promise<string> {
  const problems = new UserErrors();
  if (!checkDeploymentPeriod(problems, row)) problems.throwIfAny();
  await lockFor(tx, 'staff-assignment', row.staffId);
  checkOneDeploymentAtATime(problems, await findOverlappingAssignment(tx, row.staffId, row.startOn, row.endOn));
  checkDeploymentAgainstOtherBodies(problems, row, check.engagements(), row.concurrentReason ?? null);
  problems.throwIfAny();
  const id = crypto.randomUUID();
  await insertAssignment(tx, { ...row, id });
  return id;
}

const concurrentReason = (concurrent: { reason: string } | null | undefined) =>
  concurrent == null ? null : requireText(concurrent.reason, ['input', 'concurrent', 'reason'], '兼任理由');

/** The staff member's assignments as the other bodies record them, asked with the reference check. */
const withOtherBodiesEngagements = (check: ReferenceCheck, staffId: string) =>
  check.engagementsOf('inspection', ['input', 'staffId'], staffId).engagementsOf('discipline', ['input', 'staffId'], staffId);

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
        const check = await withOtherBodiesEngagements(references(ctx).add('staff', ['input', 'staffId'], staffId), staffId).run('assignStaffToStationedWork');
        const id = await deploy(tx, check, {
          staffId,
          kind: 'STATIONED_WORK',
          groupId,
          inspectionTeamId: null,
          startOn: input.startOn,
          endOn: input.endOn,
          note: noteText(input.note),
          concurrentReason: concurrentReason(input.concurrent),
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
          const problems = new UserErrors();
          checkLentFromMember(problems, await findMembershipsByStaff(tx, [staffId]), groupId, input.startOn);
          problems.throwIfAny();
        }
        const check = await withOtherBodiesEngagements(
          references(ctx).add('staff', ['input', 'staffId'], staffId).add('inspectionTeam', ['input', 'inspectionTeamId'], inspectionTeamId),
          staffId,
        ).run('lendStaffToInspectionTeam');
        const problems = new UserErrors();
        checkLoanRound(problems, check.get('inspectionTeam', inspectionTeamId).roundEndOn, input.startOn);
        problems.throwIfAny();
        const id = await deploy(tx, check, {
          staffId,
          kind: 'INSPECTION_TEAM',
          groupId,
          inspectionTeamId,
          startOn: input.startOn,
          endOn: input.endOn,
          note: noteText(input.note),
          concurrentReason: concurrentReason(input.concurrent),
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
        const problems = new UserErrors();
        checkEarlyEnd(problems, assignment, input.endOn);
        problems.throwIfAny();
        await setAssignmentEnd(tx, assignment.id, input.endOn);
        await ctx.audit.write(tx, { action: 'UPDATE', recordType: 'StaffAssignment', recordId: assignment.id });
        return assignment.id;
      }),
  }),
}));
