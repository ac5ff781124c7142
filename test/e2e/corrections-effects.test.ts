import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALLOWANCE_INSPECTION, demoId, STAFF, STATIONED_GROUPS, UNITS } from '@hub/demo';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { nodes } from '../support/connections.ts';
import { freshDatabases, type Hub, startHub } from '../support/hub.ts';
import {
  AssignUnitCoverageDocument,
  AssignUnitToStationedGroupDocument,
  CreateStationedGroupDocument,
  EndSpecialInspectionDocument,
  EndStationedCoverageDocument,
  GroupCoverageHistoriesDocument,
  PetitionVoidStateDocument,
  Petitions2020Document,
  RecordSpecialInspectionCheckDocument,
  RemoveInspectionTeamMemberDocument,
  type RemoveInspectionTeamMemberInput,
  Sanctions2020Document,
  StartSpecialInspectionDocument,
  StatisticsTotalsDocument,
  UnitPetitionSummaryDocument,
  UnitStationedGroupIdDocument,
  VoidPetitionDocument,
  VoidSanctionDocument,
  VoidSpecialInspectionCheckDocument,
  VoidSupervisionActivityDocument,
} from '../operations/generated.ts';

/** What corrections do to the rest of the graph: statistics, coverage history, team membership, special inspections. */
let hub: Hub;
beforeAll(async () => {
  hub = await startHub({ databases: await freshDatabases() }, { demo: true });
});
afterAll(async () => {
  await hub?.stop();
});

async function ok<Data, Variables extends Record<string, unknown>>(
  query: TypedDocumentNode<Data, Variables>,
  variables: Variables,
  as: Parameters<Hub['query']>[2] = { as: { role: 'leader' } },
) {
  const response = await hub.query(query, variables, as);
  expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
  if (!response.data) throw new Error('no data');
  return response.data;
}

/** Voids one record (one document per kind of record), with the reason. */
const voidRecord = <Data>(document: TypedDocumentNode<Data, { input: { id: string; reason: string } }>, id: string) =>
  ok(document, { input: { id, reason: '登记错误' } });

const STATS = StatisticsTotalsDocument;
const stats = async () => {
  const statistics = (await ok(STATS, { year: 2020 })).statistics;
  if (!statistics) throw new Error('no statistics');
  return statistics;
};

describe('voided records leave statistics and unit counts', () => {
  it('moves statistics(2020) back for a voided sanction, petition, special-inspection check and supervision activity', async () => {
    const before = await stats();
    const sanctions = nodes((await ok(Sanctions2020Document, {})).sanctions);
    const perPerson = new Map<string, number>();
    for (const s of sanctions) perPerson.set(s.person?.id ?? '', (perPerson.get(s.person?.id ?? '') ?? 0) + 1);
    const sanction = sanctions.find((s) => s.person !== null && perPerson.get(s.person.id) === 1);
    expect(sanction, 'a person sanctioned once in 2020').toBeDefined();
    if (!sanction) throw new Error('no sanction to void');
    expect((await voidRecord(VoidSanctionDocument, sanction.id)).voidSanction?.errors).toEqual([]);

    const petition = nodes((await ok(Petitions2020Document, {})).petitions)[0];
    if (!petition?.subjectUnitCode) throw new Error('no petition of 2020 with a unit');
    const unitBefore = (await ok(UnitPetitionSummaryDocument, { code: petition.subjectUnitCode })).unit?.petitionSummary ?? [];
    expect((await voidRecord(VoidPetitionDocument, petition.id)).voidPetition?.errors).toEqual([]);

    const check = ALLOWANCE_INSPECTION.checks.find((c) => c.fundsReturned !== '0.00')!;
    expect((await voidRecord(VoidSpecialInspectionCheckDocument, check.id)).voidSpecialInspectionCheck?.errors).toEqual([]);
    const activity = demoId('supervision-activity', '2020-1');
    expect((await voidRecord(VoidSupervisionActivityDocument, activity)).voidSupervisionActivity?.errors).toEqual([]);

    const after = await stats();
    expect(after.personsSanctioned).toBe(before.personsSanctioned - 1);
    const countOf = (rows: { type: string; count: number }[]) => rows.find((r) => r.type === sanction.type)?.count ?? 0;
    expect(countOf(after.sanctionsByType)).toBe(countOf(before.sanctionsByType) - 1);
    expect(after.petitionsReceived).toBe(before.petitionsReceived - 1);
    expect(Number(after.specialInspectionFundsReturned)).toBeCloseTo(Number(before.specialInspectionFundsReturned) - Number(check.fundsReturned), 2);
    expect(after.supervisionActivities).toBe(before.supervisionActivities - 1);

    const unitAfter = (await ok(UnitPetitionSummaryDocument, { code: petition.subjectUnitCode })).unit?.petitionSummary ?? [];
    const in2020 = (rows: { year: number; count: number }[]) => rows.filter((r) => r.year === 2020).reduce((n, r) => n + r.count, 0);
    expect(in2020(unitAfter)).toBe(in2020(unitBefore) - 1);

    // The voided records stay readable, marked voided.
    const still = await ok(PetitionVoidStateDocument, { id: petition.id }, { as: { role: 'petition_officer' } });
    expect(still.petition).toEqual({ id: petition.id, voided: true, voidReason: '登记错误', revisions: [{ kind: 'VOID', reason: '登记错误' }] });
  });
});

describe("stationed coverage is ended or moved without rewriting another group's history", () => {
  const unitCode = UNITS.civilAffairs.code;
  const [first, second] = STATIONED_GROUPS;

  it('refuses a backdated takeover over records the overseeing group already made, in each mutation that moves coverage', async () => {
    const created = await ok(CreateStationedGroupDocument, {
      input: { name: '派驻第七纪检组', startOn: '2021-01-01', members: [], unitCodes: [unitCode] },
    });
    expect(created.createStationedGroup?.group).toBeNull();
    expect(created.createStationedGroup?.errors).toEqual([
      { code: 'CONFLICT', field: ['input', 'unitCodes', '0'], message: expect.stringContaining('rewrite') },
    ]);
    const moved = await ok(AssignUnitToStationedGroupDocument, {
      input: { unitCode, groupId: second!.id, startOn: '2021-01-01' },
    });
    expect(moved.assignUnitToStationedGroup?.errors).toEqual([{ code: 'CONFLICT', field: ['input', 'startOn'] }]);
    const ended = await ok(EndStationedCoverageDocument, {
      input: { unitCode, endOn: '2024-01-01' },
    });
    expect(ended.endStationedCoverage?.errors).toEqual([{ code: 'CONFLICT', field: ['input', 'endOn'] }]);
    // Nothing changed: the first group still oversees the unit and keeps its records.
    const unit = await ok(UnitStationedGroupIdDocument, { code: unitCode });
    expect(unit.unit?.stationedGroup?.id).toBe(first!.id);
  });

  it("moves the unit from a day after the group's last record, keeping both periods as history", async () => {
    const moved = await ok(AssignUnitCoverageDocument, { input: { unitCode, groupId: second!.id, startOn: '2026-01-01' } });
    expect(moved.assignUnitToStationedGroup).toEqual({ coverage: { group: { id: second!.id }, startOn: '2026-01-01', endOn: null }, errors: [] });
    const history = nodes((await ok(GroupCoverageHistoriesDocument, {})).stationedGroups).flatMap((g) =>
      (g.coverageHistory ?? []).filter((c) => c.unit?.code === unitCode).map((c) => ({ group: g.id, startOn: c.startOn, endOn: c.endOn })),
    );
    expect(history).toEqual(
      expect.arrayContaining([
        { group: first!.id, startOn: '2019-03-01', endOn: '2026-01-01' },
        { group: second!.id, startOn: '2026-01-01', endOn: null },
      ]),
    );
  });
});

describe('team members and special inspections', () => {
  const teamId = demoId('inspection-team', '2020-9-1');
  const staffId = STAFF.find((s) => s.homeBody === 'OTHER')!.id;
  const remove = (input: RemoveInspectionTeamMemberInput, as: Parameters<Hub['query']>[2] = { as: { role: 'inspection_officer' } }) =>
    hub.query(RemoveInspectionTeamMemberDocument, { input }, as);

  it('removes a team member on a day, keeping the membership as history, and refuses what does not fit', async () => {
    expect(
      (await remove({ teamId, staffId, removedOn: '2020-10-01', reason: '调回原单位' }, { as: { role: 'case_manager' } })).errors?.[0]?.extensions?.code,
    ).toBe('FORBIDDEN');
    expect((await remove({ teamId, staffId, removedOn: '2020-08-01', reason: '调回原单位' })).data?.removeInspectionTeamMember?.errors).toEqual([
      { code: 'BAD_USER_INPUT', field: ['input', 'removedOn'] },
    ]);
    expect(
      (await remove({ teamId, staffId: crypto.randomUUID(), removedOn: '2020-10-01', reason: '调回原单位' })).data?.removeInspectionTeamMember?.errors,
    ).toEqual([{ code: 'NOT_FOUND', field: ['input', 'staffId'] }]);
    const removed = (await remove({ teamId, staffId, removedOn: '2020-10-01', reason: '调回原单位' })).data?.removeInspectionTeamMember;
    expect(removed?.errors).toEqual([]);
    expect(removed?.team?.members?.map((m) => m.staffId)).not.toContain(staffId);
    expect(removed?.team?.formerMembers).toEqual([{ staffId, removedOn: '2020-10-01', removalReason: '调回原单位', endOn: '2020-10-01' }]);
    expect((await remove({ teamId, staffId, removedOn: '2020-10-02', reason: '再次调出' })).data?.removeInspectionTeamMember?.errors).toEqual([
      { code: 'INVALID_TRANSITION', field: ['input', 'staffId'] },
    ]);
  });

  it('ends a running special inspection not before its last check, once', async () => {
    const started = await ok(StartSpecialInspectionDocument, {
      input: { theme: '违规发放福利专项检查', startedOn: '2025-03-01', teams: [{ name: '第一检查组', staffIds: [STAFF[0]!.id] }] },
    });
    const id = started.startSpecialInspection?.specialInspection?.id;
    if (!id) throw new Error('startSpecialInspection: no special inspection');
    await ok(RecordSpecialInspectionCheckDocument, {
      input: { specialInspectionId: id, unitCode: UNITS.education.code, checkedOn: '2025-04-10', problemsFound: 1, fundsReturned: '1000.00' },
    });
    const end = (endedOn: string, as: Parameters<Hub['query']>[2] = { as: { role: 'conduct_officer' } }) =>
      hub.query(EndSpecialInspectionDocument, { input: { specialInspectionId: id, endedOn } }, as);
    expect((await end('2025-05-01', { as: { role: 'case_officer' } })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await end('2025-04-01')).data?.endSpecialInspection?.errors).toEqual([{ code: 'BAD_USER_INPUT', field: ['input', 'endedOn'] }]);
    expect((await end('2025-05-01')).data?.endSpecialInspection).toEqual({ specialInspection: { endedOn: '2025-05-01' }, errors: [] });
    expect((await end('2025-05-02')).data?.endSpecialInspection?.errors).toEqual([{ code: 'INVALID_TRANSITION', field: ['input', 'specialInspectionId'] }]);
  });
});
