import { type Kysely, sql } from 'kysely';
import type { DisciplineDatabase } from './database.ts';

type Db = Kysely<DisciplineDatabase>;

/** A staff member's membership of a collaboration zone, with its period (end exclusive). */
export interface ZoneMembership {
  staffId: string;
  zoneId: string;
  startOn: string | null;
  endOn: string | null;
}

/** A staff member's place on a special-inspection team, for the inspection's period (end exclusive). */
export interface SpecialTeamService {
  staffId: string;
  teamId: string;
  teamName: string;
  specialInspectionId: string;
  startOn: string;
  endOn: string | null;
  /** Marked concurrent with a reason when the special inspection started (同期兼任). */
  concurrent: boolean;
}

export async function findZoneMembershipsByStaff(db: Db, staffIds: readonly string[]): Promise<ZoneMembership[]> {
  if (staffIds.length === 0) return [];
  return db
    .selectFrom('zoneMember')
    .select(['staffId', 'zoneId', 'startOn', 'endOn'])
    .where('staffId', 'in', staffIds)
    .orderBy('startOn')
    .orderBy('zoneId')
    .execute();
}

function specialServices(db: Db) {
  return db
    .selectFrom((eb) =>
      eb
        .selectFrom('specialInspectionTeam')
        .select(['id', 'name', 'specialInspectionId', sql<string>`unnest(staff_ids)`.as('staffId')])
        .as('t'),
    )
    .innerJoin('specialInspection as s', 's.id', 't.specialInspectionId')
    .leftJoin('specialInspectionConcurrency as c', (join) => join.onRef('c.specialInspectionId', '=', 's.id').onRef('c.staffId', '=', 't.staffId'))
    .select(['t.staffId', 't.id as teamId', 't.name as teamName', 's.id as specialInspectionId', 's.startedOn as startOn'])
    .select(sql<boolean>`c.staff_id is not null`.as('concurrent'))
    .select(sql<string | null>`to_char(s.ended_on + 1, 'YYYY-MM-DD')`.as('endOn'));
}

export async function findSpecialTeamServicesByStaff(db: Db, staffIds: readonly string[]): Promise<SpecialTeamService[]> {
  if (staffIds.length === 0) return [];
  return specialServices(db).where('t.staffId', 'in', staffIds).orderBy('s.startedOn').orderBy('t.id').execute();
}

/** Zone memberships and special-inspection services running at some time in [from, to). */
export async function findDisciplineEngagementsInPeriod(
  db: Db,
  from: string,
  to: string,
  limit: number,
): Promise<{ zones: ZoneMembership[]; special: SpecialTeamService[] }> {
  const zones = await db
    .selectFrom('zoneMember')
    .select(['staffId', 'zoneId', 'startOn', 'endOn'])
    .where((eb) => eb.and([eb.or([eb('startOn', 'is', null), eb('startOn', '<', to)]), eb.or([eb('endOn', 'is', null), eb('endOn', '>', from)])]))
    .orderBy('staffId')
    .limit(limit)
    .execute();
  const special = await specialServices(db)
    .where('s.startedOn', '<', to)
    .where((eb) => eb.or([eb('s.endedOn', 'is', null), eb('s.endedOn', '>=', from)]))
    .orderBy('t.staffId')
    .limit(limit)
    .execute();
  return { zones, special };
}
