/**
 * 发现问题 — an issue found in daily supervision, as plain functions: its state moves
 * OPEN → ESCALATED → RESOLVED or OPEN → RESOLVED, never back; each step is dated not in the future and
 * not before the issue was found; an escalation names an inspection round or team whose round has not
 * ended by the day of the escalation.
 */
import { checkNotInFuture, type UserErrors } from '@hub/core';
import type { IssueStatus } from '../db/database.ts';

/** The moves an issue's state may make. */
export const ISSUE_TRANSITIONS: Readonly<Record<IssueStatus, readonly IssueStatus[]>> = {
  OPEN: ['ESCALATED', 'RESOLVED'],
  ESCALATED: ['RESOLVED'],
  RESOLVED: [],
};

const STATE_WORDS: Record<IssueStatus, string> = {
  OPEN: '问题尚未处理 — the issue is open',
  ESCALATED: '问题已移交巡察 — the issue is escalated already',
  RESOLVED: '问题已办结 — the issue is resolved already',
};

/** The issue may move from `from` to `to`; refused on `input.issueId` otherwise. */
export function checkIssueTransition(problems: UserErrors, from: IssueStatus, to: IssueStatus): boolean {
  return problems.check(ISSUE_TRANSITIONS[from].includes(to), 'INVALID_TRANSITION', ['input', 'issueId'], STATE_WORDS[from]);
}

/** A step on an issue (escalation, resolution) is dated not in the future and not before the issue was found. */
export function checkIssueStepDate(problems: UserErrors, on: string, foundOn: string, field: 'escalatedOn' | 'resolvedOn', today: string): void {
  checkNotInFuture(problems, on, ['input', field], today);
  const words = field === 'escalatedOn' ? ['移交日期', 'escalatedOn'] : ['解决日期', 'resolvedOn'];
  problems.check(on >= foundOn, 'BAD_USER_INPUT', ['input', field], `${words[0]}不能早于发现日期 ${foundOn} — ${words[1]} is before the issue was found`);
}

/** An escalation names an inspection round or team (inspection's ids). */
export function checkEscalationTarget(problems: UserErrors, target: { inspectionRoundId: string | null; inspectionTeamId: string | null }): boolean {
  return problems.check(
    target.inspectionRoundId !== null || target.inspectionTeamId !== null,
    'BAD_USER_INPUT',
    ['input', 'inspectionTeamId'],
    '须指明移交的巡察轮次或巡察组 — name the inspection round or team',
  );
}

/**
 * The team and round as inspection answered: the team belongs to the round named (if both), and
 * neither's round ended before the day of the escalation.
 */
export function checkEscalationRound(
  problems: UserErrors,
  escalatedOn: string,
  team: { roundId?: unknown; roundEndOn?: unknown } | null,
  round: { id: string; endOn: unknown } | null,
): void {
  const ended = (endOn: unknown) => typeof endOn === 'string' && endOn < escalatedOn;
  if (team) {
    problems.check(
      !round || team.roundId === round.id,
      'CONFLICT',
      ['input', 'inspectionTeamId'],
      '巡察组不属于所指巡察轮次 — the team belongs to another round',
    );
    problems.check(!ended(team.roundEndOn), 'INVALID_TRANSITION', ['input', 'inspectionTeamId'], "巡察组所在轮次已结束 — the team's round has ended");
  }
  if (round) problems.check(!ended(round.endOn), 'INVALID_TRANSITION', ['input', 'inspectionRoundId'], '巡察轮次已结束 — the round has ended');
}

/** The inspection team's handling closes the issue on the handling day, never before it was found. */
export const handledResolvedOn = (handledOn: string, foundOn: string) => (handledOn < foundOn ? foundOn : handledOn);

/** A stored issue's state agrees with its record: resolved with a date not before it was found; escalated with an escalation. */
export function checkStoredIssue(
  problems: UserErrors,
  issue: { status: IssueStatus; foundOn: string; resolvedOn: string | null },
  escalatedOn: string | null,
  today: string,
): void {
  checkNotInFuture(problems, issue.foundOn, ['input', 'foundOn'], today);
  if (issue.status === 'RESOLVED') {
    problems.check(issue.resolvedOn !== null, 'BAD_USER_INPUT', ['input', 'resolvedOn'], '已办结的问题须有解决日期 — a resolved issue has a resolution date');
    if (issue.resolvedOn !== null) checkIssueStepDate(problems, issue.resolvedOn, issue.foundOn, 'resolvedOn', today);
  } else {
    problems.check(
      issue.resolvedOn === null,
      'INVALID_TRANSITION',
      ['input', 'resolvedOn'],
      '未办结的问题不应有解决日期 — an issue not resolved has no resolution date',
    );
  }
  if (issue.status === 'ESCALATED')
    problems.check(escalatedOn !== null, 'INVALID_TRANSITION', ['input', 'status'], '已移交的问题须有移交记录 — an escalated issue has its escalation');
  if (escalatedOn !== null) checkIssueStepDate(problems, escalatedOn, issue.foundOn, 'escalatedOn', today);
}
