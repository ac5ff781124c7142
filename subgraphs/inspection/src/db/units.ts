import { type Kysely, sql } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import { keysetPage, type PageWindow, TEXT_KEY } from '@hub/core';
import type { InspectionDatabase, NewUnit, Unit, UnitKind, UnitLevel } from './database.ts';
import { type UnitTeamRow, teamRowsOfUnits, unitTeamRow } from './rounds.ts';

type Db = Kysely<InspectionDatabase>;

export interface UnitFilter {
  kind?: UnitKind | null | undefined;
  level?: UnitLevel | null | undefined;
  township?: string | null | undefined;
  parentCode?: string | null | undefined;
  nameContains?: string | null | undefined;
}

export async function findUnitsByCodes(db: Db, codes: readonly string[]): Promise<Unit[]> {
  if (codes.length === 0) return [];
  return db.selectFrom('unit').selectAll().where('code', 'in', codes).execute();
}

/**
 * The units with these codes and the units whose parent they are, children in code order, each with
 * its teams (`teamRowsOfUnits`) in the same statement.
 */
export async function findUnitsWithChildren(db: Db, codes: readonly string[], today: string): Promise<(Unit & { teams: UnitTeamRow[] })[]> {
  if (codes.length === 0) return [];
  const rows = await db
    .selectFrom('unit')
    .selectAll('unit')
    .select(() => jsonArrayFrom(teamRowsOfUnits(db, today).where('inspection.unitCode', '=', sql.ref<string>('unit.code'))).as('teams'))
    .where((eb) => eb.or([eb('unit.code', 'in', codes), eb('unit.parentCode', 'in', codes)]))
    .orderBy('unit.code')
    .execute();
  return rows.map(({ teams, ...unit }) => ({ ...unit, teams: teams.map(unitTeamRow) }));
}

export async function findUnitsByParentCodes(db: Db, parentCodes: readonly string[]): Promise<Unit[]> {
  if (parentCodes.length === 0) return [];
  return db.selectFrom('unit').selectAll().where('parentCode', 'in', parentCodes).orderBy('code').execute();
}

function filtered(db: Db, filter: UnitFilter) {
  let query = db.selectFrom('unit');
  if (filter.kind) query = query.where('kind', '=', filter.kind);
  if (filter.level) query = query.where('level', '=', filter.level);
  if (filter.township) query = query.where('township', '=', filter.township);
  if (filter.parentCode) query = query.where('parentCode', '=', filter.parentCode);
  if (filter.nameContains) {
    const pattern = `%${filter.nameContains.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    query = query.where('name', 'like', pattern);
  }
  return query;
}

export async function listUnits(db: Db, filter: UnitFilter, window: PageWindow): Promise<Unit[]> {
  const query = filtered(db, filter).selectAll();
  return keysetPage(query, window, { columns: ['code'], keys: TEXT_KEY, order: 'asc' }).execute();
}

export async function countUnits(db: Db, filter: UnitFilter): Promise<number> {
  const row = await filtered(db, filter)
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

export async function insertUnits(db: Db, units: NewUnit[]): Promise<void> {
  if (units.length === 0) return;
  await db
    .insertInto('unit')
    .values(units)
    .onConflict((oc) => oc.column('code').doNothing())
    .execute();
}

export async function insertUnit(db: Db, unit: NewUnit): Promise<void> {
  await db.insertInto('unit').values(unit).execute();
}
