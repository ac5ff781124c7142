import type { AuditDatabase, InboxDatabase, RevisionDatabase, VoidableColumns } from '@hub/core';
import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';

/** 派驻纪检组 — a stationed discipline-inspection group. */
export interface StationedGroupTable {
  id: Generated<string>;
  name: string;
  createdAt: ColumnType<Date, never, never>;
}

/** 综合派驻 — which units a group oversees, and since / until when (history is kept). */
export interface GroupCoverageTable {
  groupId: string;
  unitCode: string;
  startOn: string;
  endOn: string | null;
}

export type GroupMemberRole = 'LEADER' | 'DEPUTY_LEADER' | 'MEMBER';

/** 派驻纪检组成员 — a staff member's membership of a group, with its period (history is kept). */
export interface GroupMemberTable {
  groupId: string;
  /** Staff id in discipline's staff pool. */
  staffId: string;
  role: GroupMemberRole;
  startOn: string;
  endOn: string | null;
}

export const ACTIVITY_KINDS = [
  'ATTEND_PARTY_GROUP_MEETING',
  'ATTEND_DEMOCRATIC_LIFE_MEETING',
  'HEART_TO_HEART_TALK',
  'ADMONISHMENT_TALK',
  'SUPERVISION_CHECK',
  'SPECIAL_CHECK',
] as const;
export type ActivityKind = (typeof ACTIVITY_KINDS)[number];

/** 日常监督活动 — one daily-supervision activity of a group at a unit. */
export interface SupervisionActivityTable {
  id: Generated<string>;
  groupId: string;
  unitCode: string;
  kind: ActivityKind;
  heldOn: string;
  notes: string;
  /** Staff id of the caller who recorded it. */
  recordedBy: string;
  createdAt: ColumnType<Date, never, never>;
}

/** Persons (discipline's `Person` ids) involved in an activity: talked to, admonished, checked. */
export interface SupervisionActivityPersonTable {
  activityId: string;
  personId: string;
}

export type IssueStatus = 'OPEN' | 'ESCALATED' | 'RESOLVED';

/** 发现问题 — an issue found in daily supervision, tracked to resolution. */
export interface SupervisionIssueTable {
  id: Generated<string>;
  activityId: string;
  groupId: string;
  unitCode: string;
  description: string;
  foundOn: string;
  status: ColumnType<IssueStatus, IssueStatus | undefined, IssueStatus>;
  resolvedOn: string | null;
  resolution: string | null;
}

/** 移交巡察 — an issue the group could not move in daily supervision, handed to inspection. */
export interface EscalationTable {
  id: Generated<string>;
  issueId: string;
  groupId: string;
  unitCode: string;
  /** What is handed over. */
  summary: string;
  /** Why daily supervision could not move it. */
  reason: string;
  escalatedOn: string;
  /** Inspection round (巡察轮次) and/or team (巡察组) it is handed to: inspection's ids. */
  inspectionRoundId: string | null;
  inspectionTeamId: string | null;
  recordedBy: string;
  createdAt: ColumnType<Date, never, never>;
}

export type IntegrityEntryKind = 'INTEGRITY_DECLARATION' | 'TALK' | 'PERSONAL_MATTERS_REPORT' | 'PRIOR_FINDING' | 'OTHER';

/** 廉政档案条目 — one entry of a leading cadre's integrity file. */
export interface IntegrityFileEntryTable {
  id: Generated<string>;
  personId: string;
  groupId: string;
  /** The unit the person served in when the entry was made. */
  unitCode: string;
  kind: IntegrityEntryKind;
  recordedOn: string;
  summary: string;
  activityId: string | null;
  recordedBy: string;
  createdAt: ColumnType<Date, never, never>;
}

/** 整改监督记录 — a group's note on a rectification item (inspection's) of a unit it oversees. */
export interface RectificationSupervisionNoteTable {
  id: Generated<string>;
  rectificationItemId: string;
  groupId: string;
  unitCode: string;
  notedOn: string;
  note: string;
  recordedBy: string;
  createdAt: ColumnType<Date, never, never>;
}

export type StaffAssignmentKind = 'STATIONED_WORK' | 'INSPECTION_TEAM';

/**
 * 人员调配 — a staff member assigned to stationed work (to a group), or a stationed staff member
 * lent to an inspection team (group: the lending group, if any), for a bounded period.
 */
export interface StaffAssignmentTable {
  id: Generated<string>;
  staffId: string;
  kind: StaffAssignmentKind;
  groupId: string | null;
  inspectionTeamId: string | null;
  startOn: string;
  /** Exclusive. */
  endOn: string;
  note: string | null;
  /** Why it runs at the same time as another body's assignment; null when it overlaps none. */
  concurrentReason: ColumnType<string | null, string | null | undefined, string | null>;
  recordedBy: string;
  createdAt: ColumnType<Date, never, never>;
}

/** This subgraph's tables; the audit log is the shared append-only one. */
export interface StationedDatabase extends AuditDatabase, RevisionDatabase, InboxDatabase {
  stationedGroup: StationedGroupTable & VoidableColumns;
  groupCoverage: GroupCoverageTable;
  groupMember: GroupMemberTable;
  supervisionActivity: SupervisionActivityTable & VoidableColumns;
  supervisionActivityPerson: SupervisionActivityPersonTable;
  supervisionIssue: SupervisionIssueTable & VoidableColumns;
  escalation: EscalationTable & VoidableColumns;
  integrityFileEntry: IntegrityFileEntryTable & VoidableColumns;
  rectificationSupervisionNote: RectificationSupervisionNoteTable & VoidableColumns;
  staffAssignment: StaffAssignmentTable & VoidableColumns;
}

export type StationedGroup = Selectable<StationedGroupTable>;
export type NewStationedGroup = Insertable<StationedGroupTable>;
export type GroupCoverage = Selectable<GroupCoverageTable>;
export type GroupMember = Selectable<GroupMemberTable>;
export type SupervisionActivity = Selectable<SupervisionActivityTable>;
export type SupervisionActivityPerson = Selectable<SupervisionActivityPersonTable>;
export type SupervisionIssue = Selectable<SupervisionIssueTable>;
/** An issue with the inspection team it was escalated to, if any. */
export type IssueRow = SupervisionIssue & { escalatedToTeamId: string | null };
export type Escalation = Selectable<EscalationTable>;
export type IntegrityFileEntry = Selectable<IntegrityFileEntryTable>;
export type RectificationSupervisionNote = Selectable<RectificationSupervisionNoteTable>;
export type StaffAssignment = Selectable<StaffAssignmentTable>;
