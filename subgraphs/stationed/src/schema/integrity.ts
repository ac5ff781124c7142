import { references, idOrRefuse, notInFuture, payloadType, refuse, requireText, runMutation, UserErrors, bilingual } from '@hub/core';
import { builder } from '../builder.ts';
import { readIntegrityEntryContent, readIntegrityFile, readIntegrityFiles, readStationedRecord, writeForGroup } from '../policy.ts';
import type { IntegrityFileEntry } from '../db/database.ts';
import { findCoverageHistoryByUnits, findGroupsByIds } from '../db/groups.ts';
import { checkOverseenOn } from '../domain/coverage.ts';
import { insertIntegrityEntry } from '../db/integrity.ts';
import { findActivitiesByIds, findPersonsByActivities } from '../db/supervision.ts';
import { recordVisibility } from './access.ts';
import { PersonRef } from './staff.ts';
import { StationedGroupRef } from './stationed-group.ts';
import { SupervisionActivityRef } from './supervision.ts';
import { UnitRef } from './unit.ts';

export const IntegrityEntryKindEnum = builder.enumType('IntegrityFileEntryKind', {
  description: '廉政档案条目类别 — Kind of integrity-file entry.',
  values: {
    INTEGRITY_DECLARATION: { description: '廉政承诺、廉洁自律情况申报 — Integrity pledge or declaration.' },
    TALK: { description: '谈话记录（谈心谈话、约谈、提醒谈话） — Record of a talk.' },
    PERSONAL_MATTERS_REPORT: { description: '个人有关事项报告 — Report on personal matters.' },
    PRIOR_FINDING: { description: '以往问题及处理情况 — Earlier finding and how it was dealt with.' },
    OTHER: { description: '其他 — Other.' },
  } as const,
});

export const IntegrityFileEntryRef = builder.objectRef<IntegrityFileEntry>('IntegrityFileEntry').implement({
  description:
    "廉政档案条目 — One entry of a leading cadre's integrity file. Need-to-know: leaders, the recording group, the group overseeing the unit; reads are audited.",
  authScopes: readStationedRecord,
  fields: (t) => ({
    id: t.exposeID('id', { description: '编号 — Identifier.' }),
    kind: t.expose('kind', { type: IntegrityEntryKindEnum, description: '类别 — Kind.' }),
    recordedOn: t.expose('recordedOn', { type: 'Date', description: '记录日期 — Day recorded.' }),
    summary: t.string({
      description: '内容摘要 — Summary; audited read.',
      authScopes: readIntegrityEntryContent,
      resolve: (e) => e.summary,
    }),
    person: t.field({ type: PersonRef, description: '干部 — The cadre.', resolve: (e) => ({ id: e.personId }) }),
    group: t.field({
      type: StationedGroupRef,
      description: '记录的派驻纪检组 — The group that recorded it.',
      resolve: async (e, _args, ctx) => (await ctx.loaders.groupById.load(e.groupId))!,
    }),
    unit: t.field({ type: UnitRef, description: '时任单位 — The unit the cadre served in at the time.', resolve: (e) => ({ code: e.unitCode }) }),
    activity: t.field({
      type: SupervisionActivityRef,
      nullable: true,
      description: '相关监督活动 — The activity the entry comes from, if any.',
      resolve: (e, _args, ctx) => (e.activityId ? ctx.loaders.activityById.load(e.activityId) : null),
    }),
  }),
});

builder.objectFields(PersonRef, (t) => ({
  integrityFile: t.connection(
    {
      type: IntegrityFileEntryRef,
      description: bilingual(
        '廉政档案（新到旧）',
        "The cadre's integrity-file entries the caller needs to know (leaders: all; stationed officers:",
        "their groups' and their units'), newest first; audited read.",
      ),
      authScopes: readIntegrityFile,
      resolve: (person, args, ctx) =>
        ctx.loaders.integrityEntryPagesByPerson.page(String(person.id).toLowerCase(), args, JSON.stringify(recordVisibility(ctx))),
    },
    { description: '廉政档案（分页） — A page of integrity-file entries.' },
    { description: '廉政档案条目（分页边） — One entry with its cursor.' },
  ),
  stationedTalks: t.connection(
    {
      type: SupervisionActivityRef,
      description: '谈心谈话与约谈（新到旧） — Heart-to-heart and admonishment talks the person took part in that the caller needs to know, newest first.',
      authScopes: readIntegrityFiles,
      resolve: (person, args, ctx) => ctx.loaders.talkPagesByPerson.page(String(person.id).toLowerCase(), args, JSON.stringify(recordVisibility(ctx))),
    },
    { description: '谈心谈话与约谈（分页） — A page of talks.' },
    { description: '谈话（分页边） — One talk with its cursor.' },
  ),
}));

const AddEntryInput = builder.inputType('AddIntegrityFileEntryInput', {
  description: "登记廉政档案条目 — An entry for a cadre's integrity file.",
  fields: (t) => ({
    personId: t.id({ description: '干部编号 — The cadre (Person id).' }),
    groupId: t.id({ description: '派驻纪检组编号 — The recording group (the caller must be a member).' }),
    unitCode: t.field({ type: 'UnitCode', description: "时任单位 — The cadre's unit; the group must oversee it on the day recorded." }),
    kind: t.field({ type: IntegrityEntryKindEnum, description: '类别 — Kind.' }),
    recordedOn: t.field({ type: 'Date', description: '记录日期 — Day recorded.' }),
    summary: t.string({ description: '内容摘要 — Summary.' }),
    activityId: t.id({ required: false, description: "相关监督活动编号 — The group's activity the entry comes from (the cadre must be involved in it)." }),
  }),
});

const EntryPayload = payloadType(builder, 'IntegrityFileEntryPayload', {
  field: 'entry',
  type: IntegrityFileEntryRef,
  description: '廉政档案登记结果 — The entry, or why it was refused.',
  load: (id, ctx) => ctx.loaders.integrityEntryById.load(id),
});

builder.mutationFields((t) => ({
  addIntegrityFileEntry: t.field({
    type: EntryPayload,
    description: "登记廉政档案条目 — Add an entry to a cadre's integrity file (members of the group overseeing the cadre's unit).",
    authScopes: writeForGroup,
    args: { input: t.arg({ type: AddEntryInput, required: true, description: '条目 — The entry.' }) },
    resolve: (_root, { input }, ctx) =>
      runMutation(ctx.db, async (tx) => {
        const personId = idOrRefuse(String(input.personId), ['input', 'personId'], '干部');
        const groupId = idOrRefuse(String(input.groupId), ['input', 'groupId'], '派驻纪检组');
        if ((await findGroupsByIds(tx, [groupId])).length === 0) refuse('NOT_FOUND', ['input', 'groupId'], '派驻纪检组不存在 — no such stationed group');
        notInFuture(input.recordedOn, ['input', 'recordedOn'], ctx.today);
        const overseen = new UserErrors();
        checkOverseenOn(overseen, await findCoverageHistoryByUnits(tx, [input.unitCode]), groupId, input.recordedOn);
        overseen.throwIfAny();
        const summary = requireText(input.summary, ['input', 'summary'], '内容摘要');
        let activityId: string | null = null;
        if (input.activityId != null) {
          activityId = idOrRefuse(String(input.activityId), ['input', 'activityId'], '监督活动');
          const [activity] = await findActivitiesByIds(tx, [activityId]);
          if (!activity || activity.groupId !== groupId) refuse('NOT_FOUND', ['input', 'activityId'], '本组无此监督活动 — no such activity of this group');
          if (!(await findPersonsByActivities(tx, [activityId])).some((p) => p.personId === personId)) {
            refuse('BAD_USER_INPUT', ['input', 'activityId'], '该干部未参与此活动 — the cadre was not involved in this activity');
          }
        }
        const id = crypto.randomUUID();
        await references(ctx).add('person', ['input', 'personId'], personId).run('addIntegrityFileEntry');
        await insertIntegrityEntry(tx, {
          id,
          personId,
          groupId,
          unitCode: input.unitCode,
          kind: input.kind,
          recordedOn: input.recordedOn,
          summary,
          activityId,
          recordedBy: ctx.viewer.staffId,
        });
        await ctx.audit.write(tx, { action: 'CREATE', recordType: 'IntegrityFileEntry', recordId: id });
        return id;
      }),
  }),
}));
