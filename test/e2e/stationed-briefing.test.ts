import { ALL_UNITS, STATIONED_GROUPS, UNITS } from '@hub/demo';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { freshDatabases, type Hub, startHub } from '../support/hub.ts';
import { newStaff } from '../support/seed.ts';
import { inspectionSteps, type PreparedRound, prepareRound } from '../support/seed-inspection.ts';
import {
  AmendBriefingDocument,
  AssignUnitToStationedGroupDocument,
  InspectionBriefingGroupsDocument,
  InspectionBriefingsDocument,
  UnitInspectionFindingsDocument,
  UnitStationedGroupIdDocument,
} from '../operations/generated.ts';

/**
 * Issue 12's hole, on the demo district: a stationed group briefs (巡前通报) only on a unit it oversees
 * on the briefing date, checked through stationed's owner lookup; and a group reads an inspection's
 * findings only for a unit it oversees now — never because it briefed.
 */
const HUBIN = ALL_UNITS.find((u) => u.code === '54340499MB20400143')!;
let hub: Hub;
let round: PreparedRound;
const steps = () => inspectionSteps(hub);
const stationed = (groupId: string) => ({ as: { role: 'stationed_officer' as const, scopes: { stationedGroupIds: [groupId] } }, purpose: '派驻监督' });

beforeAll(async () => {
  hub = await startHub({ databases: await freshDatabases() }, { demo: true });
  // The three offices brief; 湖滨村 stays without a group, as in the demo.
  round = await prepareRound(hub, { unitCodes: [HUBIN.code], year: 2026, number: 9, startOn: '2026-10-05', coverUnits: false });
}, 180_000);
afterAll(() => hub?.stop());

const briefing = (stationedGroupId: string, briefedByStaffId: string) => ({
  inspectionId: round.inspections[HUBIN.code],
  body: 'STATIONED_GROUP',
  stationedGroupId,
  briefedByStaffId,
  briefedOn: '2026-10-06',
  content: '派驻组通报：湖滨村近三年监督情况',
});

it('knows 湖滨村 as a unit no stationed group oversees', async () => {
  expect(HUBIN.name).toContain('湖滨村');
  const response = await hub.query(UnitStationedGroupIdDocument, { code: HUBIN.code }, { as: { role: 'leader' } });
  expect(response.errors).toBeUndefined();
  expect(response.data?.unit?.stationedGroup).toBeNull();
});

it("refuses a stationed group's briefing on a unit it does not oversee, naming the field in Chinese then English", async () => {
  const briefer = await newStaff(hub);
  // A demo group (it oversees district departments, not 湖滨村) and the round's own group (it oversees nothing).
  for (const groupId of [STATIONED_GROUPS[0]!.id, round.stationedGroupId]) {
    const refused = await steps().step('recordBriefing', briefing(groupId, briefer));
    expect(refused.record).toBeNull();
    expect(refused.errors).toEqual([expect.objectContaining({ code: 'BAD_USER_INPUT', field: ['input', 'stationedGroupId'] })]);
    expect(refused.errors[0]!.message).toMatch(/^[^a-zA-Z]*不监督此单位.* — .*did not oversee the unit/);
  }
  // The group itself, in its own name, is refused the same way.
  const own = await inspectionSteps(hub, stationed(STATIONED_GROUPS[0]!.id).as).step('recordBriefing', briefing(STATIONED_GROUPS[0]!.id, briefer));
  expect(own.errors.map((e) => e.field)).toEqual([['input', 'stationedGroupId']]);
  const read = await hub.query(InspectionBriefingsDocument, { id: round.inspections[HUBIN.code]! }, { as: { role: 'leader' } });
  expect(read.data?.inspection?.briefings?.map((b) => b.body).sort()).toEqual(['CASE_MANAGEMENT_OFFICE', 'CONDUCT_OFFICE', 'PETITION_OFFICE']);
});

it('accepts the briefing of the group overseeing the unit on the briefing date', async () => {
  // 民政局党组 is overseen by a demo group: prepareRound gave its briefing to that group, and it was accepted.
  const other = await prepareRound(hub, { unitCodes: [UNITS.civilAffairs.code], year: 2026, number: 10, startOn: '2026-10-05' });
  const overseeing = other.briefingGroupIds[UNITS.civilAffairs.code]!;
  expect(overseeing).not.toBe(other.stationedGroupId);
  const read = await hub.query(InspectionBriefingGroupsDocument, { id: other.inspections[UNITS.civilAffairs.code]! }, { as: { role: 'leader' } });
  expect(read.data?.inspection?.briefings).toContainEqual({ body: 'STATIONED_GROUP', stationedGroupId: overseeing });

  // The unit passes to another group from 10-08: the briefing's date may be amended within the group's oversight only.
  const moved = await hub.query(
    AssignUnitToStationedGroupDocument,
    { input: { unitCode: UNITS.civilAffairs.code, groupId: STATIONED_GROUPS.find((g) => g.id !== overseeing)!.id, startOn: '2026-10-08' } },
    { as: { role: 'leader' }, purpose: '调整派驻监督' },
  );
  expect(moved.data?.assignUnitToStationedGroup?.errors).toEqual([]);
  const briefingId = (
    await hub.query(InspectionBriefingsDocument, { id: other.inspections[UNITS.civilAffairs.code]! }, { as: { role: 'leader' } })
  ).data?.inspection?.briefings?.find((b) => b.body === 'STATIONED_GROUP')?.id;
  if (!briefingId) throw new Error('no briefing of the stationed group');
  const AMEND = AmendBriefingDocument;
  const late = await hub.query(AMEND, { input: { id: briefingId, briefedOn: '2026-10-09', correctionReason: '日期录入有误' } }, { as: { role: 'leader' } });
  expect(late.data?.amendBriefing?.errors).toEqual([expect.objectContaining({ code: 'BAD_USER_INPUT', field: ['input', 'briefedOn'] })]);
  const inTime = await hub.query(AMEND, { input: { id: briefingId, briefedOn: '2026-10-07', correctionReason: '日期录入有误' } }, { as: { role: 'leader' } });
  expect(inTime.data?.amendBriefing).toEqual({ briefing: { briefedOn: '2026-10-07' }, errors: [] });
});

it('lets no stationed group read the findings of a unit it does not oversee', async () => {
  await steps().ok('advanceInspectionRound', { roundId: round.roundId, stage: 'ENTRY', on: '2026-10-12' });
  await steps().ok('recordFinding', {
    inspectionId: round.inspections[HUBIN.code],
    category: 'MASS_INTERESTS',
    description: '湖滨村低保评定优亲厚友',
    recordedOn: '2026-10-20',
  });
  const query = UnitInspectionFindingsDocument;
  const leader = await hub.query(query, { code: HUBIN.code }, { as: { role: 'leader' } });
  expect(leader.data?.unit?.inspectionFindings?.edges).toEqual([{ node: { description: '湖滨村低保评定优亲厚友' } }]);
  for (const groupId of [STATIONED_GROUPS[0]!.id, round.stationedGroupId]) {
    const response = await hub.query(query, { code: HUBIN.code }, stationed(groupId));
    expect(response.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
    expect(JSON.stringify(response.data)).not.toContain('优亲厚友');
  }
});
