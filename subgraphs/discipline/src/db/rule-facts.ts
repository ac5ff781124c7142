import type { Kysely } from 'kysely';
import type { DisciplineDatabase } from './database.ts';

/**
 * Every stored record the rules speak about, for checking records already written (the demo, a
 * seed, an import) against the same domain rules new input meets: `npm run check-rules`.
 */
export async function loadRuleFacts(db: Kysely<DisciplineDatabase>) {
  const [staff, departments, petitions, clues, cases, detentions, recoveries, sanctions, specialInspections, teams, concurrency, checks] = await Promise.all([
    db.selectFrom('staff').selectAll().execute(),
    db.selectFrom('department').selectAll().execute(),
    db.selectFrom('petition').selectAll().execute(),
    db.selectFrom('clue').selectAll().execute(),
    db.selectFrom('disciplineCase').selectAll().execute(),
    db.selectFrom('detention').selectAll().execute(),
    db.selectFrom('lossRecovery').selectAll().execute(),
    db.selectFrom('sanction').selectAll().execute(),
    db.selectFrom('specialInspection').selectAll().execute(),
    db.selectFrom('specialInspectionTeam').selectAll().execute(),
    db.selectFrom('specialInspectionConcurrency').selectAll().execute(),
    db.selectFrom('specialInspectionCheck').selectAll().execute(),
  ]);
  return { staff, departments, petitions, clues, cases, detentions, recoveries, sanctions, specialInspections, teams, concurrency, checks };
}

export type DisciplineRuleFacts = Awaited<ReturnType<typeof loadRuleFacts>>;
