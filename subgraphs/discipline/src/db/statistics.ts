import { type Kysely, sql } from 'kysely';
import type { DisciplineDatabase, DisposalMethod, SanctionType } from './database.ts';

type Db = Kysely<DisciplineDatabase>;

/** Every function here aggregates in SQL for a batch of years: one statement per call. Voided records leave every count. */

export async function countPetitionsByYear(db: Db, years: readonly number[]): Promise<{ year: number; count: number }[]> {
  if (years.length === 0) return [];
  const year = sql<number>`extract(year from received_on)::int`;
  return db
    .selectFrom('petition')
    .select((eb) => [year.as('year'), eb.fn.countAll<number>().as('count')])
    .where(year, 'in', years)
    .where('voidedAt', 'is', null)
    .groupBy(year)
    .execute();
}

export async function countDisposalsByYear(db: Db, years: readonly number[]): Promise<{ year: number; method: DisposalMethod; count: number }[]> {
  if (years.length === 0) return [];
  const year = sql<number>`extract(year from disposed_on)::int`;
  return db
    .selectFrom('clue')
    .select((eb) => [year.as('year'), eb.ref('disposalMethod').$notNull().as('method'), eb.fn.countAll<number>().as('count')])
    .where('disposedOn', 'is not', null)
    .where('voidedAt', 'is', null)
    .where(year, 'in', years)
    .groupBy([year, 'disposalMethod'])
    .orderBy('disposalMethod')
    .execute();
}

export type CaseEventKind = 'FILED' | 'DETAINED' | 'TRANSFERRED' | 'CLOSED';

/** Case events per year: cases filed, detentions started, transfers to the procuratorate, cases closed. */
export async function countCaseEventsByYear(db: Db, years: readonly number[]): Promise<{ year: number; kind: CaseEventKind; count: number }[]> {
  if (years.length === 0) return [];
  const list = sql.join(years.map((y) => sql`${y}::int`));
  const result = await sql<{ year: number; kind: CaseEventKind; count: number }>`
    select year, kind, count(*)::int as count from (
      select extract(year from filed_on)::int as year, 'FILED' as kind from discipline_case where voided_at is null
      union all select extract(year from closed_on)::int, 'CLOSED' from discipline_case where closed_on is not null and voided_at is null
      union all select extract(year from transferred_to_procuratorate_on)::int, 'TRANSFERRED' from discipline_case where transferred_to_procuratorate_on is not null and voided_at is null
      union all select extract(year from d.started_on)::int, 'DETAINED' from detention d join discipline_case c on c.id = d.case_id where c.voided_at is null
    ) events
    where year in (${list})
    group by year, kind`.execute(db);
  return result.rows;
}

export async function countSanctionsByYear(db: Db, years: readonly number[]): Promise<{ year: number; type: SanctionType; fourForm: number; count: number }[]> {
  if (years.length === 0) return [];
  const year = sql<number>`extract(year from decided_on)::int`;
  return db
    .selectFrom('sanction')
    .select((eb) => [year.as('year'), 'type', 'fourForm', eb.fn.countAll<number>().as('count')])
    .where(year, 'in', years)
    .where('voidedAt', 'is', null)
    .groupBy([year, 'type', 'fourForm'])
    .orderBy('type')
    .execute();
}

/** 处分人数 — distinct persons who received a party or government sanction in the year. */
export async function countPersonsSanctionedByYear(db: Db, years: readonly number[]): Promise<{ year: number; count: number }[]> {
  if (years.length === 0) return [];
  const year = sql<number>`extract(year from decided_on)::int`;
  return db
    .selectFrom('sanction')
    .select([year.as('year'), sql<number>`count(distinct person_id)::int`.as('count')])
    .where(year, 'in', years)
    .where('voidedAt', 'is', null)
    .groupBy(year)
    .execute();
}

/** Money per year as numeric text: losses recovered in cases, funds returned in special inspections. */
export async function sumMoneyByYear(db: Db, years: readonly number[]): Promise<{ year: number; kind: 'LOSSES' | 'FUNDS'; total: string }[]> {
  if (years.length === 0) return [];
  const list = sql.join(years.map((y) => sql`${y}::int`));
  const result = await sql<{ year: number; kind: 'LOSSES' | 'FUNDS'; total: string }>`
    select year, kind, sum(amount)::text as total from (
      select extract(year from recovered_on)::int as year, 'LOSSES' as kind, amount from loss_recovery where voided_at is null
      union all select extract(year from checked_on)::int, 'FUNDS', funds_returned from special_inspection_check where voided_at is null
    ) money
    where year in (${list})
    group by year, kind`.execute(db);
  return result.rows;
}

/** 处理人数 — distinct persons whose case was closed with a decision in the year (sanctioned or not). */
export async function countPersonsHandledByYear(db: Db, years: readonly number[]): Promise<{ year: number; count: number }[]> {
  if (years.length === 0) return [];
  const year = sql<number>`extract(year from closed_on)::int`;
  return db
    .selectFrom('disciplineCase')
    .select([year.as('year'), sql<number>`count(distinct person_id)::int`.as('count')])
    .where('closedOn', 'is not', null)
    .where('voidedAt', 'is', null)
    .where(year, 'in', years)
    .groupBy(year)
    .execute();
}
