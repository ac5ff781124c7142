import type { Insertable, Kysely } from 'kysely';
import type { AccountabilityDecision, AccountabilityDecisionTable, Bulletin, BulletinKind, BulletinTable, DisciplineDatabase, SpecialInspection, SpecialInspectionCheck, SpecialInspectionCheckTable, SpecialInspectionTeam } from './database.ts';

type Db = Kysely<DisciplineDatabase>;

export async function insertAccountabilityDecision(db: Db, row: Insertable<AccountabilityDecisionTable>): Promise<AccountabilityDecision> {
  return db.insertInto('accountabilityDecision').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function findAccountabilityByItemIds(db: Db, itemIds: readonly string[]): Promise<AccountabilityDecision[]> {
  if (itemIds.length === 0) return [];
  return db.selectFrom('accountabilityDecision').selectAll().where('rectificationItemId', 'in', itemIds).orderBy('decidedOn').orderBy('id').execute();
}

export async function listAccountabilityDecisions(db: Db, unitCode?: string | null): Promise<AccountabilityDecision[]> {
  let query = db.selectFrom('accountabilityDecision').selectAll();
  if (unitCode) query = query.where('unitCode', '=', unitCode);
  return query.orderBy('decidedOn', 'desc').orderBy('id').limit(500).execute();
}

export async function insertBulletin(db: Db, row: Insertable<BulletinTable>): Promise<Bulletin> {
  return db.insertInto('bulletin').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function listBulletins(db: Db, filter: { kind?: BulletinKind | null | undefined; year?: number | null | undefined }): Promise<Bulletin[]> {
  let query = db.selectFrom('bulletin').selectAll();
  if (filter.kind) query = query.where('kind', '=', filter.kind);
  if (filter.year) query = query.where('periodStart', '<=', `${filter.year}-12-31`).where('periodEnd', '>=', `${filter.year}-01-01`);
  return query.orderBy('issuedOn', 'desc').orderBy('id').limit(500).execute();
}

export async function insertSpecialInspection(db: Db, row: { theme: string; startedOn: string; endedOn: string | null }): Promise<SpecialInspection> {
  return db.insertInto('specialInspection').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function findSpecialInspectionForUpdate(db: Db, id: string): Promise<SpecialInspection | undefined> {
  return db.selectFrom('specialInspection').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function listSpecialInspections(db: Db): Promise<SpecialInspection[]> {
  return db.selectFrom('specialInspection').selectAll().orderBy('startedOn', 'desc').orderBy('id').limit(500).execute();
}

export async function insertSpecialInspectionTeam(db: Db, row: { specialInspectionId: string; name: string; staffIds: string[] }): Promise<SpecialInspectionTeam> {
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
