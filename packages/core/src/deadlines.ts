/**
 * 期限引擎 — every statutory time limit the hub tracks, one rule each, with its source. Subgraphs ask
 * `dueDate(rule, start, calendar)`; nothing computes a deadline by hand.
 *
 * How periods are counted (COUNTING, stated once):
 * - 期间开始之日不计算在内 — the day a period starts from is not counted (刑事诉讼法 第一百零五条, the
 *   convention 监察法实施条例 follows). N working days after a Friday receipt end on the Nth working day
 *   from the Monday; "N months from 15 January" ends on 15 April.
 * - 以月计算的期间，届满月没有对应日的，以该月最后一日为期满日 — a month period from the 31st ends on
 *   the last day of a shorter month (2024-01-31 + 1 month = 2024-02-29; 2023-01-31 + 1 month = 2023-02-28).
 * - 以月计算的期限不因节假日顺延 — month periods are not carried past a holiday: the hub reminds on the
 *   earlier (stricter) day, and custody periods (留置) may never be extended by holidays anyway.
 * - 工作日按国务院办公厅节假日安排通知计算（含调休上班日） — working days follow the official calendar
 *   (calendar.ts); a year not loaded is counted Monday–Friday and the deadline is provisional.
 * - Exceptions, each named in its rule: 留置 and 审理 run from the day they begin, that day included
 *   (`startIncluded`): a detention from 27 October lasts until 26 January, as the commission's detention
 *   notices state the period, and the trial office's month is counted the same way.
 */
import type { WorkingCalendar } from './calendar.ts';
import { addDays, addMonths } from './dates.ts';

export type DeadlineRuleId =
  | 'PETITION_FORWARD'
  | 'PETITION_ACKNOWLEDGE'
  | 'QUARTERLY_DISPOSAL_REPORT'
  | 'DETENTION'
  | 'TRIAL'
  | 'SANCTION_ANNOUNCEMENT'
  | 'REVIEW'
  | 'RECHECK'
  | 'RECTIFICATION_REPORT'
  | 'TRANSFER_FEEDBACK';

export type DeadlinePeriod = { workingDays: number } | { months: number; startIncluded?: boolean } | { quarterEnd: true };

export interface DeadlineRule {
  id: DeadlineRuleId;
  /** 名称 — Chinese, then English. */
  title: string;
  period: DeadlinePeriod;
  /** 依据 — the provision that sets the limit. */
  source: string;
  /** 责任部门 — the office that owes the step, by default. */
  owner: string;
}

/** 法定期限表 — the one table of time limits. */
export const DEADLINE_RULES: { readonly [K in DeadlineRuleId]: DeadlineRule & { id: K } } = {
  PETITION_FORWARD: {
    id: 'PETITION_FORWARD',
    title: '不属本级受理的检举控告转送（5个工作日） — Forward an out-of-jurisdiction report within 5 working days',
    period: { workingDays: 5 },
    source: '《纪检监察机关处理检举控告工作规则》第十五条、第十六条',
    owner: '信访室',
  },
  PETITION_ACKNOWLEDGE: {
    id: 'PETITION_ACKNOWLEDGE',
    title: '告知实名检举控告人受理情况（15个工作日） — Tell a named reporter within 15 working days whether the report was accepted',
    period: { workingDays: 15 },
    source: '《纪检监察机关处理检举控告工作规则》关于实名检举控告受理告知的规定',
    owner: '信访室',
  },
  QUARTERLY_DISPOSAL_REPORT: {
    id: 'QUARTERLY_DISPOSAL_REPORT',
    title:
      '按季度向信访室反馈办结的检举控告处理结果 — Report the result of a petition-sourced clue to the petition office by the end of the quarter it was disposed in',
    period: { quarterEnd: true },
    source: '《纪检监察机关处理检举控告工作规则》第十八条',
    owner: '承办部门',
  },
  DETENTION: {
    id: 'DETENTION',
    title: '留置（3个月，可延长一次，不超过3个月） — Detention: 3 months, extendable once by at most 3',
    period: { months: 3, startIncluded: true },
    source: '《中华人民共和国监察法》（2018）第四十三条',
    owner: '承办部门',
  },
  TRIAL: {
    id: 'TRIAL',
    title: '审理（1个月） — Trial review within 1 month of acceptance',
    period: { months: 1, startIncluded: true },
    source: '《中国共产党纪律检查机关监督执纪工作规则》审理期限的规定',
    owner: '案件审理室',
  },
  SANCTION_ANNOUNCEMENT: {
    id: 'SANCTION_ANNOUNCEMENT',
    title: '宣布处分决定（1个月） — Announce a sanction within 1 month of the decision',
    period: { months: 1 },
    source: '《中国共产党纪律处分条例》关于处分决定宣布的规定；《中国共产党纪律检查机关监督执纪工作规则》',
    owner: '案件审理室',
  },
  REVIEW: {
    id: 'REVIEW',
    title: '复审决定（1个月） — Decide an application for review within 1 month',
    period: { months: 1 },
    source: '《中华人民共和国监察法》（2018）第四十九条',
    owner: '案件审理室',
  },
  RECHECK: {
    id: 'RECHECK',
    title: '复核决定（2个月） — Decide an application for re-examination within 2 months',
    period: { months: 2 },
    source: '《中华人民共和国监察法》（2018）第四十九条',
    owner: '上一级监察机关',
  },
  RECTIFICATION_REPORT: {
    id: 'RECTIFICATION_REPORT',
    title: '反馈后2个月内报送整改情况报告 — Rectification report within 2 months of the feedback meeting',
    period: { months: 2 },
    source: '《中国共产党巡视工作条例》关于整改情况报告的规定（市县巡察参照执行）',
    owner: '被巡察单位党组织',
  },
  TRANSFER_FEEDBACK: {
    id: 'TRANSFER_FEEDBACK',
    title: '移交问题线索3个月内反馈办理情况 — Feedback on a transferred clue within 3 months',
    period: { months: 3 },
    source: '本区巡察工作问题线索移交办法（巡察移交线索办理反馈）',
    owner: '线索承办部门',
  },
};

/** A computed deadline: never null for a record with a start date. */
export interface Deadline {
  rule: DeadlineRuleId;
  startOn: string;
  dueOn: string;
  provisional: boolean;
  provisionalReason: string | null;
}

/** The last day of the calendar quarter containing `date`. */
export function quarterEnd(date: string): string {
  const [y, m] = date.split('-').map(Number) as [number, number];
  const lastMonth = Math.ceil(m / 3) * 3;
  return new Date(Date.UTC(y, lastMonth, 0)).toISOString().slice(0, 10);
}

/**
 * The deadline of `rule` for a period starting on `startOn`. Working-day rules need the calendar;
 * `extraMonths` lengthens a month rule (a detention's one extension).
 */
export function dueDate(ruleId: DeadlineRuleId, startOn: string, calendar: WorkingCalendar | null, extraMonths = 0): Deadline {
  const { period } = DEADLINE_RULES[ruleId];
  if ('workingDays' in period) {
    if (!calendar) throw new Error(`rule ${ruleId} counts working days and needs the calendar`);
    const counted = calendar.addWorkingDays(startOn, period.workingDays);
    return { rule: ruleId, startOn, dueOn: counted.date, provisional: counted.provisional, provisionalReason: counted.provisionalReason };
  }
  if ('months' in period) {
    const end = addMonths(startOn, period.months + extraMonths); // clamped to the month end (COUNTING)
    return { rule: ruleId, startOn, dueOn: period.startIncluded ? addDays(end, -1) : end, provisional: false, provisionalReason: null };
  }
  return { rule: ruleId, startOn, dueOn: quarterEnd(startOn), provisional: false, provisionalReason: null };
}

/** Whether the step owed by `deadline` was late on `asOf`: done after the due day, or still not done after it. */
export function isOverdue(deadline: Pick<Deadline, 'dueOn'>, doneOn: string | null, asOf: string): boolean {
  if (doneOn !== null && doneOn <= asOf) return doneOn > deadline.dueOn;
  return asOf > deadline.dueOn;
}

/** 留置最长期限 — the one extension of a detention may not exceed this many months. */
export const DETENTION_MAX_EXTENSION_MONTHS = 3;
