import { dateKeyedLoader, groupBy, listLoader, rowLoader, uuidKeys } from '@hub/core';
import DataLoader from 'dataloader';
import type { Kysely } from 'kysely';
import {
  countCasesByUnit,
  countSanctionsByUnit,
  findCasesByClueIds,
  findCasesByIds,
  findCasesByPersonIds,
  findCasesByUnitCodes,
  findDetentionsByCaseIds,
  findSanctionsByCaseIds,
  findSanctionsByIds,
  findSanctionsByPersonIds,
  sumRecoveriesByCaseIds,
} from './db/cases.ts';
import {
  countCluesByUnitAndDisposal,
  findClueSubjects,
  findCluesByIds,
  findCluesByPersonIds,
  findCluesByTransferIds,
  findCluesByUnitCodes,
} from './db/clues.ts';
import { findBulletinReaders, findBulletinsByIds, findRecipientsByBulletinIds } from './db/bulletins.ts';
import { loadWorkingCalendar } from './db/calendar.ts';
import type { DisciplineDatabase } from './db/database.ts';
import {
  findAccountabilityByIds,
  findAccountabilityByItemIds,
  findChecksBySpecialInspectionIds,
  findSpecialInspectionsByIds,
  findConcurrentStaffBySpecialInspectionIds,
  findTeamsBySpecialInspectionIds,
} from './db/extras.ts';
import { countPetitionsByUnitYearCategory, findPetitionsByIds, findPetitionSubjects, findReportersByPetitionIds, type PetitionCount } from './db/petitions.ts';
import { findDisciplineSignalRows, findSpecialInspectionsByCheckedUnits } from './db/signals.ts';
import {
  findDepartmentsByIds,
  findPersonsByIds,
  findPersonsByUnitCodes,
  findStaffByIds,
  findZoneMembers,
  findZonesByIds,
  findZoneTownships,
} from './db/reference.ts';
import { findSpecialTeamServicesByStaff, findZoneMembershipsByStaff } from './db/staff-pool.ts';
import {
  countCaseEventsByYear,
  countDisposalsByYear,
  countPersonsHandledByYear,
  countPersonsSanctionedByYear,
  countPetitionsByYear,
  countSanctionsByYear,
  sumMoneyByYear,
} from './db/statistics.ts';

/** Per-request loaders: one SQL statement per batch, results in key order. */
export function createLoaders(db: Kysely<DisciplineDatabase>) {
  return {
    petitionCountsByUnit: new DataLoader<string, PetitionCount[]>(async (codes) => {
      const byUnit = groupBy(await countPetitionsByUnitYearCategory(db, codes), (row) => row.unitCode);
      return codes.map((code) => byUnit.get(code) ?? []);
    }),
    petitionCountsByUnitSince: dateKeyedLoader(
      (codes, since) => countPetitionsByUnitYearCategory(db, codes, since),
      (row) => row.unitCode,
    ),
    clueStatusCountsByUnitSince: dateKeyedLoader(
      (codes, since) => countCluesByUnitAndDisposal(db, codes, since),
      (row) => row.unitCode,
    ),
    caseCountsByUnitSince: dateKeyedLoader(
      (codes, since) => countCasesByUnit(db, codes, since),
      (row) => row.unitCode,
    ),
    sanctionCountsByUnitSince: dateKeyedLoader(
      (codes, since) => countSanctionsByUnit(db, codes, since),
      (row) => row.unitCode,
    ),
    petitionById: rowLoader(
      uuidKeys((ids) => findPetitionsByIds(db, ids)),
      (row) => row.id,
    ),
    reporterByPetitionId: rowLoader(
      uuidKeys((ids) => findReportersByPetitionIds(db, ids)),
      (row) => row.petitionId,
    ),
    subjectsByPetitionId: listLoader(
      uuidKeys((ids) => findPetitionSubjects(db, ids)),
      (row) => row.petitionId,
    ),

    personById: rowLoader(
      uuidKeys((ids) => findPersonsByIds(db, ids)),
      (row) => row.id,
    ),
    personsByUnit: listLoader(
      (codes: readonly string[]) => findPersonsByUnitCodes(db, codes),
      (row) => row.unitCode!,
    ),
    staffById: rowLoader(
      uuidKeys((ids) => findStaffByIds(db, ids)),
      (row) => row.id,
    ),
    departmentById: rowLoader(
      uuidKeys((ids) => findDepartmentsByIds(db, ids)),
      (row) => row.id,
    ),
    zoneById: rowLoader(
      uuidKeys((ids) => findZonesByIds(db, ids)),
      (row) => row.id,
    ),
    membersByZone: listLoader(
      uuidKeys((ids) => findZoneMembers(db, ids)),
      (row) => row.zoneId,
    ),
    zoneMembershipsByStaff: listLoader(
      uuidKeys((ids) => findZoneMembershipsByStaff(db, ids)),
      (row) => row.staffId,
    ),
    specialServicesByStaff: listLoader(
      uuidKeys((ids) => findSpecialTeamServicesByStaff(db, ids)),
      (row) => row.staffId,
    ),
    townshipsByZone: listLoader(
      uuidKeys((ids) => findZoneTownships(db, ids)),
      (row) => row.zoneId,
    ),

    clueById: rowLoader(
      uuidKeys((ids) => findCluesByIds(db, ids)),
      (row) => row.id,
    ),
    clueByTransferId: rowLoader(
      uuidKeys((ids) => findCluesByTransferIds(db, ids)),
      (row) => row.clueTransferId!,
    ),
    subjectsByClueId: listLoader(
      uuidKeys((ids) => findClueSubjects(db, ids)),
      (row) => row.clueId,
    ),
    clueStatusCountsByUnit: listLoader(
      (codes: readonly string[]) => countCluesByUnitAndDisposal(db, codes),
      (row) => row.unitCode,
    ),
    cluesByUnit: listLoader(
      (codes: readonly string[]) => findCluesByUnitCodes(db, codes),
      (row) => row.unitCode,
    ),
    cluesByPerson: listLoader(
      uuidKeys((ids) => findCluesByPersonIds(db, ids)),
      (row) => row.subjectPersonId,
    ),

    caseById: rowLoader(
      uuidKeys((ids) => findCasesByIds(db, ids)),
      (row) => row.id,
    ),
    casesByClue: listLoader(
      uuidKeys((ids) => findCasesByClueIds(db, ids)),
      (row) => row.clueId,
    ),
    casesByPerson: listLoader(
      uuidKeys((ids) => findCasesByPersonIds(db, ids)),
      (row) => row.personId,
    ),
    casesByUnit: listLoader(
      (codes: readonly string[]) => findCasesByUnitCodes(db, codes),
      (row) => row.unitCode,
    ),
    caseCountsByUnit: listLoader(
      (codes: readonly string[]) => countCasesByUnit(db, codes),
      (row) => row.unitCode,
    ),
    detentionByCase: rowLoader(
      uuidKeys((ids) => findDetentionsByCaseIds(db, ids)),
      (row) => row.caseId,
    ),
    recoveredByCase: rowLoader(
      uuidKeys((ids) => sumRecoveriesByCaseIds(db, ids)),
      (row) => row.caseId,
    ),
    sanctionById: rowLoader(
      uuidKeys((ids) => findSanctionsByIds(db, ids)),
      (row) => row.id,
    ),
    sanctionsByCase: listLoader(
      uuidKeys((ids) => findSanctionsByCaseIds(db, ids)),
      (row) => row.caseId,
    ),
    sanctionsByPerson: listLoader(
      uuidKeys((ids) => findSanctionsByPersonIds(db, ids)),
      (row) => row.personId,
    ),
    sanctionCountsByUnit: listLoader(
      (codes: readonly string[]) => countSanctionsByUnit(db, codes),
      (row) => row.unitCode,
    ),

    accountabilityById: rowLoader(
      uuidKeys((ids) => findAccountabilityByIds(db, ids)),
      (row) => row.id,
    ),
    bulletinById: rowLoader(
      uuidKeys((ids) => findBulletinsByIds(db, ids)),
      (row) => row.id,
    ),
    bulletinRecipients: listLoader(
      uuidKeys((ids) => findRecipientsByBulletinIds(db, ids)),
      (row) => row.bulletinId,
    ),
    bulletinReaders: listLoader(
      uuidKeys((ids) => findBulletinReaders(db, ids)),
      (row) => row.bulletinId,
    ),
    specialInspectionById: rowLoader(
      uuidKeys((ids) => findSpecialInspectionsByIds(db, ids)),
      (row) => row.id,
    ),
    accountabilityByItem: listLoader(
      uuidKeys((ids) => findAccountabilityByItemIds(db, ids)),
      (row) => row.rectificationItemId!,
    ),
    concurrentStaffBySpecialInspection: listLoader(
      uuidKeys((ids) => findConcurrentStaffBySpecialInspectionIds(db, ids)),
      (row) => row.specialInspectionId,
    ),
    teamsBySpecialInspection: listLoader(
      uuidKeys((ids) => findTeamsBySpecialInspectionIds(db, ids)),
      (row) => row.specialInspectionId,
    ),
    checksBySpecialInspection: listLoader(
      uuidKeys((ids) => findChecksBySpecialInspectionIds(db, ids)),
      (row) => row.specialInspectionId,
    ),

    /** Keyed by "unitCode|since~asOf". */
    signalRowsByUnitWindow: dateKeyedLoader(
      (codes, window) => {
        const [since, asOf] = window.split('~') as [string, string];
        return findDisciplineSignalRows(db, codes, since, asOf);
      },
      (row) => row.unitCode,
    ),
    /** Keyed by "unitCode|since". */
    specialInspectionsByUnitSince: dateKeyedLoader(
      (codes, since) => findSpecialInspectionsByCheckedUnits(db, codes, since),
      (row) => row.unitCode,
    ),

    petitionsByYear: listLoader(
      (years: readonly number[]) => countPetitionsByYear(db, years),
      (row) => row.year,
    ),
    disposalsByYear: listLoader(
      (years: readonly number[]) => countDisposalsByYear(db, years),
      (row) => row.year,
    ),
    caseEventsByYear: listLoader(
      (years: readonly number[]) => countCaseEventsByYear(db, years),
      (row) => row.year,
    ),
    sanctionsByYear: listLoader(
      (years: readonly number[]) => countSanctionsByYear(db, years),
      (row) => row.year,
    ),
    personsSanctionedByYear: listLoader(
      (years: readonly number[]) => countPersonsSanctionedByYear(db, years),
      (row) => row.year,
    ),
    personsHandledByYear: listLoader(
      (years: readonly number[]) => countPersonsHandledByYear(db, years),
      (row) => row.year,
    ),
    moneyByYear: listLoader(
      (years: readonly number[]) => sumMoneyByYear(db, years),
      (row) => row.year,
    ),
    /** The working calendar as the table holds it, read once per request. */
    calendar: once(() => loadWorkingCalendar(db)),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;

function once<T>(load: () => Promise<T>): () => Promise<T> {
  let value: Promise<T> | undefined;
  return () => (value ??= load());
}
