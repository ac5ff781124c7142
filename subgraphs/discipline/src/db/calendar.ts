import { type CalendarYear, OFFICIAL_CALENDAR_YEARS, WorkingCalendar } from '@hub/core';
import type { Kysely } from 'kysely';
import type { DisciplineDatabase } from './database.ts';

type Db = Kysely<DisciplineDatabase>;

/** The calendar of every loaded year, as the table holds it now. */
export async function loadWorkingCalendar(db: Db): Promise<WorkingCalendar> {
  const [years, days] = await Promise.all([
    db.selectFrom('calendarYear').select(['year', 'notice']).orderBy('year').execute(),
    db.selectFrom('calendarDay').select(['day', 'year', 'kind']).orderBy('day').execute(),
  ]);
  return new WorkingCalendar(
    years.map(
      (y): CalendarYear => ({
        year: y.year,
        notice: y.notice,
        holidays: days.filter((d) => d.year === y.year && d.kind === 'HOLIDAY').map((d) => d.day),
        makeUpWorkdays: days.filter((d) => d.year === y.year && d.kind === 'MAKE_UP_WORKDAY').map((d) => d.day),
      }),
    ),
  );
}

/** Where each loaded year came from (built in or loaded by a leader), by year. */
export async function findCalendarYearOrigins(db: Db): Promise<Map<number, 'BUILT_IN' | 'LOADED'>> {
  const rows = await db.selectFrom('calendarYear').select(['year', 'origin']).execute();
  return new Map(rows.map((r) => [r.year, r.origin]));
}

/** Replaces one year's notice and days (a corrected or amended notice replaces the whole year). */
export async function replaceCalendarYear(db: Db, year: CalendarYear, origin: 'BUILT_IN' | 'LOADED', loadedBy: string | null): Promise<void> {
  await db.deleteFrom('calendarDay').where('year', '=', year.year).execute();
  await db.deleteFrom('calendarYear').where('year', '=', year.year).execute();
  await db.insertInto('calendarYear').values({ year: year.year, notice: year.notice, origin, loadedBy }).execute();
  const rows = dayRows(year);
  if (rows.length > 0) await db.insertInto('calendarDay').values(rows).execute();
}

function dayRows(year: CalendarYear) {
  return [
    ...[...new Set(year.holidays)].map((day) => ({ day, year: year.year, kind: 'HOLIDAY' as const })),
    ...[...new Set(year.makeUpWorkdays)].map((day) => ({ day, year: year.year, kind: 'MAKE_UP_WORKDAY' as const })),
  ];
}

/**
 * Adds the built-in years (from @hub/core's calendar data) the table does not hold yet. A year already
 * in the table — built in earlier or loaded by a leader — is left as it is. Returns the years added.
 * Replicas starting together on one database may both find a year missing: the one that inserts it
 * second leaves it to the first instead of failing its start on the year's key.
 */
export async function addBuiltInCalendarYears(db: Db): Promise<number[]> {
  return db.transaction().execute(async (tx) => {
    const held = new Set((await tx.selectFrom('calendarYear').select('year').execute()).map((r) => r.year));
    const missing = OFFICIAL_CALENDAR_YEARS.filter((y) => !held.has(y.year));
    if (missing.length === 0) return [];
    // Two statements whatever the number of years: the embedded database starts faster.
    const added = new Set(
      (
        await tx
          .insertInto('calendarYear')
          .values(missing.map((y) => ({ year: y.year, notice: y.notice, origin: 'BUILT_IN' as const, loadedBy: null })))
          .onConflict((oc) => oc.column('year').doNothing())
          .returning('year')
          .execute()
      ).map((r) => r.year),
    );
    const inserted = missing.filter((y) => added.has(y.year));
    if (inserted.length > 0) await tx.insertInto('calendarDay').values(inserted.flatMap(dayRows)).execute();
    return inserted.map((y) => y.year);
  });
}
