import { newDepartment } from '../support/seed.ts';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { freshDatabases, type Hub, startHub } from '../support/hub.ts';
import { inspectionSteps } from '../support/seed-inspection.ts';
import { createGroup, mutateOk } from '../support/seed-stationed.ts';
import {
  AssignStaffToStationedWorkDocument,
  CreateCollaborationZoneDocument,
  LendStaffToInspectionTeamDocument,
  RegisterStaffDocument,
  type StaffPoolDeploymentsQuery,
  StaffAssignmentOverlapsDocument,
  StaffOverlapStartsDocument,
  StaffPoolDeploymentsDocument,
} from '../operations/generated.ts';

/**
 * The staff pool across bodies: inspection knows team service (for the round), stationed knows
 * deployments, discipline knows zones and special inspections; discipline lists the overlaps.
 */

let hub: Hub;
const ids: Record<'concurrent' | 'sequential' | 'lent' | 'zone', string> = { concurrent: '', sequential: '', lent: '', zone: '' };
let teamId: string;
let groupId: string;

beforeAll(async () => {
  hub = await startHub({ databases: await freshDatabases() });
  const names = { concurrent: '并行甲', sequential: '先后乙', lent: '抽调丙', zone: '协作丁' } as const;
  for (const key of Object.keys(ids) as (keyof typeof ids)[]) {
    const payload = await mutateOk(hub, 'registerStaff', RegisterStaffDocument, {
      input: { name: names[key], homeBody: key === 'lent' ? 'STATIONED' : key === 'zone' ? 'DISCIPLINE' : 'INSPECTION' },
    });
    if (!payload.staff) throw new Error('registerStaff: no staff');
    ids[key] = payload.staff.id;
  }
  groupId = await createGroup(hub, { name: '派驻测试纪检组', startOn: '2020-01-01', unitCodes: [], members: [{ staffId: ids.lent, role: 'MEMBER' }] });

  // 2020 第一轮: 1 September to 31 December; the four serve on its team.
  const { ok } = inspectionSteps(hub);
  const round = await ok('createInspectionRound', { year: 2020, number: 1, theme: '常规巡察', startOn: '2020-09-01', endOn: '2020-12-31' });
  teamId = (await ok('createInspectionTeam', { roundId: round.id, name: '第一巡察组' })).id;
  const members = [
    [ids.concurrent, 'LEADER', { kind: 'INSPECTION_OFFICE', name: '区委巡察办' }],
    [ids.sequential, 'MEMBER', { kind: 'INSPECTION_OFFICE', name: '区委巡察办' }],
    [ids.lent, 'MEMBER', { kind: 'STATIONED_GROUP', id: groupId, name: '派驻测试纪检组' }],
    [ids.zone, 'MEMBER', { kind: 'COMMISSION_DEPARTMENT', id: await newDepartment(hub), name: '第一纪检监察室' }],
  ] as const;
  for (const [staffId, role, homeBody] of members) await ok('addInspectionTeamMember', { teamId, staffId, role, homeBody });

  // Stationed work from 1 December (overlaps the round's last month: marked concurrent), or after the round (none).
  await mutateOk(hub, 'assignStaffToStationedWork', AssignStaffToStationedWorkDocument, {
    input: { staffId: ids.concurrent, groupId, startOn: '2020-12-01', endOn: '2021-03-01', concurrent: { reason: '巡察报告阶段兼顾派驻工作' } },
  });
  await mutateOk(hub, 'assignStaffToStationedWork', AssignStaffToStationedWorkDocument, {
    input: { staffId: ids.sequential, groupId, startOn: '2021-01-04', endOn: '2021-07-01' },
  });
  // The stationed member's loan to the team is the same engagement as the team service: no overlap.
  await mutateOk(hub, 'lendStaffToInspectionTeam', LendStaffToInspectionTeamDocument, {
    input: { staffId: ids.lent, inspectionTeamId: teamId, fromGroupId: groupId, startOn: '2020-09-01', endOn: '2021-01-01' },
  });
  // A zone member (since 1 November 2020) on the team overlaps from then on.
  const zone = await mutateOk(hub, 'createCollaborationZone', CreateCollaborationZoneDocument, {
    input: { name: '测试协作区', memberStaffIds: [ids.zone], townships: [] },
  });
  if (!zone.zone) throw new Error('createCollaborationZone: no zone');
  await hub.discipline.database.db.updateTable('zoneMember').set({ startOn: '2020-11-01' }).where('zoneId', '=', zone.zone.id).execute();
});
afterAll(async () => {
  await hub?.stop();
});

type PoolMember = NonNullable<NonNullable<StaffPoolDeploymentsQuery['staff']>['edges'][number]['node']>;
const byId = (list: (PoolMember | null)[] | undefined, id: string) => list?.find((s) => s?.id === id);

it('each body says when: team service for the round (end exclusive), deployments and zone membership with their periods', async () => {
  const response = await hub.query(StaffPoolDeploymentsDocument, {}, { as: { role: 'leader' } });
  expect(response.errors).toBeUndefined();
  const concurrent = byId(
    response.data?.staff?.edges.map((e) => e.node),
    ids.concurrent,
  );
  expect(concurrent?.inspectionTeamMemberships).toEqual([{ team: { id: teamId }, startOn: '2020-09-01', endOn: '2021-01-01' }]);
  expect(concurrent?.stationedAssignments).toEqual([{ kind: 'STATIONED_WORK', startOn: '2020-12-01', endOn: '2021-03-01' }]);
  expect(
    byId(
      response.data?.staff?.edges.map((e) => e.node),
      ids.zone,
    )?.zoneMemberships,
  ).toEqual([{ zone: { name: '测试协作区' }, startOn: '2020-11-01', endOn: null }]);
});

it('a person on an inspection team while assigned to stationed work shows the overlap; a sequential history shows none', async () => {
  const response = await hub.query(StaffPoolDeploymentsDocument, {}, { as: { role: 'inspection_officer' } });
  expect(response.errors).toBeUndefined();
  expect(
    byId(
      response.data?.staff?.edges.map((e) => e.node),
      ids.concurrent,
    )?.overlappingAssignments,
  ).toEqual([
    {
      first: { kind: 'INSPECTION_TEAM', referenceId: teamId },
      second: { kind: 'STATIONED_WORK', referenceId: expect.any(String) },
      from: '2020-12-01',
      to: '2021-01-01',
    },
  ]);
  expect(
    byId(
      response.data?.staff?.edges.map((e) => e.node),
      ids.sequential,
    )?.overlappingAssignments,
  ).toEqual([]);
  expect(
    byId(
      response.data?.staff?.edges.map((e) => e.node),
      ids.lent,
    )?.overlappingAssignments,
  ).toEqual([]);
  expect(
    byId(
      response.data?.staff?.edges.map((e) => e.node),
      ids.zone,
    )?.overlappingAssignments,
  ).toEqual([
    {
      first: { kind: 'INSPECTION_TEAM', referenceId: teamId },
      second: { kind: 'COLLABORATION_ZONE', referenceId: expect.any(String) },
      from: '2020-11-01',
      to: '2021-01-01',
    },
  ]);
});

it('staffAssignmentOverlaps lists the staff with overlaps in a period, and none in a period without', async () => {
  const autumn = await hub.query(StaffAssignmentOverlapsDocument, { from: '2020-07-01', to: '2021-07-01' }, { as: { role: 'stationed_officer' } });
  expect(autumn.errors).toBeUndefined();
  const period = autumn.data?.staffAssignmentOverlaps;
  expect(period?.staff?.map((s) => s.name).sort()).toEqual(['协作丁', '并行甲'].sort());
  expect(period?.overlaps?.find((o) => o.staff?.name === '并行甲')).toEqual({
    staff: { name: '并行甲' },
    first: { kind: 'INSPECTION_TEAM' },
    second: { kind: 'STATIONED_WORK' },
    from: '2020-12-01',
    to: '2021-01-01',
  });

  // Within the period only: November shows the zone member, not yet the stationed work.
  const november = await hub.query(StaffAssignmentOverlapsDocument, { from: '2020-11-01', to: '2020-12-01' }, { as: { role: 'leader' } });
  expect(november.data?.staffAssignmentOverlaps?.staff?.map((s) => s.name)).toEqual(['协作丁']);

  const spring = await hub.query(StaffAssignmentOverlapsDocument, { from: '2021-01-01', to: '2021-06-01' }, { as: { role: 'leader' } });
  expect(spring.errors).toBeUndefined();
  expect(spring.data?.staffAssignmentOverlaps?.staff).toEqual([]);
});

it('the period is bounded, and overlaps are for leaders, inspection and stationed officers only', async () => {
  const long = await hub.query(StaffAssignmentOverlapsDocument, { from: '2019-01-01', to: '2021-01-01' }, { as: { role: 'leader' } });
  expect(long.errors?.[0]?.message).toMatch(/366/);
  const backwards = await hub.query(StaffAssignmentOverlapsDocument, { from: '2021-01-01', to: '2020-01-01' }, { as: { role: 'leader' } });
  expect(backwards.errors?.[0]?.message).toMatch(/to must be after from/);

  const analyst = await hub.query(StaffAssignmentOverlapsDocument, { from: '2020-07-01', to: '2021-07-01' }, { as: { role: 'analyst' } });
  expect(analyst.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  expect(analyst.data?.staffAssignmentOverlaps ?? null).toBeNull();

  // The petition office reads the staff pool (Staff) but not where staff were deployed.
  const petitions = await hub.query(
    StaffOverlapStartsDocument,
    {},
    {
      as: { role: 'petition_officer' },
    },
  );
  expect(petitions.errors?.some((e) => e.extensions?.code === 'FORBIDDEN')).toBe(true);
});
