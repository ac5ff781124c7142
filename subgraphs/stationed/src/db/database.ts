import type { AuditDatabase } from '@hub/core';
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

/** This subgraph's tables; the audit log is the shared append-only one. */
export interface StationedDatabase extends AuditDatabase {
  stationedGroup: StationedGroupTable;
  groupCoverage: GroupCoverageTable;
  groupMember: GroupMemberTable;
}

export type StationedGroup = Selectable<StationedGroupTable>;
export type NewStationedGroup = Insertable<StationedGroupTable>;
export type GroupCoverage = Selectable<GroupCoverageTable>;
export type GroupMember = Selectable<GroupMemberTable>;
