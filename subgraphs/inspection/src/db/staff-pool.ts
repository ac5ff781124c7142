import { type Kysely, sql } from 'kysely';
import type { InspectionDatabase } from './database.ts';

type Db = Kysely<InspectionDatabase>;

/** A staff member's service on an inspection team, for the period of the team's round (end exclusive). */
export interface TeamService {
  staffId: string;
  teamId: string;
  startOn: string;
  /** Day after the round's planned end; null while the round has none. */
  endOn: string | null;
  /** Why the member serves on it while on another assignment (同期兼任); null when not marked. */
  concurrentReason: string | null;
}

function services(db: Db) {
  return (
    db
      .selectFrom('inspectionTeamMember as m')
      .innerJoin('inspectionTeam as t', 't.id', 'm.teamId')
      .innerJoin('inspectionRound as r', 'r.id', 't.roundId')
      .select(['m.staffId', 'm.teamId', 'r.startOn', 'm.concurrentReason'])
      // A member removed from the team serves until the removal day (exclusive).
      .select(sql<string | null>`to_char(least(m.removed_on, r.end_on + 1), 'YYYY-MM-DD')`.as('endOn'))
  );
}

/** Team services of the staff members, oldest first. */
export async function findTeamServicesByStaff(db: Db, staffIds: readonly string[]): Promise<TeamService[]> {
  if (staffIds.length === 0) return [];
  return services(db).where('m.staffId', 'in', staffIds).orderBy('r.startOn').orderBy('m.teamId').execute();
}

/** Team services running at some time in [from, to), at most `limit` of them. */
export async function findTeamServicesInPeriod(db: Db, from: string, to: string, limit: number): Promise<TeamService[]> {
  return services(db)
    .where('r.startOn', '<', to)
    .where((eb) => eb.or([eb('r.endOn', 'is', null), eb('r.endOn', '>=', from)]))
    .where((eb) => eb.or([eb('m.removedOn', 'is', null), eb('m.removedOn', '>', from)]))
    .orderBy('m.staffId')
    .orderBy('r.startOn')
    .limit(limit)
    .execute();
}
