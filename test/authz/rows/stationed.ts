import { ROLES, type Role } from '@hub/core';
import { randomUnitCode, seed } from '../../support/seed.ts';
import type { AuthzRow, AuthzSetup } from '../types.ts';
import { insertEscalation } from '../../../subgraphs/stationed/src/db/escalations.ts';
import { insertActivity } from '../../../subgraphs/stationed/src/db/supervision.ts';

export const setup: AuthzSetup = async (hub) => {
  const code = randomUnitCode();
  const groupId = crypto.randomUUID();
  const otherGroupId = crypto.randomUUID();
  await seed(hub).units([{ code }]);
  await hub.stationed.database.db
    .insertInto('stationedGroup')
    .values([
      { id: groupId, name: `矩阵测试派驻组-${code}` },
      { id: otherGroupId, name: `矩阵测试另一派驻组-${code}` },
    ])
    .execute();
  await hub.stationed.database.db.insertInto('groupCoverage').values({ groupId, unitCode: code, startOn: '2020-01-01', endOn: null }).execute();
  const activityId = crypto.randomUUID();
  const issueId = crypto.randomUUID();
  const escalatedIssueId = crypto.randomUUID();
  const escalationId = crypto.randomUUID();
  const teamId = `matrix-team-${code}`;
  await insertActivity(
    hub.stationed.database.db,
    { id: activityId, groupId, unitCode: code, kind: 'HEART_TO_HEART_TALK', heldOn: '2024-01-02', notes: '矩阵谈话记录', recordedBy: 'seed' },
    [crypto.randomUUID()],
    [
      { id: issueId, description: '矩阵问题' },
      { id: escalatedIssueId, description: '矩阵移交问题' },
    ],
  );
  await insertEscalation(hub.stationed.database.db, {
    id: escalationId,
    issueId: escalatedIssueId,
    groupId,
    unitCode: code,
    summary: '矩阵移交问题',
    reason: '矩阵',
    escalatedOn: '2024-01-03',
    inspectionRoundId: null,
    inspectionTeamId: teamId,
    recordedBy: 'seed',
  });
  await hub.stationed.database.db.updateTable('supervisionIssue').set({ status: 'ESCALATED' }).where('id', '=', escalatedIssueId).execute();
  return { unitCode: code, groupId, otherGroupId, activityId, issueId, escalationId, teamId };
};

/** A stationed officer of the group that oversees the fixture's unit; others carry no scope. */
const ownGroup = (role: Role, f: Record<string, string>) => (role === 'stationed_officer' ? { stationedGroupIds: [f.groupId!] } : undefined);
/** A stationed officer of another group. */
const otherGroup = (role: Role, f: Record<string, string>) => (role === 'stationed_officer' ? { stationedGroupIds: [f.otherGroupId!] } : undefined);

export const rows: AuthzRow[] = [
  {
    name: 'amendSupervisionActivity (own group, and leaders)',
    query: `mutation($input: AmendSupervisionActivityInput!) { amendSupervisionActivity(input: $input) { errors { code } } }`,
    variables: (f) => ({ input: { id: f.activityId, notes: '授权矩阵测试更正记录' } }),
    scopes: ownGroup,
    allow: ['leader', 'stationed_officer'],
  },
  {
    name: "amendSupervisionActivity (another group's officer refused)",
    query: `mutation($input: AmendSupervisionActivityInput!) { amendSupervisionActivity(input: $input) { errors { code } } }`,
    variables: (f) => ({ input: { id: f.activityId, notes: '授权矩阵测试更正记录（他组）' } }),
    scopes: otherGroup,
    allow: ['leader'],
  },
  {
    name: 'overseeing group of a unit, then and now',
    query: `query($code: UnitCode!) { unit(code: $code) { stationedGroup { name units { code } leader { id } members { role } } stationedGroupOn(date: "2021-01-01") { name } stationedCoverageHistory { startOn } } }`,
    variables: (f) => ({ code: f.unitCode }),
    allow: ROLES,
  },
  { name: 'stationed group list', query: `{ stationedGroups(first: 100) { totalCount edges { node { name coverageHistory { startOn } } } } }`, allow: ROLES },
  { name: 'stationed group by id', query: `query($id: ID!) { stationedGroup(id: $id) { name } }`, variables: (f) => ({ id: f.groupId }), allow: ROLES },
  { name: 'stationed audit log', query: `{ stationedAuditLog(first: 1) { totalCount } }`, allow: ['leader'] },
  {
    name: 'create a stationed group',
    query: `mutation($name: String!) { createStationedGroup(input: { name: $name, startOn: "2024-01-01", members: [], unitCodes: [] }) { errors { code } } }`,
    variables: () => ({ name: `矩阵新设组-${crypto.randomUUID()}` }),
    allow: ['leader'],
  },
  {
    name: 'move a unit between groups',
    query: `mutation($code: UnitCode!, $group: ID!) { assignUnitToStationedGroup(input: { unitCode: $code, groupId: $group, startOn: "2019-01-01" }) { errors { code } } }`,
    variables: (f) => ({ code: f.unitCode, group: f.otherGroupId }),
    allow: ['leader'],
    scopes: otherGroup,
  },
  {
    name: "end a unit's coverage",
    query: `mutation($code: UnitCode!) { endStationedCoverage(input: { unitCode: $code, endOn: "2019-01-01" }) { errors { code } } }`,
    variables: (f) => ({ code: f.unitCode }),
    allow: ['leader'],
    scopes: ownGroup,
  },
  {
    name: 'add a group member',
    query: `mutation($group: ID!, $staff: ID!) { addStationedGroupMember(input: { groupId: $group, staffId: $staff, role: MEMBER, startOn: "2024-01-01" }) { errors { code } } }`,
    variables: (f) => ({ group: f.groupId, staff: crypto.randomUUID() }),
    allow: ['leader'],
    scopes: ownGroup,
  },
  {
    name: 'end a group membership',
    query: `mutation($group: ID!, $staff: ID!) { endStationedGroupMembership(input: { groupId: $group, staffId: $staff, endOn: "2024-01-01" }) { errors { code } } }`,
    variables: (f) => ({ group: f.groupId, staff: crypto.randomUUID() }),
    allow: ['leader'],
    scopes: ownGroup,
  },

  // ─── Daily supervision: the overseeing group's members and leaders only ───
  ...[ownGroup, otherGroup].flatMap((scopes) => {
    const allow: Role[] = scopes === ownGroup ? ['leader', 'stationed_officer'] : ['leader'];
    const whose = scopes === ownGroup ? 'own group' : 'another group';
    return [
      {
        name: `activities and open issues of a unit (${whose})`,
        query: `query($code: UnitCode!) { unit(code: $code) { supervisionActivities(first: 5) { totalCount edges { node { kind notes persons { id } issues { description } } } } openSupervisionIssues { totalCount edges { node { description status } } } } }`,
        variables: (f: Record<string, string>) => ({ code: f.unitCode }),
        allow,
        scopes,
      },
      {
        name: `activities of a group (${whose})`,
        query: `query($id: ID!) { stationedGroup(id: $id) { supervisionActivities(first: 5) { edges { node { notes } } } openSupervisionIssues { totalCount edges { node { description } } } } }`,
        variables: (f: Record<string, string>) => ({ id: f.groupId }),
        allow,
        scopes,
      },
      {
        name: `an activity by id (${whose})`,
        query: `query($id: ID!) { supervisionActivity(id: $id) { notes issues { description activity { id } } } }`,
        variables: (f: Record<string, string>) => ({ id: f.activityId }),
        allow,
        scopes,
      },
      {
        name: `record an activity (${whose})`,
        query: `mutation($group: ID!, $code: UnitCode!) { recordSupervisionActivity(input: { groupId: $group, unitCode: $code, kind: SUPERVISION_CHECK, heldOn: "2999-01-01", notes: "矩阵" }) { errors { code } } }`,
        variables: (f: Record<string, string>) => ({ group: f.groupId, code: f.unitCode }),
        allow: (scopes === ownGroup ? ['stationed_officer'] : []) as Role[],
        scopes,
      },
      {
        name: `escalations of a unit and of a group (${whose})`,
        query: `query($code: UnitCode!, $id: ID!) { unit(code: $code) { stationedEscalations { totalCount edges { node { summary reason issue { status } } } } } stationedGroup(id: $id) { escalations { totalCount edges { node { id } } } } }`,
        variables: (f: Record<string, string>) => ({ code: f.unitCode, id: f.groupId }),
        allow,
        scopes,
      },
      {
        name: `escalate an issue (${whose})`,
        query: `mutation($id: ID!) { escalateSupervisionIssue(input: { issueId: $id, reason: "矩阵", escalatedOn: "2000-01-01", inspectionTeamId: "t" }) { errors { code } } }`,
        variables: (f: Record<string, string>) => ({ id: f.issueId }),
        allow: (scopes === ownGroup ? ['stationed_officer'] : []) as Role[],
        scopes,
      },
      {
        name: `integrity file and talks of a person in an activity (${whose})`,
        query: `query($id: ID!) { supervisionActivity(id: $id) { persons { integrityFile { totalCount edges { node { kind summary } } } stationedTalks { totalCount edges { node { notes } } } } } }`,
        variables: (f: Record<string, string>) => ({ id: f.activityId }),
        allow,
        scopes,
      },
      {
        name: `add an integrity-file entry (${whose})`,
        query: `mutation($group: ID!, $code: UnitCode!) { addIntegrityFileEntry(input: { personId: "${crypto.randomUUID()}", groupId: $group, unitCode: $code, kind: OTHER, recordedOn: "2999-01-01", summary: "矩阵" }) { errors { code } } }`,
        variables: (f: Record<string, string>) => ({ group: f.groupId, code: f.unitCode }),
        allow: (scopes === ownGroup ? ['stationed_officer'] : []) as Role[],
        scopes,
      },
      {
        name: `add a rectification supervision note (${whose})`,
        query: `mutation($group: ID!, $code: UnitCode!) { addRectificationSupervisionNote(input: { rectificationItemId: "matrix-item", groupId: $group, unitCode: $code, notedOn: "2999-01-01", note: "矩阵" }) { errors { code } } }`,
        variables: (f: Record<string, string>) => ({ group: f.groupId, code: f.unitCode }),
        allow: (scopes === ownGroup ? ['stationed_officer'] : []) as Role[],
        scopes,
      },
      {
        name: `resolve an issue (${whose})`,
        query: `mutation($id: ID!) { resolveSupervisionIssue(input: { issueId: $id, resolvedOn: "2000-01-01", resolution: "矩阵" }) { errors { code } } }`,
        variables: (f: Record<string, string>) => ({ id: f.issueId }),
        allow: (scopes === ownGroup ? ['stationed_officer'] : []) as Role[],
        scopes,
      },
    ];
  }),
  {
    name: 'activity list (filtered to need to know)',
    query: `{ supervisionActivities(first: 5) { totalCount edges { node { notes } } } }`,
    allow: ['leader', 'stationed_officer'],
    scopes: ownGroup,
  },
  {
    name: 'issue list (filtered to need to know)',
    query: `{ supervisionIssues(first: 5, filter: { status: OPEN }) { totalCount edges { node { description } } } }`,
    allow: ['leader', 'stationed_officer'],
    scopes: ownGroup,
  },

  {
    name: "escalation list (own groups' or addressed to own team)",
    query: `{ escalations(first: 5) { totalCount edges { node { summary reason } } } }`,
    allow: ['leader', 'stationed_officer', 'inspection_officer'],
    scopes: (role, f): Record<string, string[]> | undefined =>
      role === 'stationed_officer' ? { stationedGroupIds: [f.groupId!] } : role === 'inspection_officer' ? { inspectionTeamIds: [f.teamId!] } : undefined,
  },

  // ─── Staff deployment ───
  {
    name: 'staff deployments',
    query: `{ staffAssignments(first: 5) { totalCount edges { node { kind startOn staff { id } } } } }`,
    allow: ['leader', 'stationed_officer', 'inspection_officer'],
  },
  {
    name: 'assign staff to stationed work',
    query: `mutation($group: ID!) { assignStaffToStationedWork(input: { staffId: "${crypto.randomUUID()}", groupId: $group, startOn: "2024-02-01", endOn: "2024-01-01" }) { errors { code } } }`,
    variables: (f) => ({ group: f.groupId }),
    allow: ['leader'],
    scopes: ownGroup,
  },
  {
    name: 'lend staff to an inspection team',
    query: `mutation { lendStaffToInspectionTeam(input: { staffId: "${crypto.randomUUID()}", inspectionTeamId: "t", startOn: "2024-02-01", endOn: "2024-01-01" }) { errors { code } } }`,
    allow: ['leader'],
  },
  {
    name: 'end a staff deployment',
    query: `mutation { endStaffAssignment(input: { assignmentId: "${crypto.randomUUID()}", endOn: "2024-01-01" }) { errors { code } } }`,
    allow: ['leader'],
  },
];

rows.push({
  name: 'district statistics from all three subgraphs (statistics)',
  query: `{ statistics(year: 2024) { year cluesDisposed casesFiled inspectionRounds supervisionActivities supervisionIssuesFound stationedEscalations } }`,
  allow: ROLES,
});
