import { createLogger, OFFICIAL_CALENDAR_YEARS, openDatabase } from '@hub/core';
import { afterAll, expect, it } from 'vitest';
import { freshDatabases } from '../../../test/support/hub.ts';
import { migrationFolder } from '../src/app.ts';
import { addBuiltInCalendarYears } from '../src/db/calendar.ts';
import type { DisciplineDatabase } from '../src/db/database.ts';

/**
 * Two replicas of discipline starting together on one new PostgreSQL database both find the built-in
 * calendar years missing and both add them: neither may fail its start on the years' key, and each
 * year is added once, with its days.
 */
const opened: { close(): Promise<void> }[] = [];
afterAll(async () => {
  for (const database of opened) await database.close();
});

it('replicas adding the built-in calendar years at the same time add each year once, without an error', async () => {
  const { discipline } = await freshDatabases();
  const logger = createLogger({ name: 'calendar-replicas', level: 'silent' });
  const [one, two] = await Promise.all(
    [1, 2].map(() => openDatabase<DisciplineDatabase>({ url: discipline, dataDir: '', migrationFolder, logger, migrate: false })),
  );
  opened.push(one!, two!);
  // Both transactions read the empty table before either inserts: the second insert waits for the
  // first transaction's rows, then finds them there.
  const added = await Promise.all([addBuiltInCalendarYears(one!.db), addBuiltInCalendarYears(two!.db)]);
  expect([...added[0]!, ...added[1]!].sort()).toEqual(OFFICIAL_CALENDAR_YEARS.map((y) => y.year).sort());
  const years = await one!.db.selectFrom('calendarYear').select('year').execute();
  expect(years.map((y) => y.year).sort()).toEqual(OFFICIAL_CALENDAR_YEARS.map((y) => y.year).sort());
  const days = await one!.db
    .selectFrom('calendarDay')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  expect(Number(days.n)).toBe(OFFICIAL_CALENDAR_YEARS.reduce((n, y) => n + new Set(y.holidays).size + new Set(y.makeUpWorkdays).size, 0));
});
