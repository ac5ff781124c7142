/**
 * 综合派驻 — which group oversees which unit, when — as plain functions over coverage periods
 * [startOn, endOn) (endOn exclusive, null while current). A group's records about a unit (activities,
 * integrity-file entries, rectification notes) are made on days the group oversees the unit; coverage
 * only moves forward, and never under records the current group already made.
 */
import type { UserErrors } from '@hub/core';

export interface CoveragePeriod {
  groupId: string;
  unitCode: string;
  startOn: string;
  endOn: string | null;
}

/** The period running on `day`, if any. */
export function coverageOn<C extends { startOn: string; endOn: string | null }>(periods: readonly C[], day: string): C | undefined {
  return periods.find((p) => p.startOn <= day && (p.endOn === null || p.endOn > day));
}

/** A group's record about a unit is made on a day the group oversees it. */
export function checkOverseenOn(problems: UserErrors, history: readonly CoveragePeriod[], groupId: string, day: string): boolean {
  return problems.check(
    coverageOn(history, day)?.groupId === groupId,
    'BAD_USER_INPUT',
    ['input', 'unitCode'],
    '该组当日未监督此单位 — the group did not oversee this unit on that day',
  );
}

/**
 * Moving a unit to `groupId` from `startOn`: not to the group already overseeing it, and only after
 * every recorded period (coverage moves forward). Returns the current period, which closes that day.
 */
export function checkCoverageMove(
  problems: UserErrors,
  history: readonly CoveragePeriod[],
  move: { unitCode: string; groupId: string; startOn: string },
  field: string[],
  conflictField: string[] = field,
): CoveragePeriod | undefined {
  const open = history.find((c) => c.endOn === null);
  if (open?.groupId === move.groupId) {
    problems.add('ALREADY_EXISTS', field, `该组已在监督单位 ${move.unitCode} — the group already oversees this unit`);
    return open;
  }
  const later = history.find((c) => c.startOn >= move.startOn || (c.endOn !== null && c.endOn > move.startOn));
  if (later)
    problems.add(
      'CONFLICT',
      conflictField,
      `单位 ${move.unitCode} 在 ${later.startOn} 起已有监督记录，只能在其后调整 — coverage of this unit already runs from ${later.startOn}; changes must start later`,
    );
  return open;
}

/**
 * A coverage change from `day` must not put records the overseeing group already made on or after
 * that day under another group (or under none): `lastRecordOn` is the group's latest such record.
 */
export function checkHistoryNotRewritten(problems: UserErrors, lastRecordOn: string | null | undefined, unitCode: string, day: string, field: string[]): void {
  if (!lastRecordOn) return;
  problems.add(
    'CONFLICT',
    field,
    `原派驻纪检组对单位 ${unitCode} 的监督记录截至 ${lastRecordOn}，不能从 ${day} 起变更监督关系（请选在该日之后） — the unit's current group recorded supervision of it up to ${lastRecordOn}; a change from ${day} would rewrite that group's history (choose a later day)`,
  );
}

/** Ending a unit's current coverage: there is one, and it ends after it started. */
export function checkCoverageEnd(problems: UserErrors, open: CoveragePeriod | undefined, endOn: string): open is CoveragePeriod {
  if (!open) {
    problems.add('NOT_FOUND', ['input', 'unitCode'], '该单位当前无派驻监督 — the unit has no current coverage');
    return false;
  }
  return problems.check(
    endOn > open.startOn,
    'BAD_USER_INPUT',
    ['input', 'endOn'],
    `结束日期须晚于起始日期 ${open.startOn} — endOn must be after the period's start`,
  );
}

/** Stored coverage of one unit: periods that do not overlap (one group at a time). */
export function overlappingCoverage(history: readonly CoveragePeriod[]): [CoveragePeriod, CoveragePeriod][] {
  const sorted = [...history].sort((a, b) => a.startOn.localeCompare(b.startOn));
  const pairs: [CoveragePeriod, CoveragePeriod][] = [];
  for (let i = 1; i < sorted.length; i++) {
    const before = sorted[i - 1]!;
    if (before.endOn === null || before.endOn > sorted[i]!.startOn) pairs.push([before, sorted[i]!]);
  }
  return pairs;
}
