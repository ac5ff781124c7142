import { dueDate } from '@hub/core';
import { STAGES, type Stage } from './db/database.ts';

/**
 * 问题线索移交反馈、整改报告 — computed by the deadline engine in @hub/core (rules TRANSFER_FEEDBACK and
 * RECTIFICATION_REPORT: calendar months from the day after the start, clamped to the month end).
 */
export const transferFeedbackDue = (transferredOn: string) => dueDate('TRANSFER_FEEDBACK', transferredOn, null).dueOn;
export const rectificationReportDue = (feedbackHeldOn: string) => dueDate('RECTIFICATION_REPORT', feedbackHeldOn, null).dueOn;

export const stageIndex = (stage: Stage) => STAGES.indexOf(stage);

/** Stages during which a team is on site or still handing over (进驻 … 移交). */
export const ACTIVE_STAGES: readonly Stage[] = ['ENTRY', 'FACT_FINDING', 'REPORTING', 'FEEDBACK', 'TRANSFER'];

export const STAGE_NAMES: Record<Stage, string> = {
  PREPARATION: '巡前准备',
  ENTRY: '进驻',
  FACT_FINDING: '了解情况',
  REPORTING: '报告',
  FEEDBACK: '反馈',
  TRANSFER: '移交',
  RECTIFICATION: '整改',
  FOLLOW_UP: '回头看',
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (value: string) => UUID.test(value);
