/**
 * The rules of an inspection round (巡前准备 → 进驻 → 了解情况 → 报告 → 反馈 → 移交 → 整改 → 回头看) as plain
 * functions over rows: each records its problems in the caller's `UserErrors`, naming the input field,
 * so that every problem of one input is reported together. No SQL and no GraphQL here.
 */
import { checkNotAfter, checkNotBefore, checkNotInFuture, type UserErrors, yearOf } from '@hub/core';
import { STAGES, type BriefingBody, type Stage } from '../db/database.ts';
import { STAGE_NAMES, stageIndex } from '../deadlines.ts';

export { STAGE_NAMES, stageIndex };

/** Briefing bodies every unit must have heard from before entry. */
export const REQUIRED_BRIEFINGS: readonly BriefingBody[] = ['PETITION_OFFICE', 'CONDUCT_OFFICE', 'CASE_MANAGEMENT_OFFICE'];

/** A team has 5–7 members and one leader (DESIGN §4). */
export const TEAM_SIZE = { min: 5, max: 7 } as const;

const field = (name: string) => ['input', name];

// ─── The round itself ───────────────────────────────────────────────────────────────────────────

/** 轮次日期: preparation starts no later than today; the round's dates lie inside its year. */
export function checkRoundDates(problems: UserErrors, round: { year: number; startOn: string; endOn: string | null }, today: string): void {
  checkNotInFuture(problems, round.startOn, field('startOn'), today);
  problems.check(
    yearOf(round.startOn) === round.year,
    'BAD_USER_INPUT',
    field('startOn'),
    `开始日期不在 ${round.year} 年度内 — startOn lies outside the round's year ${round.year}`,
  );
  if (round.endOn != null) {
    problems.check(
      yearOf(round.endOn) === round.year,
      'BAD_USER_INPUT',
      field('endOn'),
      `计划结束日期不在 ${round.year} 年度内 — endOn lies outside the round's year ${round.year}`,
    );
    checkNotBefore(problems, round.endOn, round.startOn, field('endOn'), { zh: '开始日期', en: 'the start' });
  }
}

// ─── Stage advance ──────────────────────────────────────────────────────────────────────────────

/**
 * 阶段推进: one stage forward at a time, on a day not in the future and not before the stage it
 * leaves began. Returns whether the move itself is allowed (the stage-specific checks only make
 * sense then).
 */
export function checkStageMove(problems: UserErrors, move: { from: Stage; to: Stage; on: string; previousEnteredOn: string | null }, today: string): boolean {
  const from = stageIndex(move.from);
  const to = stageIndex(move.to);
  let ok = true;
  if (to <= from) {
    ok = problems.check(
      false,
      'INVALID_TRANSITION',
      field('stage'),
      `巡察阶段只能向前推进：当前为${STAGE_NAMES[move.from]}，不能转为${STAGE_NAMES[move.to]} — stages move forward only (now ${move.from})`,
    );
  } else if (to > from + 1) {
    const next = STAGES[from + 1]!;
    ok = problems.check(false, 'INVALID_TRANSITION', field('stage'), `不能跳过${STAGE_NAMES[next]}阶段 — the next stage is ${next}`);
  }
  checkNotInFuture(problems, move.on, field('on'), today);
  // The day is compared with the stage it leaves only when the move itself is the next one.
  if (ok) checkNotBefore(problems, move.on, move.previousEnteredOn, field('on'), { zh: '上一阶段开始日期', en: 'the day the previous stage began' });
  return ok;
}

export interface UnitOfRound {
  inspectionId: string;
  unitCode: string;
  teamId: string;
}

/**
 * → 进驻: every team has one leader and 5–7 members, every unit was briefed by the three offices,
 * and no briefing is dated after the entry day (briefings come before entry).
 */
export function checkEntry(
  problems: UserErrors,
  on: string,
  units: readonly UnitOfRound[],
  teams: ReadonlyMap<string, { leaders: number; members: number }>,
  briefings: readonly { inspectionId: string; body: BriefingBody; briefedOn: string }[],
): void {
  if (units.length === 0) {
    problems.add('INVALID_TRANSITION', field('stage'), '本轮尚未确定巡察对象 — the round has no inspections yet');
    return;
  }
  for (const teamId of new Set(units.map((u) => u.teamId))) {
    const c = teams.get(teamId) ?? { leaders: 0, members: 0 };
    problems.check(c.leaders === 1, 'INVALID_TRANSITION', field('stage'), `巡察组未确定组长 — team ${teamId} has no leader`);
    problems.check(
      c.members >= TEAM_SIZE.min && c.members <= TEAM_SIZE.max,
      'INVALID_TRANSITION',
      field('stage'),
      `巡察组应有 ${TEAM_SIZE.min}–${TEAM_SIZE.max} 名成员，现有 ${c.members} 名 — team ${teamId} must have ${TEAM_SIZE.min}–${TEAM_SIZE.max} members`,
    );
  }
  for (const unit of units) {
    const own = briefings.filter((b) => b.inspectionId === unit.inspectionId);
    const bodies = new Set(own.map((b) => b.body));
    const missing = REQUIRED_BRIEFINGS.filter((b) => !bodies.has(b));
    problems.check(
      missing.length === 0,
      'INVALID_TRANSITION',
      field('stage'),
      `单位 ${unit.unitCode} 尚未完成巡前通报（缺 ${missing.join(', ')}） — pre-entry briefing incomplete`,
    );
    const latest = own.reduce<string | null>((max, b) => (max === null || b.briefedOn > max ? b.briefedOn : max), null);
    checkNotBefore(problems, on, latest, field('on'), { zh: `单位 ${unit.unitCode} 的巡前通报日期`, en: `the pre-entry briefing of unit ${unit.unitCode}` });
  }
}

/** → 反馈: findings are recorded within the inspection, so feedback begins no earlier than the last of them. */
export function checkFeedback(problems: UserErrors, on: string, latestFindingOn: string | null): void {
  checkNotBefore(problems, on, latestFindingOn, field('on'), { zh: '本轮最后一项发现问题的日期', en: 'the last finding of the round' });
}

/** → 移交: every unit has had its feedback meeting, none dated after the day transfer begins. */
export function checkTransfer(problems: UserErrors, on: string, units: readonly UnitOfRound[], meetings: ReadonlyMap<string, string>): void {
  for (const unit of units) {
    const heldOn = meetings.get(unit.inspectionId);
    if (heldOn === undefined) problems.add('INVALID_TRANSITION', field('stage'), `单位 ${unit.unitCode} 尚未召开反馈会 — feedback meeting not yet held`);
    else checkNotBefore(problems, on, heldOn, field('on'), { zh: `单位 ${unit.unitCode} 的反馈会日期`, en: `the feedback meeting of unit ${unit.unitCode}` });
  }
}

/**
 * → 整改: clues are transferred up to the transfer stage only, so a finding whose consultation
 * concluded to transfer it must have been transferred before rectification begins.
 */
export function checkRectification(problems: UserErrors, awaitingTransfer: readonly { unitCode: string }[]): void {
  for (const finding of awaitingTransfer) {
    problems.add(
      'INVALID_TRANSITION',
      field('stage'),
      `单位 ${finding.unitCode} 有会商决定移交的问题尚未移交 — a finding concluded to be transferred is not transferred yet`,
    );
  }
}

/**
 * → 回头看: the follow-up needs an approved plan (plans are no longer submitted in 回头看), so every
 * unit has one — or the advance records, per unit, why it has none (the follow-up can then only
 * conclude 未整改). A reason for a unit that has an approved plan, or for another round's unit, is refused.
 */
export function checkFollowUp(
  problems: UserErrors,
  units: readonly UnitOfRound[],
  approvedPlans: ReadonlySet<string>,
  withoutPlan: readonly { inspectionId: string; reason: string }[],
): void {
  const ofRound = new Set(units.map((u) => u.inspectionId));
  withoutPlan.forEach((w, i) => {
    const at = ['input', 'withoutApprovedPlan', String(i), 'inspectionId'];
    if (!problems.check(ofRound.has(w.inspectionId), 'NOT_FOUND', at, '该巡察不属于本轮 — not an inspection of this round')) return;
    problems.check(!approvedPlans.has(w.inspectionId), 'BAD_USER_INPUT', at, '该单位已有审核通过的整改方案，无须说明 — the unit has an approved plan');
  });
  const explained = new Set(withoutPlan.map((w) => w.inspectionId));
  for (const unit of units) {
    problems.check(
      approvedPlans.has(unit.inspectionId) || explained.has(unit.inspectionId),
      'INVALID_TRANSITION',
      ['input', 'withoutApprovedPlan'],
      `单位 ${unit.unitCode} 尚无审核通过的整改方案，须说明原因方可进入回头看 — unit has no approved plan: give the reason (withoutApprovedPlan) to enter follow-up`,
    );
  }
}

/** Reasons are only recorded on the way into 回头看. */
export function checkWithoutPlanOnlyForFollowUp(problems: UserErrors, to: Stage, withoutPlanCount: number): void {
  problems.check(
    to === 'FOLLOW_UP' || withoutPlanCount === 0,
    'BAD_USER_INPUT',
    ['input', 'withoutApprovedPlan'],
    '仅进入回头看时说明无整改方案的原因 — only the advance to FOLLOW_UP records units without a plan',
  );
}

// ─── Briefings ──────────────────────────────────────────────────────────────────────────────────

/** 巡前通报: not in the future, not before the round's preparation started, not after entry. */
export function checkBriefingDate(
  problems: UserErrors,
  briefedOn: string,
  round: { preparationStartedOn: string; entryOn: string | null },
  today: string,
  fieldName = 'briefedOn',
): void {
  checkNotInFuture(problems, briefedOn, field(fieldName), today);
  checkNotBefore(problems, briefedOn, round.preparationStartedOn, field(fieldName), { zh: '本轮巡前准备开始日期', en: "the start of the round's preparation" });
  checkNotAfter(problems, briefedOn, round.entryOn, field(fieldName), { zh: '进驻日期', en: 'the entry' });
}

/** A period in which a stationed group oversaw a unit, as stationed (the owner) tells it; half-open (start ≤ day < end). */
export interface CoveragePeriod {
  unitCode: string;
  startOn: string;
  endOn: string | null;
}

/** Whether a group with this coverage history oversaw the unit on the day. */
export function oversawOn(coverage: readonly CoveragePeriod[], unitCode: string, day: string): boolean {
  return coverage.some((c) => c.unitCode === unitCode && c.startOn <= day && (c.endOn === null || day < c.endOn));
}

/**
 * 派驻组通报: a stationed group briefs a team only on a unit it oversees on the briefing date (DESIGN §6:
 * a stationed group briefs and reads findings for the units it oversees). `coverage` is the group's
 * coverage history.
 */
export function checkBriefingGroupOversees(
  problems: UserErrors,
  coverage: readonly CoveragePeriod[],
  unitCode: string,
  briefedOn: string,
  fieldName = 'stationedGroupId',
): void {
  problems.check(
    oversawOn(coverage, unitCode, briefedOn),
    'BAD_USER_INPUT',
    field(fieldName),
    '该派驻纪检组在通报之日不监督此单位，不能就此单位通报 — the stationed group did not oversee the unit on the briefing date, so it cannot brief on it',
  );
}

/** 调出成员: not in the future, not before the round starts. */
export function checkRemovalDate(problems: UserErrors, removedOn: string, roundStartOn: string, today: string): void {
  checkNotInFuture(problems, removedOn, field('removedOn'), today);
  checkNotBefore(problems, removedOn, roundStartOn, field('removedOn'), { zh: '本轮巡察开始日期', en: 'the start of the round' });
}
