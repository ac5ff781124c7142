import { UserErrors } from '@hub/core';
import { describe, expect, it } from 'vitest';
import { checkHandlingDepartment } from '../src/domain/clues.ts';
import { checkCheckDate, checkSpecialInspectionStaffing } from '../src/domain/special-inspections.ts';

/** The rules as plain functions over rows: no server, no database. */
const run = (check: (problems: UserErrors) => void) => {
  const problems = new UserErrors();
  check(problems);
  return problems.errors.map((e) => ({ code: e.code, field: e.field.join('.') }));
};

describe('clue handling departments', () => {
  it('accepts supervision offices and township commissions, refuses the petition office and the others', () => {
    expect(run((p) => checkHandlingDepartment(p, { kind: 'SUPERVISION_OFFICE' }, 'PETITION', ['h']))).toEqual([]);
    expect(run((p) => checkHandlingDepartment(p, { kind: 'TOWNSHIP_COMMISSION' }, 'PETITION', ['h']))).toEqual([]);
    for (const kind of ['PETITION_OFFICE', 'CASE_MANAGEMENT', 'CASE_TRIAL', 'CONDUCT_SUPERVISION', 'OTHER'] as const) {
      expect(run((p) => checkHandlingDepartment(p, { kind }, 'PETITION', ['h']))).toEqual([{ code: 'BAD_USER_INPUT', field: 'h' }]);
    }
  });

  it('escalates inspection transfers past township commissions', () => {
    expect(run((p) => checkHandlingDepartment(p, { kind: 'TOWNSHIP_COMMISSION' }, 'INSPECTION_TRANSFER', ['h']))).toEqual([
      { code: 'BAD_USER_INPUT', field: 'h' },
    ]);
    expect(run((p) => checkHandlingDepartment(p, { kind: 'SUPERVISION_OFFICE' }, 'INSPECTION_TRANSFER', ['h']))).toEqual([]);
  });
});

describe('special-inspection staffing', () => {
  const running = [{ staffId: 's1', specialInspectionId: 'old', startOn: '2025-04-01', endOn: null }];
  it('refuses a member on two teams, or on a team of an inspection still running, unless concurrent', () => {
    expect(run((p) => checkSpecialInspectionStaffing(p, '2025-05-01', [['s2'], ['s3']], running, new Map()))).toEqual([]);
    expect(run((p) => checkSpecialInspectionStaffing(p, '2025-05-01', [['s2', 's3'], ['s3']], [], new Map()))).toEqual([
      { code: 'CONFLICT', field: 'input.teams.0.staffIds.1' },
    ]);
    expect(run((p) => checkSpecialInspectionStaffing(p, '2025-05-01', [['s1']], running, new Map()))).toEqual([
      { code: 'CONFLICT', field: 'input.teams.0.staffIds.0' },
    ]);
    expect(run((p) => checkSpecialInspectionStaffing(p, '2025-05-01', [['s1']], running, new Map([['s1', '兼任']])))).toEqual([]);
    expect(run((p) => checkSpecialInspectionStaffing(p, '2025-05-01', [['s1']], [{ ...running[0]!, endOn: '2025-05-01' }], new Map()))).toEqual([]);
    expect(run((p) => checkSpecialInspectionStaffing(p, '2025-05-01', [['s2']], running, new Map([['s2', '兼任']])))).toEqual([
      { code: 'BAD_USER_INPUT', field: 'input.concurrent.0.staffId' },
    ]);
  });

  it("refuses a place overlapping another body's assignment (an inspection team, a deployment) unless concurrent", () => {
    const team = { staffId: 's4', kind: 'INSPECTION_TEAM' as const, referenceId: 'T', inspectionTeamId: 'T', startOn: '2025-03-01', endOn: '2025-05-02' };
    const zone = { staffId: 's4', kind: 'COLLABORATION_ZONE' as const, referenceId: 'Z', inspectionTeamId: null, startOn: null, endOn: null };
    expect(run((p) => checkSpecialInspectionStaffing(p, '2025-05-01', [['s2', 's4']], [], new Map(), [team, zone]))).toEqual([
      { code: 'CONFLICT', field: 'input.teams.0.staffIds.1' },
    ]);
    expect(run((p) => checkSpecialInspectionStaffing(p, '2025-05-01', [['s2', 's4']], [], new Map([['s4', '兼任']]), [team]))).toEqual([]);
    // Ended the day before (end exclusive), or only a standing zone membership: nothing to explain.
    expect(run((p) => checkSpecialInspectionStaffing(p, '2025-05-02', [['s4']], [], new Map(), [team, zone]))).toEqual([]);
    expect(run((p) => checkSpecialInspectionStaffing(p, '2025-05-02', [['s4']], [], new Map([['s4', '兼任']]), [team, zone]))).toEqual([
      { code: 'BAD_USER_INPUT', field: 'input.concurrent.0.staffId' },
    ]);
  });

  it('keeps checks within the inspection', () => {
    expect(run((p) => checkCheckDate(p, '2025-05-01', { startedOn: '2025-04-01', endedOn: null }, '2026-11-30'))).toEqual([]);
    expect(run((p) => checkCheckDate(p, '2025-03-01', { startedOn: '2025-04-01', endedOn: null }, '2026-11-30'))).toEqual([
      { code: 'BAD_USER_INPUT', field: 'input.checkedOn' },
    ]);
    expect(run((p) => checkCheckDate(p, '2025-08-01', { startedOn: '2025-04-01', endedOn: '2025-07-31' }, '2026-11-30'))).toEqual([
      { code: 'BAD_USER_INPUT', field: 'input.checkedOn' },
    ]);
  });
});
