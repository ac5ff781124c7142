/**
 * Date, order and state rules of feedback meetings, rectification plans, progress and 回头看, as
 * plain functions over rows. Each records its problems in the caller's `UserErrors`, naming the field.
 */
import { checkNotBefore, checkNotInFuture, type UserErrors } from '@hub/core';
import type { FollowUpConclusion } from '../db/database.ts';

const field = (name: string) => ['input', name];

/** 反馈会: in the feedback stage, not before it began, not in the future. */
export function checkMeetingDate(problems: UserErrors, heldOn: string, feedbackOn: string | null, today: string): void {
  checkNotInFuture(problems, heldOn, field('heldOn'), today);
  checkNotBefore(problems, heldOn, feedbackOn, field('heldOn'), { zh: '反馈阶段开始日期', en: 'the start of the feedback stage' });
}

/**
 * 报送整改方案: not before the feedback meeting, a resubmission not before the plan was returned,
 * not in the future; each item's deadline not before the submission.
 */
export function checkPlanSubmission(
  problems: UserErrors,
  submittedOn: string,
  previous: { meetingOn: string; returnedOn: string | null },
  deadlines: readonly string[],
  today: string,
): void {
  checkNotInFuture(problems, submittedOn, field('submittedOn'), today);
  checkNotBefore(problems, submittedOn, previous.meetingOn, field('submittedOn'), { zh: '反馈会日期', en: 'the feedback meeting' });
  checkNotBefore(problems, submittedOn, previous.returnedOn, field('submittedOn'), { zh: '方案退回日期', en: 'the day the plan was returned' });
  deadlines.forEach((deadline, i) =>
    checkNotBefore(problems, deadline, submittedOn, ['input', 'items', String(i), 'deadline'], { zh: '报送日期', en: 'the submission' }),
  );
}

/** 审查整改方案: not before the (latest) submission, not in the future. */
export function checkPlanReview(problems: UserErrors, reviewedOn: string, submittedOn: string, today: string): void {
  checkNotInFuture(problems, reviewedOn, field('reviewedOn'), today);
  checkNotBefore(problems, reviewedOn, submittedOn, field('reviewedOn'), { zh: '报送日期', en: 'the submission' });
}

/** 整改进展: only after approval — not before the approval day nor the previous report, not in the future. */
export function checkProgressDate(
  problems: UserErrors,
  reportedOn: string,
  item: { approvedOn: string | null; previousReportOn: string | null },
  today: string,
): void {
  checkNotInFuture(problems, reportedOn, field('reportedOn'), today);
  checkNotBefore(problems, reportedOn, item.approvedOn, field('reportedOn'), { zh: '整改方案审核通过日期', en: "the plan's approval" });
  checkNotBefore(problems, reportedOn, item.previousReportOn, field('reportedOn'), { zh: '上次进展报告日期', en: 'the previous report' });
}

/**
 * 回头看: in the 回头看 stage, not before it began, not in the future. With an approved plan the
 * conclusion follows its items (整改到位 only when none is open); without one, only when the round's
 * advance recorded why, and then the conclusion can only be 未整改.
 */
export function checkFollowUp(
  problems: UserErrors,
  followUp: { conductedOn: string; conclusion: FollowUpConclusion },
  state: { followUpOn: string | null; planApproved: boolean; withoutPlanReason: string | null; openItems: number },
  today: string,
): void {
  checkNotInFuture(problems, followUp.conductedOn, field('conductedOn'), today);
  checkNotBefore(problems, followUp.conductedOn, state.followUpOn, field('conductedOn'), { zh: '回头看阶段开始日期', en: 'the start of the follow-up stage' });
  if (state.planApproved) {
    problems.check(
      followUp.conclusion !== 'RECTIFIED' || state.openItems === 0,
      'CONFLICT',
      field('conclusion'),
      `尚有 ${state.openItems} 项整改未完成，不能认定整改到位 — ${state.openItems} items are still open`,
    );
  } else if (state.withoutPlanReason !== null) {
    problems.check(
      followUp.conclusion === 'NOT_RECTIFIED',
      'CONFLICT',
      field('conclusion'),
      '无审核通过的整改方案，只能认定未整改 — without an approved plan the conclusion is NOT_RECTIFIED',
    );
  } else {
    problems.add('INVALID_TRANSITION', field('inspectionId'), '尚无审核通过的整改方案 — no approved rectification plan');
  }
}

/**
 * 反馈会出席: every attendee in the capacity of commission leader (委领导) is a staff member the
 * commission records as one of its leaders — `isCommissionLeader` answers from the owner's record
 * (discipline's staff pool), and at least one of them attends.
 */
export function checkCommissionLeaders(
  problems: UserErrors,
  attendees: readonly { capacity: string; staffId: string | null }[],
  isCommissionLeader: (staffId: string) => boolean,
): void {
  problems.check(
    attendees.some((a) => a.capacity === 'COMMISSION_LEADER' && a.staffId),
    'BAD_USER_INPUT',
    ['input', 'attendees'],
    '反馈会须有区纪委监委领导出席 — a commission leader must attend',
  );
  attendees.forEach((a, i) => {
    if (a.capacity !== 'COMMISSION_LEADER' || a.staffId === null) return;
    problems.check(
      isCommissionLeader(a.staffId),
      'BAD_USER_INPUT',
      ['input', 'attendees', String(i), 'staffId'],
      '该人员不是区纪委监委领导，不能以委领导身份出席 — the staff member is not a commission leader',
    );
  });
}
