import { DATE_ID_KEY, keysetPage } from '@hub/core';
import type { Insertable, Kysely } from 'kysely';
import type { PageWindow } from '@hub/core';
import type {
  AccountabilityDecision,
  AccountabilityDecisionTable,
  DisciplineDatabase,
  SpecialInspection,
  SpecialInspectionCheck,
  SpecialInspectionCheckTable,
  SpecialInspectionTeam,
} from './database.ts';

type Db = Kysely<DisciplineDatabase>;

export async function insertAccountabilityDecision(db: Db, row: Insertable<AccountabilityDecisionTable>): Promise<AccountabilityDecision> {
  return db.insertInto('accountabilityDecision').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function findAccountabilityByItemIds(db: Db, itemIds: readonly string[]): Promise<AccountabilityDecision[]> {
  if (itemIds.length === 0) return [];
  return db.selectFrom('accountabilityDecision').selectAll().where('rectificationItemId', 'in', itemIds).orderBy('decidedOn').orderBy('id').execute();
}

export interface AccountabilityFilter {
  unitCode?: string | null | undefined;
  decidedFrom?: string | null | undefined;
  decidedTo?: string | null | undefined;
}

function filteredAccountability(db: Db, filter: AccountabilityFilter) {
  let query = db.selectFrom('accountabilityDecision');
  if (filter.unitCode) query = query.where('unitCode', '=', filter.unitCode);
  if (filter.decidedFrom) query = query.where('decidedOn', '>=', filter.decidedFrom);
  if (filter.decidedTo) query = query.where('decidedOn', '<=', filter.decidedTo);
  return query;
}

export async function listAccountabilityDecisions(db: Db, filter: AccountabilityFilter, window: PageWindow): Promise<AccountabilityDecision[]> {
  return keysetPage(filteredAccountability(db, filter).selectAll(), window, {
    columns: ['accountability_decision.decided_on', 'accountability_decision.id'],
    keys: DATE_ID_KEY,
    order: 'desc',
  }).execute();
}

export async function countAccountabilityDecisions(db: Db, filter: AccountabilityFilter): Promise<number> {
  const row = await filteredAccountability(db, filter)
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

export async function findAccountabilityByIds(db: Db, ids: readonly string[]): Promise<AccountabilityDecision[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('accountabilityDecision').selectAll().where('id', 'in', ids).execute();
}

export async function insertSpecialInspection(db: Db, row: { theme: string; startedOn: string; endedOn: string | null }): Promise<SpecialInspection> {
  return db.insertInto('specialInspection').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function findSpecialInspectionForUpdate(db: Db, id: string): Promise<SpecialInspection | undefined> {
  return db.selectFrom('specialInspection').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function listSpecialInspections(db: Db, window: PageWindow): Promise<SpecialInspection[]> {
  return keysetPage(db.selectFrom('specialInspection').selectAll(), window, {
    columns: ['special_inspection.started_on', 'special_inspection.id'],
    keys: DATE_ID_KEY,
    order: 'desc',
  }).execute();
}

export async function countSpecialInspections(db: Db): Promise<number> {
  const row = await db
    .selectFrom('specialInspection')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

export async function findSpecialInspectionsByIds(db: Db, ids: readonly string[]): Promise<SpecialInspection[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('specialInspection').selectAll().where('id', 'in', ids).execute();
}

export async function insertSpecialInspectionTeam(
  db: Db,
  row: { specialInspectionId: string; name: string; staffIds: string[] },
): Promise<SpecialInspectionTeam> {
  return db.insertInto('specialInspectionTeam').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function findTeamsBySpecialInspectionIds(db: Db, ids: readonly string[]): Promise<SpecialInspectionTeam[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('specialInspectionTeam').selectAll().where('specialInspectionId', 'in', ids).orderBy('name').execute();
}

export async function findTeam(db: Db, id: string): Promise<SpecialInspectionTeam | undefined> {
  return db.selectFrom('specialInspectionTeam').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertSpecialInspectionCheck(db: Db, row: Insertable<SpecialInspectionCheckTable>): Promise<SpecialInspectionCheck> {
  return db.insertInto('specialInspectionCheck').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function findChecksBySpecialInspectionIds(db: Db, ids: readonly string[]): Promise<SpecialInspectionCheck[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('specialInspectionCheck').selectAll().where('specialInspectionId', 'in', ids).orderBy('checkedOn').orderBy('id').execute();
}

export async function findSpecialInspectionCheckById(db: Db, id: string): Promise<SpecialInspectionCheck | undefined> {
  return db.selectFrom('specialInspectionCheck').selectAll().where('id', '=', id).executeTakeFirst();
}

/** 结束专项检查 — sets the end date of a running special inspection. */
export async function endSpecialInspection(db: Db, id: string, endedOn: string): Promise<void> {
  await db.updateTable('specialInspection').set({ endedOn }).where('id', '=', id).execute();
}

/** The latest check date of a special inspection (an end date cannot precede it); voided checks left out. */
export async function lastCheckDate(db: Db, specialInspectionId: string): Promise<string | null> {
  const row = await db
    .selectFrom('specialInspectionCheck')
    .select((eb) => eb.fn.max('checkedOn').as('last'))
    .where('specialInspectionId', '=', specialInspectionId)
    .where('voidedAt', 'is', null)
    .executeTakeFirst();
  return (row?.last as string | null | undefined) ?? null;
}

export async function insertConcurrentStaff(db: Db, rows: { specialInspectionId: string; staffId: string; reason: string }[]): Promise<void> {
  if (rows.length === 0) return;
  await db.insertInto('specialInspectionConcurrency').values(rows).execute();
}

export async function findConcurrentStaffBySpecialInspectionIds(db: Db, ids: readonly string[]) {
  if (ids.length === 0) return [];
  return db
    .selectFrom('specialInspectionConcurrency')
    .select(['specialInspectionId', 'staffId', 'reason'])
    .where('specialInspectionId', 'in', ids)
    .orderBy('createdAt')
    .execute();
}
