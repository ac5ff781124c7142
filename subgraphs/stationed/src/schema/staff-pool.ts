import { addStaffEngagementType, type StaffEngagement } from '@hub/core';
import { GraphQLError } from 'graphql';
import type { Role } from '@hub/core';
import { builder } from '../builder.ts';
import { readStaffPool } from '../policy.ts';
import { findAssignmentsInPeriod } from '../db/assignments.ts';
import type { StaffAssignment } from '../db/database.ts';
import { StaffRef } from './staff.ts';

/**
 * The staff pool across bodies (人员库): each body says when its people worked where; discipline puts
 * the periods side by side and lists overlaps. Stationed's part: deployments (人员调配) to stationed
 * work and loans to inspection teams.
 */

/** Who may see where staff were deployed: leaders and the officers who organise deployments. */
const _POOL_READERS: Role[] = ['leader', 'inspection_officer', 'stationed_officer'];

type Engagement = StaffEngagement & { kind: 'STATIONED_WORK' | 'INSPECTION_LOAN' };

export const engagement = (a: StaffAssignment): Engagement => ({
  staffId: a.staffId,
  kind: a.kind === 'INSPECTION_TEAM' ? 'INSPECTION_LOAN' : 'STATIONED_WORK',
  referenceId: a.id,
  inspectionTeamId: a.inspectionTeamId,
  startOn: a.startOn,
  endOn: a.endOn,
  concurrent: a.concurrentReason !== null,
});

export const EngagementRef = addStaffEngagementType(builder);

builder.objectFields(StaffRef, (t) => ({
  stationedEngagements: t.field({
    type: [EngagementRef],
    description: "派驻工作与抽调巡察期间（供人员库比对） — The staff member's deployments with periods, oldest first (for the staff pool's overlap check).",
    authScopes: readStaffPool,
    resolve: async (staff, _a, ctx) => (await ctx.loaders.assignmentsByStaff.load(String(staff.id).toLowerCase())).map(engagement),
  }),
}));

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
    stationedEngagements: t.field({
      type: [EngagementRef],
      description: '期间内的人员调配（按人员） — Deployments running in the period, by staff member.',
      authScopes: readStaffPool,
      resolve: async (p, _a, ctx) => {
        const rows = await findAssignmentsInPeriod(ctx.db, p.from, p.to, MAX_PERIOD_ENGAGEMENTS + 1);
        if (rows.length > MAX_PERIOD_ENGAGEMENTS) {
          throw new GraphQLError(
            `期间内人员调配超过 ${MAX_PERIOD_ENGAGEMENTS} 条，请缩短期间 — more than ${MAX_PERIOD_ENGAGEMENTS} deployments in the period: narrow it`,
            { extensions: { code: 'BAD_USER_INPUT' } },
          );
        }
        return rows.map(engagement);
      },
    }),
  }),
});
builder.asEntity(PeriodRef, { key: builder.selection<Period>('from to'), resolveReference: (ref) => ({ from: String(ref.from), to: String(ref.to) }) });
