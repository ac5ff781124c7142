import { GraphQLError } from 'graphql';
import type { Role } from '@hub/core';
import { builder } from '../builder.ts';
import { findAssignmentsInPeriod } from '../db/assignments.ts';
import type { StaffAssignment } from '../db/database.ts';
import { StaffRef } from './staff.ts';

/**
 * The staff pool across bodies (人员库): each body says when its people worked where; discipline puts
 * the periods side by side and lists overlaps. Stationed's part: deployments (人员调配) to stationed
 * work and loans to inspection teams.
 */

/** Who may see where staff were deployed: leaders and the officers who organise deployments. */
const POOL_READERS: Role[] = ['leader', 'inspection_officer', 'stationed_officer'];

/** Shared with discipline and inspection (identical definition in each subgraph). */
const EngagementKindEnum = builder.enumType('StaffEngagementKind', {
  description: '任务类别 — Kind of a staff member\'s engagement.',
  values: {
    INSPECTION_TEAM: { description: '巡察组成员 — Member of an inspection team (inspection).' },
    STATIONED_WORK: { description: '参加派驻监督工作 — Assigned to a stationed group\'s work (stationed).' },
    INSPECTION_LOAN: { description: '抽调参加巡察组 — Lent to an inspection team (stationed).' },
    COLLABORATION_ZONE: { description: '办案协作区成员 — Member of a case collaboration zone (discipline).' },
    SPECIAL_INSPECTION: { description: '专项检查组成员 — Member of a special-inspection team (discipline).' },
  } as const,
});

interface Engagement {
  staffId: string;
  kind: 'STATIONED_WORK' | 'INSPECTION_LOAN';
  referenceId: string;
  inspectionTeamId: string | null;
  startOn: string | null;
  endOn: string | null;
}

const engagement = (a: StaffAssignment): Engagement => ({
  staffId: a.staffId,
  kind: a.kind === 'INSPECTION_TEAM' ? 'INSPECTION_LOAN' : 'STATIONED_WORK',
  referenceId: a.id,
  inspectionTeamId: a.inspectionTeamId,
  startOn: a.startOn,
  endOn: a.endOn,
});

const EngagementRef = builder.objectRef<Engagement>('StaffEngagement').implement({
  description: '人员任务期间 — One engagement of a staff member with its period, as the owning body records it.',
  shareable: true,
  fields: (t) => ({
    staffId: t.exposeID('staffId', { description: '工作人员编号 — Staff id.' }),
    kind: t.expose('kind', { type: EngagementKindEnum, description: '类别 — Kind.' }),
    referenceId: t.exposeID('referenceId', { description: '任务编号（巡察组、调配、协作区、专项检查组） — Id of the team, deployment, zone or special-inspection team.' }),
    inspectionTeamId: t.exposeID('inspectionTeamId', { nullable: true, description: '巡察组编号（巡察任务） — The inspection team, for inspection engagements.' }),
    startOn: t.expose('startOn', { type: 'Date', nullable: true, description: '起始日期（空为未记录） — First day; null when not recorded (counted as always).' }),
    endOn: t.expose('endOn', { type: 'Date', nullable: true, description: '结束日期（不含；空为未定） — Day it ends (exclusive); null while open-ended.' }),
  }),
});

builder.objectFields(StaffRef, (t) => ({
  stationedEngagements: t.field({
    type: [EngagementRef],
    description: '派驻工作与抽调巡察期间（供人员库比对） — The staff member\'s deployments with periods, oldest first (for the staff pool\'s overlap check).',
    authScopes: { role: POOL_READERS },
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
      authScopes: { role: POOL_READERS },
      resolve: async (p, _a, ctx) => {
        const rows = await findAssignmentsInPeriod(ctx.db, p.from, p.to, MAX_PERIOD_ENGAGEMENTS + 1);
        if (rows.length > MAX_PERIOD_ENGAGEMENTS) {
          throw new GraphQLError(`期间内人员调配超过 ${MAX_PERIOD_ENGAGEMENTS} 条，请缩短期间 — more than ${MAX_PERIOD_ENGAGEMENTS} deployments in the period: narrow it`, { extensions: { code: 'BAD_USER_INPUT' } });
        }
        return rows.map(engagement);
      },
    }),
  }),
});
builder.asEntity(PeriodRef, { key: builder.selection<Period>('from to'), resolveReference: (ref) => ({ from: String(ref.from), to: String(ref.to) }) });
