import { describe, expect, it } from 'vitest';
import { assignmentOverlaps, checkAssignmentOverlaps, findOverlaps, type StaffEngagement, UserErrors } from '../src/index.ts';

const e = (over: Partial<StaffEngagement> & Pick<StaffEngagement, 'kind' | 'referenceId'>): StaffEngagement => ({
  staffId: 'S1',
  inspectionTeamId: null,
  startOn: '2025-03-01',
  endOn: '2025-06-01',
  ...over,
});

describe('findOverlaps (the staff pool report)', () => {
  it('pairs engagements of one staff member that share days, within a window, and skips a loan seen as team service', () => {
    const team = e({ kind: 'INSPECTION_TEAM', referenceId: 'T1', inspectionTeamId: 'T1' });
    const loan = e({ kind: 'INSPECTION_LOAN', referenceId: 'A1', inspectionTeamId: 'T1', startOn: '2025-03-10' });
    const work = e({ kind: 'STATIONED_WORK', referenceId: 'A2', startOn: '2025-05-01', endOn: '2025-08-01' });
    const later = e({ kind: 'SPECIAL_INSPECTION', referenceId: 'X', startOn: '2025-08-01', endOn: null });
    const other = e({ kind: 'STATIONED_WORK', referenceId: 'A3', staffId: 'S2' });
    const overlaps = findOverlaps([team, loan, work, later, other]);
    expect(overlaps.map((o) => [o.first.referenceId, o.second.referenceId, o.from, o.to])).toEqual([
      ['T1', 'A2', '2025-05-01', '2025-06-01'],
      ['A1', 'A2', '2025-05-01', '2025-06-01'],
    ]);
    expect(findOverlaps([team, work], { from: '2025-05-15', to: '2025-05-20' })[0]).toMatchObject({ from: '2025-05-15', to: '2025-05-20' });
    expect(findOverlaps([team, work], { from: '2025-07-01', to: '2025-07-20' })).toEqual([]);
  });
});

describe('assignmentOverlaps and checkAssignmentOverlaps (at the time of assignment)', () => {
  const stationedWork = e({ kind: 'STATIONED_WORK', referenceId: 'A1', startOn: '2025-03-01', endOn: '2025-06-01' });
  const zone = e({ kind: 'COLLABORATION_ZONE', referenceId: 'Z', startOn: null, endOn: null });

  it('finds periods that share a day (end exclusive), ignores standing zone memberships and the same team seen from the other side', () => {
    const team = { kind: 'INSPECTION_TEAM' as const, inspectionTeamId: 'T1', startOn: '2025-05-31', endOn: '2025-09-01' };
    expect(assignmentOverlaps(team, [stationedWork, zone]).map((o) => [o.engagement.referenceId, o.from, o.to])).toEqual([['A1', '2025-05-31', '2025-06-01']]);
    expect(assignmentOverlaps({ ...team, startOn: '2025-06-01' }, [stationedWork])).toEqual([]);
    const loanToSameTeam = e({ kind: 'INSPECTION_LOAN', referenceId: 'A2', inspectionTeamId: 'T1' });
    const loanToOtherTeam = e({ kind: 'INSPECTION_LOAN', referenceId: 'A3', inspectionTeamId: 'T2' });
    expect(assignmentOverlaps({ ...team, startOn: '2025-03-01' }, [loanToSameTeam, loanToOtherTeam]).map((o) => o.engagement.referenceId)).toEqual(['A3']);
    // An open-ended special-inspection place overlaps whatever ends after it starts.
    const special = { kind: 'SPECIAL_INSPECTION' as const, inspectionTeamId: null, startOn: '2025-05-01', endOn: null };
    expect(assignmentOverlaps(special, [stationedWork])).toHaveLength(1);
    expect(assignmentOverlaps({ ...special, startOn: '2025-06-01' }, [stationedWork])).toEqual([]);
  });

  it("refuses on the staff field naming the other engagement's kind and period, unless a concurrent reason is given", () => {
    const team = { kind: 'INSPECTION_TEAM' as const, inspectionTeamId: 'T1', startOn: '2025-04-01', endOn: null };
    const refused = new UserErrors();
    expect(checkAssignmentOverlaps(refused, ['input', 'staffId'], team, [stationedWork], null)).toHaveLength(1);
    expect(refused.errors).toEqual([
      {
        code: 'CONFLICT',
        field: ['input', 'staffId'],
        message: expect.stringMatching(
          /^该人员同期另有任务：参加派驻监督工作（派驻） 2025-03-01至2025-06-01（不含）.* — .*stationed group's work \(stationed\) from 2025-03-01 to 2025-06-01 \(exclusive\)/,
        ),
      },
    ]);
    const marked = new UserErrors();
    expect(checkAssignmentOverlaps(marked, ['input', 'staffId'], team, [stationedWork], '专项工作需要')).toHaveLength(1);
    expect(marked.errors).toEqual([]);
    const none = new UserErrors();
    expect(checkAssignmentOverlaps(none, ['input', 'staffId'], { ...team, startOn: '2025-07-01' }, [stationedWork], null)).toEqual([]);
    expect(none.errors).toEqual([]);
  });
});
