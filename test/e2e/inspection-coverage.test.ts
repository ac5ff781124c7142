import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabases, type Hub, startHub } from '../support/hub.ts';
import { newCommissionLeader, newPerson, randomUnitCode, seed } from '../support/seed.ts';
import { inspectionSteps, type PreparedRound, prepareRound } from '../support/seed-inspection.ts';
import { createGroup } from '../support/seed-stationed.ts';

// Crosses subgraphs: the group overseeing a unit is stationed's coverage, which the gateway hands to
// inspection's unit fields through @requires (moved here from subgraphs/inspection/test).
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
