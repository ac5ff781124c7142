import type { Database } from '@hub/core';
import { DISTRICT_STATIONED_GROUPS, demoId, PERSONS, STAFF, STATIONED_GROUPS, UNITS } from '@hub/demo';
import type { ActivityKind, StationedDatabase } from './db/database.ts';
import { insertGroup } from './db/groups.ts';
import { findActivitiesByIds, insertActivity, setIssueStatus } from './db/supervision.ts';
import type { Kysely } from 'kysely';

interface DemoActivity {
  name: string;
  unitCode: string;
  kind: ActivityKind;
  heldOn: string;
  notes: string;
  issues: { name: string; description: string; resolved?: { on: string; resolution: string } }[];
}

/** 派驻第一纪检组's daily supervision at the units it oversees. */
const ACTIVITIES: DemoActivity[] = [
  {
    name: '2020-1',
    unitCode: UNITS.civilAffairs.code,
    kind: 'ATTEND_DEMOCRATIC_LIFE_MEETING',
    heldOn: '2020-01-16',
    notes: '列席局党组2019年度民主生活会，督促班子成员对照检查低保审批中的问题。',
    issues: [],
  },
  {
    name: '2020-2',
    unitCode: UNITS.civilAffairs.code,
    kind: 'SUPERVISION_CHECK',
    heldOn: '2020-08-20',
    notes: '抽查东湖镇养老服务中心资金拨付凭证。',
    issues: [{ name: '1', description: '东湖镇养老服务中心已去世人员补贴仍在发放，日常监督难以推动追缴' }],
  },
  {
    name: '2021-1',
    unitCode: UNITS.education.code,
    kind: 'ADMONISHMENT_TALK',
    heldOn: '2021-04-22',
    notes: '就校服采购程序不规范约谈局分管负责人。',
    issues: [{ name: '1', description: '校服采购未按规定公开招标', resolved: { on: '2021-09-30', resolution: '已重新组织公开招标并建立采购台账' } }],
  },
  { name: '2021-2', unitCode: UNITS.civilAffairs.code, kind: 'HEART_TO_HEART_TALK', heldOn: '2021-11-09', notes: '与新任社会救助科科长谈心谈话。', issues: [] },
  {
    name: '1',
    unitCode: UNITS.civilAffairs.code,
    kind: 'ATTEND_PARTY_GROUP_MEETING',
    heldOn: '2025-03-04',
    notes: '列席局党组会，研究年度低保资金分配方案，提醒严格执行“三重一大”集体决策。',
    issues: [],
  },
  {
    name: '2',
    unitCode: UNITS.civilAffairs.code,
    kind: 'SUPERVISION_CHECK',
    heldOn: '2025-05-20',
    notes: '抽查东湖镇低保审批档案 40 份。',
    issues: [
      { name: '1', description: '3 户低保对象收入核查材料缺失，审核把关不严', resolved: { on: '2025-07-01', resolution: '已补齐核查材料，对经办人提醒谈话' } },
      { name: '2', description: '低保动态管理台账未按月更新' },
    ],
  },
  {
    name: '3',
    unitCode: UNITS.education.code,
    kind: 'HEART_TO_HEART_TALK',
    heldOn: '2025-06-12',
    notes: '与新任副局长谈心谈话，提醒校服采购廉政风险。',
    issues: [],
  },
];

/** Loads the demo district's stationed groups, coverage and daily supervision; loading twice changes nothing. */
export async function loadDemoData({ db }: Database<StationedDatabase>): Promise<void> {
  await db.transaction().execute(async (tx) => {
    for (const group of STATIONED_GROUPS) {
      await insertGroup(
        tx,
        { id: group.id, name: group.name },
        group.coverage.map((c) => ({ ...c, endOn: null })),
      );
    }
    const groupId = STATIONED_GROUPS[0]!.id;
    for (const activity of ACTIVITIES) {
      const id = demoId('supervision-activity', activity.name);
      if ((await findActivitiesByIds(tx, [id])).length > 0) continue;
      const issues = activity.issues.map((issue) => ({ id: demoId('supervision-issue', `${activity.name}-${issue.name}`), description: issue.description }));
      await insertActivity(
        tx,
        { id, groupId, unitCode: activity.unitCode, kind: activity.kind, heldOn: activity.heldOn, notes: activity.notes, recordedBy: 'demo' },
        [],
        issues,
      );
      for (const [i, issue] of activity.issues.entries()) {
        if (issue.resolved)
          await setIssueStatus(tx, issues[i]!.id, { status: 'RESOLVED', resolvedOn: issue.resolved.on, resolution: issue.resolved.resolution });
      }
    }
    await loadDemoPeopleAndHandovers(tx as unknown as Kysely<StationedDatabase>);
  });
}

const INSPECTION_ROUND_2020 = demoId('inspection-round', '2020-9');
const INSPECTION_TEAM_2020 = demoId('inspection-team', '2020-9-1');

/**
 * Each group's leader and members since the reform; 派驻第一纪检组's escalation of the elderly-care
 * centre's allowances to the 9th round's team (2020), its member lent to that team, and integrity-file
 * entries of 民政局's leading cadres. Stable ids and keys: a second load inserts nothing.
 */
async function loadDemoPeopleAndHandovers(db: Kysely<StationedDatabase>): Promise<void> {
  const members = DISTRICT_STATIONED_GROUPS.flatMap((group) =>
    group.memberStaffIds.map((staffId) => ({
      groupId: group.id,
      staffId,
      role: staffId === group.leaderStaffId ? ('LEADER' as const) : ('MEMBER' as const),
      startOn: '2019-03-01',
      endOn: null,
    })),
  );
  await db
    .insertInto('groupMember')
    .values(members)
    .onConflict((oc) => oc.doNothing())
    .execute();

  const group = DISTRICT_STATIONED_GROUPS[0]!;
  const issueId = demoId('supervision-issue', '2020-2-1');
  await db
    .insertInto('escalation')
    .values({
      id: demoId('escalation', '2020-elderly-care'),
      issueId,
      groupId: group.id,
      unitCode: UNITS.civilAffairs.code,
      summary: '东湖镇养老服务中心已去世人员补贴仍在发放，涉及资金追缴',
      reason: '涉及镇级资金拨付和村级核查，派驻组日常监督难以推动，建议巡察组在东湖镇巡察中一并了解',
      escalatedOn: '2020-09-08',
      inspectionRoundId: INSPECTION_ROUND_2020,
      inspectionTeamId: INSPECTION_TEAM_2020,
      recordedBy: group.leaderStaffId,
    })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
  await setIssueStatus(db, issueId, { status: 'ESCALATED' });

  const lent = STAFF.find((s) => s.stationedGroupIndex === 0 && s.title === '干部')!;
  await db
    .insertInto('staffAssignment')
    .values({
      id: demoId('staff-assignment', '2020-9-loan'),
      staffId: lent.id,
      kind: 'INSPECTION_TEAM',
      groupId: group.id,
      inspectionTeamId: INSPECTION_TEAM_2020,
      startOn: '2020-09-01',
      endOn: '2021-01-01',
      note: '抽调参加第九轮第一巡察组',
      recordedBy: 'demo',
    })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();

  const cadres = PERSONS.filter((p) => p.unitCode === UNITS.civilAffairs.code).slice(0, 2);
  await db
    .insertInto('integrityFileEntry')
    .values([
      {
        id: demoId('integrity-entry', '2020-declaration'),
        personId: cadres[0]!.id,
        groupId: group.id,
        unitCode: UNITS.civilAffairs.code,
        kind: 'INTEGRITY_DECLARATION',
        recordedOn: '2020-01-20',
        summary: '2019年度个人有关事项报告及廉洁承诺',
        activityId: null,
        recordedBy: 'demo',
      },
      {
        id: demoId('integrity-entry', '2021-talk'),
        personId: cadres[1]!.id,
        groupId: group.id,
        unitCode: UNITS.civilAffairs.code,
        kind: 'TALK',
        recordedOn: '2021-11-09',
        summary: '任职谈心谈话，提醒社会救助资金审批廉政风险',
        activityId: demoId('supervision-activity', '2021-2'),
        recordedBy: 'demo',
      },
    ])
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
}
