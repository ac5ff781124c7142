import { type Kysely, sql } from 'kysely';

/**
 * 工作日历 — the official working-day calendar, one row per year's State Council notice and one per
 * listed day. Built-in years (from @hub/core's calendar data) are added at start; a leader loads a
 * newer notice through `loadCalendarYear`.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table calendar_year (
      year integer primary key check (year between 2000 and 2100),
      notice text not null check (btrim(notice) <> ''),
      origin text not null check (origin in ('BUILT_IN', 'LOADED')),
      loaded_at timestamptz not null default now(),
      loaded_by text
    )`.execute(db);
  await sql`
    create table calendar_day (
      day date primary key,
      year integer not null references calendar_year (year),
      kind text not null check (kind in ('HOLIDAY', 'MAKE_UP_WORKDAY')),
      check (extract(year from day) = year)
    )`.execute(db);
  await sql`create index calendar_day_year_idx on calendar_day (year)`.execute(db);
  // 宣布处分决定 — the day a sanction was announced (due within one month of the decision).
  await sql`alter table sanction add column announced_on date`.execute(db);
  await sql`alter table sanction add constraint sanction_announced_check check (announced_on is null or announced_on >= decided_on)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table sanction drop constraint sanction_announced_check, drop column announced_on`.execute(db);
  await sql`drop table calendar_day`.execute(db);
  await sql`drop table calendar_year`.execute(db);
}
