import { addStaffEngagementType, type StaffEngagement, bilingual } from '@hub/core';
import { GraphQLError } from 'graphql';
import { builder } from '../builder.ts';
import { readStaffPool } from '../policy.ts';
import { findTeamServicesInPeriod, type TeamService } from '../db/staff-pool.ts';
import type { Role } from '@hub/core';
import { StaffRef } from './external.ts';
import { InspectionTeamMemberRef } from './round.ts';

/**
 * The staff pool across bodies (人员库): each body says when its people worked where; discipline puts
 * the periods side by side and lists overlaps. Inspection's part: service on inspection teams, for the
 * period of the team's round.
 */

/** Who may see where staff were deployed: leaders and the officers who organise deployments. */
const _POOL_READERS: Role[] = ['leader', 'inspection_officer', 'stationed_officer'];

export type Engagement = StaffEngagement & { kind: 'INSPECTION_TEAM' };

export const engagement = (s: TeamService): Engagement => ({
  staffId: s.staffId,
  kind: 'INSPECTION_TEAM',
  referenceId: s.teamId,
  inspectionTeamId: s.teamId,
  startOn: s.startOn,
  endOn: s.endOn,
  concurrent: s.concurrentReason !== null,
});

export const EngagementRef = addStaffEngagementType(builder);

builder.objectFields(InspectionTeamMemberRef, (t) => ({
  startOn: t.field({
    type: 'Date',
    description: "任职起始日期（轮次开始） — First day of service: the start of the team's round.",
    resolve: async (m, _a, ctx) => {
      const team = (await ctx.loaders.teamById.load(m.teamId))!;
      return (await ctx.loaders.roundById.load(team.roundId))!.startOn;
    },
  }),
  endOn: t.field({
    type: 'Date',
    nullable: true,
    description: bilingual(
      '任职结束日期（不含；调出日，否则轮次计划结束日次日，未定为空）',
      "Day service ends (exclusive): the removal day, else the day after the round's planned end;",
      'null while the round has none.',
    ),
    resolve: async (m, _a, ctx) => {
      const team = (await ctx.loaders.teamById.load(m.teamId))!;
      const end = (await ctx.loaders.roundById.load(team.roundId))!.endOn;
      const roundEnd = end ? nextDay(end) : null;
      if (m.removedOn == null) return roundEnd;
      return roundEnd != null && roundEnd < m.removedOn ? roundEnd : m.removedOn;
    },
  }),
}));

export function nextDay(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

builder.objectFields(StaffRef, (t) => ({
  inspectionEngagements: t.field({
    type: [EngagementRef],
    description: "巡察任务期间（供人员库比对） — The staff member's inspection-team service with periods, oldest first (for the staff pool's overlap check).",
    authScopes: readStaffPool,
    resolve: async (staff, _a, ctx) => (await ctx.loaders.teamServicesByStaff.load(staff.id)).map(engagement),
  }),
}));

/** Longest period and most engagements one overlap question may cover. */
export const MAX_PERIOD_DAYS = 366;
export const MAX_PERIOD_ENGAGEMENTS = 5000;

interface Period {
  from: string;
  to: string;
}

/** A period of the staff pool (key: from, to — end exclusive): every body lists who worked where in it. */
const PeriodRef = builder.objectRef<Period>('StaffPoolPeriod').implement({
  description: '人员库期间 — A period [from, to) of the staff pool; each body lists the engagements it records in it.',
  fields: (t) => ({
    from: t.expose('from', { type: 'Date', description: '起始日期 — First day.' }),
    to: t.expose('to', { type: 'Date', description: '结束日期（不含） — Day after the last.' }),
    inspectionEngagements: t.field({
      type: [EngagementRef],
      description: '期间内的巡察任务（按人员） — Inspection-team services running in the period, by staff member.',
      authScopes: readStaffPool,
      resolve: async (p, _a, ctx) => {
        const rows = await findTeamServicesInPeriod(ctx.db, p.from, p.to, MAX_PERIOD_ENGAGEMENTS + 1);
        if (rows.length > MAX_PERIOD_ENGAGEMENTS) {
          throw new GraphQLError(
            `期间内巡察任务超过 ${MAX_PERIOD_ENGAGEMENTS} 条，请缩短期间 — more than ${MAX_PERIOD_ENGAGEMENTS} inspection engagements in the period: narrow it`,
            { extensions: { code: 'BAD_USER_INPUT' } },
          );
        }
        return rows.map(engagement);
      },
    }),
  }),
});
builder.asEntity(PeriodRef, { key: builder.selection<Period>('from to'), resolveReference: (ref) => ({ from: String(ref.from), to: String(ref.to) }) });
