import type { Kysely } from 'kysely';
import type { InspectionDatabase } from './database.ts';
import { rowsWhereIn } from './keys.ts';
import { findUnitsByCodes } from './units.ts';

type Db = Kysely<InspectionDatabase>;

/** Existence and state of the records another body names, one statement per kind. */
export async function findReferencedUnits(db: Db, codes: readonly string[]) {
  return (await findUnitsByCodes(db, codes)).map((u) => ({ code: u.code }));
}

export async function findReferencedTransfers(db: Db, ids: readonly string[]) {
  return rowsWhereIn(db, 'clueTransfer', 'id', ids);
}

export async function findReferencedTeams(db: Db, ids: readonly string[]) {
  const wanted = (await rowsWhereIn(db, 'inspectionTeam', 'id', ids)).map((t) => t.id);
  if (wanted.length === 0) return [];
  return db
    .selectFrom('inspectionTeam')
    .innerJoin('inspectionRound', 'inspectionRound.id', 'inspectionTeam.roundId')
    .select(['inspectionTeam.id', 'inspectionTeam.roundId', 'inspectionRound.stage as roundStage', 'inspectionRound.endOn as roundEndOn'])
    .where('inspectionTeam.id', 'in', wanted)
    .execute();
}

export async function findReferencedRounds(db: Db, ids: readonly string[]) {
  return rowsWhereIn(db, 'inspectionRound', 'id', ids);
}

export async function findReferencedItems(db: Db, ids: readonly string[]) {
  const wanted = (await rowsWhereIn(db, 'rectificationItem', 'id', ids)).map((t) => t.id);
  if (wanted.length === 0) return [];
  return db
    .selectFrom('rectificationItem')
    .innerJoin('rectificationPlan', 'rectificationPlan.id', 'rectificationItem.planId')
    .innerJoin('inspection', 'inspection.id', 'rectificationPlan.inspectionId')
    .select(['rectificationItem.id', 'rectificationItem.status', 'inspection.unitCode'])
    .where('rectificationItem.id', 'in', wanted)
    .execute();
}
