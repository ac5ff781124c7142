import { builder } from '../builder.ts';
import type { StationedGroup } from '../db/database.ts';
import { listGroups } from '../db/groups.ts';
import { UnitRef } from './unit.ts';

export const StationedGroupRef = builder.objectRef<StationedGroup>('StationedGroup').implement({
  description: '派驻纪检组 — A stationed discipline-inspection group of the commission.',
  fields: (t) => ({
    id: t.exposeID('id', { description: '编号 — Identifier.' }),
    name: t.exposeString('name', { description: '名称 — Name of the group.' }),
    units: t.field({
      type: [UnitRef],
      description: '当前监督的单位（综合派驻） — Units the group oversees today.',
      resolve: async (group, _args, ctx) =>
        (await ctx.loaders.currentCoverageByGroup.load(group.id)).map((coverage) => ({ code: coverage.unitCode })),
    }),
  }),
});

UnitRef.implement({
  description: '单位（巡察对象） — A unit, keyed by its 统一社会信用代码.',
  fields: (t) => ({
    code: t.expose('code', { type: 'UnitCode', description: '统一社会信用代码 — Unified social credit code (key).' }),
    stationedGroup: t.field({
      type: StationedGroupRef,
      nullable: true,
      description: '当前监督该单位的派驻纪检组 — The stationed group overseeing the unit today, if any.',
      resolve: (unit, _args, ctx) => ctx.loaders.groupOverseeingUnit.load(unit.code),
    }),
  }),
});

builder.queryFields((t) => ({
  stationedGroups: t.field({
    type: [StationedGroupRef],
    description: '派驻纪检组名录 — All stationed groups, by name.',
    resolve: (_root, _args, ctx) => listGroups(ctx.db),
  }),
}));
