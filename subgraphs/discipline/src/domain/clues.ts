/**
 * Who may handle a clue (承办主体), as a plain function over rows: a handling department must be one
 * whose work is handling clues — a 纪检监察室 or a township commission — never the petition office,
 * case management, trial or conduct offices; a clue transferred by an inspection is escalated
 * (提级办理) to a 纪检监察室, a stationed group or a collaboration zone, never a township commission.
 */
import type { UserErrors } from '@hub/core';
import type { ClueSource, DepartmentKind } from '../db/database.ts';

/** Department kinds that handle clues. */
export const CLUE_HANDLING_DEPARTMENTS: readonly DepartmentKind[] = ['SUPERVISION_OFFICE', 'TOWNSHIP_COMMISSION'];

export function checkHandlingDepartment(problems: UserErrors, department: { kind: DepartmentKind }, source: ClueSource, field: string[]): void {
  if (
    !problems.check(
      CLUE_HANDLING_DEPARTMENTS.includes(department.kind),
      'BAD_USER_INPUT',
      field,
      '该部门不承办问题线索（承办部门须为纪检监察室或乡镇纪委） — this department does not handle clues: give a supervision office or a township commission',
    )
  )
    return;
  problems.check(
    !(source === 'INSPECTION_TRANSFER' && department.kind === 'TOWNSHIP_COMMISSION'),
    'BAD_USER_INPUT',
    field,
    '巡察移交线索提级办理，不交乡镇纪委 — inspection transfers are escalated: a supervision office, stationed group or zone handles them, not a township commission',
  );
}
