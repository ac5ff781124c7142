import type { Kysely } from 'kysely';
import type { StationedDatabase } from './database.ts';

/**
 * Every stored record the rules speak about, for checking records already written (the demo, a
 * seed, an import) against the same domain rules new input meets: `npm run check-rules`.
 */
export async function loadRuleFacts(db: Kysely<StationedDatabase>) {
  const [groups, coverage, members, activities, issues, escalations, entries, notes, assignments] = await Promise.all([
    db.selectFrom('stationedGroup').selectAll().execute(),
    db.selectFrom('groupCoverage').selectAll().execute(),
    db.selectFrom('groupMember').selectAll().execute(),
    db.selectFrom('supervisionActivity').selectAll().execute(),
    db.selectFrom('supervisionIssue').selectAll().execute(),
    db.selectFrom('escalation').selectAll().execute(),
    db.selectFrom('integrityFileEntry').selectAll().execute(),
    db.selectFrom('rectificationSupervisionNote').selectAll().execute(),
    db.selectFrom('staffAssignment').selectAll().orderBy('staffId').orderBy('startOn').execute(),
  ]);
  return { groups, coverage, members, activities, issues, escalations, entries, notes, assignments };
}

export type StationedRuleFacts = Awaited<ReturnType<typeof loadRuleFacts>>;
