/**
 * 派驻纪检组成员 — a group's membership as plain functions over rows [startOn, endOn): no one listed
 * twice, one sitting leader at a time, a member joins once, a membership ends after it starts.
 */
import type { UserErrors } from '@hub/core';
import type { GroupMemberRole } from '../db/database.ts';

export interface Membership {
  staffId: string;
  role: GroupMemberRole;
  startOn: string;
  endOn: string | null;
}

/** A new group's members and units: no one and no unit twice; at most one leader. */
export function checkNewGroup(problems: UserErrors, members: readonly { staffId: string; role: GroupMemberRole }[], unitCodes: readonly string[]): void {
  problems.check(
    new Set(members.map((m) => m.staffId)).size === members.length,
    'BAD_USER_INPUT',
    ['input', 'members'],
    '成员重复 — a staff member is listed twice',
  );
  problems.check(members.filter((m) => m.role === 'LEADER').length <= 1, 'BAD_USER_INPUT', ['input', 'members'], '至多一名组长 — at most one leader');
  problems.check(new Set(unitCodes).size === unitCodes.length, 'BAD_USER_INPUT', ['input', 'unitCodes'], '单位重复 — a unit is listed twice');
}

const runningOn = (m: Membership, day: string) => m.endOn === null || m.endOn > day;

/** A member joins on `startOn`: not a member then already; a leader only when the group has no sitting leader. */
export function checkMemberJoins(
  problems: UserErrors,
  members: readonly Membership[],
  joining: { staffId: string; role: GroupMemberRole; startOn: string },
): void {
  problems.check(
    !members.some((m) => m.staffId === joining.staffId && runningOn(m, joining.startOn)),
    'ALREADY_EXISTS',
    ['input', 'staffId'],
    '该人员已是本组成员 — already a member of this group then',
  );
  problems.check(
    joining.role !== 'LEADER' || !members.some((m) => m.role === 'LEADER' && runningOn(m, joining.startOn)),
    'CONFLICT',
    ['input', 'role'],
    '本组已有组长 — the group has a leader then; end that membership first',
  );
}

/** A member leaves: they hold a current membership, and it ends after it started. */
export function checkMembershipEnd(problems: UserErrors, open: Membership | undefined, endOn: string): open is Membership {
  if (!open) {
    problems.add('NOT_FOUND', ['input', 'staffId'], '该人员不是本组现任成员 — not a current member of this group');
    return false;
  }
  return problems.check(
    endOn > open.startOn,
    'BAD_USER_INPUT',
    ['input', 'endOn'],
    `结束日期须晚于任职起始日期 ${open.startOn} — endOn must be after the membership's start`,
  );
}

/** Stored memberships of one group: pairs of leaders whose periods overlap (two sitting leaders). */
export function overlappingLeaders(members: readonly Membership[]): [Membership, Membership][] {
  const leaders = members.filter((m) => m.role === 'LEADER').sort((a, b) => a.startOn.localeCompare(b.startOn));
  const pairs: [Membership, Membership][] = [];
  for (let i = 0; i < leaders.length; i++)
    for (let j = i + 1; j < leaders.length; j++) if (runningOn(leaders[i]!, leaders[j]!.startOn)) pairs.push([leaders[i]!, leaders[j]!]);
  return pairs;
}
