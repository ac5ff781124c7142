import { isUuid } from '@hub/core';
import type { Context } from '../context.ts';
import type { RecordVisibility } from '../db/visibility.ts';

/**
 * Need to know (DESIGN §6) for a stationed record — activity, issue, integrity-file entry,
 * escalation: commission leaders, members of the group that recorded it, and members of the group
 * overseeing the record's unit today (a unit's supervision history passes to its new group).
 * `inspectionTeam` adds the inspection team a record was addressed to (escalations).
 */
export async function stationedRecordScopes(ctx: Context, record: { groupId: string; unitCode: string }, inspectionTeam?: string | null) {
  const overseeing = await ctx.loaders.groupOverseeingUnit.load(record.unitCode);
  const groups = [record.groupId, ...(overseeing ? [overseeing.id] : [])];
  const mine = groups.find((id) => ctx.viewer.scopes.stationedGroupIds.includes(id)) ?? record.groupId;
  return { role: 'leader' as const, stationedGroup: mine, ...(inspectionTeam ? { inspectionTeam } : {}) };
}

/** Leaders and the group overseeing the unit today may read the unit's stationed records. */
export async function unitRecordScopes(ctx: Context, unitCode: string) {
  const overseeing = await ctx.loaders.groupOverseeingUnit.load(unitCode);
  return overseeing ? { role: 'leader' as const, stationedGroup: overseeing.id } : { role: 'leader' as const };
}

/** Leaders and the group's own members may read what the group recorded. */
export const groupRecordScopes = (groupId: string) => ({ role: 'leader' as const, stationedGroup: groupId });

/** Who may write for a group: its members (as stationed officers). */
export const groupWriterScopes = (groupId: string) => ({ $all: { role: 'stationed_officer' as const, stationedGroup: groupId } });

/** What list queries may return to this viewer; see `visibleTo`. */
export function recordVisibility(ctx: Context): RecordVisibility {
  if (ctx.viewer.roles.includes('leader')) return { all: true };
  return {
    all: false,
    groupIds: ctx.viewer.scopes.stationedGroupIds.filter(isUuid).map((id) => id.toLowerCase()),
    today: ctx.today,
    inspectionTeamIds: ctx.viewer.roles.includes('inspection_officer') ? ctx.viewer.scopes.inspectionTeamIds : [],
  };
}

/** Keeps the records this viewer needs to know (same rule as `stationedRecordScopes`), in order. */
export async function visibleRecords<R extends { groupId: string; unitCode: string }>(ctx: Context, records: R[]): Promise<R[]> {
  if (ctx.viewer.roles.includes('leader')) return records;
  const mine = new Set(ctx.viewer.scopes.stationedGroupIds);
  const overseeing = await Promise.all(records.map((r) => ctx.loaders.groupOverseeingUnit.load(r.unitCode)));
  return records.filter((r, i) => mine.has(r.groupId) || (overseeing[i] !== null && mine.has(overseeing[i]!.id)));
}
