import { newCommissionLeader, newPerson } from '../../../test/support/seed.ts';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLAIMS_HEADER, type Role, type ViewerScopes } from '@hub/core';
import { freshDatabases, type Hub, startHub } from '../../../test/support/hub.ts';
import { randomUnitCode, seed, seedEscalation } from '../../../test/support/seed.ts';
import { inspectionSteps, type PreparedRound, prepareRound } from '../../../test/support/seed-inspection.ts';
import { createGroup } from '../../../test/support/seed-stationed.ts';

/** Entity lookups, batching, paging and concurrent steps, on a round inspecting twelve units. */
describe('inspection entities, batching and concurrency', () => {
  let hub: Hub;
  let round: PreparedRound;
  const township = `测试镇${randomUUID().slice(0, 8)}`;
  const codes = Array.from({ length: 12 }, randomUnitCode).sort();
  const departments = codes.map(() => randomUUID());
  const transferIds: string[] = [];
  const findingIds: string[] = [];

  beforeAll(async () => {
    hub = await startHub({ databases: await freshDatabases() });
    await seed(hub).units(codes.map((code, i) => ({ code, name: `村${i}`, township })));
    for (const id of departments) await seed(hub).department(id);
    round = await prepareRound(hub, { unitCodes: codes, year: 2022, number: 3, startOn: '2022-03-01' });
    const { ok } = inspectionSteps(hub);
    await ok('advanceInspectionRound', { roundId: round.roundId, stage: 'ENTRY', on: '2022-03-10' });
    for (const [i, code] of codes.entries()) {
      const finding = await ok('recordFinding', {
        inspectionId: round.inspections[code],
        category: 'MASS_INTERESTS',
        description: `问题${i}`,
        personIds: [await newPerson(hub)],
        recordedOn: '2022-03-20',
      });
      findingIds.push(finding.id);
      const transfer = await ok('transferClue', {
        findingId: finding.id,
        transferredOn: '2022-03-25',
        receiver: { kind: 'DEPARTMENT', id: departments[i] },
        priority: true,
      });
      transferIds.push(transfer.id);
    }
  });
  afterAll(() => hub?.stop());

  /** Sends a request straight to the inspection subgraph with gateway-signed claims. */
  async function subgraph(query: string, variables: Record<string, unknown>, role: Role, scopes: Partial<ViewerScopes> = {}) {
    const body = JSON.stringify({ query, variables });
    const token = await hub.signClaims(
      {
        viewer: {
          staffId: `staff-${role}`,
          roles: [role],
          scopes: { stationedGroupIds: [], inspectionTeamIds: [], departmentIds: [], zoneIds: [], ...scopes },
        },
        purpose: '实体查询测试',
      },
      'inspection',
      body,
    );
    const response = await fetch(hub.subgraphUrls.inspection, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [CLAIMS_HEADER]: token, 'x-request-id': hub.directRequestId() },
      body,
    });
    return (await response.json()) as { data?: any; errors?: { message: string; extensions?: { code?: string } }[] };
  }

  it('costs the same number of statements for 1 unit and for 12, through every nested list', async () => {
    const query = `query($first: Int!, $township: String!) { units(first: $first, filter: { township: $township }) { edges { node { code activeInspectionTeamIds inspections { totalCount edges { node { round { name } team { members { role } } briefingComplete findings { namedPersons { id } consultations { id } clueTransfer { feedbackDueOn } } rectificationPlan { id } } } } inspectionFindings(first: 5) { totalCount edges { node { id } } } rectificationStatus { planStatus } overdueRectificationItems(asOf: "2022-12-31") { id } } } } }`;
    const statements = async (first: number) => {
      const { result: response, statements: counts } = await hub.countStatements(() => hub.query(query, { first, township }));
      expect(response.errors).toBeUndefined();
      expect(response.data.units.edges).toHaveLength(first);
      expect(response.data.units.edges[0].node.activeInspectionTeamIds).toEqual([round.teamId]);
      return counts.inspection;
    };
    const one = await statements(1);
    const twelve = await statements(12);
    expect(twelve).toBe(one);
  });

  it('resolves twelve ClueTransfer references in one statement and applies the receiver rule to each', async () => {
    const query = `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on ClueTransfer { id content receiverId } } }`;
    const reps = transferIds.map((id) => ({ __typename: 'ClueTransfer', id }));
    const { result: asOfficer, statements } = await hub.countStatements(() => subgraph(query, { reps }, 'inspection_officer'));
    expect(asOfficer.errors).toBeUndefined();
    expect(asOfficer.data._entities.map((e: { id: string }) => e.id)).toEqual(transferIds);
    // One lookup of the transfers, one of their findings; the audit records of the reads make one more;
    // and the one-time id of the gateway's claims.
    expect(statements.inspection).toBe(3 + 1);

    const asDepartment = await subgraph(query, { reps }, 'case_officer', { departmentIds: [departments[4]!] });
    expect(asDepartment.data._entities[4]).toEqual({ id: transferIds[4], content: '问题4', receiverId: departments[4] });
    expect(asDepartment.data._entities.filter((e: unknown) => e !== null)).toHaveLength(1);
    expect(asDepartment.errors?.length).toBe(11);
    expect(asDepartment.errors!.every((e) => e.extensions?.code === 'FORBIDDEN')).toBe(true);

    const asAnalyst = await subgraph(query, { reps }, 'analyst');
    expect(asAnalyst.data._entities.every((e: unknown) => e === null)).toBe(true);
    expect(JSON.stringify(asAnalyst)).not.toMatch(/问题\d/);
  });

  it('refuses RectificationItem and Person findings lookups to roles without need to know', async () => {
    const items = await subgraph(
      `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Person { inspectionFindings { edges { node { description } } } } } }`,
      { reps: [{ __typename: 'Person', id: randomUUID() }] },
      'stationed_officer',
    );
    expect(items.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const stats = await subgraph(
      `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on YearStatistics { year inspectionRounds inspectionCluesTransferred } } }`,
      {
        reps: [
          { __typename: 'YearStatistics', year: 2022 },
          { __typename: 'YearStatistics', year: 2019 },
        ],
      },
      'analyst',
    );
    expect(stats.errors).toBeUndefined();
    expect(stats.data._entities).toEqual([
      { year: 2022, inspectionRounds: 1, inspectionCluesTransferred: 12 },
      { year: 2019, inspectionRounds: 0, inspectionCluesTransferred: 0 },
    ]);
  });

  it('records how the team handled an escalated issue; the escalating group reads it, another group does not', async () => {
    const { ok, step } = inspectionSteps(hub);
    const groupId = randomUUID();
    await seed(hub).stationedGroup('派驻测试纪检组', [], '2020-01-01', null, groupId);
    const escalationId = await seedEscalation(hub, groupId, codes[0]!, round.roundId);
    const inspectionId = round.inspections[codes[0]!];
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

    const query = `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Escalation { id handling { action notes receivedOn inspection { unit { code } } } } } }`;
    const reps = [
      { __typename: 'Escalation', id: escalationId },
      { __typename: 'Escalation', id: randomUUID() },
    ];
    const asGroup = await subgraph(query, { reps }, 'stationed_officer', { stationedGroupIds: [groupId] });
    expect(asGroup.errors).toBeUndefined();
    expect(asGroup.data._entities).toEqual([
      {
        id: escalationId,
        handling: { action: 'TRANSFERRED_AS_CLUE', notes: '经核查列为问题并移交线索', receivedOn: '2022-03-12', inspection: { unit: { code: codes[0] } } },
      },
      { id: reps[1]!.id, handling: null },
    ]);
    const asOtherGroup = await subgraph(query, { reps }, 'stationed_officer', { stationedGroupIds: [randomUUID()] });
    expect(asOtherGroup.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(JSON.stringify(asOtherGroup)).not.toContain('经核查');
    const findingOfHandling = await subgraph(
      `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Escalation { handling { finding { description } } } } }`,
      { reps: reps.slice(0, 1) },
      'stationed_officer',
      { stationedGroupIds: [groupId] },
    );
    expect(findingOfHandling.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const viaInspection = await hub.query(`query($id: ID!) { inspection(id: $id) { escalationHandlings { action finding { id } } } }`, { id: inspectionId });
    expect(viaInspection.data.inspection.escalationHandlings).toEqual([{ action: 'TRANSFERRED_AS_CLUE', finding: { id: findingIds[0] } }]);
  });

  it('pages findings that share a date with cursors, and rejects a forged cursor', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 5; page++) {
      const response: any = await hub.query(
        `query($id: ID!, $after: String) { inspectionFindings(first: 5, after: $after, filter: { roundId: $id }) { totalCount edges { node { id } } pageInfo { hasNextPage endCursor } } }`,
        { id: round.roundId, after },
      );
      expect(response.errors).toBeUndefined();
      expect(response.data.inspectionFindings.totalCount).toBe(12);
      seen.push(...response.data.inspectionFindings.edges.map((e: { node: { id: string } }) => e.node.id));
      if (!response.data.inspectionFindings.pageInfo.hasNextPage) break;
      after = response.data.inspectionFindings.pageInfo.endCursor;
    }
    expect(seen).toHaveLength(12);
    expect(new Set(seen)).toEqual(new Set(findingIds));
    const forged = Buffer.from('k:2022-03-20|not-an-id', 'utf8').toString('base64url');
    const response = await hub.query(`query($after: String) { inspectionFindings(first: 5, after: $after) { totalCount } }`, { after: forged });
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
    const history = await hub.inspection.database.db.selectFrom('inspectionRoundStageChange').select('stage').where('roundId', '=', round.roundId).execute();
    expect(history.map((h) => h.stage)).toEqual(['PREPARATION', 'ENTRY', 'FACT_FINDING']);
  });

  it('approves a plan once even when two reviewers approve at the same moment', async () => {
    const { ok } = inspectionSteps(hub);
    await ok('advanceInspectionRound', { roundId: round.roundId, stage: 'REPORTING', on: '2022-04-10' });
    await ok('advanceInspectionRound', { roundId: round.roundId, stage: 'FEEDBACK', on: '2022-05-10' });
    const inspectionId = round.inspections[codes[0]!];
    await ok('holdFeedbackMeeting', {
      inspectionId,
      heldOn: '2022-05-12',
      attendees: [{ capacity: 'COMMISSION_LEADER', staffId: await newCommissionLeader(hub) }],
    });
    const plan = await ok('submitRectificationPlan', {
      inspectionId,
      submittedOn: '2022-06-01',
      summary: '整改方案',
      items: [{ description: '整改', responsiblePersonId: await newPerson(hub), deadline: '2022-09-30' }],
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
    const reviews = await hub.inspection.database.db.selectFrom('rectificationPlanReview').select('decision').where('planId', '=', plan.id).execute();
    expect(reviews).toEqual([{ decision: 'APPROVED' }]);
    // The database itself holds the rule, whatever the code does.
    await expect(
      hub.inspection.database.db
        .insertInto('rectificationPlanReview')
        .values({ planId: plan.id, decision: 'APPROVED', reviewedOn: '2022-06-06', reasons: null, reviewedBy: 'direct' })
        .execute(),
    ).rejects.toThrow(/rectification_plan_approved_once/);
  });
});

describe('the stationed group overseeing a unit (by coverage, not by who briefed)', () => {
  let hub: Hub;
  let round: PreparedRound;
  /**
   * The group stationed's coverage names for the unit now. The round's group oversaw the unit when it
   * briefed (2023-03-01: a group briefs only on a unit it oversees that day) and handed it over on 03-05.
   */
  let overseeing: string;
  const unit = randomUnitCode();
  const other = randomUnitCode();

  beforeAll(async () => {
    hub = await startHub({ databases: await freshDatabases() });
    await seed(hub).units([
      { code: unit, name: '受监督村' },
      { code: other, name: '其他村' },
    ]);
    round = await prepareRound(hub, { unitCodes: [unit], year: 2023, number: 1, startOn: '2023-03-01' });
    overseeing = await createGroup(hub, { name: '派驻第五纪检组', startOn: '2023-03-05', unitCodes: [unit] });
    const { ok } = inspectionSteps(hub);
    await ok('advanceInspectionRound', { roundId: round.roundId, stage: 'ENTRY', on: '2023-03-10' });
    await ok('recordFinding', { inspectionId: round.inspections[unit], category: 'MASS_INTERESTS', description: '低保优亲厚友', recordedOn: '2023-03-20' });
    for (const [stage, on] of [
      ['FACT_FINDING', '2023-03-15'],
      ['REPORTING', '2023-04-10'],
      ['FEEDBACK', '2023-05-10'],
    ] as const) {
      await ok('advanceInspectionRound', { roundId: round.roundId, stage, on });
    }
    await ok('holdFeedbackMeeting', {
      inspectionId: round.inspections[unit],
      heldOn: '2023-05-12',
      attendees: [{ capacity: 'COMMISSION_LEADER', staffId: await newCommissionLeader(hub) }],
    });
    const plan = await ok('submitRectificationPlan', {
      inspectionId: round.inspections[unit],
      submittedOn: '2023-06-01',
      summary: '整改方案',
      items: [{ description: '重新评定低保', responsiblePersonId: await newPerson(hub), deadline: '2023-08-31' }],
    });
    await inspectionSteps(hub, { role: 'leader' }).ok('reviewRectificationPlan', { planId: plan.id, decision: 'APPROVED', reviewedOn: '2023-06-05' });
  });
  afterAll(() => hub?.stop());

  // The group is known as the unit's overseeing group through the unit (stationed's coverage, @requires):
  // an inspection's records are reached through its unit.
  const query = `query($code: UnitCode!) {
    unit(code: $code) {
      inspectionFindings { edges { node { description } } } rectificationStatus { planStatus itemsTotal } overdueRectificationItems(asOf: "2023-09-01") { description }
      inspections { edges { node { findings { description } feedbackMeeting { reportDueOn attendees { capacity } } rectificationPlan { status reviews { decision } items { description progress { note } } } } } }
    }
  }`;

  it('lets that group supervise the findings and rectification of the unit', async () => {
    const response = await hub.query(
      query,
      { code: unit },
      { as: { role: 'stationed_officer', scopes: { stationedGroupIds: [overseeing] } }, purpose: '监督整改' },
    );
    expect(response.errors).toBeUndefined();
    expect(response.data.unit).toEqual({
      inspectionFindings: { edges: [{ node: { description: '低保优亲厚友' } }] },
      rectificationStatus: { planStatus: 'APPROVED', itemsTotal: 1 },
      overdueRectificationItems: [{ description: '重新评定低保' }],
      inspections: {
        edges: [
          {
            node: {
              findings: [{ description: '低保优亲厚友' }],
              feedbackMeeting: { reportDueOn: '2023-07-12', attendees: [{ capacity: 'COMMISSION_LEADER' }] },
              rectificationPlan: { status: 'APPROVED', reviews: [{ decision: 'APPROVED' }], items: [{ description: '重新评定低保', progress: [] }] },
            },
          },
        ],
      },
    });
  });

  it('refuses another group, and that group for other units and for cross-unit lists', async () => {
    const otherGroup = await hub.query(query, { code: unit }, { as: { role: 'stationed_officer', scopes: { stationedGroupIds: [randomUUID()] } } });
    expect(otherGroup.errors?.length).toBeGreaterThan(0);
    expect(otherGroup.errors!.every((e) => e.extensions?.code === 'FORBIDDEN')).toBe(true);
    expect(JSON.stringify(otherGroup)).not.toContain('低保');
    // The group that gave the briefing (巡前通报) while it oversaw the unit, and oversees it no more, reads nothing by it.
    expect(round.briefingGroupIds[unit]).toBe(round.stationedGroupId);
    const briefedOnly = await hub.query(query, { code: unit }, { as: { role: 'stationed_officer', scopes: { stationedGroupIds: [round.stationedGroupId] } } });
    expect(briefedOnly.errors?.length).toBeGreaterThan(0);
    expect(briefedOnly.errors!.every((e) => e.extensions?.code === 'FORBIDDEN')).toBe(true);
    expect(JSON.stringify(briefedOnly)).not.toContain('低保');
    const otherUnit = await hub.query(
      `query($code: UnitCode!) { unit(code: $code) { inspectionFindings { edges { node { id } } } } }`,
      { code: other },
      { as: { role: 'stationed_officer', scopes: { stationedGroupIds: [overseeing] } } },
    );
    expect(otherUnit.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const list = await hub.query(`{ inspectionFindings(first: 5) { totalCount } }`, undefined, {
      as: { role: 'stationed_officer', scopes: { stationedGroupIds: [overseeing] } },
    });
    expect(list.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const analyst = await hub.query(query, { code: unit }, { as: { role: 'analyst', scopes: { stationedGroupIds: [overseeing] } } });
    // A scope without the role that uses it grants nothing: the analyst reads no finding through it.
    expect(analyst.errors!.every((e) => e.extensions?.code === 'FORBIDDEN')).toBe(true);
    expect(JSON.stringify(analyst.data)).not.toContain('低保');
  });
});
