import { ROLES, type Role } from '@hub/core';
import { randomUnitCode, seed } from '../../support/seed.ts';
import type { AuthzRow, AuthzSetup } from '../types.ts';

export const setup: AuthzSetup = async (hub) => {
  const code = randomUnitCode();
  const groupId = crypto.randomUUID();
  const otherGroupId = crypto.randomUUID();
  await seed(hub).units([{ code }]);
  await hub.stationed.database.db.insertInto('stationedGroup').values([{ id: groupId, name: `矩阵测试派驻组-${code}` }, { id: otherGroupId, name: `矩阵测试另一派驻组-${code}` }]).execute();
  await hub.stationed.database.db.insertInto('groupCoverage').values({ groupId, unitCode: code, startOn: '2020-01-01', endOn: null }).execute();
  return { unitCode: code, groupId, otherGroupId };
};

/** A stationed officer of the group that oversees the fixture's unit; others carry no scope. */
const ownGroup = (role: Role, f: Record<string, string>) => (role === 'stationed_officer' ? { stationedGroupIds: [f.groupId!] } : undefined);
/** A stationed officer of another group. */
const otherGroup = (role: Role, f: Record<string, string>) => (role === 'stationed_officer' ? { stationedGroupIds: [f.otherGroupId!] } : undefined);

export const rows: AuthzRow[] = [
  {
    name: 'overseeing group of a unit, then and now',
    query: `query($code: UnitCode!) { unit(code: $code) { stationedGroup { name units { code } leader { id } members { role } } stationedGroupOn(date: "2021-01-01") { name } stationedCoverageHistory { startOn } } }`,
    variables: (f) => ({ code: f.unitCode }),
    allow: ROLES,
  },
  { name: 'stationed group list', query: `{ stationedGroups { name coverageHistory { startOn } } }`, allow: ROLES },
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
    name: 'end a unit\'s coverage',
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
];
