import { groupBy } from '@hub/core';
import DataLoader from 'dataloader';
import type { Kysely } from 'kysely';
import { countCasesByUnit, countSanctionsByUnit, findCasesByClueIds, findCasesByIds, findCasesByPersonIds, findCasesByUnitCodes, findDetentionsByCaseIds, findSanctionsByCaseIds, findSanctionsByIds, findSanctionsByPersonIds, sumRecoveriesByCaseIds } from './db/cases.ts';
import { countCluesByUnitAndDisposal, findClueSubjects, findCluesByIds, findCluesByPersonIds, findCluesByTransferIds, findCluesByUnitCodes } from './db/clues.ts';
import type { DisciplineDatabase } from './db/database.ts';
import { isUuid } from './ids.ts';
import { findAccountabilityByIds, findAccountabilityByItemIds, findBulletinsByIds, findChecksBySpecialInspectionIds, findSpecialInspectionsByIds, findTeamsBySpecialInspectionIds } from './db/extras.ts';
import { countPetitionsByUnitYearCategory, findPetitionsByIds, findPetitionSubjects, findReportersByPetitionIds, type PetitionCount } from './db/petitions.ts';
import { findDisciplineSignalRows, findSpecialInspectionsByCheckedUnits } from './db/signals.ts';
import { findDepartmentsByIds, findPersonsByIds, findPersonsByUnitCodes, findStaffByIds, findZoneMembers, findZonesByIds, findZoneTownships } from './db/reference.ts';
import { findSpecialTeamServicesByStaff, findZoneMembershipsByStaff } from './db/staff-pool.ts';
import { countCaseEventsByYear, countDisposalsByYear, countPersonsHandledByYear, countPersonsSanctionedByYear, countPetitionsByYear, countSanctionsByYear, sumMoneyByYear } from './db/statistics.ts';

/**
 * For loaders keyed by id: keys that are not UUIDs are not sent to SQL. Such a key (from an entity
 * representation, say) would make PostgreSQL fail the whole batch; it simply finds nothing.
 */
function uuids<Row>(load: (ids: readonly string[]) => Promise<Row[]>) {
  return (keys: readonly string[]) => load(keys.filter(isUuid));
}

/** One row (or null) per key, in key order. */
function byKey<K, Row>(load: (keys: readonly K[]) => Promise<Row[]>, key: (row: Row) => K) {
  return new DataLoader<K, Row | null>(async (keys) => {
    const rows = new Map((await load(keys)).map((row) => [key(row), row]));
    return keys.map((k) => rows.get(k) ?? null);
  });
}

/** A list of rows per key, in key order. */
function listByKey<K, Row>(load: (keys: readonly K[]) => Promise<Row[]>, key: (row: Row) => K) {
  return new DataLoader<K, Row[]>(async (keys) => {
    const groups = groupBy(await load(keys), key);
    return keys.map((k) => groups.get(k) ?? []);
  });
}

/**
 * A list per "unitCode|date" key: keys sharing a date share one statement (the dossier asks with one
 * date, so one statement per batch of units).
 */
function listByUnitAndDate<Row extends { unitCode: string }>(load: (codes: readonly string[], date: string) => Promise<Row[]>) {
  return new DataLoader<string, Row[]>(async (keys) => {
    const found = new Map<string, Row[]>();
    for (const [date, dateKeys] of groupBy(keys, (key) => key.split('|')[1]!)) {
      const rows = groupBy(await load(dateKeys.map((key) => key.split('|')[0]!), date), (row) => row.unitCode);
      for (const [code, list] of rows) found.set(`${code}|${date}`, list);
    }
    return keys.map((key) => found.get(key) ?? []);
  });
}

/** Per-request loaders: one SQL statement per batch, results in key order. */
export function createLoaders(db: Kysely<DisciplineDatabase>) {
  return {
    petitionCountsByUnit: new DataLoader<string, PetitionCount[]>(async (codes) => {
      const byUnit = groupBy(await countPetitionsByUnitYearCategory(db, codes), (row) => row.unitCode);
      return codes.map((code) => byUnit.get(code) ?? []);
    }),
    petitionCountsByUnitSince: listByUnitAndDate((codes, since) => countPetitionsByUnitYearCategory(db, codes, since)),
    clueStatusCountsByUnitSince: listByUnitAndDate((codes, since) => countCluesByUnitAndDisposal(db, codes, since)),
    caseCountsByUnitSince: listByUnitAndDate((codes, since) => countCasesByUnit(db, codes, since)),
    sanctionCountsByUnitSince: listByUnitAndDate((codes, since) => countSanctionsByUnit(db, codes, since)),
    petitionById: byKey(uuids((ids) => findPetitionsByIds(db, ids)), (row) => row.id),
    reporterByPetitionId: byKey(uuids((ids) => findReportersByPetitionIds(db, ids)), (row) => row.petitionId),
    subjectsByPetitionId: listByKey(uuids((ids) => findPetitionSubjects(db, ids)), (row) => row.petitionId),

    personById: byKey(uuids((ids) => findPersonsByIds(db, ids)), (row) => row.id),
    personsByUnit: listByKey((codes: readonly string[]) => findPersonsByUnitCodes(db, codes), (row) => row.unitCode!),
    staffById: byKey(uuids((ids) => findStaffByIds(db, ids)), (row) => row.id),
    departmentById: byKey(uuids((ids) => findDepartmentsByIds(db, ids)), (row) => row.id),
    zoneById: byKey(uuids((ids) => findZonesByIds(db, ids)), (row) => row.id),
    membersByZone: listByKey(uuids((ids) => findZoneMembers(db, ids)), (row) => row.zoneId),
    zoneMembershipsByStaff: listByKey(uuids((ids) => findZoneMembershipsByStaff(db, ids)), (row) => row.staffId),
    specialServicesByStaff: listByKey(uuids((ids) => findSpecialTeamServicesByStaff(db, ids)), (row) => row.staffId),
    townshipsByZone: listByKey(uuids((ids) => findZoneTownships(db, ids)), (row) => row.zoneId),

    clueById: byKey(uuids((ids) => findCluesByIds(db, ids)), (row) => row.id),
    clueByTransferId: byKey(uuids((ids) => findCluesByTransferIds(db, ids)), (row) => row.clueTransferId!),
    subjectsByClueId: listByKey(uuids((ids) => findClueSubjects(db, ids)), (row) => row.clueId),
    clueStatusCountsByUnit: listByKey((codes: readonly string[]) => countCluesByUnitAndDisposal(db, codes), (row) => row.unitCode),
    cluesByUnit: listByKey((codes: readonly string[]) => findCluesByUnitCodes(db, codes), (row) => row.unitCode),
    cluesByPerson: listByKey(uuids((ids) => findCluesByPersonIds(db, ids)), (row) => row.subjectPersonId),

    caseById: byKey(uuids((ids) => findCasesByIds(db, ids)), (row) => row.id),
    casesByClue: listByKey(uuids((ids) => findCasesByClueIds(db, ids)), (row) => row.clueId),
    casesByPerson: listByKey(uuids((ids) => findCasesByPersonIds(db, ids)), (row) => row.personId),
    casesByUnit: listByKey((codes: readonly string[]) => findCasesByUnitCodes(db, codes), (row) => row.unitCode),
    caseCountsByUnit: listByKey((codes: readonly string[]) => countCasesByUnit(db, codes), (row) => row.unitCode),
    detentionByCase: byKey(uuids((ids) => findDetentionsByCaseIds(db, ids)), (row) => row.caseId),
    recoveredByCase: byKey(uuids((ids) => sumRecoveriesByCaseIds(db, ids)), (row) => row.caseId),
    sanctionById: byKey(uuids((ids) => findSanctionsByIds(db, ids)), (row) => row.id),
    sanctionsByCase: listByKey(uuids((ids) => findSanctionsByCaseIds(db, ids)), (row) => row.caseId),
    sanctionsByPerson: listByKey(uuids((ids) => findSanctionsByPersonIds(db, ids)), (row) => row.personId),
    sanctionCountsByUnit: listByKey((codes: readonly string[]) => countSanctionsByUnit(db, codes), (row) => row.unitCode),

    accountabilityById: byKey(uuids((ids) => findAccountabilityByIds(db, ids)), (row) => row.id),
    bulletinById: byKey(uuids((ids) => findBulletinsByIds(db, ids)), (row) => row.id),
    specialInspectionById: byKey(uuids((ids) => findSpecialInspectionsByIds(db, ids)), (row) => row.id),
    accountabilityByItem: listByKey(uuids((ids) => findAccountabilityByItemIds(db, ids)), (row) => row.rectificationItemId!),
    teamsBySpecialInspection: listByKey(uuids((ids) => findTeamsBySpecialInspectionIds(db, ids)), (row) => row.specialInspectionId),
    checksBySpecialInspection: listByKey(uuids((ids) => findChecksBySpecialInspectionIds(db, ids)), (row) => row.specialInspectionId),

    /** Keyed by "unitCode|since". */
    /** Keyed by "unitCode|since~asOf". */
    signalRowsByUnitWindow: listByUnitAndDate((codes, window) => {
      const [since, asOf] = window.split('~') as [string, string];
      return findDisciplineSignalRows(db, codes, since, asOf);
    }),
    /** Keyed by "unitCode|since". */
    specialInspectionsByUnitSince: listByUnitAndDate((codes, since) => findSpecialInspectionsByCheckedUnits(db, codes, since)),

    petitionsByYear: listByKey((years: readonly number[]) => countPetitionsByYear(db, years), (row) => row.year),
    disposalsByYear: listByKey((years: readonly number[]) => countDisposalsByYear(db, years), (row) => row.year),
    caseEventsByYear: listByKey((years: readonly number[]) => countCaseEventsByYear(db, years), (row) => row.year),
    sanctionsByYear: listByKey((years: readonly number[]) => countSanctionsByYear(db, years), (row) => row.year),
    personsSanctionedByYear: listByKey((years: readonly number[]) => countPersonsSanctionedByYear(db, years), (row) => row.year),
    personsHandledByYear: listByKey((years: readonly number[]) => countPersonsHandledByYear(db, years), (row) => row.year),
    moneyByYear: listByKey((years: readonly number[]) => sumMoneyByYear(db, years), (row) => row.year),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
