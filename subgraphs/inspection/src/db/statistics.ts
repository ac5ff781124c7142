import { type Kysely, sql } from 'kysely';
import type { FindingCategory, InspectionDatabase } from './database.ts';

type Db = Kysely<InspectionDatabase>;

const yearOf = (column: string) => sql<number>`extract(year from ${sql.raw(column)})::int`;

export interface InspectionYearCounts {
  year: number;
  rounds: number;
  unitsInspected: number;
  itemsTotal: number;
  itemsCompleted: number;
}

/** Per year of the round: rounds, distinct units inspected, rectification items and those completed. */
export async function roundCountsByYears(db: Db, years: readonly number[]): Promise<InspectionYearCounts[]> {
  if (years.length === 0) return [];
  const rows = await db
    .selectFrom('inspectionRound')
    // Voided records leave every count: their joins match nothing.
    .leftJoin('inspection', (j) => j.onRef('inspection.roundId', '=', 'inspectionRound.id').on('inspection.voidedAt', 'is', null))
    .leftJoin('rectificationPlan', (j) => j.onRef('rectificationPlan.inspectionId', '=', 'inspection.id').on('rectificationPlan.voidedAt', 'is', null))
    .leftJoin('rectificationItem', (j) => j.onRef('rectificationItem.planId', '=', 'rectificationPlan.id').on('rectificationItem.voidedAt', 'is', null))
    .select((eb) => [
      'inspectionRound.year',
      eb.fn.count<number>('inspectionRound.id').distinct().as('rounds'),
      eb.fn.count<number>('inspection.unitCode').distinct().as('unitsInspected'),
      eb.fn.count<number>('rectificationItem.id').as('itemsTotal'),
      eb.fn.count<number>(eb.case().when('rectificationItem.status', '=', 'COMPLETED').then(1).end()).as('itemsCompleted'),
    ])
    .where('inspectionRound.year', 'in', years)
    .where('inspectionRound.voidedAt', 'is', null)
    .groupBy('inspectionRound.year')
    .execute();
  return rows.map((r) => ({
    year: r.year,
    rounds: Number(r.rounds),
    unitsInspected: Number(r.unitsInspected),
    itemsTotal: Number(r.itemsTotal),
    itemsCompleted: Number(r.itemsCompleted),
  }));
}

/** Findings per year recorded and category. */
export async function findingCountsByYears(db: Db, years: readonly number[]): Promise<{ year: number; category: FindingCategory; count: number }[]> {
  if (years.length === 0) return [];
  const year = yearOf('recorded_on');
  const rows = await db
    .selectFrom('finding')
    .select((eb) => [year.as('year'), 'category', eb.fn.countAll<number>().as('count')])
    .where(year, 'in', years)
    .where('voidedAt', 'is', null)
    .groupBy([year, 'category'])
    .orderBy('category')
    .execute();
  return rows.map((r) => ({ ...r, count: Number(r.count) }));
}

/** Clue transfers per year transferred. */
export async function transferCountsByYears(db: Db, years: readonly number[]): Promise<{ year: number; count: number; priority: number; escalated: number }[]> {
  if (years.length === 0) return [];
  const year = yearOf('transferred_on');
  const rows = await db
    .selectFrom('clueTransfer')
    .select((eb) => [
      year.as('year'),
      eb.fn.countAll<number>().as('count'),
      eb.fn.count<number>(eb.case().when('priority', '=', true).then(1).end()).as('priority'),
      eb.fn.count<number>(eb.case().when('escalated', '=', true).then(1).end()).as('escalated'),
    ])
    .where(year, 'in', years)
    .where('voidedAt', 'is', null)
    .groupBy(year)
    .execute();
  return rows.map((r) => ({ year: r.year, count: Number(r.count), priority: Number(r.priority), escalated: Number(r.escalated) }));
}

/** Funds recovered through rectification, per year reported; decimal strings, summed in SQL. */
export async function fundsRecoveredByYears(db: Db, years: readonly number[]): Promise<{ year: number; total: string }[]> {
  if (years.length === 0) return [];
  const year = yearOf('reported_on');
  return db
    .selectFrom('rectificationProgress')
    .select([year.as('year'), sql<string>`coalesce(sum(funds_recovered), 0)::text`.as('total')])
    .where(year, 'in', years)
    .where('voidedAt', 'is', null)
    .groupBy(year)
    .execute();
}
