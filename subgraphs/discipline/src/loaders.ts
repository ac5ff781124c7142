import { DATE_ID_KEY, dateKeyedLoader, groupBy, isUuid, listLoader, pageKey, parentPages, rowLoader, TEXT_ID_KEY, uuidKeys } from '@hub/core';
import DataLoader from 'dataloader';
import type { Kysely } from 'kysely';
import {
  countByUnitLinks,
  findCasesByClueIds,
  countCasesByPersonIds,
  countCasesByUnitLinks,
  countSanctionsByPersonIds,
  countSanctionsByUnitLinks,
  findCasePagesByPersonIds,
  findCasePagesByUnitLinks,
  findUnitLinks,
  findCasesByIds,
  findSanctionPagesByPersonIds,
  findSanctionPagesByUnitLinks,
  findDetentionsByCaseIds,
  findSanctionsByCaseIds,
  findSanctionsByIds,
  sumRecoveriesByCaseIds,
  type CaseScopeFacts,
  type SanctionScopeFacts,
  type UnitCountKind,
  type UnitCounts,
} from './db/cases.ts';
import {
  findClueSubjectPersons,
  countCluesByPersonIds,
  countCluesByUnitLinks,
  findCluePagesByPersonIds,
  findCluePagesByUnitLinks,
  type UnitLink,
  findCluesByIds,
  findCluesByTransferIds,
} from './db/clues.ts';
import { findBulletinReaders, findBulletinsByIds, findRecipientsByBulletinIds } from './db/bulletins.ts';
import { loadWorkingCalendar } from './db/calendar.ts';
import type { Case, Clue, DisciplineDatabase, Person, Sanction, SpecialInspection } from './db/database.ts';
import {
  findAccountabilityByIds,
  findAccountabilityByItemIds,
  findChecksBySpecialInspectionIds,
  findSpecialInspectionsByIds,
  findConcurrentStaffBySpecialInspectionIds,
  findTeamsBySpecialInspectionIds,
} from './db/extras.ts';
import { findPetitionsByIds, findPetitionSubjects, findReportersByPetitionIds } from './db/petitions.ts';
import { countSpecialInspectionsByCheckedUnits, findDisciplineSignalRows, findSpecialInspectionPagesByCheckedUnits } from './db/signals.ts';
import {
  findDepartmentsByIds,
  countPersonsByUnitCodes,
  findPersonPagesByUnitCodes,
  findPersonsByIds,
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
  const personById = rowLoader(
    uuidKeys((ids) => findPersonsByIds(db, ids)),
    (row) => row.id,
  );
  /** The persons each clue names (`Clue.subjects`), in one statement; each person found also answers `personById`. */
  const subjectPersonsByClueId = new DataLoader<string, Person[]>(async (ids) => {
    const wanted = ids.filter(isUuid);
    const byClue = new Map<string, Person[]>();
    for (const { clueId, ...person } of wanted.length === 0 ? [] : await findClueSubjectPersons(db, wanted)) {
      personById.prime(person.id, person);
      const persons = byClue.get(clueId);
      if (persons) persons.push(person);
      else byClue.set(clueId, [person]);
    }
    return ids.map((id) => byClue.get(id) ?? []);
  });
  /** Each unit's clue and case links, once per request: every clue, case and sanction list and count about a unit reads by them. */
  const unitLinks = new DataLoader<string, { clue: UnitLink[]; case: UnitLink[] }>(async (codes) => {
    const byUnit = groupBy(await findUnitLinks(db, codes), (row) => row.unitCode);
    return codes.map((code) => {
      const rows = byUnit.get(code) ?? [];
      const linksOf = (kind: 'clue' | 'case') => rows.filter((row) => row.kind === kind).map(({ id, unitCode }) => ({ id, unitCode }));
      return { clue: linksOf('clue'), case: linksOf('case') };
    });
  });
  const linksOf = async (codes: readonly string[], kind: 'clue' | 'case') =>
    (await Promise.all(codes.map((code) => unitLinks.load(code)))).flatMap((links) => links[kind]);
  /**
   * A unit's petition, clue, case and sanction counts (`Unit.petitionSummary`, `clueSummary`,
   * `caseSummary`, `sanctionSummary`), keyed `kind|unit code|since` (since empty: all): the kinds a
   * request asks for with the same `since` in one statement (`countByUnitLinks`), each over the links
   * of the units it was asked for (petitions over the units themselves).
   */
  const unitCounts = new DataLoader<`${UnitCountKind}|${string}|${string}`, UnitCounts[UnitCountKind]>(async (keys) => {
    const found = new Map<string, UnitCounts[UnitCountKind]>();
    const parsed = keys.map((key) => {
      const [kind, code, since] = key.split('|') as [UnitCountKind, string, string];
      return { key, kind, code, since };
    });
    for (const [since, sameSince] of groupBy(parsed, (key) => key.since)) {
      const codesOf = (kind: UnitCountKind) => [...new Set(sameSince.filter((key) => key.kind === kind).map((key) => key.code))];
      // Together, so that the units' links are one batch of `unitLinks` whichever kinds ask for them.
      const [clue, kase, sanction] = await Promise.all([
        linksOf(codesOf('clue'), 'clue'),
        linksOf(codesOf('case'), 'case'),
        linksOf(codesOf('sanction'), 'case'),
      ]);
      const counts = await countByUnitLinks(db, { petition: codesOf('petition'), clue, case: kase, sanction }, since || undefined);
      const put = (kind: UnitCountKind, rows: UnitCounts[UnitCountKind]) => {
        for (const [code, list] of groupBy<{ unitCode: string }, string>(rows, (row) => row.unitCode))
          found.set(`${kind}|${code}|${since}`, list as UnitCounts[UnitCountKind]);
      };
      put('petition', counts.petition);
      put('clue', counts.clue);
      put('case', counts.case);
      put('sanction', counts.sanction);
    }
    return keys.map((key) => found.get(key) ?? []);
  });
  return {
    unitLinks,
    /** A unit's petition, clue, case or sanction counts, all or since a date (`unitCounts`). */
    unitCounts: <K extends UnitCountKind>(kind: K, unitCode: string, since: string | null | undefined) =>
      unitCounts.load(`${kind}|${unitCode}|${since ?? ''}`) as Promise<UnitCounts[K]>,
    /** Per-parent pages of the growing lists on `Unit` and `Person`: one statement per page window for all parents. */
    personPagesByUnit: parentPages<Person>({
      fetch: (codes, window) => findPersonPagesByUnitCodes(db, codes, window),
      count: (codes) => countPersonsByUnitCodes(db, codes),
      parentOf: (row) => row.unitCode!,
      keys: TEXT_ID_KEY,
      key: (row) => pageKey(row.name, row.id),
    }),
    cluePagesByUnit: parentPages<Clue & { unitCode: string }>({
      fetch: async (codes, window) => {
        const rows = await findCluePagesByUnitLinks(db, await linksOf(codes, 'clue'), window);
        // The page's clues came with their subjects: they answer `subjectPersonsByClueId` and `personById`.
        // The rows stay the same array (its counts are kept by identity, `parentTotalsOf`).
        for (const row of rows) {
          subjectPersonsByClueId.prime(row.id, row.subjects);
          for (const person of row.subjects) personById.prime(person.id, person);
          delete (row as Partial<typeof row>).subjects;
        }
        return rows;
      },
      count: async (codes) => countCluesByUnitLinks(db, await linksOf(codes, 'clue')),
      parentOf: (row) => row.unitCode,
      keys: DATE_ID_KEY,
      key: (row) => pageKey(row.receivedOn, row.id),
    }),
    cluePagesByPerson: parentPages<Clue & { subjectPersonId: string }>({
      fetch: (ids, window) => findCluePagesByPersonIds(db, ids, window),
      count: (ids) => countCluesByPersonIds(db, ids),
      parentOf: (row) => row.subjectPersonId,
      validParent: isUuid,
      keys: DATE_ID_KEY,
      key: (row) => pageKey(row.receivedOn, row.id),
    }),
    casePagesByUnit: parentPages<Case & CaseScopeFacts & { unitCode: string }>({
      fetch: async (codes, window) => findCasePagesByUnitLinks(db, await linksOf(codes, 'case'), window),
      count: async (codes) => countCasesByUnitLinks(db, await linksOf(codes, 'case')),
      parentOf: (row) => row.unitCode,
      keys: DATE_ID_KEY,
      key: (row) => pageKey(row.filedOn, row.id),
    }),
    casePagesByPerson: parentPages<Case & CaseScopeFacts>({
      fetch: (ids, window) => findCasePagesByPersonIds(db, ids, window),
      count: (ids) => countCasesByPersonIds(db, ids),
      parentOf: (row) => row.personId,
      validParent: isUuid,
      keys: DATE_ID_KEY,
      key: (row) => pageKey(row.filedOn, row.id),
    }),
    sanctionPagesByUnit: parentPages<Sanction & SanctionScopeFacts & { unitCode: string }>({
      fetch: async (codes, window) => findSanctionPagesByUnitLinks(db, await linksOf(codes, 'case'), window),
      count: async (codes) => countSanctionsByUnitLinks(db, await linksOf(codes, 'case')),
      parentOf: (row) => row.unitCode,
      keys: DATE_ID_KEY,
      key: (row) => pageKey(row.decidedOn, row.id),
    }),
    sanctionPagesByPerson: parentPages<Sanction & SanctionScopeFacts>({
      fetch: (ids, window) => findSanctionPagesByPersonIds(db, ids, window),
      count: (ids) => countSanctionsByPersonIds(db, ids),
      parentOf: (row) => row.personId,
      validParent: isUuid,
      keys: DATE_ID_KEY,
      key: (row) => pageKey(row.decidedOn, row.id),
    }),
    /** Variant: the `since` date. */
    specialInspectionPagesByUnit: parentPages<SpecialInspection & { unitCode: string }>({
      fetch: (codes, window, since) => findSpecialInspectionPagesByCheckedUnits(db, codes, since, window),
      count: (codes, since) => countSpecialInspectionsByCheckedUnits(db, codes, since),
      parentOf: (row) => row.unitCode,
      keys: DATE_ID_KEY,
      key: (row) => pageKey(row.startedOn, row.id),
    }),

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

    personById,
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
    subjectPersonsByClueId,

    caseById: rowLoader(
      uuidKeys((ids) => findCasesByIds(db, ids)),
      (row) => row.id,
    ),
    casesByClue: listLoader(
      uuidKeys((ids) => findCasesByClueIds(db, ids)),
      (row) => row.clueId,
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
