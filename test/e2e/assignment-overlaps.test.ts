import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabases, type Hub, startHub } from '../support/hub.ts';
import { seed } from '../support/seed.ts';
import { inspectionSteps } from '../support/seed-inspection.ts';
import { createGroup, mutateOk, staffId } from '../support/seed-stationed.ts';
import {
  type AddInspectionTeamMemberInput,
  AddInspectionTeamMemberDocument,
  AssignConcurrentStationedWorkDocument,
  ConcurrentOverlapsDocument,
  StartSpecialInspectionDocument,
  type StartSpecialInspectionInput,
} from '../operations/generated.ts';

/**
 * 同期任务 across bodies, refused at the time of assignment (issue 17 item 2): each body that assigns
 * staff asks the other two, through the graph, what they record for the staff member over the new
 * period; an overlap is refused on the staff field unless marked concurrent with a reason, and an
 * unreachable owner refuses the write as retryable. The staff pool still lists the overlaps, marked.
 */

const ASSIGN = AssignConcurrentStationedWorkDocument;
const ADD_MEMBER = AddInspectionTeamMemberDocument;
const START_SPECIAL = StartSpecialInspectionDocument;
const OVERLAPS = ConcurrentOverlapsDocument;

const leader = { as: { role: 'leader' as const } };
const inspectionOffice: AddInspectionTeamMemberInput['homeBody'] = { kind: 'INSPECTION_OFFICE', name: '区委巡察办' };

let hub: Hub;
let groupId: string;
let teamId: string;
const staff = { deployed: staffId(), onTeam: staffId(), forSpecial: staffId(), onSpecial: staffId(), blocked: staffId() };

/** Sends a one-field mutation and returns its payload (the answer's only field), failing on any error. */
async function send<Data, Input>(query: TypedDocumentNode<Data, { input: Input }>, input: Input, as: Parameters<Hub['query']>[2] = leader) {
  const response = await hub.query(query, { input }, as);
  expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
  const payload = Object.values(response.data ?? {})[0] as Data[keyof Data] | undefined;
  if (!payload) throw new Error(`no payload: ${JSON.stringify(response)}`);
  return payload;
}

beforeAll(async () => {
  hub = await startHub({ databases: await freshDatabases() });
  await seed(hub).staff(Object.values(staff));
  groupId = await createGroup(hub, { name: '派驻重叠测试纪检组', startOn: '2024-01-01', unitCodes: [] });
  // 2025 第三轮: 1 March to 30 June — team service runs [2025-03-01, 2025-07-01).
  const { ok } = inspectionSteps(hub);
  const round = await ok('createInspectionRound', { year: 2025, number: 3, theme: '常规巡察', startOn: '2025-03-01', endOn: '2025-06-30' });
  teamId = (await ok('createInspectionTeam', { roundId: round.id, name: '第一巡察组' })).id;
});
afterAll(() => hub?.stop());

describe('stationed deployment ↔ inspection team', () => {
  it('refuses a staff member deployed to a stationed group on an overlapping inspection team, accepts it marked concurrent', async () => {
    await mutateOk(
      hub,
      'assignStaffToStationedWork',
      ASSIGN,
      { input: { staffId: staff.deployed, groupId, startOn: '2025-06-01', endOn: '2025-09-01' } },
      leader,
    );
    const member: AddInspectionTeamMemberInput = { teamId, staffId: staff.deployed, role: 'MEMBER', homeBody: inspectionOffice };
    const refused = await send(ADD_MEMBER, member, { as: { role: 'inspection_officer' } });
    expect(refused.errors).toEqual([
      {
        code: 'CONFLICT',
        field: ['input', 'staffId'],
        message: expect.stringContaining('参加派驻监督工作（派驻） 2025-06-01至2025-09-01（不含）'),
      },
    ]);
    expect(refused.errors[0]!.message).toContain("stationed group's work (stationed) from 2025-06-01 to 2025-09-01 (exclusive)");
    const accepted = await send(ADD_MEMBER, { ...member, concurrent: { reason: '巡察报告阶段兼顾派驻工作' } }, { as: { role: 'inspection_officer' } });
    expect(accepted.errors).toEqual([]);
    expect(accepted.team?.members).toContainEqual({ staff: { id: staff.deployed }, concurrentReason: '巡察报告阶段兼顾派驻工作' });
  });

  it('refuses stationed work overlapping the inspection team a staff member is on, accepts it marked concurrent', async () => {
    await inspectionSteps(hub).ok('addInspectionTeamMember', { teamId, staffId: staff.onTeam, role: 'MEMBER', homeBody: inspectionOffice });
    const work = { staffId: staff.onTeam, groupId, startOn: '2025-06-15', endOn: '2025-08-01' };
    const refused = await send(ASSIGN, work);
    expect(refused.errors).toEqual([
      { code: 'CONFLICT', field: ['input', 'staffId'], message: expect.stringContaining('巡察组成员（巡察） 2025-03-01至2025-07-01（不含）') },
    ]);
    // A reason where nothing overlaps is refused as well.
    const needless = await send(ASSIGN, { ...work, startOn: '2025-07-01', concurrent: { reason: '兼任' } });
    expect(needless.errors).toEqual([expect.objectContaining({ code: 'BAD_USER_INPUT', field: ['input', 'concurrent'] })]);
    const accepted = await send(ASSIGN, { ...work, concurrent: { reason: '巡察报告阶段兼顾派驻工作' } });
    expect(accepted.errors).toEqual([]);
    expect(accepted.assignment?.concurrentReason).toBe('巡察报告阶段兼顾派驻工作');
  });
});

describe('stationed deployment ↔ special-inspection team', () => {
  it('refuses a deployed staff member on a special-inspection team, accepts them marked concurrent', async () => {
    await mutateOk(
      hub,
      'assignStaffToStationedWork',
      ASSIGN,
      { input: { staffId: staff.forSpecial, groupId, startOn: '2025-04-01', endOn: '2025-06-01' } },
      leader,
    );
    const input: StartSpecialInspectionInput = {
      theme: '违规发放津补贴专项检查',
      startedOn: '2025-05-01',
      teams: [{ name: '第一检查组', staffIds: [staff.onSpecial, staff.forSpecial] }],
    };
    const refused = await send(START_SPECIAL, input);
    expect(refused.errors).toEqual([
      {
        code: 'CONFLICT',
        field: ['input', 'teams', '0', 'staffIds', '1'],
        message: expect.stringContaining('参加派驻监督工作（派驻） 2025-04-01至2025-06-01（不含）'),
      },
    ]);
    const accepted = await send(START_SPECIAL, { ...input, concurrent: [{ staffId: staff.forSpecial, reason: '派驻工作收尾期间兼任' }] });
    expect(accepted.errors).toEqual([]);
  });

  it('refuses stationed work and inspection team service for a staff member on a running special inspection, unless concurrent', async () => {
    const work = { staffId: staff.onSpecial, groupId, startOn: '2025-08-01', endOn: '2025-10-01' };
    const refused = await send(ASSIGN, work);
    expect(refused.errors).toEqual([
      { code: 'CONFLICT', field: ['input', 'staffId'], message: expect.stringContaining('专项检查组成员（纪律） 2025-05-01至未定') },
    ]);
    expect((await send(ASSIGN, { ...work, concurrent: { reason: '专项检查期间兼顾派驻工作' } })).errors).toEqual([]);
    const member: AddInspectionTeamMemberInput = { teamId, staffId: staff.onSpecial, role: 'MEMBER', homeBody: inspectionOffice };
    const onTeam = await send(ADD_MEMBER, member, { as: { role: 'inspection_officer' } });
    expect(onTeam.errors).toEqual([{ code: 'CONFLICT', field: ['input', 'staffId'], message: expect.stringContaining('专项检查组成员（纪律）') }]);
    expect((await send(ADD_MEMBER, { ...member, concurrent: { reason: '兼任' } }, { as: { role: 'inspection_officer' } })).errors).toEqual([]);
  });
});

describe('the owners must answer', () => {
  it('refuses as UPSTREAM_UNAVAILABLE and writes nothing while an owner that must be asked is down', async () => {
    await hub.stopSubgraph('discipline');
    try {
      const refused = await send(ASSIGN, { staffId: staff.blocked, groupId, startOn: '2026-01-05', endOn: '2026-03-01' });
      expect(refused.errors).toEqual([expect.objectContaining({ code: 'UPSTREAM_UNAVAILABLE', field: ['input', 'staffId'] })]);
    } finally {
      await hub.restartSubgraph('discipline');
    }
    expect(await hub.stationed.database.db.selectFrom('staffAssignment').select('id').where('staffId', '=', staff.blocked).execute()).toEqual([]);
    await hub.stopSubgraph('stationed');
    try {
      const refused = await send(
        ADD_MEMBER,
        { teamId, staffId: staff.blocked, role: 'MEMBER', homeBody: inspectionOffice },
        { as: { role: 'inspection_officer' } },
      );
      expect(refused.errors).toEqual([expect.objectContaining({ code: 'UPSTREAM_UNAVAILABLE', field: ['input', 'staffId'] })]);
    } finally {
      await hub.restartSubgraph('stationed');
    }
    expect(await hub.inspection.database.db.selectFrom('inspectionTeamMember').select('staffId').where('staffId', '=', staff.blocked).execute()).toEqual([]);
  });
});

describe('the staff pool still lists what was marked concurrent', () => {
  it('shows each accepted overlap, marked concurrent', async () => {
    const response = await hub.query(OVERLAPS, { from: '2025-01-01', to: '2025-12-31' }, leader);
    expect(response.errors).toBeUndefined();
    const overlaps = response.data?.staffAssignmentOverlaps?.overlaps ?? [];
    for (const id of [staff.deployed, staff.onTeam, staff.forSpecial, staff.onSpecial]) {
      expect(overlaps.filter((o) => o.staff?.id === id).length, id).toBeGreaterThan(0);
      expect(overlaps.filter((o) => o.staff?.id === id).every((o) => o.concurrent)).toBe(true);
    }
  });
});
