import { paginate, TEXT_KEY } from '@hub/core';
import { builder } from '../builder.ts';
import type { Unit } from '../db/database.ts';
import { countUnits, listUnits } from '../db/units.ts';

export const UnitKindEnum = builder.enumType('UnitKind', {
  description: '单位类别 — Kind of unit in the inspection registry.',
  values: {
    TOWNSHIP_PARTY_COMMITTEE: { description: '乡镇党委 — Township party committee.' },
    STREET_PARTY_WORKING_COMMITTEE: { description: '街道党工委 — Sub-district (street) party working committee.' },
    DEPARTMENT_PARTY_GROUP: { description: '区直部门党组（党委） — Party group of a district department.' },
    VILLAGE: { description: '村（社区）党组织 — Village or community party organisation.' },
    PUBLIC_INSTITUTION: { description: '事业单位 — Public institution.' },
    STATE_OWNED_ENTERPRISE: { description: '国有企业 — State-owned enterprise.' },
    OTHER: { description: '其他 — Other.' },
  } as const,
});

export const UnitLevelEnum = builder.enumType('UnitLevel', {
  description: '单位层级 — Administrative tier of a unit.',
  values: {
    DISTRICT: { description: '区直 — District level.' },
    TOWNSHIP: { description: '乡镇（街道） — Township or sub-district level.' },
    VILLAGE: { description: '村（社区） — Village or community level.' },
  } as const,
});

export const UnitRef = builder.objectRef<Unit>('Unit');

UnitRef.implement({
  description: '单位（巡察对象） — A unit in the inspection registry, keyed by its 统一社会信用代码.',
  fields: (t) => ({
    code: t.expose('code', { type: 'UnitCode', description: '统一社会信用代码 — Unified social credit code (key).' }),
    name: t.exposeString('name', { description: '单位名称 — Name of the unit.' }),
    kind: t.expose('kind', { type: UnitKindEnum, description: '单位类别 — Kind of unit.' }),
    level: t.expose('level', { type: UnitLevelEnum, description: '单位层级 — Administrative tier.' }),
    township: t.exposeString('township', { nullable: true, description: '所属乡镇（街道） — Township the unit belongs to, if any.' }),
    parent: t.field({
      type: UnitRef,
      nullable: true,
      description: '上级单位 — Parent unit, e.g. the township of a village.',
      resolve: (unit, _args, ctx) => (unit.parentCode ? ctx.loaders.unitByCode.load(unit.parentCode) : null),
    }),
    subUnits: t.field({
      type: [UnitRef],
      description: '下属单位 — Units whose parent this unit is (villages, institutions).',
      resolve: (unit, _args, ctx) => ctx.loaders.subUnitsOf(unit.code),
    }),
  }),
});

builder.asEntity(UnitRef, {
  key: builder.selection<{ code: string }>('code'),
  // A representation may carry fields other bodies resolved for this subgraph's rules (@requires).
  resolveReference: async (ref, ctx) => {
    const unit = await ctx.loaders.unitByCode.load(ref.code);
    const coverage = (ref as { overseeingStationedGroupId?: string | null }).overseeingStationedGroupId;
    return unit && coverage !== undefined ? { ...unit, overseeingStationedGroupId: coverage } : unit;
  },
});

const UnitFilterInput = builder.inputType('UnitFilter', {
  description: '单位筛选条件 — Filter for the unit registry; all given conditions must hold.',
  fields: (t) => ({
    kind: t.field({ type: UnitKindEnum, required: false, description: '单位类别 — Kind of unit.' }),
    level: t.field({ type: UnitLevelEnum, required: false, description: '单位层级 — Administrative tier.' }),
    township: t.string({ required: false, description: '所属乡镇（街道） — Township name.' }),
    parentCode: t.field({ type: 'UnitCode', required: false, description: '上级单位代码 — Code of the parent unit.' }),
    nameContains: t.string({ required: false, description: '名称包含 — Part of the unit name.' }),
  }),
});

builder.queryFields((t) => ({
  unit: t.field({
    type: UnitRef,
    nullable: true,
    description: '按统一社会信用代码查询单位 — A unit by its code; null when the registry has no such unit.',
    args: { code: t.arg({ type: 'UnitCode', required: true, description: '统一社会信用代码 — Unit code.' }) },
    resolve: (_root, args, ctx) => ctx.loaders.unitWithSubUnits.load(args.code),
  }),
  units: t.connection(
    {
      type: UnitRef,
      description: '巡察对象名录 — The unit registry, ordered by code.',
      args: { filter: t.arg({ type: UnitFilterInput, required: false, description: '筛选条件 — Filter.' }) },
      resolve: (_root, args, ctx) => {
        const filter = args.filter ?? {};
        return paginate<Unit>(args, {
          keys: TEXT_KEY,
          key: (unit) => unit.code,
          fetch: (window) => listUnits(ctx.db, filter, window),
          count: () => countUnits(ctx.db, filter),
        });
      },
    },
    { description: '巡察对象名录分页 — A page of the unit registry.' },
    { description: '名录条目 — One unit of the page.' },
  ),
}));
