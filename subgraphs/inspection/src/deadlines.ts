import { addMonths } from '@hub/core';
import { STAGES, type Stage } from './db/database.ts';

/** 问题线索移交后 3 个月内反馈 — transfer feedback is due three calendar months after transfer. */
export const TRANSFER_FEEDBACK_MONTHS = 3;
/** 反馈后 2 个月内报送整改情况报告 — the rectification report is due two months after feedback. */
export const RECTIFICATION_REPORT_MONTHS = 2;

export const transferFeedbackDue = (transferredOn: string) => addMonths(transferredOn, TRANSFER_FEEDBACK_MONTHS);
export const rectificationReportDue = (feedbackHeldOn: string) => addMonths(feedbackHeldOn, RECTIFICATION_REPORT_MONTHS);

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

