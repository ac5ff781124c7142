import { isUuid } from '@hub/core';
import { pageKey, paginate, TEXT_ID_KEY } from '@hub/core';
import { builder } from '../builder.ts';
import type { GroupCoverage, GroupMember, StationedGroup } from '../db/database.ts';
import { countGroups, listGroups } from '../db/groups.ts';
import { coverageOn } from '../domain/coverage.ts';
import { StaffRef } from './staff.ts';
import { UnitRef } from './unit.ts';

export const GroupMemberRoleEnum = builder.enumType('StationedGroupRole', {
  description: '派驻纪检组职务 — Position of a staff member in a stationed group.',
  values: {
    LEADER: { description: '组长 — Group leader.' },
    DEPUTY_LEADER: { description: '副组长 — Deputy leader.' },
    MEMBER: { description: '成员 — Member.' },
  } as const,
});

export const StationedGroupRef = builder.objectRef<StationedGroup>('StationedGroup');

export const StationedGroupMemberRef = builder.objectRef<GroupMember>('StationedGroupMember').implement({
  description: "派驻纪检组成员任职 — A staff member's membership of a stationed group for a period.",
  fields: (t) => ({
    group: t.field({
      type: StationedGroupRef,
      description: '派驻纪检组 — The group.',
      resolve: async (m, _a, ctx) => (await ctx.loaders.groupById.load(m.groupId))!,
    }),
    staff: t.field({ type: StaffRef, description: '工作人员 — The staff member (staff pool).', resolve: (m) => ({ id: m.staffId }) }),
    role: t.expose('role', { type: GroupMemberRoleEnum, description: '职务 — Position.' }),
    startOn: t.expose('startOn', { type: 'Date', description: '起始日期 — First day.' }),
    endOn: t.expose('endOn', { type: 'Date', nullable: true, description: '结束日期（不含；空为至今） — Day it ended (exclusive); null while current.' }),
  }),
});

export const StationedCoverageRef = builder.objectRef<GroupCoverage>('StationedCoverage').implement({
  description: '综合派驻监督期间 — A period during which a group oversaw a unit.',
  fields: (t) => ({
    group: t.field({
      type: StationedGroupRef,
      description: '派驻纪检组 — The overseeing group.',
      resolve: async (c, _a, ctx) => (await ctx.loaders.groupById.load(c.groupId))!,
    }),
    unit: t.field({ type: UnitRef, description: '被监督单位 — The unit overseen.', resolve: (c) => ({ code: c.unitCode }) }),
    startOn: t.expose('startOn', { type: 'Date', description: '起始日期 — First day of oversight.' }),
    endOn: t.expose('endOn', {
      type: 'Date',
      nullable: true,
      description: '结束日期（不含；空为至今） — Day oversight ended (exclusive); null while current.',
    }),
  }),
});

const isCurrent = (today: string) => (m: { startOn: string; endOn: string | null }) => m.startOn <= today && (m.endOn === null || m.endOn > today);

StationedGroupRef.implement({
  description: '派驻纪检组 — A stationed discipline-inspection group of the commission.',
  fields: (t) => ({
    id: t.exposeID('id', { description: '编号 — Identifier.' }),
    name: t.exposeString('name', { description: '名称 — Name of the group.' }),
    units: t.field({
      type: [UnitRef],
      description: '当前监督的单位（综合派驻） — Units the group oversees today.',
      resolve: async (group, _args, ctx) => (await ctx.loaders.currentCoverageByGroup.load(group.id)).map((coverage) => ({ code: coverage.unitCode })),
    }),
    coverageHistory: t.field({
      type: [StationedCoverageRef],
      description: '监督单位沿革 — Every period in which the group oversaw a unit, oldest first.',
      resolve: (group, _args, ctx) => ctx.loaders.coverageHistoryByGroup.load(group.id),
    }),
    leader: t.field({
      type: StaffRef,
      nullable: true,
      description: '现任组长 — The sitting group leader, if any.',
      resolve: async (group, _args, ctx) => {
        const leader = (await ctx.loaders.membersByGroup.load(group.id)).find((m) => m.role === 'LEADER' && isCurrent(ctx.today)(m));
        return leader ? { id: leader.staffId } : null;
      },
    }),
    members: t.field({
      type: [StationedGroupMemberRef],
      description: '成员（组长在前） — Memberships, leader first; current ones unless former members are asked for.',
      args: { includeFormer: t.arg.boolean({ required: false, defaultValue: false, description: '含已离任成员 — Include memberships that ended.' }) },
      resolve: async (group, args, ctx) => {
        const members = await ctx.loaders.membersByGroup.load(group.id);
        return args.includeFormer ? members : members.filter(isCurrent(ctx.today));
      },
    }),
  }),
});

builder.objectFields(UnitRef, (t) => ({
  stationedGroup: t.field({
    type: StationedGroupRef,
    nullable: true,
    description: '当前监督该单位的派驻纪检组 — The stationed group overseeing the unit today, if any.',
    resolve: (unit, _args, ctx) => ctx.loaders.groupOverseeingUnit.load(unit.code),
  }),
  stationedGroupOn: t.field({
    type: StationedGroupRef,
    nullable: true,
    description: '某日监督该单位的派驻纪检组 — The stationed group that oversaw the unit on a given day, if any.',
    args: { date: t.arg({ type: 'Date', required: true, description: '日期 — The day.' }) },
    resolve: async (unit, args, ctx) => {
      const period = coverageOn(await ctx.loaders.coverageHistoryByUnit.load(unit.code), args.date);
      return period ? ctx.loaders.groupById.load(period.groupId) : null;
    },
  }),
  stationedCoverageHistory: t.field({
    type: [StationedCoverageRef],
    description: '派驻监督沿革 — Every period in which a stationed group oversaw the unit, oldest first.',
    resolve: (unit, _args, ctx) => ctx.loaders.coverageHistoryByUnit.load(unit.code),
  }),
}));

builder.objectFields(StaffRef, (t) => ({
  stationedGroupMemberships: t.field({
    type: [StationedGroupMemberRef],
    description: "派驻纪检组任职（含历史） — The staff member's stationed-group memberships, oldest first.",
    resolve: (staff, _args, ctx) => ctx.loaders.membershipsByStaff.load(staff.id),
  }),
}));

builder.queryFields((t) => ({
  stationedGroups: t.connection({
    type: StationedGroupRef,
    description: '派驻纪检组名录（按名称排序） — Stationed groups, by name.',
    resolve: (_root, args, ctx) =>
      paginate<StationedGroup>(args, {
        keys: TEXT_ID_KEY,
        key: (g) => pageKey(g.name, g.id),
        fetch: (window) => listGroups(ctx.db, window),
        count: () => countGroups(ctx.db),
      }),
  }),
  stationedGroup: t.field({
    type: StationedGroupRef,
    nullable: true,
    description: '按编号查询派驻纪检组 — A stationed group by id; null when there is none.',
    args: { id: t.arg.id({ required: true, description: '编号 — Group id.' }) },
    resolve: (_root, args, ctx) => (isUuid(String(args.id)) ? ctx.loaders.groupById.load(String(args.id).toLowerCase()) : null),
  }),
}));
