import { UserErrors } from '@hub/core';
import { describe, expect, it } from 'vitest';
import { checkFindingDate, checkTransferDate } from '../src/domain/findings.ts';
import { checkFollowUp as checkFollowUpRecord, checkPlanSubmission, checkProgressDate } from '../src/domain/rectification.ts';
import { checkConcurrentService, concurrentServices, needsHomeUnit, recusalGrounds, type RegistryUnit } from '../src/domain/recusal.ts';
import { checkBriefingDate, checkBriefingGroupOversees, checkEntry, checkFollowUp, checkRoundDates, checkStageMove } from '../src/domain/round.ts';

/** The rules as plain functions over rows: no server, no database. */
const TODAY = '2026-11-30';
const run = (check: (problems: UserErrors) => void) => {
  const problems = new UserErrors();
  check(problems);
  return problems.errors.map((e) => ({ code: e.code, field: e.field.join('.') }));
};

describe('round dates and stage moves', () => {
  it('keeps a round inside its year and its start not in the future', () => {
    expect(run((p) => checkRoundDates(p, { year: 2021, startOn: '2021-03-01', endOn: '2021-06-30' }, TODAY))).toEqual([]);
    expect(run((p) => checkRoundDates(p, { year: 2021, startOn: '2023-03-01', endOn: '2023-06-30' }, TODAY))).toEqual([
      { code: 'BAD_USER_INPUT', field: 'input.startOn' },
      { code: 'BAD_USER_INPUT', field: 'input.endOn' },
    ]);
    expect(run((p) => checkRoundDates(p, { year: 2027, startOn: '2027-01-04', endOn: null }, TODAY))).toEqual([
      { code: 'BAD_USER_INPUT', field: 'input.startOn' },
    ]);
    expect(run((p) => checkRoundDates(p, { year: 2021, startOn: '2021-06-01', endOn: '2021-03-01' }, TODAY))).toEqual([
      { code: 'BAD_USER_INPUT', field: 'input.endOn' },
    ]);
  });

  it('moves one stage forward, on a day neither in the future nor before the previous stage', () => {
    expect(run((p) => checkStageMove(p, { from: 'PREPARATION', to: 'ENTRY', on: '2021-03-10', previousEnteredOn: '2021-03-01' }, TODAY))).toEqual([]);
    expect(run((p) => checkStageMove(p, { from: 'PREPARATION', to: 'FACT_FINDING', on: '2021-03-10', previousEnteredOn: '2021-03-01' }, TODAY))).toEqual([
      { code: 'INVALID_TRANSITION', field: 'input.stage' },
    ]);
    expect(run((p) => checkStageMove(p, { from: 'ENTRY', to: 'FACT_FINDING', on: '2030-01-01', previousEnteredOn: '2021-03-01' }, TODAY))).toEqual([
      { code: 'BAD_USER_INPUT', field: 'input.on' },
    ]);
    expect(run((p) => checkStageMove(p, { from: 'ENTRY', to: 'FACT_FINDING', on: '2021-02-01', previousEnteredOn: '2021-03-01' }, TODAY))).toEqual([
      { code: 'BAD_USER_INPUT', field: 'input.on' },
    ]);
  });

  it('enters only when teams are complete and every briefing came first', () => {
    const units = [{ inspectionId: 'i1', unitCode: 'U1', teamId: 't1' }];
    const teams = new Map([['t1', { leaders: 1, members: 5 }]]);
    const briefed = (on: string) =>
      (['PETITION_OFFICE', 'CONDUCT_OFFICE', 'CASE_MANAGEMENT_OFFICE'] as const).map((body) => ({ inspectionId: 'i1', body, briefedOn: on }));
    expect(run((p) => checkEntry(p, '2021-03-10', units, teams, briefed('2021-03-05')))).toEqual([]);
    expect(run((p) => checkEntry(p, '2021-03-10', units, teams, briefed('2021-03-12')))).toEqual([{ code: 'BAD_USER_INPUT', field: 'input.on' }]);
    expect(run((p) => checkEntry(p, '2021-03-10', units, new Map([['t1', { leaders: 0, members: 4 }]]), briefed('2021-03-05')))).toHaveLength(2);
    expect(run((p) => checkEntry(p, '2021-03-10', units, teams, briefed('2021-03-05').slice(1)))).toEqual([
      { code: 'INVALID_TRANSITION', field: 'input.stage' },
    ]);
  });

  it('enters 回头看 only when each unit has an approved plan or a recorded reason', () => {
    const units = [
      { inspectionId: 'a', unitCode: 'A', teamId: 't' },
      { inspectionId: 'b', unitCode: 'B', teamId: 't' },
    ];
    expect(run((p) => checkFollowUp(p, units, new Set(['a']), []))).toEqual([{ code: 'INVALID_TRANSITION', field: 'input.withoutApprovedPlan' }]);
    expect(run((p) => checkFollowUp(p, units, new Set(['a']), [{ inspectionId: 'b', reason: '逾期未报' }]))).toEqual([]);
    expect(run((p) => checkFollowUp(p, units, new Set(['a', 'b']), [{ inspectionId: 'b', reason: 'x' }]))).toEqual([
      { code: 'BAD_USER_INPUT', field: 'input.withoutApprovedPlan.0.inspectionId' },
    ]);
    expect(run((p) => checkFollowUp(p, units, new Set(['a', 'b']), [{ inspectionId: 'z', reason: 'x' }]))).toEqual([
      { code: 'NOT_FOUND', field: 'input.withoutApprovedPlan.0.inspectionId' },
    ]);
  });

  it('dates a briefing within preparation', () => {
    const round = { preparationStartedOn: '2021-03-01', entryOn: '2021-03-10' };
    expect(run((p) => checkBriefingDate(p, '2021-03-05', round, TODAY))).toEqual([]);
    expect(run((p) => checkBriefingDate(p, '2020-01-06', round, TODAY))).toEqual([{ code: 'BAD_USER_INPUT', field: 'input.briefedOn' }]);
    expect(run((p) => checkBriefingDate(p, '2021-03-11', round, TODAY))).toEqual([{ code: 'BAD_USER_INPUT', field: 'input.briefedOn' }]);
  });

  it('lets a stationed group brief only on a unit it oversees on the briefing date', () => {
    const coverage = [
      { unitCode: 'A', startOn: '2020-01-01', endOn: '2021-03-05' },
      { unitCode: 'B', startOn: '2021-03-05', endOn: null },
    ];
    expect(run((p) => checkBriefingGroupOversees(p, coverage, 'A', '2021-03-04'))).toEqual([]);
    expect(run((p) => checkBriefingGroupOversees(p, coverage, 'B', '2021-03-05'))).toEqual([]);
    // The period's end is exclusive; a day before the start is outside; another unit is never covered.
    expect(run((p) => checkBriefingGroupOversees(p, coverage, 'A', '2021-03-05'))).toEqual([{ code: 'BAD_USER_INPUT', field: 'input.stationedGroupId' }]);
    expect(run((p) => checkBriefingGroupOversees(p, coverage, 'B', '2021-03-04'))).toEqual([{ code: 'BAD_USER_INPUT', field: 'input.stationedGroupId' }]);
    expect(run((p) => checkBriefingGroupOversees(p, coverage, 'C', '2021-03-04'))).toEqual([{ code: 'BAD_USER_INPUT', field: 'input.stationedGroupId' }]);
    expect(run((p) => checkBriefingGroupOversees(p, [], 'A', '2021-03-04'))).toEqual([{ code: 'BAD_USER_INPUT', field: 'input.stationedGroupId' }]);
  });
});

describe('findings and rectification', () => {
  it('keeps findings within the inspection and transfers after their consultation', () => {
    expect(run((p) => checkFindingDate(p, '2021-03-20', { entryOn: '2021-03-10', feedbackOn: null }, TODAY))).toEqual([]);
    expect(run((p) => checkFindingDate(p, '2031-03-21', { entryOn: '2021-03-10', feedbackOn: null }, TODAY))).toEqual([
      { code: 'BAD_USER_INPUT', field: 'input.recordedOn' },
    ]);
    expect(run((p) => checkFindingDate(p, '2021-06-01', { entryOn: '2021-03-10', feedbackOn: '2021-05-01' }, TODAY))).toEqual([
      { code: 'BAD_USER_INPUT', field: 'input.recordedOn' },
    ]);
    expect(run((p) => checkTransferDate(p, '2021-04-01', { recordedOn: '2021-03-20', latestConsultationOn: '2021-04-05' }, TODAY))).toEqual([
      { code: 'BAD_USER_INPUT', field: 'input.transferredOn' },
    ]);
  });

  it('resubmits after return, reports progress after approval, concludes 回头看 from the plan', () => {
    expect(run((p) => checkPlanSubmission(p, '2021-06-05', { meetingOn: '2021-05-12', returnedOn: '2021-06-10' }, ['2021-06-01'], TODAY))).toEqual([
      { code: 'BAD_USER_INPUT', field: 'input.submittedOn' },
      { code: 'BAD_USER_INPUT', field: 'input.items.0.deadline' },
    ]);
    expect(run((p) => checkProgressDate(p, '2021-06-20', { approvedOn: '2021-06-28', previousReportOn: null }, TODAY))).toEqual([
      { code: 'BAD_USER_INPUT', field: 'input.reportedOn' },
    ]);
    expect(run((p) => checkProgressDate(p, '2021-07-01', { approvedOn: '2021-06-28', previousReportOn: '2021-07-02' }, TODAY))).toEqual([
      { code: 'BAD_USER_INPUT', field: 'input.reportedOn' },
    ]);
    const state = { followUpOn: '2021-10-01', planApproved: false, withoutPlanReason: '逾期未报', openItems: 0 };
    expect(run((p) => checkFollowUpRecord(p, { conductedOn: '2021-10-10', conclusion: 'NOT_RECTIFIED' }, state, TODAY))).toEqual([]);
    expect(run((p) => checkFollowUpRecord(p, { conductedOn: '2021-10-10', conclusion: 'PARTIALLY_RECTIFIED' }, state, TODAY))).toEqual([
      { code: 'CONFLICT', field: 'input.conclusion' },
    ]);
    expect(
      run((p) => checkFollowUpRecord(p, { conductedOn: '2021-10-10', conclusion: 'NOT_RECTIFIED' }, { ...state, withoutPlanReason: null }, TODAY)),
    ).toEqual([{ code: 'INVALID_TRANSITION', field: 'input.inspectionId' }]);
    expect(
      run((p) => checkFollowUpRecord(p, { conductedOn: '2021-09-01', conclusion: 'RECTIFIED' }, { ...state, planApproved: true, openItems: 1 }, TODAY)),
    ).toEqual([
      { code: 'BAD_USER_INPUT', field: 'input.conductedOn' },
      { code: 'CONFLICT', field: 'input.conclusion' },
    ]);
  });
});

describe('recusal', () => {
  // district → 东湖镇 (township) → 双桥村 (village) → 双桥村三组; 西湖镇 → 柳营村; 财政局 at district level.
  const units: RegistryUnit[] = [
    { code: 'DONGHU', parentCode: null, township: '东湖镇' },
    { code: 'SHUANGQIAO', parentCode: 'DONGHU', township: '东湖镇' },
    { code: 'GROUP3', parentCode: 'SHUANGQIAO', township: '东湖镇' },
    { code: 'DONGHU_SCHOOL', parentCode: null, township: '东湖镇' },
    { code: 'LIUYING', parentCode: null, township: '西湖镇' },
    { code: 'FINANCE', parentCode: null, township: null },
  ];
  const registry = new Map(units.map((u) => [u.code, u]));
  const member = (homeUnitCode: string | null, closeRelativeUnitCodes: string[] = []) => ({
    homeBodyKind: 'OTHER_UNIT' as const,
    homeUnitCode,
    closeRelativeUnitCodes,
  });

  it('finds the unit itself, its parent, its sub-units at any depth and the township', () => {
    expect(recusalGrounds(member('DONGHU'), 'DONGHU', registry)).toEqual(['WORKS_IN_UNIT']);
    expect(recusalGrounds(member('DONGHU'), 'GROUP3', registry)).toEqual(['SUB_UNIT_OF_HOME_UNIT', 'SAME_TOWNSHIP']);
    expect(recusalGrounds(member('SHUANGQIAO'), 'DONGHU', registry)).toEqual(['PARENT_OF_HOME_UNIT', 'SAME_TOWNSHIP']);
    expect(recusalGrounds(member('SHUANGQIAO'), 'DONGHU_SCHOOL', registry)).toEqual(['SAME_TOWNSHIP']);
    expect(recusalGrounds(member('DONGHU'), 'LIUYING', registry)).toEqual([]);
    expect(recusalGrounds(member('FINANCE'), 'LIUYING', registry)).toEqual([]);
  });

  it('finds declared close relatives, and nothing without a home unit', () => {
    expect(recusalGrounds(member(null, ['FINANCE']), 'FINANCE', registry)).toEqual(['CLOSE_RELATIVE']);
    expect(recusalGrounds(member(null), 'FINANCE', registry)).toEqual([]);
    expect(needsHomeUnit('OTHER_UNIT') && needsHomeUnit('TOWNSHIP_COMMISSION')).toBe(true);
    expect(needsHomeUnit('INSPECTION_OFFICE')).toBe(false);
  });

  it('sees services that run at the same time, open ends included', () => {
    const service = { teamId: 'new', startOn: '2025-05-01', endOn: '2025-09-01' };
    expect(concurrentServices(service, [{ teamId: 'a', startOn: '2025-03-01', endOn: '2025-07-01' }]).map((s) => s.teamId)).toEqual(['a']);
    expect(concurrentServices(service, [{ teamId: 'b', startOn: '2025-01-01', endOn: '2025-05-01' }])).toEqual([]);
    expect(concurrentServices(service, [{ teamId: 'c', startOn: '2024-01-01', endOn: null }]).map((s) => s.teamId)).toEqual(['c']);
    expect(concurrentServices(service, [{ teamId: 'new', startOn: '2025-05-01', endOn: null }])).toEqual([]);
  });

  it("refuses service overlapping another body's assignment unless concurrent; a loan to this team is the same service", () => {
    const service = { teamId: 'T', startOn: '2025-05-01', endOn: '2025-09-01' };
    const engagement = (
      kind: 'STATIONED_WORK' | 'INSPECTION_LOAN' | 'SPECIAL_INSPECTION' | 'COLLABORATION_ZONE',
      teamId: string | null,
      startOn: string,
      endOn: string | null,
    ) => ({
      staffId: 's',
      kind,
      referenceId: `${kind}-${startOn}`,
      inspectionTeamId: teamId,
      startOn,
      endOn,
    });
    const work = engagement('STATIONED_WORK', null, '2025-08-01', '2025-12-01');
    expect(run((p) => checkConcurrentService(p, service, [], [work], null))).toEqual([{ code: 'CONFLICT', field: 'input.staffId' }]);
    expect(run((p) => checkConcurrentService(p, service, [], [work], '兼任'))).toEqual([]);
    const special = engagement('SPECIAL_INSPECTION', null, '2025-04-01', null);
    expect(run((p) => checkConcurrentService(p, service, [], [special], null))).toEqual([{ code: 'CONFLICT', field: 'input.staffId' }]);
    const sameTeamLoan = engagement('INSPECTION_LOAN', 'T', '2025-05-01', '2025-09-01');
    const zone = engagement('COLLABORATION_ZONE', null, '2024-01-01', null);
    const after = engagement('STATIONED_WORK', null, '2025-09-01', '2025-12-01');
    expect(run((p) => checkConcurrentService(p, service, [], [sameTeamLoan, zone, after], null))).toEqual([]);
    expect(run((p) => checkConcurrentService(p, service, [], [sameTeamLoan, zone, after], '兼任'))).toEqual([
      { code: 'BAD_USER_INPUT', field: 'input.concurrent' },
    ]);
    // Another team of this body and another body's work: both named on the staff field; one reason covers both.
    const otherTeam = { teamId: 'U', startOn: '2025-03-01', endOn: null };
    expect(run((p) => checkConcurrentService(p, service, [otherTeam], [work], null))).toEqual([
      { code: 'CONFLICT', field: 'input.staffId' },
      { code: 'CONFLICT', field: 'input.staffId' },
    ]);
    expect(run((p) => checkConcurrentService(p, service, [otherTeam], [work], '兼任'))).toEqual([]);
  });
});
