import { isUuid, personLevel, personLevelOf, ROLES, type Role, rule, DESIGN_ONE_COHERENT_RECORD } from '@hub/core';
import type { Context } from './context.ts';
import type { RecordVisibility } from './db/visibility.ts';

/**
 * Who may read and write what in the stationed subgraph (DESIGN §6), in one place. Every field of
 * the schema is guarded by one of these rules, by its type's rule, or is on the reviewed public
 * list at the end; `test/policy.test.ts` fails for any other field.
 */

const S_STATIONED = "Stationed records: the group's own members, `leader`, and inspection officers of a current inspection (进驻 to 移交) of the unit.";

/** Staff pool: leaders and the bodies that staff teams. */
export const POOL_READERS: Role[] = ['leader', 'inspection_officer', 'stationed_officer'];
/** Who sees which staff are deployed or lent where. */
export const DEPLOYMENT_READERS: Role[] = ['leader', 'stationed_officer', 'inspection_officer'];

/** A unit as this subgraph sees it, with the teams inspecting it now (from inspection, `@requires`). */
export interface UnitWithTeams {
  code: string;
  activeInspectionTeamIds?: string[] | null;
}

/**
 * Teams currently inspecting each unit this request has seen (进驻 to 移交), as inspection told it.
 * Records reached through the unit inherit it, so their type rule needs no second lookup.
 */
export function noteInspectingTeams(ctx: Context, unit: UnitWithTeams): string[] {
  const teams = unit.activeInspectionTeamIds ?? [];
  if (teams.length > 0) ctx.inspectingTeams.set(unit.code, teams);
  return teams;
}

/**
 * Need to know for one stationed record — activity, issue, integrity-file entry, escalation:
 * leaders, members of the group that recorded it, members of the group overseeing the record's unit
 * today (a unit's supervision history passes to its new group), and inspection officers of a team
 * inspecting the unit now. `addressedTeam` adds the team a record was addressed to (escalations).
 */
export async function stationedRecordScopes(ctx: Context, record: { groupId: string; unitCode: string }, addressedTeam?: string | null) {
  const overseeing = await ctx.loaders.groupOverseeingUnit.load(record.unitCode);
  const groups = [record.groupId, ...(overseeing ? [overseeing.id] : [])];
  const mine = groups.find((id) => ctx.viewer.scopes.stationedGroupIds.includes(id)) ?? record.groupId;
  const teams = [...(ctx.inspectingTeams.get(record.unitCode) ?? []), ...(addressedTeam ? [addressedTeam] : [])];
  return { role: 'leader' as const, stationedGroup: mine, ...(teams.length > 0 ? { inspectionTeam: teams } : {}) };
}

export const readStationedRecord = rule(
  {
    name: 'readStationedRecord',
    zh: '派驻监督记录限本组成员、监督该单位的派驻组、委领导及正在巡察该单位（进驻至移交）的巡察组',
    en: "stationed records are for the group's members, the group overseeing the unit, leaders and the team inspecting the unit now (entry to transfer)",
    design: S_STATIONED,
    personLevel: true,
  },
  (record: { groupId: string; unitCode: string }, ctx: Context) => stationedRecordScopes(ctx, record),
);

export const readStationedIssue = rule(
  {
    name: 'readStationedIssue',
    zh: '监督发现问题限本组成员、监督该单位的派驻组、委领导、正在巡察该单位的巡察组及问题移交的巡察组',
    en: 'supervision issues are for the group, the overseeing group, leaders, the team inspecting the unit now and the team an issue was escalated to',
    design: S_STATIONED,
    personLevel: true,
  },
  (issue: { groupId: string; unitCode: string; escalatedToTeamId?: string | null }, ctx: Context) => stationedRecordScopes(ctx, issue, issue.escalatedToTeamId),
);

export const readEscalation = rule(
  {
    name: 'readEscalation',
    zh: '移交巡察问题限本组、监督该单位的派驻组、委领导、正在巡察该单位的巡察组及接收移交的巡察组',
    en: 'escalations are for the group, the overseeing group, leaders, the team inspecting the unit now and the team it was addressed to',
    design: S_STATIONED,
    personLevel: true,
  },
  (escalation: { groupId: string; unitCode: string; inspectionTeamId: string | null }, ctx: Context) =>
    stationedRecordScopes(ctx, escalation, escalation.inspectionTeamId),
);

/** The unit's stationed records: leaders, the overseeing group, and teams inspecting it now. */
export async function unitRecordScopes(ctx: Context, unit: UnitWithTeams) {
  const teams = noteInspectingTeams(ctx, unit);
  const overseeing = await ctx.loaders.groupOverseeingUnit.load(unit.code);
  return { role: 'leader' as const, ...(overseeing ? { stationedGroup: overseeing.id } : {}), ...(teams.length > 0 ? { inspectionTeam: teams } : {}) };
}

export const readUnitStationedRecords = rule(
  {
    name: 'readUnitStationedRecords',
    zh: '单位的派驻监督记录限委领导、监督该单位的派驻组及正在巡察该单位（进驻至移交）的巡察组',
    en: "a unit's stationed records are for leaders, the group overseeing it and the team inspecting it now (entry to transfer)",
    design: S_STATIONED,
    personLevel: true,
  },
  (unit: UnitWithTeams, _args: unknown, ctx: Context) => unitRecordScopes(ctx, unit),
);

/** Leaders and the group's own members may read what the group recorded. */
export const groupRecordScopes = (groupId: string) => ({ role: 'leader' as const, stationedGroup: groupId });

export const readGroupRecords = rule(
  {
    name: 'readGroupRecords',
    zh: '本组派驻监督记录限本组成员和委领导',
    en: "a group's records are for its members and leaders",
    design: S_STATIONED,
    personLevel: true,
  },
  (group: { id: string }) => groupRecordScopes(group.id),
);

/** Who may write for a group: its members (as stationed officers). */
export const groupWriterScopes = (groupId: string) => ({ $all: { role: 'stationed_officer' as const, stationedGroup: groupId } });

export const writeForGroup = rule(
  { name: 'writeForGroup', zh: '派驻组记录由本组成员登记', en: "a group's records are written by its members", design: S_STATIONED },
  (_root: unknown, args: { input: { groupId: string | number } }) => groupWriterScopes(String(args.input.groupId)),
);

/** The group that found an issue, or the group overseeing its unit today, may act on it. */
export async function issueWriterScopes(ctx: Context, issueId: string) {
  const issue = isUuid(issueId) ? await ctx.loaders.issueById.load(issueId.toLowerCase()) : null;
  if (!issue) return { role: 'stationed_officer' as const };
  const overseeing = await ctx.loaders.groupOverseeingUnit.load(issue.unitCode);
  const groups = [issue.groupId, ...(overseeing ? [overseeing.id] : [])];
  return groupWriterScopes(groups.find((id) => ctx.viewer.scopes.stationedGroupIds.includes(id)) ?? issue.groupId);
}

export const actOnIssue = rule(
  {
    name: 'actOnIssue',
    zh: '监督发现问题由发现问题的派驻组或现监督该单位的派驻组办理',
    en: 'an issue is acted on by the group that found it or the group overseeing its unit',
    design: S_STATIONED,
  },
  (_root: unknown, args: { input: { issueId: string | number } }, ctx: Context) => issueWriterScopes(ctx, String(args.input.issueId)),
);

export const leadersOnly = rule(
  {
    name: 'leadersOnly',
    zh: '仅委领导',
    en: 'commission leaders only',
    design: "Stationed groups and their coverage are set up by the commission's leadership.",
  },
  { role: 'leader' as const },
);

export const listStationedRecords = rule(
  {
    name: 'listStationedRecords',
    zh: '派驻监督记录清单限委领导和派驻干部（仅本组及所监督单位）',
    en: "lists of stationed records are for leaders and stationed officers (their groups' and units' only)",
    design: S_STATIONED,
    personLevel: true,
  },
  { role: ['leader', 'stationed_officer'] as Role[] },
);

export const readEscalations = rule(
  {
    name: 'readEscalations',
    zh: '移交巡察问题清单限委领导、派驻干部和巡察干部（各按知悉范围）',
    en: 'lists of escalations are for leaders, stationed and inspection officers (each within need-to-know)',
    design: S_STATIONED,
    personLevel: true,
  },
  { role: ['leader', 'stationed_officer', 'inspection_officer'] as Role[] },
);

export const readRectificationNotes = rule(
  {
    name: 'readRectificationNotes',
    zh: '整改监督意见限委领导、巡察干部和本组成员',
    en: 'rectification supervision notes are for leaders, inspection officers and the group',
    design:
      'Inspection findings and rectification: inspection officers, `leader`, and the stationed group overseeing the unit (it supervises rectification); the overseeing stationed group records its opinion.',
  },
  async (note: { groupId: string; unitCode: string }, ctx: Context) => ({
    ...(await stationedRecordScopes(ctx, note)),
    role: ['leader', 'inspection_officer'] as Role[],
  }),
);

export const readRectificationNoteLists = rule(
  {
    name: 'readRectificationNoteLists',
    zh: '整改监督意见限委领导、巡察干部和派驻干部',
    en: 'rectification supervision notes are for leaders, inspection and stationed officers',
    design: 'the overseeing stationed group records its opinion (§6).',
  },
  { role: ['leader', 'inspection_officer', 'stationed_officer'] as Role[] },
);

export const readStaffPool = rule(
  {
    name: 'readStaffPool',
    zh: '人员任务期间限委领导、巡察和派驻干部',
    en: 'staff engagements are for leaders, inspection and stationed officers',
    design: 'teams may borrow staff from stationed groups (§4).',
  },
  { role: POOL_READERS },
);

export const readDeployments = rule(
  {
    name: 'readDeployments',
    zh: '人员调配限委领导、派驻和巡察干部',
    en: 'deployments are for leaders, stationed and inspection officers',
    design: 'teams may borrow staff from stationed groups (§4).',
  },
  { role: DEPLOYMENT_READERS },
);

export const readOwnDeployments = rule(
  {
    name: 'readOwnDeployments',
    zh: '人员调配限本人、委领导、派驻和巡察干部',
    en: 'deployments are for the staff member, leaders, stationed and inspection officers',
    design: 'teams may borrow staff from stationed groups (§4).',
  },
  (staff: { id: string }, _args: unknown, ctx: Context) => (ctx.viewer.staffId === staff.id ? true : { role: DEPLOYMENT_READERS }),
);

export const readStatistics = rule(
  {
    name: 'readStatistics',
    zh: '统计数据各角色均可读取',
    en: 'statistics are readable by every role',
    design: '`analyst`: statistics and aggregates only, never a person.',
  },
  { role: [...ROLES] as Role[] },
);

export const readIntegrityFiles = rule(
  {
    name: 'readIntegrityFiles',
    zh: '廉政档案限委领导和派驻干部',
    en: 'integrity files are for leaders and stationed officers',
    design: S_STATIONED,
    personLevel: true,
  },
  { role: ['leader', 'stationed_officer'] as Role[] },
);

/** What list queries may return to this viewer; see `visibleTo`. */
export function recordVisibility(ctx: Context): RecordVisibility {
  if (ctx.viewer.roles.includes('leader')) return { all: true };
  return {
    all: false,
    groupIds: ctx.viewer.scopes.stationedGroupIds.filter(isUuid).map((id) => id.toLowerCase()),
    today: ctx.today,
    inspectionTeamIds: ctx.viewer.scopes.inspectionTeamIds,
  };
}

/** Keeps the records this viewer needs to know (same rule as `stationedRecordScopes`), in order. */
export async function visibleRecords<R extends { groupId: string; unitCode: string }>(ctx: Context, records: R[]): Promise<R[]> {
  if (ctx.viewer.roles.includes('leader')) return records;
  const mine = new Set(ctx.viewer.scopes.stationedGroupIds);
  const overseeing = await Promise.all(records.map((r) => ctx.loaders.groupOverseeingUnit.load(r.unitCode)));
  return records.filter((r, i) => mine.has(r.groupId) || (overseeing[i] !== null && mine.has(overseeing[i]!.id)));
}

// ─── Service identities and the outbox (references verified before writing, facts that travel) ─

export const lookUpStationedReferences = rule(
  {
    name: 'lookUpStationedReferences',
    zh: '派驻方记录核验（派驻组、移交事项是否存在及其状态）仅限巡察方、纪律方的服务身份',
    en: 'existence and state of stationed groups and escalations are for the service identities of the inspection and discipline bodies only',
    design: DESIGN_ONE_COHERENT_RECORD,
  },
  { service: ['inspection', 'discipline'] },
);

export const applyEscalationHandlings = rule(
  {
    name: 'applyEscalationHandlings',
    zh: '移交事项的处理情况仅由巡察方服务身份投递',
    en: 'the handling of an escalation is delivered by the service identity of inspection only',
    design: DESIGN_ONE_COHERENT_RECORD,
  },
  { service: 'inspection' },
);

// ─── Public, reviewed ───────────────────────────────────────────────────────────────────────────

/** Fields every authenticated role may read, each with the reason (see `test/policy.test.ts`). */
export const PUBLIC_FIELDS: Record<string, string> = {
  'Unit.code': 'the entity key',
  'Unit.stationedGroup': 'which group oversees a unit is published (综合派驻)',
  'Unit.stationedGroupOn': 'which group oversaw a unit is published',
  'Unit.stationedCoverageHistory': 'coverage history is published',
  'Unit.overseeingStationedGroupId': "the id behind Unit.stationedGroup; other bodies' rules need it (@requires)",
  'Person.id': 'entity stub: the key only, owned and guarded by another subgraph',
  'RectificationItem.id': 'entity stub: the key only, owned and guarded by another subgraph',
  'Staff.id': 'entity stub: the key only, owned and guarded by another subgraph',
  'Staff.stationedGroupMemberships':
    'the stationed groups, their members and the units they oversee are the published organisation of the commission (综合派驻)',
  'StaffPoolPeriod.from': 'the period asked for, echoed',
  'StaffPoolPeriod.to': 'the period asked for, echoed',
  'Query.stationedGroup': 'the stationed groups, their members and the units they oversee are the published organisation of the commission (综合派驻)',
  'Query.stationedGroups': 'the stationed groups, their members and the units they oversee are the published organisation of the commission (综合派驻)',
  'Unit.activeInspectionTeamIds': 'external: team ids from inspection for readUnitStationedRecords (@requires)',
  'StationedCoverage.endOn': 'the stationed groups, their members and the units they oversee are the published organisation of the commission (综合派驻)',
  'StationedCoverage.group': 'the stationed groups, their members and the units they oversee are the published organisation of the commission (综合派驻)',
  'StationedCoverage.startOn': 'the stationed groups, their members and the units they oversee are the published organisation of the commission (综合派驻)',
  'StationedCoverage.unit': 'the stationed groups, their members and the units they oversee are the published organisation of the commission (综合派驻)',
  'StationedGroup.coverageHistory':
    'the stationed groups, their members and the units they oversee are the published organisation of the commission (综合派驻)',
  'StationedGroup.id': 'the stationed groups, their members and the units they oversee are the published organisation of the commission (综合派驻)',
  'StationedGroup.leader': 'the stationed groups, their members and the units they oversee are the published organisation of the commission (综合派驻)',
  'StationedGroup.members': 'the stationed groups, their members and the units they oversee are the published organisation of the commission (综合派驻)',
  'StationedGroup.name': 'the stationed groups, their members and the units they oversee are the published organisation of the commission (综合派驻)',
  'StationedGroup.units': 'the stationed groups, their members and the units they oversee are the published organisation of the commission (综合派驻)',
  'StationedGroupMember.endOn': 'the stationed groups, their members and the units they oversee are the published organisation of the commission (综合派驻)',
  'StationedGroupMember.group': 'the stationed groups, their members and the units they oversee are the published organisation of the commission (综合派驻)',
  'StationedGroupMember.role': 'the stationed groups, their members and the units they oversee are the published organisation of the commission (综合派驻)',
  'StationedGroupMember.staff': 'the stationed groups, their members and the units they oversee are the published organisation of the commission (综合派驻)',
  'StationedGroupMember.startOn': 'the stationed groups, their members and the units they oversee are the published organisation of the commission (综合派驻)',
};

// ─── Person-level content: each read audited under its record (packages/core/src/person-level.ts) ──

/** 移交巡察问题的事项与原因 — what an escalation hands over and why. */
export const readEscalationContent = personLevelOf(readEscalation, { recordType: 'Escalation' });
/** 日常监督活动的涉及人员与情况记录 — the persons and notes of a supervision activity. */
export const readActivityContent = personLevelOf(readStationedRecord, { recordType: 'SupervisionActivity' });
/** 日常监督发现问题的描述 — what a supervision issue found. */
export const readIssueContent = personLevelOf(readStationedIssue, { recordType: 'SupervisionIssue' });
/** 廉政档案条目的摘要 — the summary of an integrity-file entry. */
export const readIntegrityEntryContent = personLevelOf(readStationedRecord, { recordType: 'IntegrityFileEntry' });
/** 干部的廉政档案 — a cadre's integrity file: audited under the person, when it holds an entry the caller may read. */
export const readIntegrityFile = personLevel(readIntegrityFiles, {
  recordType: 'IntegrityFile',
  recordId: (person: { id: string | number }) => String(person.id),
  // A page of the file: recorded when it holds an entry.
  recordWhen: (page: { edges: unknown[] }) => page.edges.length > 0,
});
