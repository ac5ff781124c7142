import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SubgraphHarness, startSubgraph } from '../../../test/support/subgraph.ts';
import { EscalateSupervisionIssueDocument, ResolveSupervisionIssueDocument, StationedYearStatisticsDocument } from './operations/generated.ts';
import { randomUnitCode, seed, seedInspectionTeam } from '../../../test/support/seed.ts';
import { createGroup, mutateOk, recordActivity } from '../../../test/support/seed-stationed.ts';

describe('stationed part of YearStatistics', () => {
  let hub: SubgraphHarness<'stationed'>;

  beforeAll(async () => {
    hub = await startSubgraph('stationed');
    const unit = randomUnitCode();
    await seed(hub).units([{ code: unit }]);
    const groupId = await createGroup(hub, { name: '派驻第十纪检组', startOn: '2022-01-01', unitCodes: [unit] });
    const officer = { as: { role: 'stationed_officer' as const, scopes: { stationedGroupIds: [groupId] } } };
    const a = await recordActivity(hub, {
      groupId,
      unitCode: unit,
      kind: 'SUPERVISION_CHECK',
      heldOn: '2023-11-01',
      notes: '检查',
      issues: [{ description: '问题一' }, { description: '问题二' }],
    });
    await recordActivity(hub, { groupId, unitCode: unit, kind: 'HEART_TO_HEART_TALK', heldOn: '2024-01-10', notes: '谈话' });
    await recordActivity(hub, { groupId, unitCode: unit, kind: 'HEART_TO_HEART_TALK', heldOn: '2024-02-10', notes: '谈话' });
    const c = await recordActivity(hub, {
      groupId,
      unitCode: unit,
      kind: 'ADMONISHMENT_TALK',
      heldOn: '2024-03-10',
      notes: '约谈',
      issues: [{ description: '问题三' }],
    });
    // Found in 2023, resolved in 2024; another found in 2023 escalated in 2024; one found and resolved in 2024.
    await mutateOk(
      hub,
      'resolveSupervisionIssue',
      ResolveSupervisionIssueDocument,
      { input: { issueId: a.issueIds[0]!, resolvedOn: '2024-01-05', resolution: '已整改' } },
      officer,
    );
    await mutateOk(
      hub,
      'escalateSupervisionIssue',
      EscalateSupervisionIssueDocument,
      { input: { issueId: a.issueIds[1]!, reason: '推动不力', escalatedOn: '2024-02-01', inspectionTeamId: (await seedInspectionTeam(hub)).teamId } },
      officer,
    );
    await mutateOk(
      hub,
      'resolveSupervisionIssue',
      ResolveSupervisionIssueDocument,
      { input: { issueId: c.issueIds[0]!, resolvedOn: '2024-04-01', resolution: '已整改' } },
      officer,
    );
  });
  afterAll(() => hub?.stop());

  it('counts activities by kind, issues found and resolved, and escalations per year, in one statement per count', async () => {
    const { result: response, statements } = await hub.countStatements(() =>
      hub.query(
        StationedYearStatisticsDocument,
        { r: [2023, 2024, 2025].map((year) => ({ __typename: 'YearStatistics', year })) },
        { as: { role: 'analyst' } },
      ),
    );
    expect(response.errors).toBeUndefined();
    expect(response.data?._entities).toEqual([
      {
        year: 2023,
        supervisionActivities: 1,
        supervisionActivitiesByKind: [{ kind: 'SUPERVISION_CHECK', count: 1 }],
        supervisionIssuesFound: 2,
        supervisionIssuesResolved: 0,
        stationedEscalations: 0,
      },
      {
        year: 2024,
        supervisionActivities: 3,
        supervisionActivitiesByKind: [
          { kind: 'ADMONISHMENT_TALK', count: 1 },
          { kind: 'HEART_TO_HEART_TALK', count: 2 },
        ],
        supervisionIssuesFound: 1,
        supervisionIssuesResolved: 2,
        stationedEscalations: 1,
      },
      {
        year: 2025,
        supervisionActivities: 0,
        supervisionActivitiesByKind: [],
        supervisionIssuesFound: 0,
        supervisionIssuesResolved: 0,
        stationedEscalations: 0,
      },
    ]);
    // One statement per count, and the one-time id of the gateway's claims.
    expect(statements.stationed).toBe(4 + 1);
  });

  it("gives the aggregates to every role, like the other subgraphs' parts of the statistics, and nothing for a nonsense year", async () => {
    const aggregate = await hub.query(
      StationedYearStatisticsDocument,
      { r: [{ __typename: 'YearStatistics', year: 2024 }] },
      { as: { role: 'petition_officer' } },
    );
    expect(aggregate.errors).toBeUndefined();
    expect(aggregate.data?._entities[0]).toMatchObject({ year: 2024 });
    const nonsense = await hub.query(StationedYearStatisticsDocument, { r: [{ __typename: 'YearStatistics', year: 'MMXXIV' }] }, { as: { role: 'leader' } });
    expect(nonsense).toEqual({ data: { _entities: [null] } });
  });
});
