/**
 * Writes synthetic district copies (packages/demo/src/scale.ts) into the three bodies' databases,
 * hundreds of rows per statement, leaving rows that exist alone: the same scale twice adds nothing.
 */
import type { Kysely } from 'kysely';
import { districtCopy, type DistrictCopy } from '../../packages/demo/src/scale.ts';
import type { DisciplineDatabase } from '../../subgraphs/discipline/src/db/database.ts';
import { demoClueRow } from '../../subgraphs/discipline/src/demo.ts';
import type { InspectionDatabase } from '../../subgraphs/inspection/src/db/database.ts';
import type { StationedDatabase } from '../../subgraphs/stationed/src/db/database.ts';
import { rectificationReportDue, transferFeedbackDue } from '../../subgraphs/inspection/src/deadlines.ts';
import { demoId } from '../../packages/demo/src/ids.ts';

/** Rows per INSERT statement (the widest table has ~17 columns: far below PostgreSQL's 65,535 parameters). */
export const BATCH_ROWS = 500;

type Rows = Record<string, object[]>;

/**
 * Inserts each table's rows in order, BATCH_ROWS per statement. A row that collides with an existing
 * one (same key: written by an earlier run or by the demo loader) is skipped.
 */
async function insertAll(db: Kysely<any>, order: string[], rows: Rows, onBatch: (n: number) => void): Promise<void> {
  for (const table of order) {
    const list = rows[table] ?? [];
    for (let i = 0; i < list.length; i += BATCH_ROWS) {
      const batch = list.slice(i, i + BATCH_ROWS);
      await db
        .insertInto(table)
        .values(batch)
        .onConflict((oc) => oc.doNothing())
        .execute();
      onBatch(batch.length);
    }
  }
}

function push(rows: Rows, table: string, ...items: object[]) {
  const list = rows[table] ?? [];
  rows[table] = list;
  list.push(...items);
}

// ─── discipline ─────────────────────────────────────────────────────────────────────────────────

const DISCIPLINE_ORDER = [
  'department',
  'staff',
  'collaborationZone',
  'zoneMember',
  'zoneTownship',
  'person',
  'petition',
  'petitionReporter',
  'clue',
  'clueSubject',
  'disciplineCase',
  'detention',
  'lossRecovery',
  'sanction',
  'specialInspection',
  'specialInspectionTeam',
  'specialInspectionCheck',
  'specialInspectionConcurrency',
];

export function disciplineRows(copy: DistrictCopy, rows: Rows = {}): Rows {
  push(rows, 'department', ...copy.departments.map(({ id, name, kind }) => ({ id, name, kind })));
  push(rows, 'staff', ...copy.staff);
  push(rows, 'collaborationZone', ...copy.zones.map(({ id, name, leaderStaffId }) => ({ id, name, leaderStaffId })));
  push(rows, 'zoneMember', ...copy.zones.flatMap((z) => z.memberStaffIds.map((staffId) => ({ zoneId: z.id, staffId }))));
  push(rows, 'zoneTownship', ...copy.zones.flatMap((z) => z.townships.map((township) => ({ zoneId: z.id, township }))));
  push(rows, 'person', ...copy.persons.map(({ id, name, unitCode, post, rankLevel, partyMember }) => ({ id, name, unitCode, post, rankLevel, partyMember })));
  const work = copy.casework;
  push(
    rows,
    'petition',
    ...[...copy.petitions, ...work.petitions].map(({ id, receivedOn, channel, category, named, subjectUnitCode, summary, acknowledgedOn }) => ({
      id,
      receivedOn,
      channel,
      category,
      named,
      subjectUnitCode,
      summary,
      acknowledgedOn: acknowledgedOn ?? null,
    })),
  );
  push(rows, 'petitionReporter', ...work.reporters.map((r) => ({ petitionId: r.petitionId, name: r.name, contact: r.contact, idNumber: null, address: null })));
  push(rows, 'clue', ...work.clues.map(demoClueRow));
  push(rows, 'clueSubject', ...work.clues.flatMap((c) => c.subjectPersonIds.map((personId) => ({ clueId: c.id, personId }))));
  push(rows, 'disciplineCase', ...work.cases.map((c) => ({ ...c })));
  push(rows, 'detention', { ...work.detention, extendedMonths: null, extendedOn: null });
  push(rows, 'lossRecovery', ...work.recoveries.map((r) => ({ ...r })));
  push(rows, 'sanction', ...work.sanctions.map((s) => ({ ...s })));
  const special = copy.specialInspection;
  push(rows, 'specialInspection', { id: special.id, theme: special.theme, startedOn: special.startedOn, endedOn: special.endedOn });
  push(rows, 'specialInspectionTeam', ...special.teams.map((t) => ({ id: t.id, specialInspectionId: special.id, name: t.name, staffIds: t.staffIds })));
  push(rows, 'specialInspectionCheck', ...special.checks.map((c) => ({ ...c, specialInspectionId: special.id })));
  push(rows, 'specialInspectionConcurrency', ...special.concurrent.map((c) => ({ ...c, specialInspectionId: special.id })));
  return rows;
}

// ─── inspection ─────────────────────────────────────────────────────────────────────────────────

const INSPECTION_ORDER = [
  'unit',
  'inspectionRound',
  'inspectionRoundStageChange',
  'inspectionTeam',
  'inspectionTeamMember',
  'inspection',
  'briefing',
  'finding',
  'findingPerson',
  'clueTransfer',
  'feedbackMeeting',
  'feedbackMeetingAttendee',
  'rectificationPlan',
  'rectificationPlanSubmission',
  'rectificationPlanReview',
  'rectificationItem',
  'rectificationProgress',
];

/** Rounds are numbered per year (unique): copy k's round is 2020's round 9 + k, 90 copies a year back from 2020. */
function roundNumber(k: number): { year: number; number: number } {
  return { year: 2020 - Math.floor((k - 1) / 90), number: 10 + ((k - 1) % 90) };
}

export function inspectionRows(copy: DistrictCopy, rows: Rows = {}): Rows {
  // Parents first: the registry refers to them.
  push(rows, 'unit', ...copy.units.filter((u) => u.parentCode === null), ...copy.units.filter((u) => u.parentCode !== null));
  const round = copy.round;
  if (!round) return rows;
  const id = (kind: string, name: string) => demoId(`scale-${copy.index}:inspection-${kind}`, name);
  const { roundId, teamId } = round;
  push(rows, 'inspectionRound', {
    id: roundId,
    ...roundNumber(copy.index),
    theme: '聚焦群众身边不正之风和腐败问题',
    startOn: '2020-09-01',
    endOn: '2020-12-31',
    stage: 'RECTIFICATION',
  });
  const stages = [
    ['PREPARATION', '2020-09-01'],
    ['ENTRY', '2020-09-10'],
    ['FACT_FINDING', '2020-09-15'],
    ['REPORTING', '2020-10-20'],
    ['FEEDBACK', '2020-11-20'],
    ['TRANSFER', '2020-12-31'],
    ['RECTIFICATION', '2021-03-01'],
  ];
  push(rows, 'inspectionRoundStageChange', ...stages.map(([stage, enteredOn]) => ({ roundId, stage, enteredOn, recordedBy: 'seed' })));
  push(rows, 'inspectionTeam', { id: teamId, roundId, name: '第一巡察组' });
  push(rows, 'inspectionTeamMember', ...round.members.map((m) => ({ teamId, ...m, homeUnitCode: null })));
  const donghu = id('inspection', 'donghu');
  const liuying = id('inspection', 'liuying');
  push(rows, 'inspection', { id: donghu, roundId, teamId, unitCode: round.donghuCode }, { id: liuying, roundId, teamId, unitCode: round.liuyingCode });
  const briefings = [
    ['PETITION_OFFICE', '近三年信访举报 3 件，涉及公务用餐饮酒、重复填报'],
    ['CONDUCT_OFFICE', '2019 年专项检查发现公车管理不规范'],
    ['CASE_MANAGEMENT_OFFICE', '问题线索处置情况：谈话函询 1 件、予以了结 1 件'],
  ] as const;
  push(
    rows,
    'briefing',
    ...[donghu, liuying].flatMap((inspectionId) =>
      briefings.map(([body, content]) => ({
        id: id('briefing', `${inspectionId}-${body}`),
        inspectionId,
        body,
        stationedGroupId: null,
        briefedByStaffId: round.briefingStaffIds[body],
        briefedOn: '2020-09-05',
        content,
      })),
    ),
  );
  const funds = id('finding', 'liuying-funds');
  push(
    rows,
    'finding',
    {
      id: funds,
      inspectionId: liuying,
      category: 'FUNDS_MANAGEMENT',
      description: '村集体资金违规发放津补贴',
      amountInvolved: '186000.00',
      recordedOn: '2020-09-25',
    },
    {
      id: id('finding', 'donghu-formalism'),
      inspectionId: donghu,
      category: 'FORMALISM_BUREAUCRATISM',
      description: '镇村重复填报表格、迎检材料过多',
      amountInvolved: null,
      recordedOn: '2020-09-28',
    },
  );
  push(rows, 'findingPerson', { findingId: funds, personId: round.liuyingSecretaryId });
  push(rows, 'clueTransfer', {
    id: id('transfer', 'liuying-funds'),
    findingId: funds,
    transferredOn: '2020-11-30',
    receiverKind: 'DEPARTMENT',
    receiverId: round.receiverDepartmentId,
    priority: true,
    escalated: true,
    feedbackDueOn: transferFeedbackDue('2020-11-30'),
    feedbackReceivedOn: null,
    feedbackSummary: null,
  });
  for (const [inspectionId, heldOn] of [
    [donghu, '2020-11-25'],
    [liuying, '2020-12-31'],
  ] as const) {
    const meetingId = id('meeting', inspectionId);
    push(rows, 'feedbackMeeting', { id: meetingId, inspectionId, heldOn, reportDueOn: rectificationReportDue(heldOn) });
    push(
      rows,
      'feedbackMeetingAttendee',
      { meetingId, position: 0, capacity: 'COMMISSION_LEADER', staffId: round.leaderStaffId, personId: null },
      { meetingId, position: 1, capacity: 'TEAM_LEADER', staffId: round.members[0]!.staffId, personId: null },
    );
  }
  const planId = id('plan', liuying);
  push(rows, 'rectificationPlan', { id: planId, inspectionId: liuying, submittedOn: '2021-01-20', summary: '柳营村巡察整改方案', status: 'APPROVED' });
  push(rows, 'rectificationPlanSubmission', { id: id('submission', planId), planId, submittedOn: '2021-01-20', summary: '柳营村巡察整改方案' });
  push(rows, 'rectificationPlanReview', {
    id: id('review', planId),
    planId,
    decision: 'APPROVED',
    reviewedOn: '2021-01-28',
    reasons: null,
    reviewedBy: 'seed',
  });
  const refund = id('item', 'liuying-refund');
  push(
    rows,
    'rectificationItem',
    {
      id: refund,
      planId,
      findingId: funds,
      description: '清退违规发放的津补贴',
      responsiblePersonId: round.liuyingSecretaryId,
      deadline: '2021-03-31',
      status: 'COMPLETED',
      completedOn: '2021-03-25',
    },
    {
      id: id('item', 'liuying-openness'),
      planId,
      findingId: null,
      description: '健全村务公开制度',
      responsiblePersonId: round.liuyingClerkId,
      deadline: '2021-04-30',
      status: 'PENDING',
      completedOn: null,
    },
  );
  push(rows, 'rectificationProgress', {
    id: id('progress', refund),
    itemId: refund,
    reportedOn: '2021-03-25',
    note: '已全部清退',
    completes: true,
    fundsRecovered: '186000.00',
  });
  return rows;
}

// ─── stationed ──────────────────────────────────────────────────────────────────────────────────

const STATIONED_ORDER = ['stationedGroup', 'groupCoverage', 'groupMember', 'supervisionActivity', 'supervisionIssue', 'staffAssignment'];

export function stationedRows(copy: DistrictCopy, rows: Rows = {}): Rows {
  push(rows, 'stationedGroup', ...copy.groups.map(({ id, name }) => ({ id, name })));
  push(rows, 'groupCoverage', ...copy.groups.flatMap((g) => g.coverage.map((c) => ({ groupId: g.id, ...c, endOn: null }))));
  push(rows, 'groupMember', ...copy.groups.flatMap((g) => g.members.map((m) => ({ groupId: g.id, ...m, endOn: null }))));
  if (copy.index > 0) {
    // The demo's daily supervision by the first group (copy 0 has the demo's own).
    const group = copy.groups[0]!;
    const [civilAffairs, education] = group.coverage.map((c) => c.unitCode);
    const id = (kind: string, name: string) => demoId(`scale-${copy.index}:${kind}`, name);
    const activities = [
      {
        name: '1',
        unitCode: civilAffairs!,
        kind: 'ATTEND_PARTY_GROUP_MEETING',
        heldOn: '2025-03-04',
        notes: '列席局党组会，研究年度低保资金分配方案，提醒严格执行“三重一大”集体决策。',
      },
      { name: '2', unitCode: civilAffairs!, kind: 'SUPERVISION_CHECK', heldOn: '2025-05-20', notes: '抽查低保审批档案 40 份。' },
      { name: '3', unitCode: education!, kind: 'HEART_TO_HEART_TALK', heldOn: '2025-06-12', notes: '与新任副局长谈心谈话，提醒校服采购廉政风险。' },
    ];
    push(
      rows,
      'supervisionActivity',
      ...activities.map(({ name, ...a }) => ({ id: id('supervision-activity', name), groupId: group.id, ...a, recordedBy: 'seed' })),
    );
    const check = id('supervision-activity', '2');
    push(
      rows,
      'supervisionIssue',
      {
        id: id('supervision-issue', '2-1'),
        activityId: check,
        groupId: group.id,
        unitCode: civilAffairs!,
        description: '3 户低保对象收入核查材料缺失，审核把关不严',
        foundOn: '2025-05-20',
        status: 'RESOLVED',
        resolvedOn: '2025-07-01',
        resolution: '已补齐核查材料，对经办人提醒谈话',
      },
      {
        id: id('supervision-issue', '2-2'),
        activityId: check,
        groupId: group.id,
        unitCode: civilAffairs!,
        description: '低保动态管理台账未按月更新',
        foundOn: '2025-05-20',
        status: 'OPEN',
        resolvedOn: null,
        resolution: null,
      },
    );
  }
  push(rows, 'staffAssignment', ...copy.assignments.map((a) => ({ ...a, recordedBy: 'seed' })));
  return rows;
}

// ─── all copies ─────────────────────────────────────────────────────────────────────────────────

export interface SeedTargets {
  discipline: Kysely<DisciplineDatabase>;
  inspection: Kysely<InspectionDatabase>;
  stationed: Kysely<StationedDatabase>;
}

/** Copies built and written together: enough rows for full statements, little memory. */
export const COPIES_PER_CHUNK = 8;

/**
 * Writes copies 0 … scale−1 (copy 0 being the demo district, which the caller loads first with the
 * subgraphs' own demo loaders). `progress(rows)` is called after each statement.
 */
export async function seedDistrict(targets: SeedTargets, scale: number, progress: (rows: number) => void): Promise<void> {
  for (let start = 0; start < scale; start += COPIES_PER_CHUNK) {
    const copies = Array.from({ length: Math.min(COPIES_PER_CHUNK, scale - start) }, (_, i) => districtCopy(start + i));
    const d: Rows = {};
    const i: Rows = {};
    const s: Rows = {};
    for (const copy of copies) {
      disciplineRows(copy, d);
      inspectionRows(copy, i);
      stationedRows(copy, s);
    }
    await targets.discipline.transaction().execute((tx) => insertAll(tx, DISCIPLINE_ORDER, d, progress));
    await targets.inspection.transaction().execute((tx) => insertAll(tx, INSPECTION_ORDER, i, progress));
    await targets.stationed.transaction().execute((tx) => insertAll(tx, STATIONED_ORDER, s, progress));
  }
}

/** Rows one copy contributes (an upper bound for copy 0, whose demo rows exist already): the progress bar's total. */
export function rowsPerCopy(k: number): number {
  const copy = districtCopy(k);
  const count = (rows: Rows) => Object.values(rows).reduce((n, list) => n + list.length, 0);
  return count(disciplineRows(copy)) + count(inspectionRows(copy)) + count(stationedRows(copy));
}
