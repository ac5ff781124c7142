import { refuse, type UserErrors } from './errors.ts';
import { todayInShanghai } from './scalars.ts';

export { todayInShanghai };

/** Adds calendar days to a YYYY-MM-DD date. */
export function addDays(date: string, n: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/**
 * Adds calendar months to a YYYY-MM-DD date, clamping to the end of a shorter month, the way periods
 * "of N months" are counted: 2020-11-30 + 3 months = 2021-02-28, 2024-01-31 + 1 month = 2024-02-29.
 */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const monthIndex = y * 12 + (m - 1) + months;
  const year = Math.floor(monthIndex / 12);
  const month = monthIndex - year * 12; // 0-based
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const day = Math.min(d, lastDay);
  return `${String(year).padStart(4, '0')}-${String(month + 1).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Refuses a date after today in Asia/Shanghai (records describe what happened); returns it. */
export function notInFuture(date: string, field: string[], today: string = todayInShanghai()): string {
  if (date > today) refuse('BAD_USER_INPUT', field, `日期不能晚于今天 — ${field.at(-1)} lies in the future`);
  return date;
}

/** The year of a YYYY-MM-DD date. */
export const yearOf = (date: string): number => Number(date.slice(0, 4));

/** A step a date is compared with, named for the user: Chinese, then English. */
export interface DatedStep {
  zh: string;
  en: string;
}

/**
 * Records (does not throw) a problem when `date` lies after today in Asia/Shanghai: records
 * describe what happened. Returns whether the date is acceptable.
 */
export function checkNotInFuture(problems: UserErrors, date: string | null | undefined, field: string[], today: string = todayInShanghai()): boolean {
  if (date == null) return true;
  return problems.check(date <= today, 'BAD_USER_INPUT', field, `日期不能晚于今天（${today}） — ${field.at(-1)} lies in the future`);
}

/** Records a problem when `date` lies before the day of the step it depends on (same day is fine). */
export function checkNotBefore(
  problems: UserErrors,
  date: string | null | undefined,
  earliest: string | null | undefined,
  field: string[],
  step: DatedStep,
): boolean {
  if (date == null || earliest == null) return true;
  return problems.check(date >= earliest, 'BAD_USER_INPUT', field, `日期早于${step.zh}（${earliest}） — ${field.at(-1)} lies before ${step.en} (${earliest})`);
}

/** Records a problem when `date` lies after the day of a later step (same day is fine). */
export function checkNotAfter(
  problems: UserErrors,
  date: string | null | undefined,
  latest: string | null | undefined,
  field: string[],
  step: DatedStep,
): boolean {
  if (date == null || latest == null) return true;
  return problems.check(date <= latest, 'BAD_USER_INPUT', field, `日期晚于${step.zh}（${latest}） — ${field.at(-1)} lies after ${step.en} (${latest})`);
}
