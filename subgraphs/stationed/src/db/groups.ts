import type { Kysely } from 'kysely';
import type { GroupCoverage, NewStationedGroup, StationedDatabase, StationedGroup } from './database.ts';

type Db = Kysely<StationedDatabase>;

export interface UnitGroup extends StationedGroup {
  unitCode: string;
}

/** The group overseeing each unit on `day` (coverage periods are half-open: start ≤ day < end). */
export async function findGroupsOverseeingUnits(db: Db, unitCodes: readonly string[], day: string): Promise<UnitGroup[]> {
  if (unitCodes.length === 0) return [];
  return db
    .selectFrom('groupCoverage as c')
    .innerJoin('stationedGroup as g', 'g.id', 'c.groupId')
    .select(['c.unitCode', 'g.id', 'g.name', 'g.createdAt'])
    .where('c.unitCode', 'in', unitCodes)
    .where('c.startOn', '<=', day)
    .where((eb) => eb.or([eb('c.endOn', 'is', null), eb('c.endOn', '>', day)]))
    .execute();
}

export async function findCoverageByGroups(db: Db, groupIds: readonly string[], day: string): Promise<GroupCoverage[]> {
  if (groupIds.length === 0) return [];
  return db
    .selectFrom('groupCoverage')
    .selectAll()
    .where('groupId', 'in', groupIds)
    .where('startOn', '<=', day)
    .where((eb) => eb.or([eb('endOn', 'is', null), eb('endOn', '>', day)]))
    .orderBy('unitCode')
    .execute();
}

export async function listGroups(db: Db): Promise<StationedGroup[]> {
  return db.selectFrom('stationedGroup').selectAll().orderBy('name').execute();
}

export async function insertGroup(db: Db, group: NewStationedGroup & { id: string }, coverage: Omit<GroupCoverage, 'groupId'>[]): Promise<void> {
  await db.insertInto('stationedGroup').values(group).onConflict((oc) => oc.column('id').doNothing()).execute();
  if (coverage.length === 0) return;
  await db
    .insertInto('groupCoverage')
    .values(coverage.map((c) => ({ ...c, groupId: group.id })))
    .onConflict((oc) => oc.columns(['groupId', 'unitCode', 'startOn']).doNothing())
    .execute();
}
