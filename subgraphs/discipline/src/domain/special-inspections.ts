/**
 * 专项检查 staffing, as plain functions over rows: one staff member on two special-inspection teams at
 * the same time (two teams of the new inspection, or a team of another inspection still running) is
 * refused unless marked concurrent with a reason, and so is a place that overlaps another body's
 * assignment of the staff member (an inspection team, a stationed deployment or loan); checks lie
 * within the inspection's period.
 */
import { assignmentOverlaps, checkAssignmentOverlaps, checkNotAfter, checkNotBefore, checkNotInFuture, type StaffEngagement, type UserErrors } from '@hub/core';

/** A service on a special-inspection team: [startOn, endOn), endOn exclusive, null while running. */
export interface SpecialService {
  staffId: string;
  specialInspectionId: string;
  startOn: string;
  endOn: string | null;
}

/**
 * The new inspection starts on `startedOn` with `teams` (staff ids per team); `running` are the
 * staff members' services on other special inspections; `concurrent` the staff marked concurrent
 * (staff id → reason); `otherBodies` the staff members' assignments as inspection and stationed record
 * them. Problems name the staff id's place in the input.
 */
export function checkSpecialInspectionStaffing(
  problems: UserErrors,
  startedOn: string,
  teams: readonly (readonly string[])[],
  running: readonly SpecialService[],
  concurrent: ReadonlyMap<string, string>,
  otherBodies: readonly StaffEngagement[] = [],
): void {
  // A place on a team of the new inspection runs from its start while the inspection runs (open-ended).
  const place = { kind: 'SPECIAL_INSPECTION' as const, inspectionTeamId: null, startOn: startedOn, endOn: null };
  const othersOf = (staffId: string) => otherBodies.filter((e) => e.staffId.toLowerCase() === staffId.toLowerCase());
  const teamsOf = new Map<string, number>();
  for (const staffIds of teams) for (const id of staffIds) teamsOf.set(id, (teamsOf.get(id) ?? 0) + 1);
  const busy = (staffId: string) => running.some((s) => s.staffId === staffId && (s.endOn === null || s.endOn > startedOn));
  const flagged = new Set<string>();
  teams.forEach((staffIds, i) =>
    staffIds.forEach((staffId, j) => {
      const twice = (teamsOf.get(staffId) ?? 0) > 1;
      if ((twice || busy(staffId)) && !concurrent.has(staffId) && !flagged.has(staffId)) {
        flagged.add(staffId);
        problems.add(
          'CONFLICT',
          ['input', 'teams', String(i), 'staffIds', String(j)],
          twice
            ? '同一人员不能同时在两个检查组，除非注明兼任理由 — the staff member is on two teams: mark them concurrent with a reason'
            : '该人员同期在另一专项检查组，须注明兼任理由 — the staff member is on a team of another special inspection still running: mark them concurrent with a reason',
        );
      }
      if (!concurrent.has(staffId) && !flagged.has(`other:${staffId}`)) {
        flagged.add(`other:${staffId}`);
        checkAssignmentOverlaps(problems, ['input', 'teams', String(i), 'staffIds', String(j)], place, othersOf(staffId), null);
      }
    }),
  );
  [...concurrent.keys()].forEach((staffId, i) =>
    problems.check(
      (teamsOf.get(staffId) ?? 0) > 1 || busy(staffId) || assignmentOverlaps(place, othersOf(staffId)).length > 0,
      'BAD_USER_INPUT',
      ['input', 'concurrent', String(i), 'staffId'],
      '该人员并无同期任务，无须兼任理由 — nothing concurrent for this staff member',
    ),
  );
}

/** 检查结果: within the inspection (not before its start, not after its end), not in the future. */
export function checkCheckDate(problems: UserErrors, checkedOn: string, inspection: { startedOn: string; endedOn: string | null }, today: string): void {
  checkNotInFuture(problems, checkedOn, ['input', 'checkedOn'], today);
  checkNotBefore(problems, checkedOn, inspection.startedOn, ['input', 'checkedOn'], { zh: '专项检查开始日期', en: 'the start of the special inspection' });
  checkNotAfter(problems, checkedOn, inspection.endedOn, ['input', 'checkedOn'], { zh: '专项检查结束日期', en: 'the end of the special inspection' });
}
