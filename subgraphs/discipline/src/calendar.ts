/**
 * 工作日历 — discipline owns the official working-day calendar (the petition office's working-day limits
 * are the ones that need it). At start the built-in years from @hub/core are added to the table; a
 * leader loads a newer notice with `loadCalendarYear`. Deadlines are computed at read time from the
 * table, so loading a year recomputes every deadline it touches.
 *
 * From CALENDAR_WARNING_DAYS days before the last known day the log warns once a day, `/health` reports
 * it, and leaders see the warning in `calendarStatus` and `whatIsDue`.
 */
import { type Database, type Logger, todayInShanghai } from '@hub/core';
import { addBuiltInCalendarYears, loadWorkingCalendar } from './db/calendar.ts';
import type { DisciplineDatabase } from './db/database.ts';

const HOUR = 3_600_000;

/**
 * Checks the calendar's reach on `now()` and logs the warning at most once per day. `check` runs at
 * start and then every hour.
 */
export function calendarWatch(database: Database<DisciplineDatabase>, logger: Logger, now: () => string = todayInShanghai) {
  let warnedOn: string | null = null;
  return {
    async check(): Promise<void> {
      const today = now();
      if (warnedOn === today) return;
      const warning = (await loadWorkingCalendar(database.db)).warning(today);
      if (!warning) return;
      warnedOn = today;
      logger.warn(
        { lastKnownDay: warning.lastKnownDay, daysLeft: warning.daysLeft },
        'working calendar runs out soon: load the next holiday notice (loadCalendarYear)',
      );
    },
  };
}

/** At start: adds the built-in years, then watches the calendar's reach (hourly; logs once a day). */
export async function startCalendarWatch(database: Database<DisciplineDatabase>, logger: Logger): Promise<() => void> {
  const added = await addBuiltInCalendarYears(database.db);
  if (added.length > 0) logger.info({ years: added }, 'working calendar: built-in years added');
  const watch = calendarWatch(database, logger);
  await watch.check();
  const timer = setInterval(() => {
    watch.check().catch((error: { code?: string }) => logger.error({ sqlState: error.code }, 'working calendar check failed'));
  }, HOUR);
  timer.unref();
  return () => clearInterval(timer);
}

/** The calendar's reach for `/health`. */
export async function calendarHealth(database: Database<DisciplineDatabase>): Promise<Record<string, unknown>> {
  const calendar = await loadWorkingCalendar(database.db);
  const warning = calendar.warning(todayInShanghai());
  return { workingCalendar: { lastKnownDay: calendar.lastKnownDay, warning: warning?.message ?? null } };
}
