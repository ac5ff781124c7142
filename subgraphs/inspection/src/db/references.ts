import { isUuid } from '@hub/core';
import type { Kysely } from 'kysely';
import type { InspectionDatabase } from './database.ts';
import { rowsWhereIn } from './keys.ts';
import { findUnitsByCodes } from './units.ts';

type Db = Kysely<InspectionDatabase>;

/**
 * Existence and state of the records another body names, one statement per kind. A voided record
 * counts as absent: nothing new may be linked to it (it stays readable with its history).
 */
export async function findReferencedUnits(db: Db, codes: readonly string[]) {
  return (await findUnitsByCodes(db, codes)).map((u) => ({ code: u.code }));
}

export async function findReferencedTransfers(db: Db, ids: readonly string[]) {
  return (await rowsWhereIn(db, 'clueTransfer', 'id', ids)).filter((r) => r.voidedAt === null);
}

export async function findReferencedTeams(db: Db, ids: readonly string[]) {
  const wanted = ids.filter(isUuid);
  if (wanted.length === 0) return [];
  return db
    .selectFrom('inspectionTeam')
    .innerJoin('inspectionRound', 'inspectionRound.id', 'inspectionTeam.roundId')
    .select(['inspectionTeam.id', 'inspectionTeam.roundId', 'inspectionRound.stage as roundStage', 'inspectionRound.endOn as roundEndOn'])
    .where('inspectionTeam.id', 'in', wanted)
    .where('inspectionTeam.voidedAt', 'is', null)
    .where('inspectionRound.voidedAt', 'is', null)
    .execute();
}

export async function findReferencedRounds(db: Db, ids: readonly string[]) {
  return (await rowsWhereIn(db, 'inspectionRound', 'id', ids)).filter((r) => r.voidedAt === null);
}

export async function findReferencedItems(db: Db, ids: readonly string[]) {
  const wanted = ids.filter(isUuid);
  if (wanted.length === 0) return [];
  return db
    .selectFrom('rectificationItem')
    .innerJoin('rectificationPlan', 'rectificationPlan.id', 'rectificationItem.planId')
    .innerJoin('inspection', 'inspection.id', 'rectificationPlan.inspectionId')
    .select(['rectificationItem.id', 'rectificationItem.status', 'inspection.unitCode'])
    .where('rectificationItem.id', 'in', wanted)
    .where('rectificationItem.voidedAt', 'is', null)
    .execute();
}
