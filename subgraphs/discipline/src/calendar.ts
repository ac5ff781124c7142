import { addDays } from '@hub/core';

/**
 * 工作日历 — the official PRC working-day calendar, from the State Council General Office's annual
 * holiday notices (国务院办公厅关于部分节假日安排的通知). A day is a working day when it is Monday–Friday
 * and not an official holiday, or when it is a 调休 make-up day (a Saturday or Sunday declared a working day).
 *
 * Supported years: 2023 (国办发明电〔2022〕16号), 2024 (国办发明电〔2023〕7号), 2025 (国办发明电〔2024〕12号),
 * 2026 (国办发明电〔2025〕7号). Add a year when its notice is published; outside these years deadlines
 * are unknown (null), never guessed. Cross-checked against the `chinese-days` package data (v1.5.7).
 */
export const CALENDAR_YEARS = { first: 2023, last: 2026 } as const;

function days(...ranges: [string, string?][]): string[] {
  const out: string[] = [];
  for (const [from, to] of ranges) {
    let day = from;
    for (;;) {
      out.push(day);
      if (!to || day === to) break;
      day = addDays(day, 1);
    }
  }
  return out;
}

/** 放假日 — official days off (including weekend days inside a holiday run). */
const HOLIDAYS = new Set<string>([
  // 2023
  ...days(['2023-01-01', '2023-01-02'], ['2023-01-21', '2023-01-27'], ['2023-04-05'], ['2023-04-29', '2023-05-03'], ['2023-06-22', '2023-06-24'], ['2023-09-29', '2023-10-06']),
  // 2024
  ...days(['2024-01-01'], ['2024-02-10', '2024-02-17'], ['2024-04-04', '2024-04-06'], ['2024-05-01', '2024-05-05'], ['2024-06-10'], ['2024-09-15', '2024-09-17'], ['2024-10-01', '2024-10-07']),
  // 2025
  ...days(['2025-01-01'], ['2025-01-28', '2025-02-04'], ['2025-04-04', '2025-04-06'], ['2025-05-01', '2025-05-05'], ['2025-05-31', '2025-06-02'], ['2025-10-01', '2025-10-08']),
  // 2026
  ...days(['2026-01-01', '2026-01-03'], ['2026-02-15', '2026-02-23'], ['2026-04-04', '2026-04-06'], ['2026-05-01', '2026-05-05'], ['2026-06-19', '2026-06-21'], ['2026-09-25', '2026-09-27'], ['2026-10-01', '2026-10-07']),
]);

/** 调休上班日 — weekend days declared working days. */
const MAKE_UP_WORKDAYS = new Set<string>([
  '2023-01-28', '2023-01-29', '2023-04-23', '2023-05-06', '2023-06-25', '2023-10-07', '2023-10-08',
  '2024-02-04', '2024-02-18', '2024-04-07', '2024-04-28', '2024-05-11', '2024-09-14', '2024-09-29', '2024-10-12',
  '2025-01-26', '2025-02-08', '2025-04-27', '2025-09-28', '2025-10-11',
  '2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10',
]);

function yearOf(date: string): number {
  return Number(date.slice(0, 4));
}

/** Whether the calendar covers this date. */
export function calendarCovers(date: string): boolean {
  const year = yearOf(date);
  return year >= CALENDAR_YEARS.first && year <= CALENDAR_YEARS.last;
}

/** Whether `date` is a working day; throws outside the supported years. */
export function isWorkingDay(date: string): boolean {
  if (!calendarCovers(date)) throw new RangeError(`工作日历未覆盖 ${date} — the working-day calendar covers ${CALENDAR_YEARS.first}–${CALENDAR_YEARS.last}`);
  if (MAKE_UP_WORKDAYS.has(date)) return true;
  if (HOLIDAYS.has(date)) return false;
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  return weekday !== 0 && weekday !== 6;
}

/**
 * The day on which a period of `n` working days that starts the day after `start` ends (the day of
 * receipt is not counted). Null when the period runs outside the supported years.
 */
export function addWorkingDays(start: string, n: number): string | null {
  if (!calendarCovers(start)) return null;
  let day = start;
  let left = n;
  while (left > 0) {
    day = addDays(day, 1);
    if (!calendarCovers(day)) return null;
    if (isWorkingDay(day)) left--;
  }
  return day;
}
