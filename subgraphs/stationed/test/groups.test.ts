import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SubgraphHarness, startSubgraph } from '../../../test/support/subgraph.ts';
import { randomUnitCode, seed } from '../../../test/support/seed.ts';
import { createGroup, mutateOk, querySubgraph, staffId } from '../../../test/support/seed-stationed.ts';
import {
  AddStationedGroupMemberDocument,
  AssignUnitToStationedGroupDocument,
  CreateStationedGroupDocument,
  EndStationedGroupMembershipDocument,
  GroupCoverageDocument,
  GroupMembersDocument,
  StaffMembershipsDocument,
  StationedGroupNamesDocument,
  UnitCurrentGroupDocument,
  UnitStationedGroupsDocument,
} from './operations/generated.ts';

describe('stationed groups: membership and coverage over time', () => {
  let hub: SubgraphHarness<'stationed'>;
  const [u1, u2, u3] = [randomUnitCode(), randomUnitCode(), randomUnitCode()];
  const leader = staffId();
  const member = staffId();
  let groupA: string;
  let groupB: string;

  beforeAll(async () => {
    hub = await startSubgraph('stationed');
    await seed(hub).staff([leader, member]);
    await seed(hub).units([
      { code: u1, name: '区民政局' },
      { code: u2, name: '区教育局' },
      { code: u3, name: '区卫健委' },
    ]);
    groupA = await createGroup(hub, {
      name: '派驻第一纪检组',
      startOn: '2021-01-01',
      unitCodes: [u1, u2],
      members: [
        { staffId: leader, role: 'LEADER' },
        { staffId: member, role: 'MEMBER' },
      ],
    });
    groupB = await createGroup(hub, { name: '派驻第二纪检组', startOn: '2021-01-01', unitCodes: [u3] });
  });
  afterAll(() => hub?.stop());

  it('moves a unit to another group: the old period closes and the new one opens the same day', async () => {
    const moved = await mutateOk(hub, 'assignUnitToStationedGroup', AssignUnitToStationedGroupDocument, {
      input: { unitCode: u2, groupId: groupB, startOn: '2023-07-01' },
    });
    expect(moved.coverage).toEqual({ group: { name: '派驻第二纪检组' }, unit: { code: u2 }, startOn: '2023-07-01', endOn: null });

    // (The unit's name is inspection's: the whole unit through the gateway is in test/e2e.)
    const response = await hub.query(UnitStationedGroupsDocument, {
      r: [{ __typename: 'Unit', code: u2 }],
      before: '2023-06-30',
      after: '2023-07-01',
      earlier: '2020-12-31',
    });
    expect(response.errors).toBeUndefined();
    expect(response.data?._entities[0]).toEqual({
      stationedGroup: { name: '派驻第二纪检组' },
      before: { name: '派驻第一纪检组' },
      after: { name: '派驻第二纪检组' },
      earlier: null,
      stationedCoverageHistory: [
        { group: { name: '派驻第一纪检组' }, startOn: '2021-01-01', endOn: '2023-07-01' },
        { group: { name: '派驻第二纪检组' }, startOn: '2023-07-01', endOn: null },
      ],
    });
    const groups = await hub.query(GroupCoverageDocument, { id: groupA });
    expect(groups.data?.stationedGroup?.units).toEqual([{ code: u1 }]);
    expect(groups.data?.stationedGroup?.coverageHistory).toEqual(
      expect.arrayContaining([
        { unit: { code: u1 }, endOn: null },
        { unit: { code: u2 }, endOn: '2023-07-01' },
      ]),
    );
  });

  it('refuses a move to the same group and a move back into recorded history, changing nothing', async () => {
    const historyBefore = await hub.database.db.selectFrom('groupCoverage').selectAll().where('unitCode', '=', u2).orderBy('startOn').execute();
    const same = await hub.query(AssignUnitToStationedGroupDocument, { input: { unitCode: u2, groupId: groupB, startOn: '2024-01-01' } });
    expect(same.data?.assignUnitToStationedGroup).toEqual({
      coverage: null,
      errors: [expect.objectContaining({ code: 'ALREADY_EXISTS', field: ['input', 'unitCode'] })],
    });
    const backdated = await hub.query(AssignUnitToStationedGroupDocument, { input: { unitCode: u2, groupId: groupA, startOn: '2023-01-01' } });
    expect(backdated.data?.assignUnitToStationedGroup?.errors).toEqual([expect.objectContaining({ code: 'CONFLICT', field: ['input', 'startOn'] })]);
    const unknownGroup = await hub.query(AssignUnitToStationedGroupDocument, { input: { unitCode: u2, groupId: crypto.randomUUID(), startOn: '2024-01-01' } });
    expect(unknownGroup.data?.assignUnitToStationedGroup?.errors).toEqual([expect.objectContaining({ code: 'NOT_FOUND', field: ['input', 'groupId'] })]);
    const historyAfter = await hub.database.db.selectFrom('groupCoverage').selectAll().where('unitCode', '=', u2).orderBy('startOn').execute();
    expect(historyAfter).toEqual(historyBefore);
  });

  it('creates nothing when one unit of a new group conflicts (one transaction)', async () => {
    const fresh = randomUnitCode();
    await seed(hub).units([{ code: fresh }]);
    const response = await hub.query(CreateStationedGroupDocument, {
      input: { name: '派驻第三纪检组', startOn: '2022-01-01', members: [], unitCodes: [fresh, u2] },
    });
    expect(response.data?.createStationedGroup?.errors).toEqual([expect.objectContaining({ code: 'CONFLICT', field: ['input', 'unitCodes', '1'] })]);
    const names = (await hub.query(StationedGroupNamesDocument, {})).data?.stationedGroups.edges.map((e) => e.node?.name);
    expect(names).not.toContain('派驻第三纪检组');
  });

  it("keeps membership history: the leader, members, and a staff member's memberships through _entities", async () => {
    const ended = await mutateOk(hub, 'endStationedGroupMembership', EndStationedGroupMembershipDocument, {
      input: { groupId: groupA, staffId: member, endOn: '2024-03-01' },
    });
    expect(ended.membership).toEqual({ endOn: '2024-03-01' });
    const secondLeader = await hub.query(AddStationedGroupMemberDocument, {
      input: { groupId: groupA, staffId: staffId(), role: 'LEADER', startOn: '2024-03-01' },
    });
    expect(secondLeader.data?.addStationedGroupMember?.errors).toEqual([{ code: 'CONFLICT', field: ['input', 'role'] }]);
    await mutateOk(hub, 'addStationedGroupMember', AddStationedGroupMemberDocument, {
      input: { groupId: groupB, staffId: member, role: 'DEPUTY_LEADER', startOn: '2024-03-01' },
    });

    const group = await hub.query(GroupMembersDocument, { id: groupA });
    expect(group.data?.stationedGroup).toEqual({
      leader: { id: leader },
      members: [{ staff: { id: leader }, role: 'LEADER' }],
      all: [
        { staff: { id: leader }, endOn: null },
        { staff: { id: member }, endOn: '2024-03-01' },
      ],
    });
    const entities = await querySubgraph(
      hub,
      'stationed',
      StaffMembershipsDocument,
      { r: [{ __typename: 'Staff', id: member }] },
      { role: 'stationed_officer' },
    );
    expect(entities.data?._entities).toEqual([
      {
        id: member,
        stationedGroupMemberships: [
          { group: { name: '派驻第一纪检组' }, role: 'MEMBER', startOn: '2021-01-01', endOn: '2024-03-01' },
          { group: { name: '派驻第二纪检组' }, role: 'DEPUTY_LEADER', startOn: '2024-03-01', endOn: null },
        ],
      },
    ]);
  });

  it('answers concurrent moves of one unit with one change and one typed refusal, never an internal error', async () => {
    const unit = randomUnitCode();
    await seed(hub).units([{ code: unit }]);
    const groupC = await createGroup(hub, { name: '派驻第三纪检组', startOn: '2021-01-01', unitCodes: [unit] });
    const results = await Promise.all(
      [groupA, groupB].map((groupId) => hub.query(AssignUnitToStationedGroupDocument, { input: { unitCode: unit, groupId, startOn: '2024-01-01' } })),
    );
    expect(results.map((r) => r.errors)).toEqual([undefined, undefined]);
    const refusals = results.map((r) => r.data?.assignUnitToStationedGroup?.errors.map((e) => e.code));
    expect(refusals.flat()).toEqual(['CONFLICT']);
    const open = await hub.database.db.selectFrom('groupCoverage').selectAll().where('unitCode', '=', unit).execute();
    expect(open.map((c) => [c.groupId === groupC, c.endOn])).toEqual(
      expect.arrayContaining([
        [true, '2024-01-01'],
        [false, null],
      ]),
    );
    expect(open).toHaveLength(2);
  });

  it('lets only commission leaders organise groups', async () => {
    const response = await hub.query(
      AssignUnitToStationedGroupDocument,
      { input: { unitCode: u1, groupId: groupB, startOn: '2025-01-01' } },
      { as: { role: 'stationed_officer', scopes: { stationedGroupIds: [groupB] } } },
    );
    expect(response.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const current = await hub.query(UnitCurrentGroupDocument, { r: [{ __typename: 'Unit', code: u1 }] });
    expect(current.data?.unit[0]?.stationedGroup?.id).toBe(groupA);
  });
});
