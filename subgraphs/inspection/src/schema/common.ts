import type { Role } from '@hub/core';
import type { Context } from '../context.ts';

/** Who sees the inspection plan (rounds, teams, which units): the bodies that brief teams, too. */
export const PLAN_READERS: Role[] = ['inspection_officer', 'leader', 'petition_officer', 'conduct_officer', 'case_manager', 'stationed_officer'];
/**
 * Who sees inspection findings and rectification (DESIGN §6): inspection officers and leaders.
 * The stationed group overseeing the unit is to be added once the graph can tell which group that is.
 */
export const RECORD_READERS: Role[] = ['inspection_officer', 'leader'];
/**
 * Scopes for one inspection's findings and rectification (DESIGN §6): inspection officers and
 * leaders, and the stationed group overseeing the unit — the group that gave the unit's
 * stationed-group briefing (巡前通报) for this inspection, which supervises its rectification.
 * Only a stationed officer's request costs a (batched) briefing lookup.
 */
export async function inspectionRecordScopes(ctx: Context, inspectionId: string): Promise<{ role: Role[]; stationedGroup?: string }> {
  const viewer = ctx.viewer;
  if (viewer.roles.some((role) => RECORD_READERS.includes(role)) || !viewer.roles.includes('stationed_officer') || viewer.scopes.stationedGroupIds.length === 0) {
    return { role: RECORD_READERS };
  }
  const briefing = (await ctx.loaders.briefingsByInspection.load(inspectionId)).find((b) => b.body === 'STATIONED_GROUP');
  return briefing?.stationedGroupId ? { role: RECORD_READERS, stationedGroup: briefing.stationedGroupId } : { role: RECORD_READERS };
}

/** The same rule for a unit: the stationed group that briefed any inspection of it. */
export async function unitRecordScopes(ctx: Context, unitCode: string): Promise<{ role: Role[]; stationedGroup?: string }> {
  const viewer = ctx.viewer;
  if (viewer.roles.some((role) => RECORD_READERS.includes(role)) || !viewer.roles.includes('stationed_officer') || viewer.scopes.stationedGroupIds.length === 0) {
    return { role: RECORD_READERS };
  }
  const inspections = await ctx.loaders.inspectionsByUnit.load(unitCode);
  const briefings = (await Promise.all(inspections.map((i) => ctx.loaders.briefingsByInspection.load(i.id)))).flat();
  const groups = briefings.flatMap((b) => (b.body === 'STATIONED_GROUP' && b.stationedGroupId ? [b.stationedGroupId] : []));
  const mine = groups.find((g) => viewer.scopes.stationedGroupIds.includes(g));
  return mine ? { role: RECORD_READERS, stationedGroup: mine } : { role: RECORD_READERS };
}

/** Who records the steps of an inspection: the inspection office and teams, and leaders. */
export const WRITERS: Role[] = ['inspection_officer', 'leader'];
