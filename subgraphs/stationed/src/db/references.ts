import type { Kysely } from 'kysely';
import { isUuid } from '@hub/core';
import type { StationedDatabase } from './database.ts';

type Db = Kysely<StationedDatabase>;

const uuids = (ids: readonly string[]) => ids.filter(isUuid).map((id) => id.toLowerCase());

/** Which of the groups exist (a voided record counts as absent: nothing new links to it): one statement. */
export async function findReferencedGroups(db: Db, ids: readonly string[]): Promise<{ id: string }[]> {
  const wanted = uuids(ids);
  if (wanted.length === 0) return [];
  return db.selectFrom('stationedGroup').select('id').where('id', 'in', wanted).where('voidedAt', 'is', null).execute();
}

/** Escalations with their group, unit, team and the status of the issue they hand over. */
export async function findReferencedEscalations(db: Db, ids: readonly string[]) {
  const wanted = uuids(ids);
  if (wanted.length === 0) return [];
  return db
    .selectFrom('escalation')
    .innerJoin('supervisionIssue', 'supervisionIssue.id', 'escalation.issueId')
    .select(['escalation.id', 'escalation.groupId', 'escalation.unitCode', 'escalation.inspectionTeamId', 'supervisionIssue.status'])
    .where('escalation.id', 'in', wanted)
    .where('escalation.voidedAt', 'is', null)
    .execute();
}

/** Every coverage period of these groups (history included), oldest first: one statement. */
export async function findCoverageOfGroups(
  db: Db,
  groupIds: readonly string[],
): Promise<{ groupId: string; unitCode: string; startOn: string; endOn: string | null }[]> {
  if (groupIds.length === 0) return [];
  return db
    .selectFrom('groupCoverage')
    .select(['groupId', 'unitCode', 'startOn', 'endOn'])
    .where('groupId', 'in', [...groupIds])
    .orderBy('startOn')
    .execute();
}
