import type { Insertable, Kysely } from 'kysely';
import { countParentRows, findParentPages, keysetPage, type PageWindow, TEXT_ID_KEY } from '@hub/core';
import type { CollaborationZone, Department, DisciplineDatabase, Person, PersonTable, Staff, StaffTable } from './database.ts';

type Db = Kysely<DisciplineDatabase>;

export async function findPersonsByIds(db: Db, ids: readonly string[]): Promise<Person[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('person').selectAll().where('id', 'in', ids).execute();
}

export interface PersonFilter {
  unitCode?: string | null | undefined;
  nameContains?: string | null | undefined;
  partyMember?: boolean | null | undefined;
}

function filteredPersons(db: Db, filter: PersonFilter) {
  let query = db.selectFrom('person');
  if (filter.unitCode) query = query.where('unitCode', '=', filter.unitCode);
  if (filter.nameContains) query = query.where('name', 'like', `%${filter.nameContains.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  if (filter.partyMember != null) query = query.where('partyMember', '=', filter.partyMember);
  return query;
}

/** Persons ordered by name then id; the page key is "name|id". */
export async function listPersons(db: Db, filter: PersonFilter, window: PageWindow): Promise<Person[]> {
  return keysetPage(filteredPersons(db, filter).selectAll(), window, { columns: ['name', 'id'], keys: TEXT_ID_KEY, order: 'asc' }).execute();
}

export async function countPersons(db: Db, filter: PersonFilter): Promise<number> {
  const row = await filteredPersons(db, filter)
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

export async function insertPerson(db: Db, person: Insertable<PersonTable>): Promise<Person> {
  return db.insertInto('person').values(person).returningAll().executeTakeFirstOrThrow();
}

export async function findStaffByIds(db: Db, ids: readonly string[]): Promise<Staff[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('staff').selectAll().where('id', 'in', ids).execute();
}

function filteredStaff(db: Db, departmentId?: string | null) {
  const query = db.selectFrom('staff');
  return departmentId ? query.where('departmentId', '=', departmentId) : query;
}

/** The staff pool (optionally of one department) by name then id; the page key is "name|id". */
export async function listStaff(db: Db, departmentId: string | null, window: PageWindow): Promise<Staff[]> {
  return keysetPage(filteredStaff(db, departmentId).selectAll(), window, { columns: ['name', 'id'], keys: TEXT_ID_KEY, order: 'asc' }).execute();
}

export async function countStaff(db: Db, departmentId: string | null): Promise<number> {
  const row = await filteredStaff(db, departmentId)
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

export async function insertStaff(db: Db, staff: Insertable<StaffTable>): Promise<Staff> {
  return db.insertInto('staff').values(staff).returningAll().executeTakeFirstOrThrow();
}

export async function findDepartmentsByIds(db: Db, ids: readonly string[]): Promise<Department[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('department').selectAll().where('id', 'in', ids).execute();
}

/** Departments by name then id; the page key is "name|id". */
export async function listDepartments(db: Db, window: PageWindow): Promise<Department[]> {
  return keysetPage(db.selectFrom('department').selectAll(), window, { columns: ['name', 'id'], keys: TEXT_ID_KEY, order: 'asc' }).execute();
}

export async function countDepartments(db: Db): Promise<number> {
  const row = await db
    .selectFrom('department')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

export async function findDepartmentByName(db: Db, name: string): Promise<Department | undefined> {
  return db.selectFrom('department').selectAll().where('name', '=', name).executeTakeFirst();
}

export async function insertDepartment(db: Db, department: Insertable<DisciplineDatabase['department']>): Promise<Department> {
  return db.insertInto('department').values(department).returningAll().executeTakeFirstOrThrow();
}

export async function findZonesByIds(db: Db, ids: readonly string[]): Promise<CollaborationZone[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('collaborationZone').selectAll().where('id', 'in', ids).execute();
}

/** Collaboration zones by name then id; the page key is "name|id". */
export async function listZones(db: Db, window: PageWindow): Promise<CollaborationZone[]> {
  return keysetPage(db.selectFrom('collaborationZone').selectAll(), window, { columns: ['name', 'id'], keys: TEXT_ID_KEY, order: 'asc' }).execute();
}

export async function countZones(db: Db): Promise<number> {
  const row = await db
    .selectFrom('collaborationZone')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

export async function findZoneByName(db: Db, name: string): Promise<CollaborationZone | undefined> {
  return db.selectFrom('collaborationZone').selectAll().where('name', '=', name).executeTakeFirst();
}

export async function insertZone(
  db: Db,
  zone: { name: string; leaderStaffId: string | null; memberStaffIds: string[]; townships: string[] },
): Promise<CollaborationZone> {
  const row = await db.insertInto('collaborationZone').values({ name: zone.name, leaderStaffId: zone.leaderStaffId }).returningAll().executeTakeFirstOrThrow();
  if (zone.memberStaffIds.length > 0)
    await db
      .insertInto('zoneMember')
      .values(zone.memberStaffIds.map((staffId) => ({ zoneId: row.id, staffId })))
      .execute();
  if (zone.townships.length > 0)
    await db
      .insertInto('zoneTownship')
      .values(zone.townships.map((township) => ({ zoneId: row.id, township })))
      .execute();
  return row;
}

export async function findZoneMembers(db: Db, zoneIds: readonly string[]): Promise<{ zoneId: string; staffId: string }[]> {
  if (zoneIds.length === 0) return [];
  return db.selectFrom('zoneMember').selectAll().where('zoneId', 'in', zoneIds).orderBy('zoneId').orderBy('staffId').execute();
}

export async function findZoneTownships(db: Db, zoneIds: readonly string[]): Promise<{ zoneId: string; township: string }[]> {
  if (zoneIds.length === 0) return [];
  return db.selectFrom('zoneTownship').selectAll().where('zoneId', 'in', zoneIds).orderBy('zoneId').orderBy('township').execute();
}

/** Idempotent bulk inserts of reference rows with fixed ids (demo data): existing ids are left alone. */
export async function insertReferenceRows(
  db: Db,
  rows: {
    departments: Insertable<DisciplineDatabase['department']>[];
    staff: Insertable<StaffTable>[];
    zones: Insertable<DisciplineDatabase['collaborationZone']>[];
    zoneMembers: { zoneId: string; staffId: string }[];
    zoneTownships: { zoneId: string; township: string }[];
    persons?: Insertable<PersonTable>[];
  },
): Promise<void> {
  if (rows.departments.length > 0)
    await db
      .insertInto('department')
      .values(rows.departments)
      .onConflict((oc) => oc.doNothing())
      .execute();
  if (rows.staff.length > 0)
    await db
      .insertInto('staff')
      .values(rows.staff)
      .onConflict((oc) => oc.column('id').doNothing())
      .execute();
  if (rows.zones.length > 0)
    await db
      .insertInto('collaborationZone')
      .values(rows.zones)
      .onConflict((oc) => oc.doNothing())
      .execute();
  if (rows.zoneMembers.length > 0)
    await db
      .insertInto('zoneMember')
      .values(rows.zoneMembers)
      .onConflict((oc) => oc.doNothing())
      .execute();
  if (rows.zoneTownships.length > 0)
    await db
      .insertInto('zoneTownship')
      .values(rows.zoneTownships)
      .onConflict((oc) => oc.doNothing())
      .execute();
  if (rows.persons?.length)
    await db
      .insertInto('person')
      .values(rows.persons)
      .onConflict((oc) => oc.column('id').doNothing())
      .execute();
}

const personsOfUnits = (db: Db, codes: readonly string[]) => db.selectFrom('person').selectAll().where('unitCode', 'in', codes);
const PERSON_PAGE_ORDER = { parent: 'unitCode', columns: ['name', 'id'], keys: TEXT_ID_KEY, order: 'asc' } as const;

/** A page of each unit's registered cadres by name, in one statement for all units. */
export function findPersonPagesByUnitCodes(db: Db, codes: readonly string[], window: PageWindow): Promise<Person[]> {
  return findParentPages(db, personsOfUnits(db, codes), window, PERSON_PAGE_ORDER);
}

export function countPersonsByUnitCodes(db: Db, codes: readonly string[]) {
  return countParentRows(db, personsOfUnits(db, codes), 'unitCode');
}
