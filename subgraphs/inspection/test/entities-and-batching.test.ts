import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role, ViewerScopes } from '@hub/core';
import type { GraphQLResponse } from '../../../test/support/hub.ts';
import { startSubgraph } from '../../../test/support/subgraph.ts';
import { randomUnitCode, seed } from '../../../test/support/seed.ts';
import {
  ClueTransferEntitiesDocument,
  EscalationHandlingEntitiesDocument,
  EscalationHandlingFindingEntitiesDocument,
  FindingsCountDocument,
  InspectionEscalationHandlingsDocument,
  PersonFindingsEntitiesDocument,
  RoundFindingsPageDocument,
  type RoundFindingsPageQuery,
  UnitsNestedDocument,
  YearStatisticsEntitiesDocument,
} from './operations/generated.ts';
import { type Inspection, inspectionSteps, newCommissionLeader, newPerson, type PreparedRound, prepareRound } from './steps.ts';

/**
 * Entity lookups, batching, paging and concurrent steps, on a round inspecting twelve units — on
 * inspection alone (the staff, persons, departments, group and escalation named are other bodies'
 * records, answered by the reference-check stand-in). How stationed's coverage reaches the unit's
 * fields through the gateway is in test/e2e/inspection-coverage.test.ts.
 */
describe('inspection entities, batching and concurrency', () => {
  let hub: Inspection;
  let round: PreparedRound;
  const township = `测试镇${randomUUID().slice(0, 8)}`;
  const codes = Array.from({ length: 12 }, randomUnitCode).sort();
  const departments = codes.map(() => randomUUID());
  const transferIds: string[] = [];
  const findingIds: string[] = [];

  beforeAll(async () => {
    hub = await startSubgraph('inspection');
    await seed(hub).units(codes.map((code, i) => ({ code, name: `村${i}`, township })));
    for (const id of departments) await seed(hub).department(id);
    round = await prepareRound(hub, { unitCodes: codes, year: 2022, number: 3, startOn: '2022-03-01' });
    const { ok } = inspectionSteps(hub);
    await ok('advanceInspectionRound', { roundId: round.roundId, stage: 'ENTRY', on: '2022-03-10' });
    for (const [i, code] of codes.entries()) {
      const finding = await ok('recordFinding', {
        inspectionId: round.inspections[code]!,
        category: 'MASS_INTERESTS',
        description: `问题${i}`,
        personIds: [newPerson(hub)],
        recordedOn: '2022-03-20',
      });
      findingIds.push(finding.id);
      const transfer = await ok('transferClue', {
        findingId: finding.id,
        transferredOn: '2022-03-25',
        receiver: { kind: 'DEPARTMENT', id: departments[i]! },
        priority: true,
      });
      transferIds.push(transfer.id);
    }
  });
  afterAll(() => hub?.stop());

  /** Sent as a role with scopes, as the gateway's claims carry them. */
  const as = (role: Role, scopes: Partial<ViewerScopes> = {}) => ({ as: { role, scopes }, purpose: '实体查询测试' });

  it('costs the same number of statements for 1 unit and for 12, through every nested list', async () => {
    const statements = async (first: number) => {
      const { result: response, statements: counts } = await hub.countStatements(() => hub.query(UnitsNestedDocument, { first, township }));
      expect(response.errors).toBeUndefined();
      expect(response.data?.units.edges).toHaveLength(first);
      expect(response.data?.units.edges[0]?.node.activeInspectionTeamIds).toEqual([round.teamId]);
      return counts.inspection;
    };
    const one = await statements(1);
    const twelve = await statements(12);
    expect(twelve).toBe(one);
  });

  it('resolves twelve ClueTransfer references in one statement and applies the receiver rule to each', async () => {
    const reps = transferIds.map((id) => ({ __typename: 'ClueTransfer', id }));
    const { result: asOfficer, statements } = await hub.countStatements(() => hub.query(ClueTransferEntitiesDocument, { reps }, as('inspection_officer')));
    expect(asOfficer.errors).toBeUndefined();
    expect(asOfficer.data?._entities.map((e) => (e && 'id' in e ? e.id : null))).toEqual(transferIds);
    // One lookup of the transfers, one of their findings; the audit records of the reads make one more,
    // which also records the one-time id of the gateway's claims.
    expect(statements.inspection).toBe(3);

    const asDepartment = await hub.query(ClueTransferEntitiesDocument, { reps }, as('case_officer', { departmentIds: [departments[4]!] }));
    expect(asDepartment.data?._entities[4]).toEqual({ id: transferIds[4], content: '问题4', receiverId: departments[4] });
    expect(asDepartment.data?._entities.filter((e) => e !== null)).toHaveLength(1);
    expect(asDepartment.errors?.length).toBe(11);
    expect(asDepartment.errors!.every((e) => e.extensions?.code === 'FORBIDDEN')).toBe(true);

    const asAnalyst = await hub.query(ClueTransferEntitiesDocument, { reps }, as('analyst'));
    expect(asAnalyst.data?._entities.every((e) => e === null)).toBe(true);
    expect(JSON.stringify(asAnalyst)).not.toMatch(/问题\d/);
  });

  it('refuses RectificationItem and Person findings lookups to roles without need to know', async () => {
    const items = await hub.query(PersonFindingsEntitiesDocument, { reps: [{ __typename: 'Person', id: randomUUID() }] }, as('stationed_officer'));
    expect(items.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const stats = await hub.query(
      YearStatisticsEntitiesDocument,
      {
        reps: [
          { __typename: 'YearStatistics', year: 2022 },
          { __typename: 'YearStatistics', year: 2019 },
        ],
      },
      as('analyst'),
    );
    expect(stats.errors).toBeUndefined();
    expect(stats.data?._entities).toEqual([
      { year: 2022, inspectionRounds: 1, inspectionCluesTransferred: 12 },
      { year: 2019, inspectionRounds: 0, inspectionCluesTransferred: 0 },
    ]);
  });

  it('records how the team handled an escalated issue; the escalating group reads it, another group does not', async () => {
    const { ok, step } = inspectionSteps(hub);
    const groupId = randomUUID();
    const escalationId = randomUUID();
    // The group and its escalation of an issue in the unit to the round are stationed's records, as its lookup answers them.
    await seed(hub).stationedGroup('派驻测试纪检组', [], '2020-01-01', null, groupId);
    hub.references.add('escalation', { id: escalationId, groupId, unitCode: codes[0]!, inspectionTeamId: null, status: 'OPEN' });
    const inspectionId = round.inspections[codes[0]!]!;
    const noFinding = await step('recordEscalationHandling', {
      escalationId,
      stationedGroupId: groupId,
      inspectionId,
      receivedOn: '2022-03-12',
      action: 'TRANSFERRED_AS_CLUE',
      notes: '移交',
    });
    expect(noFinding.errors).toEqual([expect.objectContaining({ code: 'BAD_USER_INPUT', field: ['input', 'findingId'] })]);
    const otherInspection = await step('recordEscalationHandling', {
      escalationId,
      stationedGroupId: groupId,
      inspectionId,
      receivedOn: '2022-03-12',
      action: 'RECORDED_AS_FINDING',
      findingId: findingIds[1],
      notes: '列为问题',
    });
    expect(otherInspection.errors[0]).toMatchObject({ code: 'NOT_FOUND', field: ['input', 'findingId'] });
    await ok('recordEscalationHandling', {
      escalationId,
      stationedGroupId: groupId,
      inspectionId,
      receivedOn: '2022-03-12',
      action: 'TRANSFERRED_AS_CLUE',
      findingId: findingIds[0],
      notes: '经核查列为问题并移交线索',
    });
    const twice = await step('recordEscalationHandling', {
      escalationId,
      stationedGroupId: groupId,
      inspectionId,
      receivedOn: '2022-03-13',
      action: 'NOT_SUBSTANTIATED',
      notes: '重复',
    });
    expect(twice.errors[0]).toMatchObject({ code: 'ALREADY_EXISTS' });

    const reps = [
      { __typename: 'Escalation', id: escalationId },
      { __typename: 'Escalation', id: randomUUID() },
    ];
    const asGroup = await hub.query(EscalationHandlingEntitiesDocument, { reps }, as('stationed_officer', { stationedGroupIds: [groupId] }));
    expect(asGroup.errors).toBeUndefined();
    expect(asGroup.data?._entities).toEqual([
      {
        id: escalationId,
        handling: { action: 'TRANSFERRED_AS_CLUE', notes: '经核查列为问题并移交线索', receivedOn: '2022-03-12', inspection: { unit: { code: codes[0] } } },
      },
      { id: reps[1]!.id, handling: null },
    ]);
    const asOtherGroup = await hub.query(EscalationHandlingEntitiesDocument, { reps }, as('stationed_officer', { stationedGroupIds: [randomUUID()] }));
    expect(asOtherGroup.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(JSON.stringify(asOtherGroup)).not.toContain('经核查');
    const findingOfHandling = await hub.query(
      EscalationHandlingFindingEntitiesDocument,
      { reps: reps.slice(0, 1) },
      as('stationed_officer', { stationedGroupIds: [groupId] }),
    );
    expect(findingOfHandling.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const viaInspection = await hub.query(InspectionEscalationHandlingsDocument, { id: inspectionId });
    expect(viaInspection.data?.inspection?.escalationHandlings).toEqual([{ action: 'TRANSFERRED_AS_CLUE', finding: { id: findingIds[0] } }]);
  });

  it('pages findings that share a date with cursors, and rejects a forged cursor', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 5; page++) {
      const response: GraphQLResponse<RoundFindingsPageQuery> = await hub.query(RoundFindingsPageDocument, { id: round.roundId, after });
      expect(response.errors).toBeUndefined();
      const findings = response.data!.inspectionFindings!;
      expect(findings.totalCount).toBe(12);
      seen.push(...findings.edges.map((e) => e.node!.id));
      if (!findings.pageInfo.hasNextPage) break;
      after = findings.pageInfo.endCursor;
    }
    expect(seen).toHaveLength(12);
    expect(new Set(seen)).toEqual(new Set(findingIds));
    const forged = Buffer.from('k:2022-03-20|not-an-id', 'utf8').toString('base64url');
    const response = await hub.query(FindingsCountDocument, { first: 5, after: forged });
    expect(response.errors?.[0]).toMatchObject({
      message: '参数 after 不是本列表给出的游标 — after is not a cursor returned by this connection',
      extensions: { code: 'BAD_USER_INPUT' },
    });
  });

  it('lets only one of two simultaneous stage changes through', async () => {
    const { step } = inspectionSteps(hub);
    const results = await Promise.all([
      step('advanceInspectionRound', { roundId: round.roundId, stage: 'FACT_FINDING', on: '2022-03-28' }),
      step('advanceInspectionRound', { roundId: round.roundId, stage: 'FACT_FINDING', on: '2022-03-29' }),
    ]);
    expect(results.filter((r) => r.errors.length === 0)).toHaveLength(1);
    expect(results.flatMap((r) => r.errors).map((e) => e.code)).toEqual(['INVALID_TRANSITION']);
    const history = await hub.database.db.selectFrom('inspectionRoundStageChange').select('stage').where('roundId', '=', round.roundId).execute();
    expect(history.map((h) => h.stage)).toEqual(['PREPARATION', 'ENTRY', 'FACT_FINDING']);
  });

  it('approves a plan once even when two reviewers approve at the same moment', async () => {
    const { ok } = inspectionSteps(hub);
    await ok('advanceInspectionRound', { roundId: round.roundId, stage: 'REPORTING', on: '2022-04-10' });
    await ok('advanceInspectionRound', { roundId: round.roundId, stage: 'FEEDBACK', on: '2022-05-10' });
    const inspectionId = round.inspections[codes[0]!]!;
    await ok('holdFeedbackMeeting', {
      inspectionId,
      heldOn: '2022-05-12',
      attendees: [{ capacity: 'COMMISSION_LEADER', staffId: newCommissionLeader(hub) }],
    });
    const plan = await ok('submitRectificationPlan', {
      inspectionId,
      submittedOn: '2022-06-01',
      summary: '整改方案',
      items: [{ description: '整改', responsiblePersonId: newPerson(hub), deadline: '2022-09-30' }],
    });
    // Plans are reviewed by the commission (DESIGN §6): the conduct office and case management at once.
    const conduct = inspectionSteps(hub, { role: 'conduct_officer' });
    const caseManagement = inspectionSteps(hub, { role: 'case_manager' });
    const results = await Promise.all([
      conduct.step('reviewRectificationPlan', { planId: plan.id, decision: 'APPROVED', reviewedOn: '2022-06-05' }),
      caseManagement.step('reviewRectificationPlan', { planId: plan.id, decision: 'APPROVED', reviewedOn: '2022-06-05' }),
    ]);
    expect(results.filter((r) => r.errors.length === 0)).toHaveLength(1);
    expect(results.flatMap((r) => r.errors).map((e) => e.code)).toEqual(['INVALID_TRANSITION']);
    const reviews = await hub.database.db.selectFrom('rectificationPlanReview').select('decision').where('planId', '=', plan.id).execute();
    expect(reviews).toEqual([{ decision: 'APPROVED' }]);
    // The database itself holds the rule, whatever the code does.
    await expect(
      hub.database.db
        .insertInto('rectificationPlanReview')
        .values({ planId: plan.id, decision: 'APPROVED', reviewedOn: '2022-06-06', reasons: null, reviewedBy: 'direct' })
        .execute(),
    ).rejects.toThrow(/rectification_plan_approved_once/);
  });
});
