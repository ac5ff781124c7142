import { addUserErrorType, inTransaction, refuse } from '@hub/core';
import { builder } from '../builder.ts';
import { registerUnits } from '../policy.ts';
import { findUnitsByCodes, insertUnit } from '../db/units.ts';
import { UnitKindEnum, UnitLevelEnum, UnitRef } from './unit.ts';

export const UserErrorRef = addUserErrorType(builder);

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

const RegisterUnitPayload = builder.objectRef<{ unit: { code: string } | null; errors: { code: never; field: string[]; message: string }[] }>('RegisterUnitPayload').implement({
  description: '登记结果 — The registered unit, or why it was refused.',
  fields: (t) => ({
    unit: t.field({ type: UnitRef, nullable: true, description: '登记的单位 — The unit, when registered.', resolve: (p, _a, ctx) => (p.unit ? ctx.loaders.unitByCode.load(p.unit.code) : null) }),
    errors: t.field({ type: [UserErrorRef], description: '字段级错误 — Field-level refusals.', resolve: (p) => p.errors }),
  }),
});

builder.mutationFields((t) => ({
  registerUnit: t.field({
    type: RegisterUnitPayload,
    description: '登记巡察对象 — Add a unit to the inspection registry (巡察办 or leaders).',
    authScopes: registerUnits,
    args: { input: t.arg({ type: RegisterUnitInput, required: true, description: '单位信息 — The unit.' }) },
    resolve: async (_root, { input }, ctx) => {
      const outcome = await inTransaction(ctx.db, async (tx) => {
        const name = input.name.trim();
        if (name === '') refuse('INVALID', ['input', 'name'], '单位名称不能为空 — name must not be empty');
        const [existing, parent] = await Promise.all([
          findUnitsByCodes(tx, [input.code]),
          input.parentCode ? findUnitsByCodes(tx, [input.parentCode]) : Promise.resolve([]),
        ]);
        if (existing.length > 0) refuse('ALREADY_EXISTS', ['input', 'code'], `单位 ${input.code} 已在名录中 — unit is already registered`);
        if (input.parentCode && parent.length === 0) refuse('NOT_FOUND', ['input', 'parentCode'], `上级单位 ${input.parentCode} 不在名录中 — parent unit is not registered`);
        await insertUnit(tx, { code: input.code, name, kind: input.kind, level: input.level, township: input.township?.trim() || null, parentCode: input.parentCode ?? null });
        await ctx.audit.write(tx, { action: 'CREATE', recordType: 'Unit', recordId: input.code });
        return { code: input.code };
      });
      return { unit: outcome.result, errors: outcome.errors as never[] };
    },
  }),
}));
