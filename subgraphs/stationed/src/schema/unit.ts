import { builder } from '../builder.ts';

/** `Unit` is defined by the inspection subgraph; stationed adds what its groups know. */
export const UnitRef = builder.externalRef('Unit', builder.selection<{ code: string }>('code'), (ref) => ref);

/**
 * The teams inspecting a unit now (进驻 to 移交) are inspection's fact; the rule on the unit's
 * stationed records needs them, so the gateway fetches them from inspection first (`@requires`).
 * `requires` is typed only inside `UnitRef.implement`; the plugin reads it on any field.
 */
export const requiresInspectingTeams = { requires: builder.selection<{ activeInspectionTeamIds?: string[] | null }>('activeInspectionTeamIds') } as object;

UnitRef.implement({
  description: '单位（巡察对象） — A unit, keyed by its 统一社会信用代码.',
  externalFields: (t) => ({
    activeInspectionTeamIds: t.idList({
      description: '正在巡察该单位的巡察组（进驻至移交，巡察子图提供） — Teams inspecting the unit now, entry to transfer (from inspection).',
    }),
  }),
  fields: (t) => ({
    code: t.expose('code', { type: 'UnitCode', description: '统一社会信用代码 — Unified social credit code (key).' }),
    overseeingStationedGroupId: t.id({
      nullable: true,
      description: '当前监督该单位的派驻纪检组编号 — Id of the stationed group overseeing the unit today, if any.',
      resolve: async (unit, _args, ctx) => (await ctx.loaders.groupOverseeingUnit.load(unit.code))?.id ?? null,
    }),
  }),
});
