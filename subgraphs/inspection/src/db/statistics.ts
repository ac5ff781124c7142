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

/** What inspection recorded in a period, for 巡察办's report material (巡察情况报备材料). */
export interface InspectionPeriodCounts {
  roundsStarted: number;
  unitsInspected: number;
  findings: number;
  findingsByCategory: { category: FindingCategory; count: number }[];
  amountInvolved: string;
  cluesTransferred: number;
  cluesTransferredEscalated: number;
  rectificationItemsCompleted: number;
}

/**
 * Counts of the period [from, to]: rounds whose preparation started in it and the distinct units
 * their inspections cover; findings recorded in it (by category, with the amount involved); clue
 * transfers made in it (escalated ones apart); rectification items completed in it. Voided records
 * do not count. Four statements.
 */
export async function inspectionCountsInPeriod(db: Db, from: string, to: string): Promise<InspectionPeriodCounts> {
  const [rounds, findings, transfers, items] = await Promise.all([
    db
      .selectFrom('inspectionRound as r')
      .leftJoin('inspection as i', (j) => j.onRef('i.roundId', '=', 'r.id').on('i.voidedAt', 'is', null))
      .select((eb) => [eb.fn.count<string>('r.id').distinct().as('rounds'), eb.fn.count<string>('i.unitCode').distinct().as('units')])
      .where('r.startOn', '>=', from)
      .where('r.startOn', '<=', to)
      .where('r.voidedAt', 'is', null)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('finding as f')
      .innerJoin('inspection as i', 'i.id', 'f.inspectionId')
      .select((eb) => ['f.category', eb.fn.countAll<string>().as('count'), sql<string>`coalesce(sum(f.amount_involved), 0)::numeric(14,2)::text`.as('amount')])
      .where('f.recordedOn', '>=', from)
      .where('f.recordedOn', '<=', to)
      .where('f.voidedAt', 'is', null)
      .where('i.voidedAt', 'is', null)
      .groupBy('f.category')
      .orderBy('f.category')
      .execute(),
    db
      .selectFrom('clueTransfer')
      .select((eb) => [eb.fn.countAll<string>().as('total'), sql<string>`count(*) filter (where escalated)`.as('escalated')])
      .where('transferredOn', '>=', from)
      .where('transferredOn', '<=', to)
      .where('voidedAt', 'is', null)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('rectificationItem')
      .select((eb) => eb.fn.countAll<string>().as('completed'))
      .where('completedOn', '>=', from)
      .where('completedOn', '<=', to)
      .where('voidedAt', 'is', null)
      .executeTakeFirstOrThrow(),
  ]);
  const cents = findings.reduce((sum, row) => sum + BigInt(row.amount.replace('.', '')), 0n);
  return {
    roundsStarted: Number(rounds.rounds),
    unitsInspected: Number(rounds.units),
    findings: findings.reduce((n, row) => n + Number(row.count), 0),
    findingsByCategory: findings.map((row) => ({ category: row.category, count: Number(row.count) })),
    amountInvolved: `${cents / 100n}.${String(cents % 100n).padStart(2, '0')}`,
    cluesTransferred: Number(transfers.total),
    cluesTransferredEscalated: Number(transfers.escalated),
    rectificationItemsCompleted: Number(items.completed),
  };
}
