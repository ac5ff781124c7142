import { payloadType, refuse, requireText, runMutation } from '@hub/core';
import { builder } from '../builder.ts';
import { registerUnits } from '../policy.ts';
import { findUnitsByCodes, insertUnit } from '../db/units.ts';
import { UnitKindEnum, UnitLevelEnum, UnitRef } from './unit.ts';

const RegisterUnitInput = builder.inputType('RegisterUnitInput', {
  description: '登记巡察对象 — A unit to add to the inspection registry.',
  fields: (t) => ({
    code: t.field({ type: 'UnitCode', description: '统一社会信用代码 — Unit code.' }),
    name: t.string({ description: '单位名称 — Name.' }),
    kind: t.field({ type: UnitKindEnum, description: '单位类别 — Kind.' }),
    level: t.field({ type: UnitLevelEnum, description: '单位层级 — Tier.' }),
    township: t.string({ required: false, description: '所属乡镇（街道） — Township.' }),
    parentCode: t.field({ type: 'UnitCode', required: false, description: '上级单位代码 — Code of the parent unit.' }),
  }),
});

const RegisterUnitPayload = payloadType(builder, 'RegisterUnitPayload', {
  field: 'unit',
  type: UnitRef,
  description: '登记结果 — The registered unit, or why it was refused.',
  load: (code, ctx) => ctx.loaders.unitByCode.load(code),
});

builder.mutationFields((t) => ({
  registerUnit: t.field({
    type: RegisterUnitPayload,
    description: '登记巡察对象 — Add a unit to the inspection registry (巡察办 or leaders).',
    authScopes: registerUnits,
    args: { input: t.arg({ type: RegisterUnitInput, required: true, description: '单位信息 — The unit.' }) },
    resolve: async (_root, { input }, ctx) => {
      return runMutation(ctx.db, async (tx) => {
        const name = requireText(input.name, ['input', 'name'], '单位名称');
        const [existing, parent] = await Promise.all([
          findUnitsByCodes(tx, [input.code]),
          input.parentCode ? findUnitsByCodes(tx, [input.parentCode]) : Promise.resolve([]),
        ]);
        if (existing.length > 0) refuse('ALREADY_EXISTS', ['input', 'code'], '该单位已在名录中 — unit is already registered');
        if (input.parentCode && parent.length === 0) refuse('NOT_FOUND', ['input', 'parentCode'], '上级单位不在名录中 — parent unit is not registered');
        await insertUnit(tx, {
          code: input.code,
          name,
          kind: input.kind,
          level: input.level,
          township: input.township?.trim() || null,
          parentCode: input.parentCode ?? null,
        });
        await ctx.audit.write(tx, { action: 'CREATE', recordType: 'Unit', recordId: input.code });
        return input.code;
      });
    },
  }),
}));
