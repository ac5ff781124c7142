/**
 * 任务期间重叠 — the overlap rule of the staff pool, as plain functions over engagements. Each body
 * records where its people worked and when (`StaffEngagement`); the same rule lists overlaps after the
 * fact (discipline's `staffAssignmentOverlaps`) and refuses them when a body assigns staff.
 */
import type { UserErrors } from './errors.ts';

export type StaffEngagementKind = 'INSPECTION_TEAM' | 'STATIONED_WORK' | 'INSPECTION_LOAN' | 'COLLABORATION_ZONE' | 'SPECIAL_INSPECTION';

/** One period a staff member worked somewhere, as the owning body records it. */
export interface StaffEngagement {
  staffId: string;
  kind: StaffEngagementKind;
  referenceId: string;
  inspectionTeamId: string | null;
  startOn: string | null;
  endOn: string | null;
  /** Marked concurrent with a reason by the body that recorded it (同期兼任); absent is not marked. */
  concurrent?: boolean;
}

export interface StaffOverlap {
  staffId: string;
  first: StaffEngagement;
  second: StaffEngagement;
  /** First day both run (null: both have no recorded start). */
  from: string | null;
  /** Day after the last day both run (exclusive); null while both are open-ended. */
  to: string | null;
}

/** The same engagement seen by two bodies: a stationed loan to a team and service on that team. */
export function sameEngagement(a: Pick<StaffEngagement, 'kind' | 'inspectionTeamId'>, b: Pick<StaffEngagement, 'kind' | 'inspectionTeamId'>): boolean {
  const kinds = new Set([a.kind, b.kind]);
  return kinds.has('INSPECTION_TEAM') && kinds.has('INSPECTION_LOAN') && a.inspectionTeamId !== null && a.inspectionTeamId === b.inspectionTeamId;
}

const later = (a: string | null, b: string | null) => (a === null ? b : b === null ? a : a > b ? a : b);
const earlier = (a: string | null, b: string | null) => (a === null ? b : b === null ? a : a < b ? a : b);

/** The days two periods [startOn, endOn) share, or null when they share none (null ends run for ever). */
export function sharedPeriod(
  a: { startOn: string | null; endOn: string | null },
  b: { startOn: string | null; endOn: string | null },
): { from: string | null; to: string | null } | null {
  const from = later(a.startOn, b.startOn);
  const to = earlier(a.endOn, b.endOn);
  return from !== null && to !== null && from >= to ? null : { from, to };
}

/**
 * Pairs of a staff member's engagements whose periods intersect (within [window.from, window.to) when
 * given), ordered by staff member and start of the overlap.
 */
export function findOverlaps(engagements: readonly StaffEngagement[], window?: { from: string; to: string }): StaffOverlap[] {
  const byStaff = new Map<string, StaffEngagement[]>();
  for (const e of engagements) {
    const key = e.staffId.toLowerCase();
    if (!byStaff.has(key)) byStaff.set(key, []);
    byStaff.get(key)!.push(e);
  }
  const overlaps: StaffOverlap[] = [];
  for (const [staffId, list] of [...byStaff].sort(([a], [b]) => a.localeCompare(b))) {
    const sorted = [...list].sort((a, b) => (a.startOn ?? '').localeCompare(b.startOn ?? '') || a.referenceId.localeCompare(b.referenceId));
    for (let i = 0; i < sorted.length; i++) {
      for (let j = i + 1; j < sorted.length; j++) {
        const a = sorted[i]!;
        const b = sorted[j]!;
        if (sameEngagement(a, b)) continue;
        let from = later(a.startOn, b.startOn);
        let to = earlier(a.endOn, b.endOn);
        if (window) {
          from = later(from, window.from);
          to = earlier(to, window.to);
        }
        if (from !== null && to !== null && from >= to) continue;
        overlaps.push({ staffId, first: a, second: b, from, to });
      }
    }
  }
  return overlaps.sort((x, y) => x.staffId.localeCompare(y.staffId) || (x.from ?? '').localeCompare(y.from ?? ''));
}

// ─── At the time of assignment ──────────────────────────────────────────────────────────────────

/**
 * Kinds that are assignments for a period (a team, a deployment, a loan): a new assignment may not
 * overlap one of them unless marked concurrent with a reason. A collaboration-zone membership is a
 * standing membership beside the daily work, not an assignment: it is reported, not refused.
 */
export const ASSIGNMENT_KINDS: ReadonlySet<StaffEngagementKind> = new Set(['INSPECTION_TEAM', 'STATIONED_WORK', 'INSPECTION_LOAN', 'SPECIAL_INSPECTION']);

/** Each kind in words (Chinese, English) and the body that records it. */
export const ENGAGEMENT_KIND_NAMES: Record<StaffEngagementKind, { zh: string; en: string }> = {
  INSPECTION_TEAM: { zh: '巡察组成员（巡察）', en: 'member of an inspection team (inspection)' },
  STATIONED_WORK: { zh: '参加派驻监督工作（派驻）', en: "stationed group's work (stationed)" },
  INSPECTION_LOAN: { zh: '抽调参加巡察组（派驻）', en: 'lent to an inspection team (stationed)' },
  COLLABORATION_ZONE: { zh: '办案协作区成员（纪律）', en: 'member of a collaboration zone (discipline)' },
  SPECIAL_INSPECTION: { zh: '专项检查组成员（纪律）', en: 'member of a special-inspection team (discipline)' },
};

/** A new assignment of one staff member: its kind, its team (for inspection work) and its period [startOn, endOn). */
export interface NewAssignment {
  kind: StaffEngagementKind;
  inspectionTeamId: string | null;
  startOn: string;
  endOn: string | null;
}

/** Another engagement the new assignment would overlap, with the days they share. */
export interface AssignmentOverlap {
  engagement: StaffEngagement;
  from: string | null;
  to: string | null;
}

/**
 * The engagements of `others` (one staff member's, as the other bodies record them) that a new
 * assignment would overlap: assignments for a period that share at least a day with it, except the
 * same engagement seen from the other side (a loan to a team and service on that team).
 */
export function assignmentOverlaps(assignment: NewAssignment, others: readonly StaffEngagement[]): AssignmentOverlap[] {
  const found: AssignmentOverlap[] = [];
  for (const engagement of others) {
    if (!ASSIGNMENT_KINDS.has(engagement.kind) || sameEngagement(assignment, engagement)) continue;
    const from = later(assignment.startOn, engagement.startOn);
    const to = earlier(assignment.endOn, engagement.endOn);
    if (from !== null && to !== null && from >= to) continue;
    found.push({ engagement, from, to });
  }
  return found.sort((a, b) => (a.engagement.startOn ?? '').localeCompare(b.engagement.startOn ?? ''));
}

const periodZh = (e: StaffEngagement) => `${e.startOn ?? '起始未记录'}至${e.endOn ? `${e.endOn}（不含）` : '未定'}`;
const periodEn = (e: StaffEngagement) =>
  `${e.startOn ? `from ${e.startOn}` : 'from an unrecorded start'} ${e.endOn ? `to ${e.endOn} (exclusive)` : 'open-ended'}`;

/** The refusal's words: each other engagement's kind and period (no names, no reasons). */
export function describeAssignmentOverlaps(overlaps: readonly AssignmentOverlap[]): { zh: string; en: string } {
  return {
    zh: overlaps.map((o) => `${ENGAGEMENT_KIND_NAMES[o.engagement.kind].zh} ${periodZh(o.engagement)}`).join('；'),
    en: overlaps.map((o) => `${ENGAGEMENT_KIND_NAMES[o.engagement.kind].en} ${periodEn(o.engagement)}`).join('; '),
  };
}

/**
 * The rule at the time of assignment: an assignment that overlaps another body's engagement is refused
 * on `field` (the staff field) unless it is marked concurrent with a reason. Returns the overlaps, so
 * the caller can tell whether a concurrent mark was needed at all.
 */
export function checkAssignmentOverlaps(
  problems: UserErrors,
  field: string[],
  assignment: NewAssignment,
  others: readonly StaffEngagement[],
  concurrentReason: string | null,
): AssignmentOverlap[] {
  const overlaps = assignmentOverlaps(assignment, others);
  if (overlaps.length > 0 && concurrentReason === null) {
    const words = describeAssignmentOverlaps(overlaps);
    problems.add(
      'CONFLICT',
      field,
      `该人员同期另有任务：${words.zh}；须注明兼任理由（concurrent） — the staff member has another engagement at the same time: ${words.en}; mark the assignment concurrent with a reason`,
    );
  }
  return overlaps;
}

// ─── Records already stored ─────────────────────────────────────────────────────────────────────

/** An engagement as a body stored it: which body, and whether it was marked concurrent with a reason. */
export interface StoredEngagement extends StaffEngagement {
  body: string;
  concurrent: boolean;
}

/**
 * Stored engagements of different bodies that overlap while neither is marked concurrent: what the
 * rule at the time of assignment would have refused. Each pair once, the later-starting one second.
 */
export function unexplainedCrossBodyOverlaps(engagements: readonly StoredEngagement[]): [StoredEngagement, StoredEngagement][] {
  const pairs: [StoredEngagement, StoredEngagement][] = [];
  for (const overlap of findOverlaps(engagements.filter((e) => ASSIGNMENT_KINDS.has(e.kind)))) {
    const [a, b] = [overlap.first as StoredEngagement, overlap.second as StoredEngagement];
    if (a.body !== b.body && !a.concurrent && !b.concurrent) pairs.push([a, b]);
  }
  return pairs;
}
