/**
 * 工作日历 — the official PRC working-day calendar as data. A day is a working day when it is
 * Monday–Friday and not an official day off, or when it is a 调休 make-up day (a weekend day declared a
 * working day). The years come from the State Council General Office's annual notices
 * (国务院办公厅关于部分节假日安排的通知): built in from `calendar-data.ts` (generated from the
 * `chinese-days` package, each year citing its notice) and loaded at run time from the owning table
 * (discipline's `calendar_year`/`calendar_day`), so a new year's notice needs no release.
 *
 * A date in a year the calendar does not know is counted Monday–Friday and the result is *provisional*:
 * never null, never silently guessed.
 */

import { addDays } from './dates.ts';

/** One year's notice: its days off and its make-up working days (dates may fall in the year only). */
export interface CalendarYear {
  year: number;
  /** 文号 — the notice number(s), e.g. 国办发明电〔2024〕12号. */
  notice: string;
  /** 放假日 — days off (weekend days inside a holiday run may be listed too). */
  holidays: readonly string[];
  /** 调休上班日 — weekend days declared working days. */
  makeUpWorkdays: readonly string[];
}

/** A date counted on the calendar, with whether it relied on Monday–Friday for an unknown year. */
export interface CountedDate {
  date: string;
  provisional: boolean;
  /** Why the date is provisional (Chinese, then English); null when final. */
  provisionalReason: string | null;
}

/** 日历预警期 — leaders are warned from this many days before the calendar's last known day. */
export const CALENDAR_WARNING_DAYS = 60;

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whether a string is a real calendar date YYYY-MM-DD. */
export function isCalendarDate(value: string): boolean {
  const m = DATE.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === value;
}

function weekday(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

export const provisionalReason = (years: readonly number[]) =>
  `${years.join('、')}年节假日安排尚未载入，按周一至周五计算 — the ${years.join(', ')} holiday notice is not loaded; counted Monday–Friday`;

/** The calendar over a set of loaded years. Immutable; build a new one when a year is loaded. */
export class WorkingCalendar {
  readonly years: readonly CalendarYear[];
  private readonly known = new Set<number>();
  private readonly holidays = new Set<string>();
  private readonly makeUp = new Set<string>();

  constructor(years: readonly CalendarYear[]) {
    const byYear = new Map<number, CalendarYear>();
    for (const y of years) byYear.set(y.year, y); // a later entry for a year replaces an earlier one
    this.years = [...byYear.values()].sort((a, b) => a.year - b.year);
    for (const y of this.years) {
      this.known.add(y.year);
      for (const d of y.holidays) this.holidays.add(d);
      for (const d of y.makeUpWorkdays) this.makeUp.add(d);
    }
  }

  /** Whether the notice for the date's year is loaded. */
  knows(date: string): boolean {
    return this.known.has(Number(date.slice(0, 4)));
  }

  /**
   * 日历最后已知日 — 31 December of the latest loaded year; null for an empty calendar. (A gap year
   * inside the run is still counted Monday–Friday and marked provisional.)
   */
  get lastKnownDay(): string | null {
    const last = this.years.at(-1);
    return last ? `${last.year}-12-31` : null;
  }

  /** Whether `date` is a working day (Monday–Friday for a year not loaded). */
  isWorkingDay(date: string): boolean {
    if (this.makeUp.has(date)) return true;
    if (this.holidays.has(date)) return false;
    const d = weekday(date);
    return d !== 0 && d !== 6;
  }

  /**
   * The day a period of `n` working days after `start` ends: the start day itself is not counted
   * (see `COUNTING` in deadlines.ts). Provisional when any day counted lies in a year not loaded.
   */
  addWorkingDays(start: string, n: number): CountedDate {
    let day = start;
    let left = n;
    const unknown = new Set<number>();
    while (left > 0) {
      day = addDays(day, 1);
      if (!this.knows(day)) unknown.add(Number(day.slice(0, 4)));
      if (this.isWorkingDay(day)) left--;
    }
    return counted(day, unknown);
  }

  /** The first working day on or after `date`. */
  nextWorkingDay(date: string): CountedDate {
    let day = date;
    const unknown = new Set<number>();
    for (;;) {
      if (!this.knows(day)) unknown.add(Number(day.slice(0, 4)));
      if (this.isWorkingDay(day)) return counted(day, unknown);
      day = addDays(day, 1);
    }
  }

  /**
   * 日历预警 — a warning when `asOf` is within CALENDAR_WARNING_DAYS days of the last known day (or past
   * it); null otherwise.
   */
  warning(asOf: string): CalendarWarning | null {
    const last = this.lastKnownDay;
    if (last === null)
      return {
        lastKnownDay: null,
        daysLeft: 0,
        message: '工作日历为空，所有工作日期限均为暂定 — the working-day calendar is empty; every working-day deadline is provisional',
      };
    const daysLeft = Math.round((Date.parse(`${last}T00:00:00Z`) - Date.parse(`${asOf}T00:00:00Z`)) / 86_400_000);
    if (daysLeft > CALENDAR_WARNING_DAYS) return null;
    const next = Number(last.slice(0, 4)) + 1;
    return {
      lastKnownDay: last,
      daysLeft,
      message:
        daysLeft >= 0
          ? `工作日历只到 ${last}（还剩 ${daysLeft} 天），请载入 ${next} 年节假日安排通知 — the working-day calendar ends on ${last} (${daysLeft} days left); load the ${next} holiday notice`
          : `工作日历已于 ${last} 到期，其后的工作日期限均为暂定，请载入 ${next} 年节假日安排通知 — the working-day calendar ended on ${last}; later working-day deadlines are provisional; load the ${next} holiday notice`,
    };
  }
}

export interface CalendarWarning {
  lastKnownDay: string | null;
  /** Days from the as-of date to the last known day (negative once past it). */
  daysLeft: number;
  message: string;
}

function counted(date: string, unknown: Set<number>): CountedDate {
  const years = [...unknown].sort();
  return { date, provisional: years.length > 0, provisionalReason: years.length > 0 ? provisionalReason(years) : null };
}

/**
 * Checks one year's notice before it is loaded: real dates in that year, days off not also make-up days,
 * make-up days on weekends only. Returns the problems as field-named messages (Chinese, then English).
 */
export function checkCalendarYear(input: CalendarYear): { field: string; message: string }[] {
  const problems: { field: string; message: string }[] = [];
  if (!Number.isInteger(input.year) || input.year < 2000 || input.year > 2100)
    problems.push({ field: 'year', message: '年度应在 2000–2100 之间 — year must be between 2000 and 2100' });
  if (input.notice.trim() === '') problems.push({ field: 'notice', message: '通知文号不能为空 — the notice number must not be empty' });
  const inYear = (d: string) => isCalendarDate(d) && Number(d.slice(0, 4)) === input.year;
  input.holidays.forEach((d, i) => {
    if (!inYear(d)) problems.push({ field: `holidays.${i}`, message: '放假日须为该年度的日期 — a day off must be a date in the year' });
  });
  const off = new Set(input.holidays);
  input.makeUpWorkdays.forEach((d, i) => {
    if (!inYear(d)) problems.push({ field: `makeUpWorkdays.${i}`, message: '调休上班日须为该年度的日期 — a make-up day must be a date in the year' });
    else if (weekday(d) !== 0 && weekday(d) !== 6)
      problems.push({ field: `makeUpWorkdays.${i}`, message: '调休上班日须为周末 — a make-up day must be a Saturday or Sunday' });
    else if (off.has(d)) problems.push({ field: `makeUpWorkdays.${i}`, message: '同一日不能既放假又上班 — a day cannot be both off and a make-up day' });
  });
  if (input.holidays.length === 0) problems.push({ field: 'holidays', message: '至少须有一个放假日 — a notice names at least one day off' });
  return problems;
}
