/**
 * 人员调配 — deployments of staff (to a stationed group's work, or lent to an inspection team), as
 * plain functions over rows: a period that ends after it starts; one deployment at a time; no overlap
 * with another body's assignment (an inspection team, a special-inspection team) unless the deployment
 * is marked concurrent with a reason; an early end that falls inside the planned period.
 */
import { checkAssignmentOverlaps, type StaffEngagement, type UserErrors } from '@hub/core';

/** A deployment's period [startOn, endOn), endOn exclusive. */
export interface DeploymentPeriod {
  startOn: string;
  endOn: string;
}

export function checkDeploymentPeriod(problems: UserErrors, period: DeploymentPeriod): boolean {
  return problems.check(period.endOn > period.startOn, 'BAD_USER_INPUT', ['input', 'endOn'], '结束日期须晚于起始日期 — endOn must be after startOn');
}

/** One deployment at a time: `existing` is the staff member's deployment overlapping the new one, if any. */
export function checkOneDeploymentAtATime(
  problems: UserErrors,
  existing: { kind: 'STATIONED_WORK' | 'INSPECTION_TEAM'; startOn: string; endOn: string } | undefined,
): void {
  if (!existing) return;
  const what = existing.kind === 'INSPECTION_TEAM' ? '巡察任务' : '派驻工作';
  problems.add(
    'CONFLICT',
    ['input', 'startOn'],
    `该人员 ${existing.startOn} 至 ${existing.endOn} 已有${what} — the staff member is deployed from ${existing.startOn} to ${existing.endOn} already`,
  );
}

/**
 * A deployment meets the other bodies' assignments of the staff member (`others`, as inspection and
 * discipline record them): an overlap is refused on `input.staffId` unless the deployment is marked
 * concurrent with a reason; a reason where nothing overlaps is refused on `input.concurrent`.
 */
export function checkDeploymentAgainstOtherBodies(
  problems: UserErrors,
  deployment: DeploymentPeriod & { kind: 'STATIONED_WORK' | 'INSPECTION_TEAM'; inspectionTeamId: string | null },
  others: readonly StaffEngagement[],
  concurrentReason: string | null,
): void {
  const overlaps = checkAssignmentOverlaps(
    problems,
    ['input', 'staffId'],
    {
      kind: deployment.kind === 'INSPECTION_TEAM' ? 'INSPECTION_LOAN' : 'STATIONED_WORK',
      inspectionTeamId: deployment.inspectionTeamId,
      startOn: deployment.startOn,
      endOn: deployment.endOn,
    },
    others,
    concurrentReason,
  );
  if (concurrentReason !== null)
    problems.check(
      overlaps.length > 0,
      'BAD_USER_INPUT',
      ['input', 'concurrent'],
      '同期并无其他机关的任务，无须兼任理由 — no assignment of another body at the same time: nothing is concurrent',
    );
}

/** A member lent from a group is its member on the first day of the loan. */
export function checkLentFromMember(
  problems: UserErrors,
  memberships: readonly { groupId: string; startOn: string; endOn: string | null }[],
  groupId: string,
  firstDay: string,
): void {
  problems.check(
    memberships.some((m) => m.groupId === groupId && m.startOn <= firstDay && (m.endOn === null || m.endOn > firstDay)),
    'BAD_USER_INPUT',
    ['input', 'fromGroupId'],
    '该人员起始日不是此派驻纪检组成员 — the staff member is not a member of this group on the first day',
  );
}

/** A loan goes to a team whose round has not ended by its first day. */
export function checkLoanRound(problems: UserErrors, roundEndOn: unknown, firstDay: string): void {
  problems.check(
    !(typeof roundEndOn === 'string' && roundEndOn <= firstDay),
    'INVALID_TRANSITION',
    ['input', 'inspectionTeamId'],
    "巡察组所在轮次已结束 — the team's round has ended",
  );
}

/** Ending a deployment early: the new end falls after its start and before its planned end. */
export function checkEarlyEnd(problems: UserErrors, deployment: DeploymentPeriod, endOn: string): void {
  problems.check(
    endOn > deployment.startOn && endOn < deployment.endOn,
    'BAD_USER_INPUT',
    ['input', 'endOn'],
    `新的结束日期须在 ${deployment.startOn} 与 ${deployment.endOn} 之间 — endOn must fall after the start and before the planned end`,
  );
}
