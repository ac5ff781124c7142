import { addCorrections, idOrRefuse, inTransaction, notInFuture, payloadType, refuse } from '@hub/core';
import { builder } from '../builder.ts';
import type { Context } from '../context.ts';
import { endSpecialInspection, findSpecialInspectionCheckById, findSpecialInspectionForUpdate, lastCheckDate } from '../db/extras.ts';
import { findCluesByIds } from '../db/clues.ts';
import { findCasesByIds } from '../db/cases.ts';
import type { Bulletin, Case, Clue, Sanction } from '../db/database.ts';
import { BULLETIN_ISSUER, BULLETIN_ISSUING_ROLES } from '../domain/bulletins.ts';
import { CaseRef, SanctionRef } from './case.ts';
import { assertHandles, ClueRef } from './clue.ts';
import { ALL_CASES_ROLES } from './common.ts';
import { AccountabilityDecisionRef, SpecialInspectionCheckRef, SpecialInspectionRef } from './extras.ts';
import { BulletinRef } from './bulletin.ts';
import { PetitionCategoryEnum } from './enums.ts';
import { PetitionChannelEnum, PetitionRef } from './petition.ts';

/**
 * 更正 — which records of this body can be amended and voided, their descriptive fields, and who
 * may correct them (who may create them, and leaders). The mechanism is `addCorrections` in core.
 */
const { declare } = addCorrections(builder);

const pastDate = (field: string) => (value: string) => {
  notInFuture(value, ['input', field]);
  return value;
};

/** Case work is corrected by the body handling the clue, case management and leaders. */
async function handlesCase(c: Pick<Case, 'clueId'>, ctx: Context, tx: Context['db']) {
  const [clue] = await findCluesByIds(tx, [c.clueId]);
  assertHandles(ctx, clue as Clue);
}

declare({
  typeName: 'Petition',
  what: '信访举报',
  ref: PetitionRef,
  table: 'petition',
  payloadField: 'petition',
  load: (id, ctx: Context) => ctx.loaders.petitionById.load(id),
  writeRoles: ['leader', 'petition_officer'],
  fields: {
    summary: { kind: 'text', description: '内容摘要 — Summary.' },
    category: { kind: { enum: PetitionCategoryEnum }, description: '问题类别 — Category.' },
    channel: { kind: { enum: PetitionChannelEnum }, description: '来源渠道 — Channel.' },
  },
});

declare({
  typeName: 'Clue',
  what: '问题线索',
  ref: ClueRef,
  table: 'clue',
  payloadField: 'clue',
  load: (id, ctx: Context) => ctx.loaders.clueById.load(id),
  writeRoles: ['leader', 'case_manager'],
  fields: {
    summary: { kind: 'text', description: '线索摘要 — Summary.' },
    sourceReference: { kind: 'optionalText', description: '来源文号 — Reference of the source.' },
  },
});

declare({
  typeName: 'Case',
  what: '案件',
  ref: CaseRef,
  table: 'disciplineCase',
  payloadField: 'case',
  load: (id, ctx: Context) => ctx.loaders.caseById.load(id),
  writeRoles: ['leader', 'case_manager', 'case_officer', 'stationed_officer'],
  mayWrite: (c: Case, ctx: Context, tx) => handlesCase(c, ctx, tx),
  fields: {
    filedOn: {
      kind: 'date',
      description: '立案日期 — Date filed.',
      check: (value: string, c: Case) => {
        notInFuture(value, ['input', 'filedOn']);
        const next = c.investigationStartedOn ?? c.trialStartedOn ?? c.closedOn;
        if (next && value > next) refuse('BAD_USER_INPUT', ['input', 'filedOn'], '立案日期晚于后续阶段 — filedOn lies after a later stage of the case');
        return value;
      },
    },
  },
});

declare({
  typeName: 'Sanction',
  what: '处分',
  ref: SanctionRef,
  table: 'sanction',
  payloadField: 'sanction',
  load: (id, ctx: Context) => ctx.loaders.sanctionById.load(id),
  writeRoles: ['leader', 'case_manager', 'trial_officer'],
  fields: {
    decidedOn: {
      kind: 'date',
      description: '处分决定日期 — Date decided.',
      check: async (value: string, s: Sanction, _ctx: Context, tx) => {
        notInFuture(value, ['input', 'decidedOn']);
        const [c] = await findCasesByIds(tx, [s.caseId]);
        if (c?.trialStartedOn && value < c.trialStartedOn) refuse('BAD_USER_INPUT', ['input', 'decidedOn'], '早于审理开始日期 — before the trial started');
        if (s.announcedOn && value > s.announcedOn) refuse('BAD_USER_INPUT', ['input', 'decidedOn'], '晚于处分宣布日期 — after the sanction was announced');
        return value;
      },
    },
  },
});

declare({
  typeName: 'AccountabilityDecision',
  what: '问责决定',
  ref: AccountabilityDecisionRef,
  table: 'accountabilityDecision',
  payloadField: 'decision',
  load: (id, ctx: Context) => ctx.loaders.accountabilityById.load(id),
  writeRoles: [...ALL_CASES_ROLES, 'conduct_officer'],
  fields: {
    measure: { kind: 'text', description: '问责方式 — Measure.' },
    reason: { kind: 'text', description: '问责事由 — Reason.' },
    decidedOn: { kind: 'date', description: '决定日期 — Date decided.', check: pastDate('decidedOn') },
  },
});

declare({
  typeName: 'Bulletin',
  what: '定期通报',
  ref: BulletinRef,
  table: 'bulletin',
  payloadField: 'bulletin',
  load: (id, ctx: Context) => ctx.loaders.bulletinById.load(id),
  writeRoles: BULLETIN_ISSUING_ROLES,
  mayWrite: (b: Bulletin, ctx: Context) => {
    if (!ctx.viewer.roles.some((role) => BULLETIN_ISSUER[b.kind].roles.includes(role)))
      refuse('BAD_USER_INPUT', ['input', 'id'], '该类通报只能由其印发机构更正 — only the issuing body corrects this kind of bulletin');
  },
  fields: {
    title: { kind: 'text', description: '标题 — Title.' },
    body: { kind: 'text', description: '正文 — Text.' },
  },
});

declare({
  typeName: 'SpecialInspection',
  what: '专项检查',
  ref: SpecialInspectionRef,
  table: 'specialInspection',
  payloadField: 'specialInspection',
  load: (id, ctx: Context) => ctx.loaders.specialInspectionById.load(id),
  writeRoles: ['leader', 'conduct_officer'],
  fields: {
    theme: { kind: 'text', description: '主题 — Theme.' },
  },
});

declare({
  typeName: 'SpecialInspectionCheck',
  what: '专项检查结果',
  ref: SpecialInspectionCheckRef,
  table: 'specialInspectionCheck',
  payloadField: 'check',
  load: async (id, ctx: Context) => (await findSpecialInspectionCheckById(ctx.db, id)) ?? null,
  writeRoles: ['leader', 'conduct_officer'],
  fields: {
    problemsFound: {
      kind: 'int',
      description: '发现问题数 — Problems found.',
      check: (value: number) => {
        if (value < 0) refuse('BAD_USER_INPUT', ['input', 'problemsFound'], '问题数不能为负 — problemsFound must not be negative');
        return value;
      },
    },
    fundsReturned: {
      kind: 'money',
      description: '清退资金（元） — Funds returned, yuan.',
      check: (value: string) => {
        if (value.startsWith('-')) refuse('BAD_USER_INPUT', ['input', 'fundsReturned'], '金额不能为负 — fundsReturned must not be negative');
        return value;
      },
    },
    checkedOn: { kind: 'date', description: '检查日期 — Date.', check: pastDate('checkedOn') },
  },
});

// ─── 结束专项检查 ────────────────────────────────────────────────────────────────────────────────

const EndSpecialInspectionInput = builder.inputType('EndSpecialInspectionInput', {
  description: '结束专项检查 — End a running special inspection.',
  fields: (t) => ({
    specialInspectionId: t.id({ description: '专项检查 — Special inspection.' }),
    endedOn: t.field({ type: 'Date', description: '结束日期 — Last day.' }),
  }),
});

const EndSpecialInspectionPayload = payloadType(builder, 'EndSpecialInspectionPayload', {
  field: 'specialInspection',
  type: SpecialInspectionRef,
  description: '结束专项检查结果 — The special inspection, or why it could not be ended.',
  load: (id, ctx) => ctx.loaders.specialInspectionById.load(id),
});

builder.mutationField('endSpecialInspection', (t) =>
  t.field({
    type: EndSpecialInspectionPayload,
    description: '结束专项检查 — End a running special inspection on a day not before its start or its last check (conduct supervision, leaders).',
    authScopes: { role: ['leader', 'conduct_officer'] },
    args: { input: t.arg({ type: EndSpecialInspectionInput, required: true, description: '结束信息 — End.' }) },
    resolve: async (_r, { input }, ctx) => {
      const outcome = await inTransaction(ctx.db, async (tx) => {
        const id = idOrRefuse(input.specialInspectionId, ['input', 'specialInspectionId'], '专项检查');
        const si = await findSpecialInspectionForUpdate(tx, id);
        if (!si) refuse('NOT_FOUND', ['input', 'specialInspectionId'], '专项检查不存在 — no such special inspection');
        if ((si as { voidedAt?: Date | null }).voidedAt != null)
          refuse('INVALID_TRANSITION', ['input', 'specialInspectionId'], '专项检查已作废 — the special inspection is voided');
        if (si.endedOn) refuse('INVALID_TRANSITION', ['input', 'specialInspectionId'], '专项检查已结束 — the special inspection has ended already');
        notInFuture(input.endedOn, ['input', 'endedOn']);
        if (input.endedOn < si.startedOn) refuse('BAD_USER_INPUT', ['input', 'endedOn'], '结束日期早于开始日期 — endedOn lies before the start');
        const last = await lastCheckDate(tx, id);
        if (last && input.endedOn < last) refuse('BAD_USER_INPUT', ['input', 'endedOn'], '结束日期早于最后一次检查 — endedOn lies before the last check');
        await endSpecialInspection(tx, id, input.endedOn);
        await ctx.audit.write(tx, { action: 'UPDATE', recordType: 'SpecialInspection', recordId: id });
        return id;
      });
      return { id: outcome.result, errors: outcome.errors };
    },
  }),
);
