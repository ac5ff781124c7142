import { refuse } from './errors.ts';
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
