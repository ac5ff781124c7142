import { addStaffEngagementType, findOverlaps, type StaffEngagement, type StaffOverlap, bilingual } from '@hub/core';
import { GraphQLError } from 'graphql';
import { builder } from '../builder.ts';
import type { Context } from '../context.ts';
import type { Staff } from '../db/database.ts';
import { findDisciplineEngagementsInPeriod, type SpecialTeamService, type ZoneMembership } from '../db/staff-pool.ts';
import { CollaborationZoneRef, StaffRef } from './reference.ts';
import { SpecialInspectionRef } from './extras.ts';

/**
 * The staff pool across bodies (人员库). Each body records where its people worked and when:
 * inspection (team service, for the round), stationed (deployments to stationed work, loans to
 * inspection teams), discipline (collaboration zones, special-inspection teams). Only here are the
 * periods put side by side: the gateway hands inspection's and stationed's periods to discipline
 * (@requires), which lists the overlaps.
 */

/** Who may see where staff were deployed: leaders and the officers who organise deployments. */
const POOL_READERS = ['leader', 'inspection_officer', 'stationed_officer'] as const;

export type Engagement = StaffEngagement;

export const EngagementRef = addStaffEngagementType(builder);

// ─── Overlaps ───────────────────────────────────────────────────────────────────────────────────

export type Overlap = StaffOverlap;

const OverlapRef = builder.objectRef<Overlap>('StaffAssignmentOverlap').implement({
  description: '任务期间重叠 — Two engagements of one staff member that run at the same time.',
  fields: (t) => ({
    staff: t.field({
      type: StaffRef,
      description: '工作人员 — The staff member.',
      resolve: async (o, _a, ctx) => (await ctx.loaders.staffById.load(o.staffId)) ?? missingStaff(o.staffId),
    }),
    first: t.field({ type: EngagementRef, description: '先开始的任务 — The engagement that starts first.', resolve: (o) => o.first }),
    second: t.field({ type: EngagementRef, description: '后开始的任务 — The other engagement.', resolve: (o) => o.second }),
    from: t.expose('from', { type: 'Date', nullable: true, description: '重叠起始日期 — First day of the overlap; null when neither start is recorded.' }),
    concurrent: t.boolean({
      description: '已注明同期兼任理由（任一方） — Whether either engagement was recorded as concurrent with a reason (accepted at the time of assignment).',
      resolve: (o) => Boolean(o.first.concurrent || o.second.concurrent),
    }),
    to: t.expose('to', {
      type: 'Date',
      nullable: true,
      description: '重叠结束日期（不含；空为仍在重叠） — Day the overlap ends (exclusive); null while it continues.',
    }),
  }),
});

/** A staff id another body records that the pool does not know: shown by id, never invented. */
function missingStaff(id: string): Staff {
  return { id, name: '（人员库无此人）', homeBody: 'OTHER', departmentId: null, commissionLeader: false };
}

export const zoneEngagement = (m: ZoneMembership): Engagement => ({
  staffId: m.staffId,
  kind: 'COLLABORATION_ZONE',
  referenceId: m.zoneId,
  inspectionTeamId: null,
  startOn: m.startOn,
  endOn: m.endOn,
});
export const specialEngagement = (s: SpecialTeamService): Engagement => ({
  staffId: s.staffId,
  kind: 'SPECIAL_INSPECTION',
  referenceId: s.teamId,
  inspectionTeamId: null,
  startOn: s.startOn,
  endOn: s.endOn,
  concurrent: s.concurrent,
});

// ─── Staff: discipline's own periods, and the overlaps ──────────────────────────────────────────

const ZoneMembershipRef = builder.objectRef<ZoneMembership>('CollaborationZoneMembership').implement({
  description: '办案协作区任职 — Membership of a collaboration zone, with its period.',
  fields: (t) => ({
    zone: t.field({
      type: CollaborationZoneRef,
      description: '协作区 — The zone.',
      resolve: async (m, _a, ctx) => (await ctx.loaders.zoneById.load(m.zoneId))!,
    }),
    startOn: t.expose('startOn', { type: 'Date', nullable: true, description: '起始日期（空为未记录） — First day; null when not recorded.' }),
    endOn: t.expose('endOn', { type: 'Date', nullable: true, description: '结束日期（不含；空为至今） — Day it ended (exclusive); null while a member.' }),
  }),
});

const SpecialTeamServiceRef = builder.objectRef<SpecialTeamService>('SpecialInspectionTeamService').implement({
  description: "专项检查任职 — A place on a special-inspection team, for the inspection's period.",
  fields: (t) => ({
    specialInspection: t.field({
      type: SpecialInspectionRef,
      description: '专项检查 — The special inspection.',
      resolve: async (s, _a, ctx) => (await ctx.loaders.specialInspectionById.load(s.specialInspectionId))!,
    }),
    teamName: t.exposeString('teamName', { description: '检查组 — Team name.' }),
    startOn: t.expose('startOn', { type: 'Date', description: '起始日期（专项检查开始） — First day: the start of the special inspection.' }),
    endOn: t.expose('endOn', {
      type: 'Date',
      nullable: true,
      description: '结束日期（不含；专项检查结束日次日，未结束为空） — Day it ends (exclusive): the day after the inspection ended; null while it runs.',
    }),
  }),
});

type RequiredPeriods = { inspectionEngagements?: Engagement[] | null; stationedEngagements?: Engagement[] | null };
const ENGAGEMENT_FIELDS = 'staffId kind referenceId inspectionTeamId startOn endOn concurrent';
const external = [{ name: 'external', args: {} }];

/**
 * @requires on fields of types discipline itself defines: Pothos types its `requires` option only for
 * fields of external entities, so the directive is given as such (the subgraph links @requires).
 */
const requiringPeriods = [
  { name: 'requires', args: { fields: `inspectionEngagements { ${ENGAGEMENT_FIELDS} } stationedEngagements { ${ENGAGEMENT_FIELDS} }` } },
];

const PeriodWindowInput = builder.inputType('StaffPeriodWindow', {
  description: '比对期间 — A period [from, to) to look in.',
  fields: (t) => ({
    from: t.field({ type: 'Date', description: '起始日期 — First day.' }),
    to: t.field({ type: 'Date', description: '结束日期（不含） — Day after the last.' }),
  }),
});

builder.objectFields(StaffRef, (t) => ({
  zoneMemberships: t.field({
    type: [ZoneMembershipRef],
    description: "办案协作区任职（含期间） — The staff member's collaboration-zone memberships with their periods.",
    authScopes: { role: [...POOL_READERS] },
    resolve: (s, _a, ctx) => ctx.loaders.zoneMembershipsByStaff.load(s.id),
  }),
  specialInspectionTeams: t.field({
    type: [SpecialTeamServiceRef],
    description: '专项检查任职（含期间） — The special-inspection teams the staff member served on, with periods.',
    authScopes: { role: [...POOL_READERS] },
    resolve: (s, _a, ctx) => ctx.loaders.specialServicesByStaff.load(s.id),
  }),
  inspectionEngagements: t.field({
    type: [EngagementRef],
    description: '巡察任务期间（巡察子图提供） — Inspection-team service with periods (from inspection).',
    nullable: true,
    directives: external,
    resolve: (s) => (s as RequiredPeriods).inspectionEngagements ?? [],
  }),
  stationedEngagements: t.field({
    type: [EngagementRef],
    description: '派驻工作与抽调巡察期间（派驻子图提供） — Deployments with periods (from stationed).',
    nullable: true,
    directives: external,
    resolve: (s) => (s as RequiredPeriods).stationedEngagements ?? [],
  }),
  overlappingAssignments: t.field({
    type: [OverlapRef],
    directives: requiringPeriods,
    description: bilingual(
      '任务期间重叠',
      "Pairs of the staff member's engagements (inspection teams, stationed work and loans, zones,",
      'special inspections) that run at the same time, optionally within a period.',
    ),
    authScopes: { role: [...POOL_READERS] },
    args: { within: t.arg({ type: PeriodWindowInput, required: false, description: '只看此期间 — Only overlaps within this period.' }) },
    resolve: async (s, args, ctx) => {
      const [zones, special] = await Promise.all([ctx.loaders.zoneMembershipsByStaff.load(s.id), ctx.loaders.specialServicesByStaff.load(s.id)]);
      const handed = s as Staff & RequiredPeriods;
      const engagements = [
        ...(handed.inspectionEngagements ?? []),
        ...(handed.stationedEngagements ?? []),
        ...zones.map(zoneEngagement),
        ...special.map(specialEngagement),
      ];
      const window = args.within ? checkWindow(args.within) : undefined;
      // Only this staff member's periods count, whatever a representation carries.
      return findOverlaps(
        engagements.filter((e) => e.staffId.toLowerCase() === s.id.toLowerCase()),
        window,
      );
    },
  }),
}));

// ─── The pool in a period ───────────────────────────────────────────────────────────────────────

export const MAX_PERIOD_DAYS = 366;
const MAX_PERIOD_ENGAGEMENTS = 5000;

interface Period {
  from: string;
  to: string;
}

function checkWindow(window: Period): Period {
  const days = (Date.parse(`${window.to}T00:00:00Z`) - Date.parse(`${window.from}T00:00:00Z`)) / 86_400_000;
  if (days <= 0) throw new GraphQLError('结束日期须晚于起始日期 — to must be after from', { extensions: { code: 'BAD_USER_INPUT', field: 'to' } });
  if (days > MAX_PERIOD_DAYS)
    throw new GraphQLError(`期间不得超过 ${MAX_PERIOD_DAYS} 天 — the period may span at most ${MAX_PERIOD_DAYS} days`, {
      extensions: { code: 'BAD_USER_INPUT', field: 'to' },
    });
  return window;
}

type PeriodWithEngagements = Period & RequiredPeriods;

const PeriodRef = builder.objectRef<PeriodWithEngagements>('StaffPoolPeriod');
PeriodRef.implement({
  description: '人员库期间 — A period [from, to) of the staff pool; each body lists the engagements it records in it.',
  fields: (t) => ({
    from: t.expose('from', { type: 'Date', description: '起始日期 — First day.' }),
    to: t.expose('to', { type: 'Date', description: '结束日期（不含） — Day after the last.' }),
    inspectionEngagements: t.field({
      type: [EngagementRef],
      description: '期间内的巡察任务（巡察子图提供） — Inspection-team services in the period (from inspection).',
      nullable: true,
      directives: external,
      resolve: (p) => p.inspectionEngagements ?? [],
    }),
    stationedEngagements: t.field({
      type: [EngagementRef],
      description: '期间内的人员调配（派驻子图提供） — Deployments in the period (from stationed).',
      nullable: true,
      directives: external,
      resolve: (p) => p.stationedEngagements ?? [],
    }),
    overlaps: t.field({
      type: [OverlapRef],
      description: '期间内的任务重叠（按人员） — Overlapping engagements in the period, by staff member.',
      authScopes: { role: [...POOL_READERS] },
      directives: requiringPeriods,
      resolve: (p, _a, ctx) => overlapsInPeriod(p, ctx),
    }),
    staff: t.field({
      type: [StaffRef],
      description: '期间内有任务重叠的人员 — Staff members with overlapping engagements in the period.',
      authScopes: { role: [...POOL_READERS] },
      directives: requiringPeriods,
      resolve: async (p, _a, ctx) => {
        const ids = [...new Set((await overlapsInPeriod(p, ctx)).map((o) => o.staffId))];
        return Promise.all(ids.map(async (id) => (await ctx.loaders.staffById.load(id)) ?? missingStaff(id)));
      },
    }),
  }),
});
builder.asEntity(PeriodRef, { key: builder.selection<Period>('from to'), resolveReference: (ref) => ref as PeriodWithEngagements });

/** Computed once per period object, however many of its fields are asked for. */
const computed = new WeakMap<object, Promise<Overlap[]>>();

function overlapsInPeriod(p: PeriodWithEngagements, ctx: Context): Promise<Overlap[]> {
  let result = computed.get(p);
  if (!result) {
    result = computeOverlapsInPeriod(p, ctx);
    computed.set(p, result);
  }
  return result;
}

async function computeOverlapsInPeriod(p: PeriodWithEngagements, ctx: Context): Promise<Overlap[]> {
  const window = checkWindow({ from: String(p.from), to: String(p.to) });
  const own = await findDisciplineEngagementsInPeriod(ctx.db, window.from, window.to, MAX_PERIOD_ENGAGEMENTS + 1);
  if (own.zones.length > MAX_PERIOD_ENGAGEMENTS || own.special.length > MAX_PERIOD_ENGAGEMENTS) {
    throw new GraphQLError(
      `期间内任务超过 ${MAX_PERIOD_ENGAGEMENTS} 条，请缩短期间 — more than ${MAX_PERIOD_ENGAGEMENTS} engagements in the period: narrow it`,
      { extensions: { code: 'BAD_USER_INPUT' } },
    );
  }
  const engagements = [
    ...(p.inspectionEngagements ?? []),
    ...(p.stationedEngagements ?? []),
    ...own.zones.map(zoneEngagement),
    ...own.special.map(specialEngagement),
  ];
  return findOverlaps(engagements, window);
}

builder.queryFields((t) => ({
  staffAssignmentOverlaps: t.field({
    type: PeriodRef,
    description: `人员任务重叠（期间至多 ${MAX_PERIOD_DAYS} 天） — Staff whose engagements across bodies overlap within [from, to) (at most ${MAX_PERIOD_DAYS} days): leaders, inspection and stationed officers.`,
    authScopes: { role: [...POOL_READERS] },
    args: {
      from: t.arg({ type: 'Date', required: true, description: '起始日期 — First day.' }),
      to: t.arg({ type: 'Date', required: true, description: '结束日期（不含） — Day after the last.' }),
    },
    resolve: (_r, args) => checkWindow({ from: args.from, to: args.to }),
  }),
}));
