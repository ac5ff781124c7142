import {
  references,
  DATE_ID_KEY,
  idOrRefuse,
  isUuid,
  notInFuture,
  paginate,
  payloadType,
  refuse,
  requireText,
  runMutation,
  idFilter,
  UserErrors,
  bilingual,
} from '@hub/core';
import { builder } from '../builder.ts';
import {
  actOnIssue,
  listStationedRecords,
  readGroupRecords,
  readStationedIssue,
  readStationedRecord,
  readUnitStationedRecords,
  writeForGroup,
  readActivityContent,
  readIssueContent,
} from '../policy.ts';
import { lockFor } from '../db/locks.ts';
import type { Context } from '../context.ts';
import type { SupervisionActivity, IssueRow } from '../db/database.ts';
import { findCoverageHistoryByUnits, findGroupsByIds } from '../db/groups.ts';
import { checkOverseenOn } from '../domain/coverage.ts';
import { checkIssueStepDate, checkIssueTransition } from '../domain/issues.ts';
import {
  activityKey,
  countActivities,
  countIssues,
  findIssuesByIds,
  insertActivity,
  issueKey,
  listActivities,
  listIssues,
  setIssueStatus,
} from '../db/supervision.ts';
import { groupWriterScopes, recordVisibility } from './access.ts';
import { PersonRef } from './staff.ts';
import { StationedGroupRef } from './stationed-group.ts';
import { requiresInspectingTeams, UnitRef } from './unit.ts';

export const ActivityKindEnum = builder.enumType('SupervisionActivityKind', {
  description: '日常监督方式 — Kind of daily-supervision activity.',
  values: {
    ATTEND_PARTY_GROUP_MEETING: { description: '列席党组（党委）会议 — Sitting in on a party-group (committee) meeting.' },
    ATTEND_DEMOCRATIC_LIFE_MEETING: { description: '列席民主生活会 — Sitting in on a democratic-life meeting.' },
    HEART_TO_HEART_TALK: { description: '谈心谈话 — Heart-to-heart talk.' },
    ADMONISHMENT_TALK: { description: '约谈 — Admonishment talk.' },
    SUPERVISION_CHECK: { description: '监督检查 — Supervision check.' },
    SPECIAL_CHECK: { description: '专项检查 — Special check.' },
  } as const,
});

export const IssueStatusEnum = builder.enumType('SupervisionIssueStatus', {
  description: '问题处理状态 — Where an issue found in daily supervision stands.',
  values: {
    OPEN: { description: '未解决（日常监督推动中） — Open; the group is pushing it in daily supervision.' },
    ESCALATED: { description: '已移交巡察 — Escalated to inspection, not yet resolved.' },
    RESOLVED: { description: '已解决 — Resolved.' },
  } as const,
});

export const SupervisionActivityRef = builder.objectRef<SupervisionActivity>('SupervisionActivity');
export const SupervisionIssueRef = builder.objectRef<IssueRow>('SupervisionIssue');

SupervisionActivityRef.implement({
  description: bilingual(
    '日常监督活动',
    'A daily-supervision activity of a stationed group at a unit. Need-to-know: leaders,',
    'the recording group and the group overseeing the unit; reads of notes and persons are audited.',
  ),
  authScopes: readStationedRecord,
  fields: (t) => ({
    id: t.exposeID('id', { description: '编号 — Identifier.' }),
    kind: t.expose('kind', { type: ActivityKindEnum, description: '监督方式 — Kind of activity.' }),
    heldOn: t.expose('heldOn', { type: 'Date', description: '日期 — Day it took place.' }),
    group: t.field({
      type: StationedGroupRef,
      description: '派驻纪检组 — The group that carried it out.',
      resolve: async (a, _args, ctx) => (await ctx.loaders.groupById.load(a.groupId))!,
    }),
    unit: t.field({ type: UnitRef, description: '被监督单位 — The unit.', resolve: (a) => ({ code: a.unitCode }) }),
    persons: t.field({
      type: [PersonRef],
      description: '涉及人员 — Persons involved (talked to, admonished, checked); audited read.',
      authScopes: readActivityContent,
      resolve: async (a, _args, ctx) => (await ctx.loaders.personsByActivity.load(a.id)).map((p) => ({ id: p.personId })),
    }),
    notes: t.string({
      description: '情况记录 — Notes; audited read.',
      authScopes: readActivityContent,
      resolve: (a) => a.notes,
    }),
    issues: t.field({
      type: [SupervisionIssueRef],
      description: '发现问题 — Issues found.',
      resolve: (a, _args, ctx) => ctx.loaders.issuesByActivity.load(a.id),
    }),
    recordedBy: t.exposeString('recordedBy', { description: '录入人员编号 — Staff id of whoever recorded it.' }),
  }),
});

SupervisionIssueRef.implement({
  description: '日常监督发现问题 — An issue found in daily supervision, tracked to resolution. Need-to-know like its activity; reads are audited.',
  // The inspection team an issue was escalated to may follow it too.
  authScopes: readStationedIssue,
  fields: (t) => ({
    id: t.exposeID('id', { description: '编号 — Identifier.' }),
    description: t.string({
      description: '问题描述 — What was found; audited read.',
      authScopes: readIssueContent,
      resolve: (i) => i.description,
    }),
    foundOn: t.expose('foundOn', { type: 'Date', description: '发现日期 — Day found.' }),
    status: t.expose('status', { type: IssueStatusEnum, description: '处理状态 — Status.' }),
    resolvedOn: t.expose('resolvedOn', { type: 'Date', nullable: true, description: '解决日期 — Day resolved, if resolved.' }),
    resolution: t.exposeString('resolution', { nullable: true, description: '解决情况 — How it was resolved, if resolved.' }),
    activity: t.field({
      type: SupervisionActivityRef,
      description: '发现于 — The activity that found it.',
      resolve: async (i, _args, ctx) => (await ctx.loaders.activityById.load(i.activityId))!,
    }),
    group: t.field({
      type: StationedGroupRef,
      description: '派驻纪检组 — The group that found it.',
      resolve: async (i, _args, ctx) => (await ctx.loaders.groupById.load(i.groupId))!,
    }),
    unit: t.field({ type: UnitRef, description: '所在单位 — The unit.', resolve: (i) => ({ code: i.unitCode }) }),
  }),
});

builder.objectFields(UnitRef, (t) => ({
  supervisionActivities: t.connection(
    {
      type: SupervisionActivityRef,
      description: '日常监督活动（新到旧） — Daily-supervision activities at the unit, newest first; leaders and the group overseeing it today.',
      ...requiresInspectingTeams,
      authScopes: readUnitStationedRecords,
      resolve: (unit, args, ctx) => ctx.loaders.activityPagesByUnit.page(unit.code, args),
    },
    { description: '日常监督活动（分页） — A page of daily-supervision activities.' },
    { description: '日常监督活动（分页边） — One of daily-supervision activities with its cursor.' },
  ),
  openSupervisionIssues: t.connection(
    {
      type: SupervisionIssueRef,
      description: '未解决问题（含已移交巡察，旧到新） — Issues found at the unit not yet resolved (open or escalated), oldest first.',
      ...requiresInspectingTeams,
      authScopes: readUnitStationedRecords,
      resolve: (unit, args, ctx) => ctx.loaders.unresolvedIssuePagesByUnit.page(unit.code, args),
    },
    { description: '本单位未解决问题（分页） — A page of the unit’s unresolved issues.' },
    { description: '未解决问题（分页边） — One unresolved issue with its cursor.' },
  ),
}));

builder.objectFields(StationedGroupRef, (t) => ({
  supervisionActivities: t.connection(
    {
      type: SupervisionActivityRef,
      description: "本组日常监督活动（新到旧） — Activities the group recorded, newest first; leaders and the group's members.",
      authScopes: readGroupRecords,
      resolve: (group, args, ctx) => ctx.loaders.activityPagesByGroup.page(group.id, args),
    },
    { description: '日常监督活动（分页） — A page of daily-supervision activities.' },
    { description: '日常监督活动（分页边） — One of daily-supervision activities with its cursor.' },
  ),
  openSupervisionIssues: t.connection(
    {
      type: SupervisionIssueRef,
      description: '本组未解决问题（旧到新） — Issues the group found that are not yet resolved, oldest first.',
      authScopes: readGroupRecords,
      resolve: (group, args, ctx) => ctx.loaders.unresolvedIssuePagesByGroup.page(group.id, args),
    },
    { description: '本组未解决问题（分页） — A page of the group’s unresolved issues.' },
    { description: '未解决问题（分页边） — One unresolved issue with its cursor.' },
  ),
}));

const ActivityFilterInput = builder.inputType('SupervisionActivityFilter', {
  description: '日常监督活动筛选 — Filter for activities; all given conditions must hold.',
  fields: (t) => ({
    groupId: t.id({ required: false, description: '派驻纪检组 — Group.' }),
    unitCode: t.field({ type: 'UnitCode', required: false, description: '单位 — Unit.' }),
    kind: t.field({ type: ActivityKindEnum, required: false, description: '监督方式 — Kind.' }),
    heldFrom: t.field({ type: 'Date', required: false, description: '日期起（含） — On or after.' }),
    heldTo: t.field({ type: 'Date', required: false, description: '日期止（含） — On or before.' }),
  }),
});

const IssueFilterInput = builder.inputType('SupervisionIssueFilter', {
  description: '发现问题筛选 — Filter for issues; all given conditions must hold.',
  fields: (t) => ({
    groupId: t.id({ required: false, description: '派驻纪检组 — Group.' }),
    unitCode: t.field({ type: 'UnitCode', required: false, description: '单位 — Unit.' }),
    status: t.field({ type: IssueStatusEnum, required: false, description: '处理状态 — Status.' }),
  }),
});

/** A group-id filter that is not a uuid matches nothing (rather than failing in SQL). */

builder.queryFields((t) => ({
  supervisionActivities: t.connection(
    {
      type: SupervisionActivityRef,
      description: "日常监督活动（新到旧） — Activities the caller may see (leaders: all; stationed officers: their groups' and their units'), newest first.",
      authScopes: listStationedRecords,
      args: { filter: t.arg({ type: ActivityFilterInput, required: false, description: '筛选条件 — Filter.' }) },
      resolve: (_root, args, ctx) => {
        const filter = { ...args.filter, groupId: idFilter(args.filter?.groupId) };
        const visibility = recordVisibility(ctx);
        return paginate<SupervisionActivity>(args, {
          keys: DATE_ID_KEY,
          key: activityKey,
          fetch: (window) => listActivities(ctx.db, filter, visibility, window),
          count: () => countActivities(ctx.db, filter, visibility),
        });
      },
    },
    { description: '日常监督活动（分页） — A page of daily-supervision activities.' },
    { description: '日常监督活动（分页边） — One of daily-supervision activities with its cursor.' },
  ),
  supervisionIssues: t.connection(
    {
      type: SupervisionIssueRef,
      description: '日常监督发现问题（新到旧） — Issues the caller may see, newest first.',
      authScopes: listStationedRecords,
      args: { filter: t.arg({ type: IssueFilterInput, required: false, description: '筛选条件 — Filter.' }) },
      resolve: (_root, args, ctx) => {
        const filter = { ...args.filter, groupId: idFilter(args.filter?.groupId) };
        const visibility = recordVisibility(ctx);
        return paginate<IssueRow>(args, {
          keys: DATE_ID_KEY,
          key: issueKey,
          fetch: (window) => listIssues(ctx.db, filter, visibility, window),
          count: () => countIssues(ctx.db, filter, visibility),
        });
      },
    },
    { description: '日常监督发现问题（分页） — A page of issues found in daily supervision.' },
    { description: '日常监督发现问题（分页边） — One of issues found in daily supervision with its cursor.' },
  ),
  supervisionActivity: t.field({
    type: SupervisionActivityRef,
    nullable: true,
    description: '按编号查询日常监督活动 — An activity by id; refused when the caller has no need to know it.',
    args: { id: t.arg.id({ required: true, description: '编号 — Activity id.' }) },
    resolve: (_root, args, ctx) => (isUuid(String(args.id)) ? ctx.loaders.activityById.load(String(args.id).toLowerCase()) : null),
  }),
}));

// ─── Mutations ─────────────────────────────────────────────────────────────────────────────────

const NewIssueInput = builder.inputType('NewSupervisionIssueInput', {
  description: '发现问题 — An issue found in the activity.',
  fields: (t) => ({ description: t.string({ description: '问题描述 — What was found.' }) }),
});

const RecordActivityInput = builder.inputType('RecordSupervisionActivityInput', {
  description: '登记日常监督活动 — A daily-supervision activity to record.',
  fields: (t) => ({
    groupId: t.id({ description: '派驻纪检组编号 — The group (the caller must be a member).' }),
    unitCode: t.field({ type: 'UnitCode', description: '单位代码 — The unit; the group must have overseen it that day.' }),
    kind: t.field({ type: ActivityKindEnum, description: '监督方式 — Kind.' }),
    heldOn: t.field({ type: 'Date', description: '日期 — Day it took place (not in the future).' }),
    personIds: t.idList({ required: false, description: '涉及人员编号 — Ids of persons involved.' }),
    notes: t.string({ description: '情况记录 — Notes.' }),
    issues: t.field({ type: [NewIssueInput], required: false, description: '发现问题 — Issues found.' }),
  }),
});

const ResolveIssueInput = builder.inputType('ResolveSupervisionIssueInput', {
  description: '问题办结 — Record that an issue was resolved.',
  fields: (t) => ({
    issueId: t.id({ description: '问题编号 — The issue.' }),
    resolvedOn: t.field({ type: 'Date', description: '解决日期 — Day resolved.' }),
    resolution: t.string({ description: '解决情况 — How it was resolved.' }),
  }),
});

const ActivityPayload = payloadType(builder, 'SupervisionActivityPayload', {
  field: 'activity',
  type: SupervisionActivityRef,
  description: '日常监督活动登记结果 — The recorded activity, or why it was refused.',
  load: (id, ctx) => ctx.loaders.activityById.clear(id).load(id),
});
export const IssuePayload = payloadType(builder, 'SupervisionIssuePayload', {
  field: 'issue',
  type: SupervisionIssueRef,
  description: '问题处理结果 — The issue, or why the change was refused.',
  load: (id, ctx) => ctx.loaders.issueById.clear(id).load(id),
});

/**
 * Who may change an issue: stationed officers of the group that found it or of the group
 * overseeing its unit today. Unknown ids fall through to the mutation, which refuses them.
 */
export async function issueWriterScopes(ctx: Context, issueId: string) {
  const issue = isUuid(issueId) ? await ctx.loaders.issueById.load(issueId.toLowerCase()) : null;
  if (!issue) return { role: 'stationed_officer' as const };
  const overseeing = await ctx.loaders.groupOverseeingUnit.load(issue.unitCode);
  const groups = [issue.groupId, ...(overseeing ? [overseeing.id] : [])];
  return groupWriterScopes(groups.find((id) => ctx.viewer.scopes.stationedGroupIds.includes(id)) ?? issue.groupId);
}

builder.mutationFields((t) => ({
  recordSupervisionActivity: t.field({
    type: ActivityPayload,
    description: '登记日常监督活动 — Record an activity with the persons involved and the issues found (members of the group).',
    authScopes: writeForGroup,
    args: { input: t.arg({ type: RecordActivityInput, required: true, description: '活动 — The activity.' }) },
    resolve: (_root, { input }, ctx) =>
      runMutation(ctx.db, async (tx) => {
        const groupId = idOrRefuse(String(input.groupId), ['input', 'groupId'], '派驻纪检组');
        if ((await findGroupsByIds(tx, [groupId])).length === 0) refuse('NOT_FOUND', ['input', 'groupId'], '派驻纪检组不存在 — no such stationed group');
        notInFuture(input.heldOn, ['input', 'heldOn'], ctx.today);
        const overseen = new UserErrors();
        checkOverseenOn(overseen, await findCoverageHistoryByUnits(tx, [input.unitCode]), groupId, input.heldOn);
        overseen.throwIfAny();
        const notes = requireText(input.notes, ['input', 'notes'], '情况记录');
        const personIds = (input.personIds ?? []).map((id, i) => idOrRefuse(String(id), ['input', 'personIds', String(i)], '人员'));
        if (new Set(personIds).size !== personIds.length) refuse('BAD_USER_INPUT', ['input', 'personIds'], '人员重复 — a person is listed twice');
        const issues = (input.issues ?? []).map((issue, i) => ({
          id: crypto.randomUUID(),
          description: requireText(issue.description, ['input', 'issues', String(i), 'description'], '问题描述'),
        }));
        const id = crypto.randomUUID();
        const check = references(ctx);
        personIds.forEach((id, i) => check.add('person', ['input', 'personIds', String(i)], id));
        await check.run('recordSupervisionActivity');
        await insertActivity(
          tx,
          { id, groupId, unitCode: input.unitCode, kind: input.kind, heldOn: input.heldOn, notes, recordedBy: ctx.viewer.staffId },
          personIds,
          issues,
        );
        await ctx.audit.write(tx, { action: 'CREATE', recordType: 'SupervisionActivity', recordId: id });
        for (const issue of issues) await ctx.audit.write(tx, { action: 'CREATE', recordType: 'SupervisionIssue', recordId: issue.id });
        return id;
      }),
  }),
  resolveSupervisionIssue: t.field({
    type: IssuePayload,
    description: '问题办结 — Mark an open or escalated issue resolved (the group that found it or oversees its unit).',
    authScopes: actOnIssue,
    args: { input: t.arg({ type: ResolveIssueInput, required: true, description: '办结情况 — The resolution.' }) },
    resolve: (_root, { input }, ctx) =>
      runMutation(ctx.db, async (tx) => {
        const issueId = idOrRefuse(String(input.issueId), ['input', 'issueId'], '问题');
        await lockFor(tx, 'issue', issueId);
        const [issue] = await findIssuesByIds(tx, [issueId]);
        if (!issue) refuse('NOT_FOUND', ['input', 'issueId'], '问题不存在 — no such issue');
        const problems = new UserErrors();
        if (checkIssueTransition(problems, issue.status, 'RESOLVED')) checkIssueStepDate(problems, input.resolvedOn, issue.foundOn, 'resolvedOn', ctx.today);
        problems.throwIfAny();
        const resolution = requireText(input.resolution, ['input', 'resolution'], '解决情况');
        await setIssueStatus(tx, issue.id, { status: 'RESOLVED', resolvedOn: input.resolvedOn, resolution });
        await ctx.audit.write(tx, { action: 'UPDATE', recordType: 'SupervisionIssue', recordId: issue.id });
        return issue.id;
      }),
  }),
}));
