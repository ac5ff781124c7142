import DataLoader from 'dataloader';
import { groupBy, todayInShanghai } from '@hub/core';
import type { Kysely } from 'kysely';
import type { InspectionDatabase, Unit } from './db/database.ts';
import { rowsWhereIn } from './db/keys.ts';
import { findActiveTeamIdsByUnit, findAssignedTeamIdsByUnit, findInspectionsByUnits } from './db/rounds.ts';
import { findFindingsByPersons, findFindingsByUnits } from './db/findings.ts';
import { findOverdueItemsByUnits, itemCountsByPlans } from './db/rectification.ts';
import { findingCountsByYears, fundsRecoveredByYears, roundCountsByYears, transferCountsByYears } from './db/statistics.ts';
import { findInspectionSignalRows } from './db/signals.ts';
import { findUnitsByCodes, findUnitsByParentCodes } from './db/units.ts';
import { findTeamServicesByStaff } from './db/staff-pool.ts';
import { isUuid } from './deadlines.ts';

/** One row per key (or null), in key order. */
function one<Row, Key = string>(fetch: (keys: readonly Key[]) => Promise<Row[]>, keyOf: (row: Row) => Key) {
  return new DataLoader<Key, Row | null>(async (keys) => {
    const byKey = new Map((await fetch(keys)).map((row) => [keyOf(row), row]));
    return keys.map((key) => byKey.get(key) ?? null);
  });
}

/** All rows per key, in key order; rows keep the order the query gave them. */
function many<Row, Key = string>(fetch: (keys: readonly Key[]) => Promise<Row[]>, keyOf: (row: Row) => Key) {
  return new DataLoader<Key, Row[]>(async (keys) => {
    const groups = groupBy(await fetch(keys), keyOf);
    return keys.map((key) => groups.get(key) ?? []);
  });
}

/** Per-request loaders: one SQL statement per batch, results in key order. */
export function createLoaders(db: Kysely<InspectionDatabase>) {
  return {
    unitByCode: new DataLoader<string, Unit | null>(async (codes) => {
      const byCode = new Map((await findUnitsByCodes(db, codes)).map((unit) => [unit.code, unit]));
      return codes.map((code) => byCode.get(code) ?? null);
    }),
    subUnitsByParent: new DataLoader<string, Unit[]>(async (parentCodes) => {
      const byParent = groupBy(await findUnitsByParentCodes(db, parentCodes), (unit) => unit.parentCode);
      return parentCodes.map((code) => byParent.get(code) ?? []);
    }),

    roundById: one((ids) => rowsWhereIn(db, 'inspectionRound', 'id', ids), (r) => r.id),
    stageChangesByRound: many((ids) => rowsWhereIn(db, 'inspectionRoundStageChange', 'roundId', ids, { orderBy: ['enteredOn', 'createdAt'] }), (r) => r.roundId),
    teamById: one((ids) => rowsWhereIn(db, 'inspectionTeam', 'id', ids), (r) => r.id),
    teamsByRound: many((ids) => rowsWhereIn(db, 'inspectionTeam', 'roundId', ids, { orderBy: ['name'] }), (r) => r.roundId),
    membersByTeam: many((ids) => rowsWhereIn(db, 'inspectionTeamMember', 'teamId', ids, { orderBy: ['createdAt', 'staffId'] }), (r) => r.teamId),
    teamServicesByStaff: many((ids) => findTeamServicesByStaff(db, ids.filter(isUuid)), (r) => r.staffId),
    membershipsByStaff: many((ids) => rowsWhereIn(db, 'inspectionTeamMember', 'staffId', ids, { orderBy: ['createdAt'] }), (r) => r.staffId),
    inspectionById: one((ids) => rowsWhereIn(db, 'inspection', 'id', ids), (r) => r.id),
    inspectionsByRound: many((ids) => rowsWhereIn(db, 'inspection', 'roundId', ids, { orderBy: ['unitCode'] }), (r) => r.roundId),
    inspectionsByTeam: many((ids) => rowsWhereIn(db, 'inspection', 'teamId', ids, { orderBy: ['unitCode'] }), (r) => r.teamId),
    inspectionsByUnit: many((codes) => findInspectionsByUnits(db, codes), (r) => r.unitCode),
    activeTeamIdsByUnit: new DataLoader<string, string[]>(async (codes) => {
      const byUnit = groupBy(await findActiveTeamIdsByUnit(db, codes), (r) => r.unitCode);
      return codes.map((code) => [...new Set((byUnit.get(code) ?? []).map((r) => r.teamId))]);
    }),
    assignedTeamIdsByUnit: new DataLoader<string, string[]>(async (codes) => {
      const byUnit = groupBy(await findAssignedTeamIdsByUnit(db, codes, todayInShanghai()), (r) => r.unitCode);
      return codes.map((code) => [...new Set((byUnit.get(code) ?? []).map((r) => r.teamId))]);
    }),
    briefingsByInspection: many((ids) => rowsWhereIn(db, 'briefing', 'inspectionId', ids, { orderBy: ['briefedOn', 'body'] }), (r) => r.inspectionId),

    findingById: one((ids) => rowsWhereIn(db, 'finding', 'id', ids), (r) => r.id),
    findingsByInspection: many((ids) => rowsWhereIn(db, 'finding', 'inspectionId', ids, { orderBy: ['recordedOn', 'id'] }), (r) => r.inspectionId),
    findingsByUnit: many((codes) => findFindingsByUnits(db, codes), (r) => r.unitCode),
    findingsByPerson: many((ids) => findFindingsByPersons(db, ids), (r) => r.personId),
    personIdsByFinding: many((ids) => rowsWhereIn(db, 'findingPerson', 'findingId', ids, { orderBy: ['personId'] }), (r) => r.findingId),
    consultationById: one((ids) => rowsWhereIn(db, 'consultation', 'id', ids), (r) => r.id),
    briefingById: one((ids) => rowsWhereIn(db, 'briefing', 'id', ids), (r) => r.id),
    consultationsByFinding: many((ids) => rowsWhereIn(db, 'consultation', 'findingId', ids, { orderBy: ['heldOn', 'createdAt'] }), (r) => r.findingId),
    transferById: one((ids) => rowsWhereIn(db, 'clueTransfer', 'id', ids), (r) => r.id),
    transferByFinding: one((ids) => rowsWhereIn(db, 'clueTransfer', 'findingId', ids), (r) => r.findingId),
    handlingByEscalation: one((ids) => rowsWhereIn(db, 'escalationHandling', 'escalationId', ids, { uuid: false }), (r) => r.escalationId),
    handlingsByInspection: many((ids) => rowsWhereIn(db, 'escalationHandling', 'inspectionId', ids, { orderBy: ['receivedOn'] }), (r) => r.inspectionId),

    meetingById: one((ids) => rowsWhereIn(db, 'feedbackMeeting', 'id', ids), (r) => r.id),
    followUpById: one((ids) => rowsWhereIn(db, 'followUp', 'id', ids), (r) => r.id),
    meetingByInspection: one((ids) => rowsWhereIn(db, 'feedbackMeeting', 'inspectionId', ids), (r) => r.inspectionId),
    attendeesByMeeting: many((ids) => rowsWhereIn(db, 'feedbackMeetingAttendee', 'meetingId', ids, { orderBy: ['position'] }), (r) => r.meetingId),
    planById: one((ids) => rowsWhereIn(db, 'rectificationPlan', 'id', ids), (r) => r.id),
    planByInspection: one((ids) => rowsWhereIn(db, 'rectificationPlan', 'inspectionId', ids), (r) => r.inspectionId),
    submissionsByPlan: many((ids) => rowsWhereIn(db, 'rectificationPlanSubmission', 'planId', ids, { orderBy: ['submittedOn', 'createdAt'] }), (r) => r.planId),
    reviewsByPlan: many((ids) => rowsWhereIn(db, 'rectificationPlanReview', 'planId', ids, { orderBy: ['createdAt'] }), (r) => r.planId),
    itemById: one((ids) => rowsWhereIn(db, 'rectificationItem', 'id', ids), (r) => r.id),
    itemsByPlan: many((ids) => rowsWhereIn(db, 'rectificationItem', 'planId', ids, { orderBy: ['deadline', 'id'] }), (r) => r.planId),
    itemCountsByPlan: many((ids) => itemCountsByPlans(db, ids), (r) => r.planId),
    progressByItem: many((ids) => rowsWhereIn(db, 'rectificationProgress', 'itemId', ids, { orderBy: ['reportedOn', 'createdAt'] }), (r) => r.itemId),
    followUpByInspection: one((ids) => rowsWhereIn(db, 'followUp', 'inspectionId', ids), (r) => r.inspectionId),
    /** Keyed by "unitCode|asOf": units asking with the same date share one statement. */
    overdueItemsByUnitAsOf: new DataLoader<string, Awaited<ReturnType<typeof findOverdueItemsByUnits>>>(async (keys) => {
      const byDate = groupBy(keys, (key) => key.split('|')[1]!);
      const found = new Map<string, Awaited<ReturnType<typeof findOverdueItemsByUnits>>>();
      for (const [asOf, dateKeys] of byDate) {
        const rows = groupBy(await findOverdueItemsByUnits(db, dateKeys.map((k) => k.split('|')[0]!), asOf), (r) => r.unitCode);
        for (const [unitCode, items] of rows) found.set(`${unitCode}|${asOf}`, items);
      }
      return keys.map((key) => found.get(key) ?? []);
    }),

    /** Keyed by "unitCode|since|asOf": units asking with the same dates share one statement. */
    signalRowsByUnit: new DataLoader<string, Awaited<ReturnType<typeof findInspectionSignalRows>>>(async (keys) => {
      const dates = (key: string) => key.slice(key.indexOf('|') + 1);
      const found = new Map<string, Awaited<ReturnType<typeof findInspectionSignalRows>>>();
      for (const [suffix, dateKeys] of groupBy(keys, dates)) {
        const [since, asOf] = suffix.split('|') as [string, string];
        const rows = groupBy(await findInspectionSignalRows(db, dateKeys.map((k) => k.split('|')[0]!), since, asOf), (r) => r.unitCode);
        for (const [unitCode, list] of rows) found.set(`${unitCode}|${suffix}`, list);
      }
      return keys.map((key) => found.get(key) ?? []);
    }),

    roundCountsByYear: one<Awaited<ReturnType<typeof roundCountsByYears>>[number], number>((years) => roundCountsByYears(db, years), (r) => r.year),
    findingCountsByYear: many<Awaited<ReturnType<typeof findingCountsByYears>>[number], number>((years) => findingCountsByYears(db, years), (r) => r.year),
    transferCountsByYear: one<Awaited<ReturnType<typeof transferCountsByYears>>[number], number>((years) => transferCountsByYears(db, years), (r) => r.year),
    fundsRecoveredByYear: one<Awaited<ReturnType<typeof fundsRecoveredByYears>>[number], number>((years) => fundsRecoveredByYears(db, years), (r) => r.year),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
