import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SubgraphHarness, startSubgraph } from '../../../test/support/subgraph.ts';
import { randomUnitCode, seed, seedInspectionTeam } from '../../../test/support/seed.ts';
import { createGroup, mutateOk, querySubgraph, recordActivity } from '../../../test/support/seed-stationed.ts';
import {
  EscalateSupervisionIssueDocument,
  EscalationCountDocument,
  EscalationEntitiesDocument,
  EscalationsDocument,
  ResolveEscalatedIssueDocument,
  UnitEscalationCountDocument,
  UnitEscalationOutcomesDocument,
  UnitOpenIssuesAndEscalationsDocument,
} from './operations/generated.ts';

const officerOf = (groupId: string) => ({ as: { role: 'stationed_officer' as const, scopes: { stationedGroupIds: [groupId] } }, purpose: '日常监督' });

describe('escalation: an issue found → escalated to inspection → handled', () => {
  let hub: SubgraphHarness<'stationed'>;
  const unit = randomUnitCode();
  const otherUnit = randomUnitCode();
  let team: string;
  let roundId: string;
  let group: string;
  let otherGroup: string;

  beforeAll(async () => {
    hub = await startSubgraph('stationed');
    ({ teamId: team, roundId } = await seedInspectionTeam(hub));
    await seed(hub).units([{ code: unit, name: '区住建局' }, { code: otherUnit }]);
    group = await createGroup(hub, { name: '派驻第三纪检组', startOn: '2022-01-01', unitCodes: [unit] });
    otherGroup = await createGroup(hub, { name: '派驻第四纪检组', startOn: '2022-01-01', unitCodes: [otherUnit] });
  });
  afterAll(() => hub?.stop());

  it('follows the issue from daily supervision to inspection and back to resolution', async () => {
    // Found in a supervision check.
    const { issueIds } = await recordActivity(hub, {
      groupId: group,
      unitCode: unit,
      kind: 'SUPERVISION_CHECK',
      heldOn: '2024-03-01',
      notes: '检查工程招投标',
      issues: [{ description: '工程项目化整为零规避招标' }],
    });
    const issueId = issueIds[0]!;

    // Refusals first: no target, a date before it was found; nothing changes.
    const noTarget = await hub.query(
      EscalateSupervisionIssueDocument,
      { input: { issueId, reason: '多次督促未整改', escalatedOn: '2024-05-01' } },
      officerOf(group),
    );
    expect(noTarget.data?.escalateSupervisionIssue?.errors).toEqual([
      expect.objectContaining({ code: 'BAD_USER_INPUT', field: ['input', 'inspectionTeamId'] }),
    ]);
    const early = await hub.query(
      EscalateSupervisionIssueDocument,
      { input: { issueId, reason: '多次督促未整改', escalatedOn: '2024-02-01', inspectionTeamId: team } },
      officerOf(group),
    );
    expect(early.data?.escalateSupervisionIssue?.errors).toEqual([expect.objectContaining({ code: 'BAD_USER_INPUT', field: ['input', 'escalatedOn'] })]);
    const byOther = await hub.query(
      EscalateSupervisionIssueDocument,
      { input: { issueId, reason: '越权', escalatedOn: '2024-05-01', inspectionTeamId: team } },
      officerOf(otherGroup),
    );
    expect(byOther.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    // Escalated to the inspection team of round 9.
    const escalated = await mutateOk(
      hub,
      'escalateSupervisionIssue',
      EscalateSupervisionIssueDocument,
      { input: { issueId, reason: '日常监督多次督促未整改，涉及领导干部', escalatedOn: '2024-05-01', inspectionRoundId: roundId, inspectionTeamId: team } },
      officerOf(group),
    );
    expect(escalated.escalation).toMatchObject({
      summary: '工程项目化整为零规避招标',
      escalatedOn: '2024-05-01',
      inspectionTeamId: team,
      issue: { status: 'ESCALATED' },
    });
    const escalationId = escalated.escalation?.id;
    if (!escalationId) throw new Error('escalateSupervisionIssue: no escalation');
    const twice = await hub.query(
      EscalateSupervisionIssueDocument,
      { input: { issueId, reason: '再次', escalatedOn: '2024-05-02', inspectionTeamId: team } },
      officerOf(group),
    );
    expect(twice.data?.escalateSupervisionIssue?.errors).toEqual([expect.objectContaining({ code: 'INVALID_TRANSITION', field: ['input', 'issueId'] })]);

    // The unit shows it as an open (escalated) issue and an escalation.
    const unitView = await hub.query(UnitOpenIssuesAndEscalationsDocument, { r: [{ __typename: 'Unit', code: unit }] }, officerOf(group));
    expect(unitView.data?.unit[0]).toEqual({
      openSupervisionIssues: { edges: [{ node: { status: 'ESCALATED' } }] },
      stationedEscalations: { edges: [{ node: { id: escalationId, inspectionRoundId: roundId } }] },
    });

    // Inspection resolves the entity to add how it handled it: the team it was handed to may read it, through the gateway and through _entities.
    const inspector = { role: 'inspection_officer' as const, scopes: { inspectionTeamIds: [team] } };
    const list = await hub.query(EscalationsDocument, {}, { as: inspector });
    expect(list.data?.escalations).toEqual({
      totalCount: 1,
      edges: [{ node: { id: escalationId, summary: '工程项目化整为零规避招标', issue: { status: 'ESCALATED' } } }],
    });
    const entity = await querySubgraph(hub, 'stationed', EscalationEntitiesDocument, { r: [{ __typename: 'Escalation', id: escalationId }] }, inspector);
    expect(entity.errors).toBeUndefined();
    expect(entity.data?._entities).toEqual([
      {
        id: escalationId,
        summary: '工程项目化整为零规避招标',
        reason: '日常监督多次督促未整改，涉及领导干部',
        inspectionTeamId: team,
        issue: { description: '工程项目化整为零规避招标', status: 'ESCALATED' },
      },
    ]);

    // Handled: after the inspection team pushed it, the group records the resolution.
    const handled = await mutateOk(
      hub,
      'resolveSupervisionIssue',
      ResolveEscalatedIssueDocument,
      { input: { issueId, resolvedOn: '2024-08-20', resolution: '巡察组督促整改，已重新招标并追责' } },
      officerOf(group),
    );
    expect(handled.issue).toEqual({
      status: 'RESOLVED',
      resolvedOn: '2024-08-20',
      resolution: '巡察组督促整改，已重新招标并追责',
      escalation: { id: escalationId },
    });
    const after = await hub.query(UnitEscalationOutcomesDocument, { r: [{ __typename: 'Unit', code: unit }] }, { as: { role: 'leader' } });
    expect(after.data?.unit[0]).toEqual({
      openSupervisionIssues: { edges: [] },
      stationedEscalations: { edges: [{ node: { issue: { status: 'RESOLVED', resolution: '巡察组督促整改，已重新招标并追责' } } }] },
    });

    // Every step is in the audit log.
    const writes = await hub.database.db
      .selectFrom('auditLog')
      .select(['action', 'recordType'])
      .where('recordId', 'in', [issueId, escalationId])
      .where('action', '<>', 'READ')
      .orderBy('id')
      .execute();
    expect(writes).toEqual([
      { action: 'CREATE', recordType: 'SupervisionIssue' },
      { action: 'CREATE', recordType: 'Escalation' },
      { action: 'UPDATE', recordType: 'SupervisionIssue' },
      { action: 'UPDATE', recordType: 'SupervisionIssue' },
    ]);
  });

  it('refuses an escalation to another group, another inspection team and analysts, on every path', async () => {
    const { issueIds } = await recordActivity(hub, {
      groupId: group,
      unitCode: unit,
      kind: 'ADMONISHMENT_TALK',
      heldOn: '2024-06-01',
      notes: '约谈',
      issues: [{ description: '干部违规经商办企业线索' }],
    });
    const { escalation } = await mutateOk(
      hub,
      'escalateSupervisionIssue',
      EscalateSupervisionIssueDocument,
      { input: { issueId: issueIds[0]!, reason: '需巡察深入了解', escalatedOn: '2024-06-02', inspectionTeamId: team } },
      officerOf(group),
    );
    const representation = { r: [{ __typename: 'Escalation', id: escalation?.id }] };
    for (const caller of [
      { role: 'stationed_officer' as const, scopes: { stationedGroupIds: [otherGroup] } },
      { role: 'inspection_officer' as const, scopes: { inspectionTeamIds: ['another-team'] } },
      { role: 'analyst' as const },
    ]) {
      const entity = await querySubgraph(hub, 'stationed', EscalationEntitiesDocument, representation, caller);
      expect(entity.errors?.[0]?.extensions?.code, JSON.stringify(caller)).toBe('FORBIDDEN');
      expect(JSON.stringify(entity)).not.toContain('违规经商');
    }
    const foreignList = await hub.query(EscalationCountDocument, {}, officerOf(otherGroup));
    expect(foreignList.data?.escalations?.totalCount).toBe(0);
    const foreignUnit = await hub.query(UnitEscalationCountDocument, { r: [{ __typename: 'Unit', code: unit }] }, officerOf(otherGroup));
    expect(foreignUnit.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    // A representation that names no escalation (or not a uuid) resolves to null, never to an SQL error.
    const unknown = await querySubgraph(
      hub,
      'stationed',
      EscalationEntitiesDocument,
      {
        r: [
          { __typename: 'Escalation', id: 'not-a-uuid' },
          { __typename: 'Escalation', id: crypto.randomUUID() },
        ],
      },
      { role: 'leader' },
    );
    expect(unknown).toEqual({ data: { _entities: [null, null] } });
  });
});
