import { references, idOrRefuse, payloadType, refuse, requireText, runMutation, UserErrors } from '@hub/core';
import { builder } from '../builder.ts';
import { leadersOnly } from '../policy.ts';
import {
  closeCoverage,
  closeMembership,
  findCoverageHistoryByUnits,
  findGroupByName,
  findGroupsByIds,
  findMembersByGroups,
  insertGroup,
  insertMembers,
  latestGroupRecordFrom,
  openCoverage,
} from '../db/groups.ts';
import type { Transaction } from 'kysely';
import type { StationedDatabase } from '../db/database.ts';
import { lockFor } from '../db/locks.ts';
import { checkCoverageEnd, checkCoverageMove, checkHistoryNotRewritten } from '../domain/coverage.ts';
import { checkMemberJoins, checkMembershipEnd, checkNewGroup } from '../domain/groups.ts';
import { GroupMemberRoleEnum, StationedCoverageRef, StationedGroupMemberRef, StationedGroupRef } from './stationed-group.ts';

type Tx = Transaction<StationedDatabase>;

async function requireGroup(tx: Tx, id: string, field: string[]) {
  const [group] = await findGroupsByIds(tx, [idOrRefuse(id, field, '派驻纪检组')]);
  if (!group) refuse('NOT_FOUND', field, '派驻纪检组不存在 — no such stationed group');
  return group;
}

/**
 * Opens coverage of a unit by a group from `startOn`, closing the unit's current coverage on the
 * same day (history is kept). The rules (`domain/coverage.ts`): coverage only moves forward, and never
 * under a record the current group made on or after `startOn`.
 */
async function moveCoverage(tx: Tx, unitCode: string, groupId: string, startOn: string, field: string[], conflictField = field) {
  await lockFor(tx, 'coverage', unitCode);
  const problems = new UserErrors();
  const open = checkCoverageMove(problems, await findCoverageHistoryByUnits(tx, [unitCode]), { unitCode, groupId, startOn }, field, conflictField);
  problems.throwIfAny();
  if (open) {
    checkHistoryNotRewritten(problems, await latestGroupRecordFrom(tx, open.groupId, unitCode, startOn), unitCode, startOn, conflictField);
    problems.throwIfAny();
    await closeCoverage(tx, open, startOn);
  }
  await openCoverage(tx, { groupId, unitCode, startOn });
}

const MemberInput = builder.inputType('StationedGroupMemberInput', {
  description: '派驻纪检组成员 — A staff member joining a group.',
  fields: (t) => ({
    staffId: t.id({ description: '工作人员编号（人员库） — Staff id from the staff pool.' }),
    role: t.field({ type: GroupMemberRoleEnum, description: '职务 — Position.' }),
  }),
});

const CreateGroupInput = builder.inputType('CreateStationedGroupInput', {
  description: '设立派驻纪检组 — A new stationed group, its members and the units it oversees.',
  fields: (t) => ({
    name: t.string({ description: '名称 — Name.' }),
    startOn: t.field({ type: 'Date', description: '设立日期 — Day membership and coverage begin.' }),
    members: t.field({ type: [MemberInput], description: '成员（至多一名组长） — Members; at most one leader.' }),
    unitCodes: t.field({ type: ['UnitCode'], description: '监督单位 — Units the group oversees from the start; each moves from its current group.' }),
  }),
});

const AssignUnitInput = builder.inputType('AssignUnitToStationedGroupInput', {
  description: '调整综合派驻监督单位 — Move a unit to a group from a day on.',
  fields: (t) => ({
    unitCode: t.field({ type: 'UnitCode', description: '单位代码 — The unit.' }),
    groupId: t.id({ description: '派驻纪检组编号 — The group that oversees it from `startOn`.' }),
    startOn: t.field({ type: 'Date', description: "起始日期 — First day of the new group's oversight; the old period ends that day." }),
  }),
});

const EndCoverageInput = builder.inputType('EndStationedCoverageInput', {
  description: "终止派驻监督 — End a unit's current oversight without a successor.",
  fields: (t) => ({
    unitCode: t.field({ type: 'UnitCode', description: '单位代码 — The unit.' }),
    endOn: t.field({ type: 'Date', description: '结束日期（不含） — Day oversight ends (exclusive).' }),
  }),
});

const AddMemberInput = builder.inputType('AddStationedGroupMemberInput', {
  description: '增补派驻纪检组成员 — Add a staff member to a group.',
  fields: (t) => ({
    groupId: t.id({ description: '派驻纪检组编号 — The group.' }),
    staffId: t.id({ description: '工作人员编号 — Staff id.' }),
    role: t.field({ type: GroupMemberRoleEnum, description: '职务 — Position.' }),
    startOn: t.field({ type: 'Date', description: '起始日期 — First day.' }),
  }),
});

const EndMembershipInput = builder.inputType('EndStationedGroupMembershipInput', {
  description: "成员离任 — End a staff member's current membership of a group.",
  fields: (t) => ({
    groupId: t.id({ description: '派驻纪检组编号 — The group.' }),
    staffId: t.id({ description: '工作人员编号 — Staff id.' }),
    endOn: t.field({ type: 'Date', description: '结束日期（不含） — Day the membership ends (exclusive).' }),
  }),
});

const GroupPayload = payloadType(builder, 'StationedGroupPayload', {
  field: 'group',
  type: StationedGroupRef,
  description: '派驻纪检组变更结果 — The group, or why the change was refused.',
  load: (id, ctx) => ctx.loaders.groupById.load(id),
});

const CoveragePayload = payloadType(builder, 'StationedCoveragePayload', {
  field: 'coverage',
  type: StationedCoverageRef,
  description: "监督单位调整结果 — The unit's coverage period, or why the change was refused.",
  load: async (key, ctx) => {
    const [unitCode, startOn] = key.split('|');
    return (await ctx.loaders.coverageHistoryByUnit.load(unitCode!)).find((c) => c.startOn === startOn) ?? null;
  },
});

const MemberPayload = payloadType(builder, 'StationedGroupMemberPayload', {
  field: 'membership',
  type: StationedGroupMemberRef,
  description: '成员变更结果 — The membership, or why the change was refused.',
  load: async (key, ctx) => {
    const [groupId, staffId, startOn] = key.split('|');
    return (await ctx.loaders.membersByGroup.load(groupId!)).find((m) => m.staffId === staffId && m.startOn === startOn) ?? null;
  },
});

// Organisation of the groups is a commission decision: leaders only.
builder.mutationFields((t) => ({
  createStationedGroup: t.field({
    type: GroupPayload,
    description: '设立派驻纪检组 — Create a stationed group with its members and units (leaders only).',
    authScopes: leadersOnly,
    args: { input: t.arg({ type: CreateGroupInput, required: true, description: '派驻纪检组 — The group.' }) },
    resolve: (_root, { input }, ctx) =>
      runMutation(ctx.db, async (tx) => {
        const name = requireText(input.name, ['input', 'name'], '名称', 100);
        if (await findGroupByName(tx, name)) refuse('ALREADY_EXISTS', ['input', 'name'], '同名派驻纪检组已存在 — a group of this name exists');
        const members = input.members.map((m, i) => ({
          staffId: idOrRefuse(String(m.staffId), ['input', 'members', String(i), 'staffId'], '工作人员'),
          role: m.role,
        }));
        const problems = new UserErrors();
        checkNewGroup(problems, members, input.unitCodes);
        problems.throwIfAny();
        // Lock the units in one order, so two groups created at once cannot deadlock.
        const check = references(ctx);
        input.unitCodes.forEach((code, i) => check.add('unit', ['input', 'unitCodes', String(i)], code));
        members.forEach((m, i) => check.add('staff', ['input', 'members', String(i), 'staffId'], m.staffId));
        await check.run('createStationedGroup');
        for (const unitCode of [...input.unitCodes].sort()) await lockFor(tx, 'coverage', unitCode);
        const id = crypto.randomUUID();
        await insertGroup(tx, { id, name }, []);
        await insertMembers(
          tx,
          members.map((m) => ({ ...m, groupId: id, startOn: input.startOn, endOn: null })),
        );
        for (const [i, unitCode] of input.unitCodes.entries()) await moveCoverage(tx, unitCode, id, input.startOn, ['input', 'unitCodes', String(i)]);
        await ctx.audit.write(tx, { action: 'CREATE', recordType: 'StationedGroup', recordId: id });
        return id;
      }),
  }),
  assignUnitToStationedGroup: t.field({
    type: CoveragePayload,
    description:
      '调整综合派驻监督单位 — Move a unit to a group: the current period ends and the new one starts the same day, in one transaction (leaders only).',
    authScopes: leadersOnly,
    args: { input: t.arg({ type: AssignUnitInput, required: true, description: '调整内容 — The change.' }) },
    resolve: (_root, { input }, ctx) =>
      runMutation(ctx.db, async (tx) => {
        const group = await requireGroup(tx, String(input.groupId), ['input', 'groupId']);
        await references(ctx).add('unit', ['input', 'unitCode'], input.unitCode).run('assignUnitToStationedGroup');
        await moveCoverage(tx, input.unitCode, group.id, input.startOn, ['input', 'unitCode'], ['input', 'startOn']);
        await ctx.audit.write(tx, { action: 'UPDATE', recordType: 'GroupCoverage', recordId: `${input.unitCode}|${input.startOn}` });
        return `${input.unitCode}|${input.startOn}`;
      }),
  }),
  endStationedCoverage: t.field({
    type: CoveragePayload,
    description: "终止派驻监督 — End a unit's current coverage without a successor (leaders only).",
    authScopes: leadersOnly,
    args: { input: t.arg({ type: EndCoverageInput, required: true, description: '终止内容 — The change.' }) },
    resolve: (_root, { input }, ctx) =>
      runMutation(ctx.db, async (tx) => {
        await lockFor(tx, 'coverage', input.unitCode);
        const open = (await findCoverageHistoryByUnits(tx, [input.unitCode])).find((c) => c.endOn === null);
        const problems = new UserErrors();
        checkCoverageEnd(problems, open, input.endOn);
        problems.throwIfAny();
        checkHistoryNotRewritten(problems, await latestGroupRecordFrom(tx, open!.groupId, input.unitCode, input.endOn), input.unitCode, input.endOn, [
          'input',
          'endOn',
        ]);
        problems.throwIfAny();
        await closeCoverage(tx, open!, input.endOn);
        await ctx.audit.write(tx, { action: 'UPDATE', recordType: 'GroupCoverage', recordId: `${input.unitCode}|${open!.startOn}` });
        return `${input.unitCode}|${open!.startOn}`;
      }),
  }),
  addStationedGroupMember: t.field({
    type: MemberPayload,
    description: '增补派驻纪检组成员 — Add a member to a group (leaders only).',
    authScopes: leadersOnly,
    args: { input: t.arg({ type: AddMemberInput, required: true, description: '成员 — The membership.' }) },
    resolve: (_root, { input }, ctx) =>
      runMutation(ctx.db, async (tx) => {
        const group = await requireGroup(tx, String(input.groupId), ['input', 'groupId']);
        const staffId = idOrRefuse(String(input.staffId), ['input', 'staffId'], '工作人员');
        await lockFor(tx, 'membership', group.id);
        const problems = new UserErrors();
        checkMemberJoins(problems, await findMembersByGroups(tx, [group.id]), { staffId, role: input.role, startOn: input.startOn });
        problems.throwIfAny();
        await references(ctx).add('staff', ['input', 'staffId'], staffId).run('addStationedGroupMember');
        await insertMembers(tx, [{ groupId: group.id, staffId, role: input.role, startOn: input.startOn, endOn: null }]);
        await ctx.audit.write(tx, { action: 'CREATE', recordType: 'StationedGroupMember', recordId: `${group.id}|${staffId}|${input.startOn}` });
        return `${group.id}|${staffId}|${input.startOn}`;
      }),
  }),
  endStationedGroupMembership: t.field({
    type: MemberPayload,
    description: "成员离任 — End a member's current membership of a group (leaders only).",
    authScopes: leadersOnly,
    args: { input: t.arg({ type: EndMembershipInput, required: true, description: '离任 — The change.' }) },
    resolve: (_root, { input }, ctx) =>
      runMutation(ctx.db, async (tx) => {
        const group = await requireGroup(tx, String(input.groupId), ['input', 'groupId']);
        const staffId = idOrRefuse(String(input.staffId), ['input', 'staffId'], '工作人员');
        await lockFor(tx, 'membership', group.id);
        const open = (await findMembersByGroups(tx, [group.id])).find((m) => m.staffId === staffId && m.endOn === null);
        const problems = new UserErrors();
        checkMembershipEnd(problems, open, input.endOn);
        problems.throwIfAny();
        await closeMembership(tx, open!, input.endOn);
        await ctx.audit.write(tx, { action: 'UPDATE', recordType: 'StationedGroupMember', recordId: `${group.id}|${staffId}|${open!.startOn}` });
        return `${group.id}|${staffId}|${open!.startOn}`;
      }),
  }),
}));
