import DataLoader from 'dataloader';
import { DATE_ID_KEY, dateKeyedLoader, groupBy, isUuid, listLoader, pageKey, parentPages, rowLoader, todayInShanghai } from '@hub/core';
import type { Kysely } from 'kysely';
import type { Finding, InspectionDatabase, Unit } from './db/database.ts';
import { rowsWhereIn } from './db/keys.ts';
import { countInspectionsByUnits, findInspectionPagesByUnits, findTeamIdsByUnit, type InspectionOfPage, type UnitTeamRow } from './db/rounds.ts';
import { countFindingsByPersons, countFindingsByUnits, findFindingPagesByPersons, findFindingPagesByUnits } from './db/findings.ts';
import { findOverdueItemsByUnits, findRectificationStatusByUnits } from './db/rectification.ts';
import { findingCountsByYears, fundsRecoveredByYears, roundCountsByYears, transferCountsByYears } from './db/statistics.ts';
import { findInspectionSignalRows } from './db/signals.ts';
import { findUnitsByCodes, findUnitsByParentCodes, findUnitsWithChildren } from './db/units.ts';
import { findTeamServicesByStaff } from './db/staff-pool.ts';

interface TeamIds {
  active: string[];
  assigned: string[];
}

/** A unit's teams inspecting it and assigned to it, each once, from its rows of `teamRowsOfUnits`. */
function teamIdsOf(rows: readonly UnitTeamRow[]): TeamIds {
  return {
    active: [...new Set(rows.filter((r) => r.active).map((r) => r.teamId))],
    assigned: [...new Set(rows.filter((r) => r.assigned).map((r) => r.teamId))],
  };
}

/** Per-request loaders: one SQL statement per batch, results in key order. */
export function createLoaders(db: Kysely<InspectionDatabase>) {
  // The teams inspecting a unit (active) and those assigned to it, in one statement: the gateway asks
  // for both fields of the same units together.
  // A unit asked for at the top of a query brings its teams along (unitWithSubUnits below).
  const teamIdsByUnit = new DataLoader<string, TeamIds>(async (codes) => {
    const byUnit = groupBy(await findTeamIdsByUnit(db, codes, todayInShanghai()), (r) => r.unitCode);
    return codes.map((code) => teamIdsOf(byUnit.get(code) ?? []));
  });
  const unitByCode = new DataLoader<string, Unit | null>(async (codes) => {
    const byCode = new Map((await findUnitsByCodes(db, codes)).map((unit) => [unit.code, unit]));
    return codes.map((code) => byCode.get(code) ?? null);
  });
  const subUnitsByParent = new DataLoader<string, Unit[]>(async (parentCodes) => {
    const byParent = groupBy(await findUnitsByParentCodes(db, parentCodes), (unit) => unit.parentCode);
    return parentCodes.map((code) => byParent.get(code) ?? []);
  });
  // Sub-units already read with their parent (unitWithSubUnits): handed out at once. DataLoader holds
  // even a cached answer back until its next batch goes out, by which time the unit's other loads
  // have left without the sub-units'.
  const subUnitsRead = new Map<string, Unit[]>();
  const roundById = rowLoader(
    (ids) => rowsWhereIn(db, 'inspectionRound', 'id', ids),
    (r) => r.id,
  );
  const teamById = rowLoader(
    (ids) => rowsWhereIn(db, 'inspectionTeam', 'id', ids),
    (r) => r.id,
  );
  return {
    unitByCode,
    subUnitsByParent,
    /** A unit's sub-units: at once when they were read with it, else through `subUnitsByParent`. */
    subUnitsOf: (code: string): Unit[] | Promise<Unit[]> => subUnitsRead.get(code) ?? subUnitsByParent.load(code),
    /**
     * A unit asked for at the top of a query, read with its sub-units in one statement: both loaders
     * above learn them, so a query that goes on to the sub-units reads them from there, and the
     * sub-units' own fields batch with the unit's instead of waiting a statement behind them.
     */
    unitWithSubUnits: new DataLoader<string, Unit | null>(async (codes) => {
      const rows = (await findUnitsWithChildren(db, codes, todayInShanghai())).map(({ teams, ...unit }) => {
        teamIdsByUnit.prime(unit.code, teamIdsOf(teams));
        return unit;
      });
      const byCode = new Map(rows.map((unit) => [unit.code, unit]));
      const wanted = new Set(codes);
      const children = groupBy(
        rows.filter((unit) => unit.parentCode !== null && wanted.has(unit.parentCode)),
        (unit) => unit.parentCode,
      );
      for (const unit of rows) unitByCode.prime(unit.code, unit);
      for (const code of codes) {
        if (!byCode.has(code)) continue;
        subUnitsByParent.prime(code, children.get(code) ?? []);
        subUnitsRead.set(code, children.get(code) ?? []);
      }
      return codes.map((code) => byCode.get(code) ?? null);
    }),

    roundById,
    stageChangesByRound: listLoader(
      (ids) => rowsWhereIn(db, 'inspectionRoundStageChange', 'roundId', ids, { orderBy: ['enteredOn', 'createdAt'] }),
      (r) => r.roundId,
    ),
    teamById,
    teamsByRound: listLoader(
      (ids) => rowsWhereIn(db, 'inspectionTeam', 'roundId', ids, { orderBy: ['name'] }),
      (r) => r.roundId,
    ),
    membersByTeam: listLoader(
      (ids) => rowsWhereIn(db, 'inspectionTeamMember', 'teamId', ids, { orderBy: ['createdAt', 'staffId'] }),
      (r) => r.teamId,
    ),
    teamServicesByStaff: listLoader(
      (ids) => findTeamServicesByStaff(db, ids.filter(isUuid)),
      (r) => r.staffId,
    ),
    membershipsByStaff: listLoader(
      (ids) => rowsWhereIn(db, 'inspectionTeamMember', 'staffId', ids, { orderBy: ['createdAt'] }),
      (r) => r.staffId,
    ),
    inspectionById: rowLoader(
      (ids) => rowsWhereIn(db, 'inspection', 'id', ids),
      (r) => r.id,
    ),
    inspectionsByRound: listLoader(
      (ids) => rowsWhereIn(db, 'inspection', 'roundId', ids, { orderBy: ['unitCode'] }),
      (r) => r.roundId,
    ),
    inspectionsByTeam: listLoader(
      (ids) => rowsWhereIn(db, 'inspection', 'teamId', ids, { orderBy: ['unitCode'] }),
      (r) => r.teamId,
    ),
    inspectionPagesByUnit: parentPages<InspectionOfPage>({
      // The rounds and teams come with the page: the page's `round` and `team` need no statement.
      fetch: async (codes, window) => {
        const rows = await findInspectionPagesByUnits(db, codes, window);
        for (const row of rows) {
          roundById.prime(row.roundId, row.joinedRound);
          teamById.prime(row.teamId, row.joinedTeam);
        }
        return rows;
      },
      count: (codes) => countInspectionsByUnits(db, codes),
      parentOf: (r) => r.unitCode,
      keys: DATE_ID_KEY,
      key: (r) => pageKey(r.roundStartOn, r.id),
    }),
    activeTeamIdsByUnit: { load: async (code: string) => (await teamIdsByUnit.load(code)).active },
    recusalExceptionsByTeam: listLoader(
      (ids) => rowsWhereIn(db, 'recusalException', 'teamId', ids, { orderBy: ['createdAt'] }),
      (r) => r.teamId,
    ),
    followUpWithoutPlanByInspection: rowLoader(
      (ids) => rowsWhereIn(db, 'followUpWithoutPlan', 'inspectionId', ids),
      (r) => r.inspectionId,
    ),
    assignedTeamIdsByUnit: { load: async (code: string) => (await teamIdsByUnit.load(code)).assigned },
    briefingsByInspection: listLoader(
      (ids) => rowsWhereIn(db, 'briefing', 'inspectionId', ids, { orderBy: ['briefedOn', 'body'] }),
      (r) => r.inspectionId,
    ),

    findingById: rowLoader(
      (ids) => rowsWhereIn(db, 'finding', 'id', ids),
      (r) => r.id,
    ),
    findingsByInspection: listLoader(
      (ids) => rowsWhereIn(db, 'finding', 'inspectionId', ids, { orderBy: ['recordedOn', 'id'] }),
      (r) => r.inspectionId,
    ),
    findingPagesByUnit: parentPages<Finding & { unitCode: string }>({
      fetch: (codes, window) => findFindingPagesByUnits(db, codes, window),
      count: (codes) => countFindingsByUnits(db, codes),
      parentOf: (r) => r.unitCode,
      keys: DATE_ID_KEY,
      key: (r) => pageKey(r.recordedOn, r.id),
    }),
    findingPagesByPerson: parentPages<Finding & { personId: string }>({
      fetch: (ids, window) => findFindingPagesByPersons(db, ids, window),
      count: (ids) => countFindingsByPersons(db, ids),
      parentOf: (r) => r.personId,
      validParent: isUuid,
      keys: DATE_ID_KEY,
      key: (r) => pageKey(r.recordedOn, r.id),
    }),
    personIdsByFinding: listLoader(
      (ids) => rowsWhereIn(db, 'findingPerson', 'findingId', ids, { orderBy: ['personId'] }),
      (r) => r.findingId,
    ),
    consultationById: rowLoader(
      (ids) => rowsWhereIn(db, 'consultation', 'id', ids),
      (r) => r.id,
    ),
    briefingById: rowLoader(
      (ids) => rowsWhereIn(db, 'briefing', 'id', ids),
      (r) => r.id,
    ),
    consultationsByFinding: listLoader(
      (ids) => rowsWhereIn(db, 'consultation', 'findingId', ids, { orderBy: ['heldOn', 'createdAt'] }),
      (r) => r.findingId,
    ),
    transferById: rowLoader(
      (ids) => rowsWhereIn(db, 'clueTransfer', 'id', ids),
      (r) => r.id,
    ),
    transferByFinding: rowLoader(
      (ids) => rowsWhereIn(db, 'clueTransfer', 'findingId', ids),
      (r) => r.findingId,
    ),
    handlingByEscalation: rowLoader(
      (ids) => rowsWhereIn(db, 'escalationHandling', 'escalationId', ids, { uuid: false }),
      (r) => r.escalationId,
    ),
    handlingsByInspection: listLoader(
      (ids) => rowsWhereIn(db, 'escalationHandling', 'inspectionId', ids, { orderBy: ['receivedOn'] }),
      (r) => r.inspectionId,
    ),

    meetingById: rowLoader(
      (ids) => rowsWhereIn(db, 'feedbackMeeting', 'id', ids),
      (r) => r.id,
    ),
    followUpById: rowLoader(
      (ids) => rowsWhereIn(db, 'followUp', 'id', ids),
      (r) => r.id,
    ),
    meetingByInspection: rowLoader(
      (ids) => rowsWhereIn(db, 'feedbackMeeting', 'inspectionId', ids),
      (r) => r.inspectionId,
    ),
    attendeesByMeeting: listLoader(
      (ids) => rowsWhereIn(db, 'feedbackMeetingAttendee', 'meetingId', ids, { orderBy: ['position'] }),
      (r) => r.meetingId,
    ),
    planById: rowLoader(
      (ids) => rowsWhereIn(db, 'rectificationPlan', 'id', ids),
      (r) => r.id,
    ),
    planByInspection: rowLoader(
      (ids) => rowsWhereIn(db, 'rectificationPlan', 'inspectionId', ids),
      (r) => r.inspectionId,
    ),
    submissionsByPlan: listLoader(
      (ids) => rowsWhereIn(db, 'rectificationPlanSubmission', 'planId', ids, { orderBy: ['submittedOn', 'createdAt'] }),
      (r) => r.planId,
    ),
    reviewsByPlan: listLoader(
      (ids) => rowsWhereIn(db, 'rectificationPlanReview', 'planId', ids, { orderBy: ['createdAt'] }),
      (r) => r.planId,
    ),
    itemById: rowLoader(
      (ids) => rowsWhereIn(db, 'rectificationItem', 'id', ids),
      (r) => r.id,
    ),
    itemsByPlan: listLoader(
      (ids) => rowsWhereIn(db, 'rectificationItem', 'planId', ids, { orderBy: ['deadline', 'id'] }),
      (r) => r.planId,
    ),
    progressByItem: listLoader(
      (ids) => rowsWhereIn(db, 'rectificationProgress', 'itemId', ids, { orderBy: ['reportedOn', 'createdAt'] }),
      (r) => r.itemId,
    ),
    /** A unit's rectification after its latest inspection with a feedback meeting (null when none), in one statement. */
    rectificationStatusByUnit: rowLoader(
      (codes) => findRectificationStatusByUnits(db, codes),
      (r) => r.unitCode,
    ),
    followUpByInspection: rowLoader(
      (ids) => rowsWhereIn(db, 'followUp', 'inspectionId', ids),
      (r) => r.inspectionId,
    ),
    /** Keyed by "unitCode|asOf": units asking with the same date share one statement. */
    overdueItemsByUnitAsOf: dateKeyedLoader(
      (codes, asOf) => findOverdueItemsByUnits(db, codes, asOf),
      (r) => r.unitCode,
    ),
    /** Keyed by "unitCode|since|asOf": units asking with the same dates share one statement. */
    signalRowsByUnit: dateKeyedLoader(
      (codes, dates) => {
        const [since, asOf] = dates.split('|') as [string, string];
        return findInspectionSignalRows(db, codes, since, asOf);
      },
      (r) => r.unitCode,
    ),

    roundCountsByYear: rowLoader<Awaited<ReturnType<typeof roundCountsByYears>>[number], number>(
      (years) => roundCountsByYears(db, years),
      (r) => r.year,
    ),
    findingCountsByYear: listLoader<Awaited<ReturnType<typeof findingCountsByYears>>[number], number>(
      (years) => findingCountsByYears(db, years),
      (r) => r.year,
    ),
    transferCountsByYear: rowLoader<Awaited<ReturnType<typeof transferCountsByYears>>[number], number>(
      (years) => transferCountsByYears(db, years),
      (r) => r.year,
    ),
    fundsRecoveredByYear: rowLoader<Awaited<ReturnType<typeof fundsRecoveredByYears>>[number], number>(
      (years) => fundsRecoveredByYears(db, years),
      (r) => r.year,
    ),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
