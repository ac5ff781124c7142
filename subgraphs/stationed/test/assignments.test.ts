import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SubgraphHarness, startSubgraph } from '../../../test/support/subgraph.ts';
import { randomUnitCode, seed, seedInspectionTeam } from '../../../test/support/seed.ts';
import { createGroup, mutateOk, querySubgraph, staffId } from '../../../test/support/seed-stationed.ts';
import {
  AssignStaffToStationedWorkDocument,
  EndStaffAssignmentDocument,
  LendStaffToInspectionTeamDocument,
  StaffAssignmentsOnDayDocument,
  StaffDeploymentsDocument,
  StationedWorkOfStaffDocument,
} from './operations/generated.ts';

describe('staff deployment: stationed work and loans to inspection teams', () => {
  let hub: SubgraphHarness<'stationed'>;
  let group: string;
  const officeClerk = staffId();
  const groupMember = staffId();
  let team1: string;
  let team2: string;
  let team3: string;

  beforeAll(async () => {
    hub = await startSubgraph('stationed');
    await seed(hub).staff([officeClerk, groupMember]);
    team1 = (await seedInspectionTeam(hub)).teamId;
    team2 = (await seedInspectionTeam(hub)).teamId;
    team3 = (await seedInspectionTeam(hub)).teamId;
    const unit = randomUnitCode();
    await seed(hub).units([{ code: unit }]);
    group = await createGroup(hub, { name: '派驻第九纪检组', startOn: '2022-01-01', unitCodes: [unit], members: [{ staffId: groupMember, role: 'MEMBER' }] });
  });
  afterAll(() => hub?.stop());

  it('keeps who worked where: a pool member on stationed work between inspections, a group member lent to a team', async () => {
    await mutateOk(hub, 'lendStaffToInspectionTeam', LendStaffToInspectionTeamDocument, {
      input: { staffId: officeClerk, inspectionTeamId: team1, startOn: '2024-03-01', endOn: '2024-06-01' },
    });
    const work = await mutateOk(hub, 'assignStaffToStationedWork', AssignStaffToStationedWorkDocument, {
      input: { staffId: officeClerk, groupId: group, startOn: '2024-06-01', endOn: '2024-09-01', note: '巡察间隙参加派驻监督' },
    });
    expect(work.assignment).toMatchObject({ kind: 'STATIONED_WORK', group: { name: '派驻第九纪检组' }, startOn: '2024-06-01', endOn: '2024-09-01' });
    const lent = await mutateOk(hub, 'lendStaffToInspectionTeam', LendStaffToInspectionTeamDocument, {
      input: { staffId: groupMember, inspectionTeamId: team2, fromGroupId: group, startOn: '2024-03-01', endOn: '2024-05-15' },
    });
    expect(lent.assignment).toMatchObject({ kind: 'INSPECTION_TEAM', group: { name: '派驻第九纪检组' }, inspectionTeamId: team2 });

    const staff = await querySubgraph(
      hub,
      'stationed',
      StaffDeploymentsDocument,
      {
        r: [
          { __typename: 'Staff', id: officeClerk },
          { __typename: 'Staff', id: groupMember },
        ],
      },
      { role: 'inspection_officer' },
    );
    expect(staff.errors).toBeUndefined();
    expect(staff.data?._entities).toEqual([
      {
        id: officeClerk,
        stationedGroupMemberships: [],
        stationedAssignments: [
          { kind: 'INSPECTION_TEAM', group: null, inspectionTeamId: team1, startOn: '2024-03-01', endOn: '2024-06-01' },
          { kind: 'STATIONED_WORK', group: { name: '派驻第九纪检组' }, inspectionTeamId: null, startOn: '2024-06-01', endOn: '2024-09-01' },
        ],
      },
      {
        id: groupMember,
        stationedGroupMemberships: [{ group: { name: '派驻第九纪检组' } }],
        stationedAssignments: [
          { kind: 'INSPECTION_TEAM', group: { name: '派驻第九纪检组' }, inspectionTeamId: team2, startOn: '2024-03-01', endOn: '2024-05-15' },
        ],
      },
    ]);

    const onDay = await hub.query(StaffAssignmentsOnDayDocument, {}, { as: { role: 'stationed_officer' } });
    expect(onDay.data?.staffAssignments?.totalCount).toBe(2);
    expect(onDay.data?.staffAssignments?.edges.map((e) => e.node?.staff?.id).sort()).toEqual([officeClerk, groupMember].sort());
  });

  it('refuses overlapping deployments, a loan from a group the staff member is not in, and bad periods', async () => {
    const overlap = await hub.query(AssignStaffToStationedWorkDocument, {
      input: { staffId: officeClerk, groupId: group, startOn: '2024-05-01', endOn: '2024-07-01' },
    });
    expect(overlap.data?.assignStaffToStationedWork).toEqual({
      assignment: null,
      errors: [expect.objectContaining({ code: 'CONFLICT', field: ['input', 'startOn'] })],
    });
    const notMember = await hub.query(LendStaffToInspectionTeamDocument, {
      input: { staffId: officeClerk, inspectionTeamId: team3, fromGroupId: group, startOn: '2025-01-01', endOn: '2025-02-01' },
    });
    expect(notMember.data?.lendStaffToInspectionTeam?.errors).toEqual([expect.objectContaining({ code: 'BAD_USER_INPUT', field: ['input', 'fromGroupId'] })]);
    const backwards = await hub.query(LendStaffToInspectionTeamDocument, {
      input: { staffId: officeClerk, inspectionTeamId: team3, startOn: '2025-02-01', endOn: '2025-01-01' },
    });
    expect(backwards.data?.lendStaffToInspectionTeam?.errors).toEqual([expect.objectContaining({ code: 'BAD_USER_INPUT', field: ['input', 'endOn'] })]);
    const count = await hub.database.db
      .selectFrom('staffAssignment')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(count.n).toBe(3);
  });

  it('ends a deployment early, which frees the rest of the period', async () => {
    const list = await hub.query(StationedWorkOfStaffDocument, { id: officeClerk });
    const id = list.data?.staffAssignments?.edges[0]?.node?.id;
    if (!id) throw new Error(`no stationed work: ${JSON.stringify(list)}`);
    const tooLate = await hub.query(EndStaffAssignmentDocument, { input: { assignmentId: id, endOn: '2024-10-01' } });
    expect(tooLate.data?.endStaffAssignment?.errors).toEqual([{ code: 'BAD_USER_INPUT', field: ['input', 'endOn'] }]);
    const ended = await mutateOk(hub, 'endStaffAssignment', EndStaffAssignmentDocument, { input: { assignmentId: id, endOn: '2024-07-01' } });
    expect(ended.assignment).toEqual({ endOn: '2024-07-01' });
    await mutateOk(hub, 'lendStaffToInspectionTeam', LendStaffToInspectionTeamDocument, {
      input: { staffId: officeClerk, inspectionTeamId: team3, startOn: '2024-07-01', endOn: '2024-09-01' },
    });
  });

  it('lets only leaders deploy staff, and shows a staff member their own record', async () => {
    const asOfficer = await hub.query(
      AssignStaffToStationedWorkDocument,
      { input: { staffId: officeClerk, groupId: group, startOn: '2026-01-01', endOn: '2026-02-01' } },
      { as: { role: 'stationed_officer', scopes: { stationedGroupIds: [group] } } },
    );
    expect(asOfficer.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const asAnalyst = await querySubgraph(hub, 'stationed', StaffDeploymentsDocument, { r: [{ __typename: 'Staff', id: officeClerk }] }, { role: 'analyst' });
    expect(asAnalyst.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const self = await querySubgraph(
      hub,
      'stationed',
      StaffDeploymentsDocument,
      { r: [{ __typename: 'Staff', id: officeClerk }] },
      { role: 'case_officer', staffId: officeClerk },
    );
    expect(self.errors).toBeUndefined();
    expect(self.data?._entities[0]?.stationedAssignments).toHaveLength(3);
  });
});
