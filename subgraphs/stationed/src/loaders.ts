import { DATE_ID_KEY, groupBy, isUuid, listLoader, pageKey, parentPages, rowLoader } from '@hub/core';
import DataLoader from 'dataloader';
import type { Kysely } from 'kysely';
import { findStationedSignalRows, type StationedSignalRow } from './db/signals.ts';
import { countEscalationsByParents, escalationKey, findEscalationPagesByParents, findEscalationsByColumn, findEscalationsByIds } from './db/escalations.ts';
import {
  countIntegrityEntriesByPersons,
  countTalksByPersons,
  findIntegrityEntriesByIds,
  findIntegrityEntryPagesByPersons,
  findTalkPagesByPersons,
} from './db/integrity.ts';
import type { RecordVisibility } from './db/visibility.ts';
import { findNotesByIds, findNotesByItems } from './db/rectification.ts';
import { findAssignmentsByIds, findAssignmentsByStaff } from './db/assignments.ts';
import { type ActivityKindCount, countActivitiesByYearAndKind, countByYear } from './db/statistics.ts';
import type {
  Escalation,
  StaffAssignment,
  RectificationSupervisionNote,
  IntegrityFileEntry,
  GroupCoverage,
  GroupMember,
  StationedDatabase,
  StationedGroup,
  SupervisionActivity,
  SupervisionActivityPerson,
  IssueRow,
} from './db/database.ts';
import {
  type ActivityParent,
  activityKey,
  countActivitiesByParents,
  countUnresolvedIssuesByParents,
  findActivitiesByIds,
  findActivityPagesByParents,
  findIssuesByActivities,
  findIssuesByIds,
  findPersonsByActivities,
  findUnresolvedIssuePagesByParents,
  issueKey,
} from './db/supervision.ts';
import {
  findCoverageByGroups,
  findCoverageHistoryByGroups,
  findCoverageHistoryByUnits,
  findGroupsByIds,
  findGroupsOverseeingUnits,
  findMembersByGroups,
  findMembershipsByStaff,
  type UnitGroup,
} from './db/groups.ts';

/** A count per year (0 for a year without rows); one SQL statement per batch. */
function yearCountLoader(fetch: (years: readonly number[]) => Promise<{ year: number; count: number }[]>) {
  return new DataLoader<number, number>(async (years) => {
    const byYear = new Map((await fetch(years)).map((row) => [row.year, row.count]));
    return years.map((year) => byYear.get(year) ?? 0);
  });
}

/** Per-request loaders: one SQL statement per batch, results in key order. */
export function createLoaders(db: Kysely<StationedDatabase>, today: string) {
  const activityPages = (parent: ActivityParent) =>
    parentPages<SupervisionActivity>({
      fetch: (keys, window) => findActivityPagesByParents(db, parent, keys, window),
      count: (keys) => countActivitiesByParents(db, parent, keys),
      parentOf: (row) => row[parent],
      keys: DATE_ID_KEY,
      key: activityKey,
    });
  const issuePages = (parent: ActivityParent) =>
    parentPages<IssueRow>({
      fetch: (keys, window) => findUnresolvedIssuePagesByParents(db, parent, keys, window),
      count: (keys) => countUnresolvedIssuesByParents(db, parent, keys),
      parentOf: (row) => row[parent],
      keys: DATE_ID_KEY,
      key: issueKey,
    });
  const escalationPages = (parent: 'unitCode' | 'groupId') =>
    parentPages<Escalation>({
      fetch: (keys, window) => findEscalationPagesByParents(db, parent, keys, window),
      count: (keys) => countEscalationsByParents(db, parent, keys),
      parentOf: (row) => row[parent],
      keys: DATE_ID_KEY,
      key: escalationKey,
    });
  return {
    /** Keyed by "unitCode|since|asOf|openDays": units asking with the same values share one statement. */
    signalRowsByUnit: new DataLoader<string, StationedSignalRow[]>(async (keys) => {
      const rest = (key: string) => key.slice(key.indexOf('|') + 1);
      const found = new Map<string, StationedSignalRow[]>();
      for (const [suffix, sameKeys] of groupBy(keys, rest)) {
        const [since, asOf, openDays] = suffix.split('|') as [string, string, string];
        const rows = groupBy(
          await findStationedSignalRows(
            db,
            sameKeys.map((k) => k.split('|')[0]!),
            since,
            asOf,
            Number(openDays),
          ),
          (r) => r.unitCode,
        );
        for (const [unitCode, list] of rows) found.set(`${unitCode}|${suffix}`, list);
      }
      return keys.map((key) => found.get(key) ?? []);
    }),
    /** Per-parent pages of the growing lists on `Unit`, `StationedGroup` and `Person`: one statement per page window for all parents. */
    activityPagesByUnit: activityPages('unitCode'),
    activityPagesByGroup: activityPages('groupId'),
    unresolvedIssuePagesByUnit: issuePages('unitCode'),
    unresolvedIssuePagesByGroup: issuePages('groupId'),
    escalationPagesByUnit: escalationPages('unitCode'),
    escalationPagesByGroup: escalationPages('groupId'),
    /** Variant: the viewer's `RecordVisibility` as JSON (fixed for the request). */
    integrityEntryPagesByPerson: parentPages<IntegrityFileEntry>({
      fetch: (ids, window, visibility) => findIntegrityEntryPagesByPersons(db, ids, JSON.parse(visibility) as RecordVisibility, window),
      count: (ids, visibility) => countIntegrityEntriesByPersons(db, ids, JSON.parse(visibility) as RecordVisibility),
      parentOf: (row) => row.personId,
      validParent: isUuid,
      keys: DATE_ID_KEY,
      key: (row) => pageKey(row.recordedOn, row.id),
    }),
    /** Variant: the viewer's `RecordVisibility` as JSON (fixed for the request). */
    talkPagesByPerson: parentPages<SupervisionActivity & { personId: string }>({
      fetch: (ids, window, visibility) => findTalkPagesByPersons(db, ids, JSON.parse(visibility) as RecordVisibility, window),
      count: (ids, visibility) => countTalksByPersons(db, ids, JSON.parse(visibility) as RecordVisibility),
      parentOf: (row) => row.personId,
      validParent: isUuid,
      keys: DATE_ID_KEY,
      key: (row) => activityKey(row),
    }),
    activityById: rowLoader<SupervisionActivity, string>(
      (ids) => findActivitiesByIds(db, ids),
      (row) => row.id,
    ),
    personsByActivity: listLoader<SupervisionActivityPerson, string>(
      (ids) => findPersonsByActivities(db, ids),
      (row) => row.activityId,
    ),
    issuesByActivity: listLoader<IssueRow, string>(
      (ids) => findIssuesByActivities(db, ids),
      (row) => row.activityId,
    ),
    issueById: rowLoader<IssueRow, string>(
      (ids) => findIssuesByIds(db, ids),
      (row) => row.id,
    ),
    /** Escalations by id; ids that are not uuids (from `_entities`) find nothing rather than fail in SQL. */
    escalationById: rowLoader<Escalation, string>(
      (ids) => findEscalationsByIds(db, ids.filter(isUuid)),
      (row) => row.id,
    ),
    escalationByIssue: rowLoader<Escalation, string>(
      (ids) => findEscalationsByColumn(db, 'issueId', ids),
      (row) => row.issueId,
    ),
    integrityEntryById: rowLoader<IntegrityFileEntry, string>(
      (ids) => findIntegrityEntriesByIds(db, ids),
      (row) => row.id,
    ),
    notesByRectificationItem: listLoader<RectificationSupervisionNote, string>(
      (ids) => findNotesByItems(db, ids),
      (row) => row.rectificationItemId,
    ),
    rectificationNoteById: rowLoader<RectificationSupervisionNote, string>(
      (ids) => findNotesByIds(db, ids),
      (row) => row.id,
    ),
    assignmentsByStaff: listLoader<StaffAssignment, string>(
      (ids) => findAssignmentsByStaff(db, ids.filter(isUuid)),
      (row) => row.staffId,
    ),
    assignmentById: rowLoader<StaffAssignment, string>(
      (ids) => findAssignmentsByIds(db, ids),
      (row) => row.id,
    ),
    activityCountsByYear: listLoader<ActivityKindCount, number>(
      (years) => countActivitiesByYearAndKind(db, years),
      (row) => row.year,
    ),
    issuesFoundByYear: yearCountLoader((years) => countByYear(db, 'issuesFound', years)),
    issuesResolvedByYear: yearCountLoader((years) => countByYear(db, 'issuesResolved', years)),
    escalationsByYear: yearCountLoader((years) => countByYear(db, 'escalations', years)),
    groupOverseeingUnit: rowLoader<UnitGroup, string>(
      (codes) => findGroupsOverseeingUnits(db, codes, today),
      (row) => row.unitCode,
    ),
    currentCoverageByGroup: listLoader<GroupCoverage, string>(
      (ids) => findCoverageByGroups(db, ids, today),
      (row) => row.groupId,
    ),
    groupById: rowLoader<StationedGroup, string>(
      (ids) => findGroupsByIds(db, ids),
      (row) => row.id,
    ),
    coverageHistoryByUnit: listLoader<GroupCoverage, string>(
      (codes) => findCoverageHistoryByUnits(db, codes),
      (row) => row.unitCode,
    ),
    coverageHistoryByGroup: listLoader<GroupCoverage, string>(
      (ids) => findCoverageHistoryByGroups(db, ids),
      (row) => row.groupId,
    ),
    membersByGroup: listLoader<GroupMember, string>(
      (ids) => findMembersByGroups(db, ids),
      (row) => row.groupId,
    ),
    membershipsByStaff: listLoader<GroupMember, string>(
      (ids) => findMembershipsByStaff(db, ids.filter(isUuid)),
      (row) => row.staffId,
    ),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
