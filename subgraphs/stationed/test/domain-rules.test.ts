import { type StaffEngagement, UserErrors } from '@hub/core';
import { describe, expect, it } from 'vitest';
import {
  checkDeploymentAgainstOtherBodies,
  checkDeploymentPeriod,
  checkEarlyEnd,
  checkLentFromMember,
  checkLoanRound,
  checkOneDeploymentAtATime,
} from '../src/domain/assignments.ts';
import { checkCoverageEnd, checkCoverageMove, checkHistoryNotRewritten, checkOverseenOn, coverageOn, overlappingCoverage } from '../src/domain/coverage.ts';
import { checkMemberJoins, checkMembershipEnd, checkNewGroup, overlappingLeaders } from '../src/domain/groups.ts';
import {
  checkEscalationRound,
  checkEscalationTarget,
  checkIssueStepDate,
  checkIssueTransition,
  checkStoredIssue,
  handledResolvedOn,
} from '../src/domain/issues.ts';
import { stationedViolations } from '../src/domain/record-rules.ts';

/** The rules as plain functions over rows: no server, no database. */
const TODAY = '2026-11-30';
const run = (check: (problems: UserErrors) => void) => {
  const problems = new UserErrors();
  check(problems);
  return problems.errors.map((e) => ({ code: e.code, field: e.field.join('.') }));
};

describe('coverage (综合派驻)', () => {
  const history = [
    { groupId: 'A', unitCode: 'U', startOn: '2020-01-01', endOn: '2022-01-01' },
    { groupId: 'B', unitCode: 'U', startOn: '2022-01-01', endOn: null },
  ];
  it('finds the group overseeing a unit on a day; records are made on days the group oversees it', () => {
    expect(coverageOn(history, '2021-12-31')?.groupId).toBe('A');
    expect(coverageOn(history, '2022-01-01')?.groupId).toBe('B');
    expect(coverageOn(history, '2019-12-31')).toBeUndefined();
    expect(run((p) => checkOverseenOn(p, history, 'B', '2023-05-01'))).toEqual([]);
    expect(run((p) => checkOverseenOn(p, history, 'A', '2023-05-01'))).toEqual([{ code: 'BAD_USER_INPUT', field: 'input.unitCode' }]);
  });
  it('moves coverage only forward, never to the group already overseeing, never under recorded history', () => {
    expect(run((p) => checkCoverageMove(p, history, { unitCode: 'U', groupId: 'C', startOn: '2023-01-01' }, ['f']))).toEqual([]);
    expect(run((p) => checkCoverageMove(p, history, { unitCode: 'U', groupId: 'B', startOn: '2023-01-01' }, ['f']))).toEqual([
      { code: 'ALREADY_EXISTS', field: 'f' },
    ]);
    expect(run((p) => checkCoverageMove(p, history, { unitCode: 'U', groupId: 'C', startOn: '2021-06-01' }, ['f'], ['g']))).toEqual([
      { code: 'CONFLICT', field: 'g' },
    ]);
    expect(run((p) => checkHistoryNotRewritten(p, '2023-02-01', 'U', '2023-01-01', ['f']))).toEqual([{ code: 'CONFLICT', field: 'f' }]);
    expect(run((p) => checkHistoryNotRewritten(p, null, 'U', '2023-01-01', ['f']))).toEqual([]);
    expect(run((p) => checkCoverageEnd(p, history[1], '2022-01-01'))).toEqual([{ code: 'BAD_USER_INPUT', field: 'input.endOn' }]);
    expect(run((p) => checkCoverageEnd(p, undefined, '2022-01-01'))).toEqual([{ code: 'NOT_FOUND', field: 'input.unitCode' }]);
    expect(overlappingCoverage(history)).toEqual([]);
    expect(overlappingCoverage([...history, { groupId: 'C', unitCode: 'U', startOn: '2023-01-01', endOn: null }])).toHaveLength(1);
  });
});

describe('membership (one sitting leader)', () => {
  const members = [
    { staffId: 'l1', role: 'LEADER' as const, startOn: '2020-01-01', endOn: '2023-01-01' },
    { staffId: 'm1', role: 'MEMBER' as const, startOn: '2020-01-01', endOn: null },
  ];
  it('refuses a member listed twice, two leaders, a unit twice', () => {
    expect(
      run((p) =>
        checkNewGroup(
          p,
          [
            { staffId: 'a', role: 'LEADER' },
            { staffId: 'b', role: 'MEMBER' },
          ],
          ['U1', 'U2'],
        ),
      ),
    ).toEqual([]);
    expect(
      run((p) =>
        checkNewGroup(
          p,
          [
            { staffId: 'a', role: 'LEADER' },
            { staffId: 'a', role: 'LEADER' },
          ],
          ['U1', 'U1'],
        ),
      ),
    ).toEqual([
      { code: 'BAD_USER_INPUT', field: 'input.members' },
      { code: 'BAD_USER_INPUT', field: 'input.members' },
      { code: 'BAD_USER_INPUT', field: 'input.unitCodes' },
    ]);
  });
  it('lets a leader join only when no leader sits then; a member joins once; a membership ends after it starts', () => {
    expect(run((p) => checkMemberJoins(p, members, { staffId: 'l2', role: 'LEADER', startOn: '2022-06-01' }))).toEqual([
      { code: 'CONFLICT', field: 'input.role' },
    ]);
    expect(run((p) => checkMemberJoins(p, members, { staffId: 'l2', role: 'LEADER', startOn: '2023-01-01' }))).toEqual([]);
    expect(run((p) => checkMemberJoins(p, members, { staffId: 'm1', role: 'MEMBER', startOn: '2024-01-01' }))).toEqual([
      { code: 'ALREADY_EXISTS', field: 'input.staffId' },
    ]);
    expect(run((p) => checkMembershipEnd(p, members[1], '2020-01-01'))).toEqual([{ code: 'BAD_USER_INPUT', field: 'input.endOn' }]);
    expect(run((p) => checkMembershipEnd(p, undefined, '2024-01-01'))).toEqual([{ code: 'NOT_FOUND', field: 'input.staffId' }]);
    expect(overlappingLeaders(members)).toEqual([]);
    expect(overlappingLeaders([...members, { staffId: 'l2', role: 'LEADER', startOn: '2022-12-31', endOn: null }])).toHaveLength(1);
  });
});

describe('issues: OPEN → ESCALATED → RESOLVED', () => {
  it('allows only forward moves', () => {
    expect(run((p) => checkIssueTransition(p, 'OPEN', 'ESCALATED'))).toEqual([]);
    expect(run((p) => checkIssueTransition(p, 'OPEN', 'RESOLVED'))).toEqual([]);
    expect(run((p) => checkIssueTransition(p, 'ESCALATED', 'RESOLVED'))).toEqual([]);
    expect(run((p) => checkIssueTransition(p, 'ESCALATED', 'ESCALATED'))).toEqual([{ code: 'INVALID_TRANSITION', field: 'input.issueId' }]);
    expect(run((p) => checkIssueTransition(p, 'RESOLVED', 'RESOLVED'))).toEqual([{ code: 'INVALID_TRANSITION', field: 'input.issueId' }]);
    expect(run((p) => checkIssueTransition(p, 'RESOLVED', 'ESCALATED'))).toEqual([{ code: 'INVALID_TRANSITION', field: 'input.issueId' }]);
  });
  it('dates each step not in the future and not before the issue was found', () => {
    expect(run((p) => checkIssueStepDate(p, '2025-03-02', '2025-03-01', 'resolvedOn', TODAY))).toEqual([]);
    expect(run((p) => checkIssueStepDate(p, '2025-02-28', '2025-03-01', 'escalatedOn', TODAY))).toEqual([
      { code: 'BAD_USER_INPUT', field: 'input.escalatedOn' },
    ]);
    expect(run((p) => checkIssueStepDate(p, '2031-01-01', '2025-03-01', 'resolvedOn', TODAY))).toEqual([{ code: 'BAD_USER_INPUT', field: 'input.resolvedOn' }]);
    expect(handledResolvedOn('2025-02-01', '2025-03-01')).toBe('2025-03-01');
    expect(handledResolvedOn('2025-04-01', '2025-03-01')).toBe('2025-04-01');
  });
  it('escalates to a named round or team whose round has not ended', () => {
    expect(run((p) => checkEscalationTarget(p, { inspectionRoundId: null, inspectionTeamId: null }))).toEqual([
      { code: 'BAD_USER_INPUT', field: 'input.inspectionTeamId' },
    ]);
    expect(run((p) => checkEscalationRound(p, '2025-05-01', { roundId: 'R', roundEndOn: '2025-06-30' }, { id: 'R', endOn: '2025-06-30' }))).toEqual([]);
    expect(run((p) => checkEscalationRound(p, '2025-05-01', { roundId: 'R', roundEndOn: '2025-04-30' }, { id: 'Q', endOn: null }))).toEqual([
      { code: 'CONFLICT', field: 'input.inspectionTeamId' },
      { code: 'INVALID_TRANSITION', field: 'input.inspectionTeamId' },
    ]);
  });
  it('finds stored issues whose state disagrees with their record', () => {
    expect(run((p) => checkStoredIssue(p, { status: 'RESOLVED', foundOn: '2025-03-01', resolvedOn: null }, null, TODAY))).toEqual([
      { code: 'BAD_USER_INPUT', field: 'input.resolvedOn' },
    ]);
    expect(run((p) => checkStoredIssue(p, { status: 'ESCALATED', foundOn: '2025-03-01', resolvedOn: null }, null, TODAY))).toEqual([
      { code: 'INVALID_TRANSITION', field: 'input.status' },
    ]);
    expect(run((p) => checkStoredIssue(p, { status: 'ESCALATED', foundOn: '2025-03-01', resolvedOn: null }, '2025-03-05', TODAY))).toEqual([]);
  });
});

describe('deployments', () => {
  const work = { kind: 'STATIONED_WORK' as const, inspectionTeamId: null, startOn: '2025-03-01', endOn: '2025-06-01' };
  const engagement = (over: Partial<StaffEngagement>): StaffEngagement => ({
    staffId: 's',
    kind: 'INSPECTION_TEAM',
    referenceId: 'T',
    inspectionTeamId: 'T',
    startOn: '2025-05-01',
    endOn: '2025-09-01',
    ...over,
  });
  it('checks the period, one deployment at a time, the lending group and the round of a loan, an early end', () => {
    expect(run((p) => checkDeploymentPeriod(p, { startOn: '2025-03-01', endOn: '2025-03-01' }))).toEqual([{ code: 'BAD_USER_INPUT', field: 'input.endOn' }]);
    expect(run((p) => checkOneDeploymentAtATime(p, { kind: 'INSPECTION_TEAM', startOn: '2025-01-01', endOn: '2025-04-01' }))).toEqual([
      { code: 'CONFLICT', field: 'input.startOn' },
    ]);
    expect(run((p) => checkOneDeploymentAtATime(p, undefined))).toEqual([]);
    const memberships = [{ groupId: 'G', startOn: '2024-01-01', endOn: '2025-03-01' }];
    expect(run((p) => checkLentFromMember(p, memberships, 'G', '2025-02-28'))).toEqual([]);
    expect(run((p) => checkLentFromMember(p, memberships, 'G', '2025-03-01'))).toEqual([{ code: 'BAD_USER_INPUT', field: 'input.fromGroupId' }]);
    expect(run((p) => checkLoanRound(p, '2025-03-01', '2025-03-01'))).toEqual([{ code: 'INVALID_TRANSITION', field: 'input.inspectionTeamId' }]);
    expect(run((p) => checkLoanRound(p, null, '2025-03-01'))).toEqual([]);
    expect(run((p) => checkEarlyEnd(p, work, '2025-04-01'))).toEqual([]);
    expect(run((p) => checkEarlyEnd(p, work, '2025-06-01'))).toEqual([{ code: 'BAD_USER_INPUT', field: 'input.endOn' }]);
  });
  it("refuses a deployment overlapping another body's assignment unless concurrent; a loan to the team one serves on is the same", () => {
    expect(run((p) => checkDeploymentAgainstOtherBodies(p, work, [engagement({})], null))).toEqual([{ code: 'CONFLICT', field: 'input.staffId' }]);
    expect(run((p) => checkDeploymentAgainstOtherBodies(p, work, [engagement({})], '兼任'))).toEqual([]);
    const special = engagement({ kind: 'SPECIAL_INSPECTION', referenceId: 'X', inspectionTeamId: null, startOn: '2025-01-01', endOn: null });
    expect(run((p) => checkDeploymentAgainstOtherBodies(p, work, [special], null))).toEqual([{ code: 'CONFLICT', field: 'input.staffId' }]);
    const loan = { ...work, kind: 'INSPECTION_TEAM' as const, inspectionTeamId: 'T' };
    expect(run((p) => checkDeploymentAgainstOtherBodies(p, loan, [engagement({})], null))).toEqual([]);
    expect(run((p) => checkDeploymentAgainstOtherBodies(p, loan, [engagement({})], '兼任'))).toEqual([{ code: 'BAD_USER_INPUT', field: 'input.concurrent' }]);
  });
});

describe('stored records (npm run check-rules)', () => {
  it('names a record made while the group did not oversee the unit, two sitting leaders, two deployments at once', () => {
    const facts = {
      groups: [{ id: 'G', name: '派驻第一纪检组', createdAt: new Date(), voidedAt: null }],
      coverage: [{ groupId: 'G', unitCode: 'U', startOn: '2020-01-01', endOn: null }],
      members: [
        { groupId: 'G', staffId: 'a', role: 'LEADER', startOn: '2020-01-01', endOn: null },
        { groupId: 'G', staffId: 'b', role: 'LEADER', startOn: '2021-01-01', endOn: null },
      ],
      activities: [
        {
          id: 'act-ok',
          groupId: 'G',
          unitCode: 'U',
          kind: 'SUPERVISION_CHECK',
          heldOn: '2021-01-01',
          notes: '',
          recordedBy: 'a',
          createdAt: new Date(),
          voidedAt: null,
        },
        {
          id: 'act-early',
          groupId: 'G',
          unitCode: 'U',
          kind: 'SUPERVISION_CHECK',
          heldOn: '2019-01-01',
          notes: '',
          recordedBy: 'a',
          createdAt: new Date(),
          voidedAt: null,
        },
      ],
      issues: [],
      escalations: [],
      entries: [],
      notes: [],
      assignments: [
        {
          id: 'd1',
          staffId: 's',
          kind: 'STATIONED_WORK',
          groupId: 'G',
          inspectionTeamId: null,
          startOn: '2021-01-01',
          endOn: '2021-06-01',
          note: null,
          concurrentReason: null,
          recordedBy: 'a',
          createdAt: new Date(),
          voidedAt: null,
        },
        {
          id: 'd2',
          staffId: 's',
          kind: 'STATIONED_WORK',
          groupId: 'G',
          inspectionTeamId: null,
          startOn: '2021-05-01',
          endOn: '2021-09-01',
          note: null,
          concurrentReason: null,
          recordedBy: 'a',
          createdAt: new Date(),
          voidedAt: null,
        },
      ],
    };
    const found = stationedViolations(facts as never, TODAY).map((v) => `${v.record} ${v.id} ${v.field}`);
    expect(found).toEqual(['StationedGroup G members', 'SupervisionActivity act-early unitCode', 'StaffAssignment d2 startOn']);
  });
});
