import { groupBy } from '@hub/core';
import DataLoader from 'dataloader';
import type { Kysely } from 'kysely';
import { countCasesByUnit, countSanctionsByUnit, findCasesByClueIds, findCasesByIds, findCasesByPersonIds, findCasesByUnitCodes, findDetentionsByCaseIds, findSanctionsByCaseIds, findSanctionsByIds, findSanctionsByPersonIds, sumRecoveriesByCaseIds } from './db/cases.ts';
import { countCluesByUnitAndDisposal, findClueSubjects, findCluesByIds, findCluesByPersonIds, findCluesByTransferIds, findCluesByUnitCodes } from './db/clues.ts';
import type { DisciplineDatabase } from './db/database.ts';
import { findAccountabilityByIds, findAccountabilityByItemIds, findBulletinsByIds, findChecksBySpecialInspectionIds, findSpecialInspectionsByIds, findTeamsBySpecialInspectionIds } from './db/extras.ts';
import { countPetitionsByUnitYearCategory, findPetitionsByIds, findPetitionSubjects, findReportersByPetitionIds, type PetitionCount } from './db/petitions.ts';
import { findDepartmentsByIds, findPersonsByIds, findPersonsByUnitCodes, findStaffByIds, findZoneMembers, findZonesByIds, findZoneTownships } from './db/reference.ts';
import { countCaseEventsByYear, countDisposalsByYear, countPersonsSanctionedByYear, countPetitionsByYear, countSanctionsByYear, sumMoneyByYear } from './db/statistics.ts';

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

/** Per-request loaders: one SQL statement per batch, results in key order. */
export function createLoaders(db: Kysely<DisciplineDatabase>) {
  return {
    petitionCountsByUnit: new DataLoader<string, PetitionCount[]>(async (codes) => {
      const byUnit = groupBy(await countPetitionsByUnitYearCategory(db, codes), (row) => row.unitCode);
      return codes.map((code) => byUnit.get(code) ?? []);
    }),
    petitionById: byKey((ids: readonly string[]) => findPetitionsByIds(db, ids), (row) => row.id),
    reporterByPetitionId: byKey((ids: readonly string[]) => findReportersByPetitionIds(db, ids), (row) => row.petitionId),
    subjectsByPetitionId: listByKey((ids: readonly string[]) => findPetitionSubjects(db, ids), (row) => row.petitionId),

    personById: byKey((ids: readonly string[]) => findPersonsByIds(db, ids), (row) => row.id),
    personsByUnit: listByKey((codes: readonly string[]) => findPersonsByUnitCodes(db, codes), (row) => row.unitCode!),
    staffById: byKey((ids: readonly string[]) => findStaffByIds(db, ids), (row) => row.id),
    departmentById: byKey((ids: readonly string[]) => findDepartmentsByIds(db, ids), (row) => row.id),
    zoneById: byKey((ids: readonly string[]) => findZonesByIds(db, ids), (row) => row.id),
    membersByZone: listByKey((ids: readonly string[]) => findZoneMembers(db, ids), (row) => row.zoneId),
    townshipsByZone: listByKey((ids: readonly string[]) => findZoneTownships(db, ids), (row) => row.zoneId),

    clueById: byKey((ids: readonly string[]) => findCluesByIds(db, ids), (row) => row.id),
    clueByTransferId: byKey((ids: readonly string[]) => findCluesByTransferIds(db, ids), (row) => row.clueTransferId!),
    subjectsByClueId: listByKey((ids: readonly string[]) => findClueSubjects(db, ids), (row) => row.clueId),
    clueStatusCountsByUnit: listByKey((codes: readonly string[]) => countCluesByUnitAndDisposal(db, codes), (row) => row.unitCode),
    cluesByUnit: listByKey((codes: readonly string[]) => findCluesByUnitCodes(db, codes), (row) => row.subjectUnitCode!),
    cluesByPerson: listByKey((ids: readonly string[]) => findCluesByPersonIds(db, ids), (row) => row.subjectPersonId),

    caseById: byKey((ids: readonly string[]) => findCasesByIds(db, ids), (row) => row.id),
    casesByClue: listByKey((ids: readonly string[]) => findCasesByClueIds(db, ids), (row) => row.clueId),
    casesByPerson: listByKey((ids: readonly string[]) => findCasesByPersonIds(db, ids), (row) => row.personId),
    casesByUnit: listByKey((codes: readonly string[]) => findCasesByUnitCodes(db, codes), (row) => row.unitCode),
    caseCountsByUnit: listByKey((codes: readonly string[]) => countCasesByUnit(db, codes), (row) => row.unitCode),
    detentionByCase: byKey((ids: readonly string[]) => findDetentionsByCaseIds(db, ids), (row) => row.caseId),
    recoveredByCase: byKey((ids: readonly string[]) => sumRecoveriesByCaseIds(db, ids), (row) => row.caseId),
    sanctionById: byKey((ids: readonly string[]) => findSanctionsByIds(db, ids), (row) => row.id),
    sanctionsByCase: listByKey((ids: readonly string[]) => findSanctionsByCaseIds(db, ids), (row) => row.caseId),
    sanctionsByPerson: listByKey((ids: readonly string[]) => findSanctionsByPersonIds(db, ids), (row) => row.personId),
    sanctionCountsByUnit: listByKey((codes: readonly string[]) => countSanctionsByUnit(db, codes), (row) => row.unitCode),

    accountabilityById: byKey((ids: readonly string[]) => findAccountabilityByIds(db, ids), (row) => row.id),
    bulletinById: byKey((ids: readonly string[]) => findBulletinsByIds(db, ids), (row) => row.id),
    specialInspectionById: byKey((ids: readonly string[]) => findSpecialInspectionsByIds(db, ids), (row) => row.id),
    accountabilityByItem: listByKey((ids: readonly string[]) => findAccountabilityByItemIds(db, ids), (row) => row.rectificationItemId!),
    teamsBySpecialInspection: listByKey((ids: readonly string[]) => findTeamsBySpecialInspectionIds(db, ids), (row) => row.specialInspectionId),
    checksBySpecialInspection: listByKey((ids: readonly string[]) => findChecksBySpecialInspectionIds(db, ids), (row) => row.specialInspectionId),

    petitionsByYear: listByKey((years: readonly number[]) => countPetitionsByYear(db, years), (row) => row.year),
    disposalsByYear: listByKey((years: readonly number[]) => countDisposalsByYear(db, years), (row) => row.year),
    caseEventsByYear: listByKey((years: readonly number[]) => countCaseEventsByYear(db, years), (row) => row.year),
    sanctionsByYear: listByKey((years: readonly number[]) => countSanctionsByYear(db, years), (row) => row.year),
    personsSanctionedByYear: listByKey((years: readonly number[]) => countPersonsSanctionedByYear(db, years), (row) => row.year),
    moneyByYear: listByKey((years: readonly number[]) => sumMoneyByYear(db, years), (row) => row.year),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
