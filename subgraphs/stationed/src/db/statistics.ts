import { type Kysely, sql } from 'kysely';
import type { ActivityKind, StationedDatabase } from './database.ts';

type Db = Kysely<StationedDatabase>;

export interface ActivityKindCount {
  year: number;
  kind: ActivityKind;
  count: number;
}

/** Activities per year and kind (by the day held); voided records leave every count here. */
export async function countActivitiesByYearAndKind(db: Db, years: readonly number[]): Promise<ActivityKindCount[]> {
  if (years.length === 0) return [];
  const year = sql<number>`extract(year from held_on)::int`;
  const rows = await db
    .selectFrom('supervisionActivity')
    .select((eb) => [year.as('year'), 'kind', eb.fn.countAll<number>().as('count')])
    .where(year, 'in', [...years])
    .where('voidedAt', 'is', null)
    .groupBy([year, 'kind'])
    .orderBy(year)
    .orderBy('kind')
    .execute();
  return rows.map((row) => ({ ...row, count: Number(row.count) }));
}

/** Rows per year of a dated column: issues found (found_on), resolved (resolved_on), escalations (escalated_on). */
export async function countByYear(
  db: Db,
  what: 'issuesFound' | 'issuesResolved' | 'escalations',
  years: readonly number[],
): Promise<{ year: number; count: number }[]> {
  if (years.length === 0) return [];
  const [table, column] = (
    {
      issuesFound: ['supervision_issue', 'found_on'],
      issuesResolved: ['supervision_issue', 'resolved_on'],
      escalations: ['escalation', 'escalated_on'],
    } as const
  )[what];
  const year = sql<number>`extract(year from ${sql.ref(column)})::int`;
  const { rows } = await sql<{ year: number; count: number }>`
    select ${year} as year, count(*) as count from ${sql.table(table)}
    where ${year} in (${sql.join([...years])}) and voided_at is null
    group by 1`.execute(db);
  return rows.map((row) => ({ year: Number(row.year), count: Number(row.count) }));
}
