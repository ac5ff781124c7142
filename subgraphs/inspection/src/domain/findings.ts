/**
 * Date and order rules of findings, consultations and clue transfers, as plain functions over rows.
 * Each records its problems in the caller's `UserErrors`, naming the input field.
 */
import { checkNotAfter, checkNotBefore, checkNotInFuture, type UserErrors } from '@hub/core';

const field = (name: string) => ['input', name];

/** 发现问题: within the inspection — not before the team entered, not after feedback began, not in the future. */
export function checkFindingDate(
  problems: UserErrors,
  recordedOn: string,
  inspection: { entryOn: string | null; feedbackOn: string | null },
  today: string,
): void {
  checkNotInFuture(problems, recordedOn, field('recordedOn'), today);
  checkNotBefore(problems, recordedOn, inspection.entryOn, field('recordedOn'), { zh: '进驻日期', en: "the team's entry" });
  checkNotAfter(problems, recordedOn, inspection.feedbackOn, field('recordedOn'), { zh: '反馈阶段开始日期', en: 'the start of feedback' });
}

/** 会商研判: not before the finding was recorded, not in the future. */
export function checkConsultationDate(problems: UserErrors, heldOn: string, findingRecordedOn: string, today: string): void {
  checkNotInFuture(problems, heldOn, field('heldOn'), today);
  checkNotBefore(problems, heldOn, findingRecordedOn, field('heldOn'), { zh: '发现日期', en: 'the finding' });
}

/** 线索移交: not before the finding nor before the consultation that concluded to transfer it; not in the future. */
export function checkTransferDate(
  problems: UserErrors,
  transferredOn: string,
  finding: { recordedOn: string; latestConsultationOn: string | null },
  today: string,
): void {
  checkNotInFuture(problems, transferredOn, field('transferredOn'), today);
  checkNotBefore(problems, transferredOn, finding.recordedOn, field('transferredOn'), { zh: '发现日期', en: 'the finding' });
  checkNotBefore(problems, transferredOn, finding.latestConsultationOn, field('transferredOn'), { zh: '会商研判日期', en: 'the consultation' });
}

/** 移交反馈: not before the transfer, not in the future. */
export function checkTransferFeedbackDate(problems: UserErrors, receivedOn: string, transferredOn: string, today: string): void {
  checkNotInFuture(problems, receivedOn, field('receivedOn'), today);
  checkNotBefore(problems, receivedOn, transferredOn, field('receivedOn'), { zh: '移交日期', en: 'the transfer' });
}

/** 派驻组移交事项的办理: not in the future. */
export function checkEscalationHandlingDate(problems: UserErrors, receivedOn: string, today: string): void {
  checkNotInFuture(problems, receivedOn, field('receivedOn'), today);
}
