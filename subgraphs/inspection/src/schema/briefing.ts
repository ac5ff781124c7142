import { references, idOrRefuse, payloadType, refuse, requireText, runMutation, todayInShanghai, UserErrors, bilingual } from '@hub/core';
import { builder } from '../builder.ts';
import { readBriefing, readBriefingContent, readInspectionRecords, readPlan, recordBriefings } from '../policy.ts';
import type { Briefing } from '../db/database.ts';
import { findBriefingOfBody, findInspectionInRound, insertBriefing, stageDatesOf } from '../db/rounds.ts';
import { type CoveragePeriod, checkBriefingDate, checkBriefingGroupOversees } from '../domain/round.ts';
import { InspectionRef } from './round.ts';

export const BriefingBodyEnum = builder.enumType('BriefingBody', {
  description: '巡前通报单位 — Body that briefs a team before entry.',
  values: {
    PETITION_OFFICE: { description: '信访室 — Petition office.' },
    CONDUCT_OFFICE: { description: '党风政风监督室 — Conduct supervision office.' },
    CASE_MANAGEMENT_OFFICE: { description: '案件监督管理室 — Case management office.' },
    STATIONED_GROUP: { description: "派驻纪检组 — The unit's stationed group." },
  } as const,
});

const REQUIRED = ['PETITION_OFFICE', 'CONDUCT_OFFICE', 'CASE_MANAGEMENT_OFFICE'] as const;

export const BriefingRef = builder.objectRef<Briefing>('Briefing').implement({
  description: bilingual(
    '巡前通报',
    'The record that a body briefed the team on the unit before entry, and what it covered;',
    'readable by the inspection side, leaders and the body that briefed.',
  ),
  authScopes: readBriefing,
  fields: (t) => ({
    id: t.exposeID('id', { description: '编号 — Identifier.' }),
    body: t.expose('body', { type: BriefingBodyEnum, description: '通报单位 — Body that briefed.' }),
    stationedGroupId: t.exposeID('stationedGroupId', { nullable: true, description: '派驻纪检组编号 — Stationed group id, when a stationed group briefed.' }),
    briefedByStaffId: t.exposeID('briefedByStaffId', { description: '通报人（Staff） — Staff id of who briefed.' }),
    briefedOn: t.expose('briefedOn', { type: 'Date', description: '通报日期 — Date of the briefing.' }),
    content: t.string({
      description: '通报内容 — What the briefing covered (may name persons; audited read).',
      authScopes: readBriefingContent,
      resolve: (b) => b.content,
    }),
  }),
});

builder.objectFields(InspectionRef, (t) => ({
  briefings: t.field({
    type: [BriefingRef],
    description: '巡前通报 — Briefings the team received on this unit.',
    authScopes: readInspectionRecords,
    resolve: (i, _a, ctx) => ctx.loaders.briefingsByInspection.load(i.id),
  }),
  briefingComplete: t.boolean({
    description: '巡前通报是否齐全（信访室、党风政风监督室、案件监督管理室） — Whether the three offices have briefed the team.',
    authScopes: readPlan,
    resolve: async (i, _a, ctx) => {
      const bodies = new Set((await ctx.loaders.briefingsByInspection.load(i.id)).map((b) => b.body));
      return REQUIRED.every((b) => bodies.has(b));
    },
  }),
}));

const RecordBriefingInput = builder.inputType('RecordBriefingInput', {
  description: '登记巡前通报 — Record that a body briefed the team before entry.',
  fields: (t) => ({
    inspectionId: t.id({ description: '巡察 — Inspection id.' }),
    body: t.field({ type: BriefingBodyEnum, description: '通报单位 — Body that briefed.' }),
    stationedGroupId: t.id({
      required: false,
      description: '派驻纪检组编号（派驻组通报时必填） — Stationed group id (required when a stationed group briefed).',
    }),
    briefedByStaffId: t.id({ description: '通报人（Staff） — Staff id of who briefed.' }),
    briefedOn: t.field({ type: 'Date', description: '通报日期 — Date.' }),
    content: t.string({ description: '通报内容 — What was covered.' }),
  }),
});

const BriefingPayload = payloadType(builder, 'BriefingPayload', {
  field: 'briefing',
  type: BriefingRef,
  description: '巡前通报登记结果 — The briefing, or why it was refused.',
  load: (id, ctx) => ctx.loaders.briefingById.load(id),
});

builder.mutationFields((t) => ({
  recordBriefing: t.field({
    type: BriefingPayload,
    description:
      '登记巡前通报 — Record a pre-entry briefing (inspection side, or the briefing office or stationed group itself); only in preparation, once per body.',
    authScopes: recordBriefings,
    args: { input: t.arg({ type: RecordBriefingInput, required: true, description: '通报 — The briefing.' }) },
    resolve: (_root, { input }, ctx) =>
      runMutation(ctx.db, async (tx) => {
        const inspectionId = idOrRefuse(input.inspectionId, ['input', 'inspectionId']);
        const briefedByStaffId = idOrRefuse(input.briefedByStaffId, ['input', 'briefedByStaffId']);
        const content = requireText(input.content, ['input', 'content'], '通报内容');
        const stationedGroupId = input.stationedGroupId == null ? null : String(input.stationedGroupId).trim() || null;
        if (input.body === 'STATIONED_GROUP' && !stationedGroupId)
          refuse('BAD_USER_INPUT', ['input', 'stationedGroupId'], '派驻组通报须注明派驻组 — name the stationed group');
        if (input.body !== 'STATIONED_GROUP' && stationedGroupId)
          refuse('BAD_USER_INPUT', ['input', 'stationedGroupId'], '仅派驻组通报注明派驻组 — only a stationed group briefing names a group');
        const inspection = await findInspectionInRound(tx, inspectionId);
        if (!inspection) refuse('NOT_FOUND', ['input', 'inspectionId'], '巡察不存在 — no such inspection');
        if (inspection.stage !== 'PREPARATION')
          refuse('INVALID_TRANSITION', ['input', 'inspectionId'], '巡前通报应在进驻前完成 — briefings are recorded before entry');
        const stages = await stageDatesOf(tx, inspection.roundId);
        const problems = new UserErrors();
        checkBriefingDate(problems, input.briefedOn, { preparationStartedOn: stages.PREPARATION!, entryOn: stages.ENTRY ?? null }, todayInShanghai());
        problems.throwIfAny();
        if (await findBriefingOfBody(tx, inspectionId, input.body))
          refuse('ALREADY_EXISTS', ['input', 'body'], '该单位已登记过此通报 — this body has briefed already');
        const check = await references(ctx)
          .add('staff', ['input', 'briefedByStaffId'], briefedByStaffId)
          .add('stationedGroup', ['input', 'stationedGroupId'], stationedGroupId)
          .run('recordBriefing');
        if (stationedGroupId) {
          // The group's coverage history as stationed, the owner, told it in the same lookup.
          const coverage = (check.get('stationedGroup', stationedGroupId).coverage ?? []) as CoveragePeriod[];
          const oversight = new UserErrors();
          checkBriefingGroupOversees(oversight, coverage, inspection.unitCode, input.briefedOn);
          oversight.throwIfAny();
        }
        const id = await insertBriefing(tx, { inspectionId, body: input.body, stationedGroupId, briefedByStaffId, briefedOn: input.briefedOn, content });
        await ctx.audit.write(tx, { action: 'CREATE', recordType: 'Briefing', recordId: id });
        return id;
      }),
  }),
}));
