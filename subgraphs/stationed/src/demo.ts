import type { Database } from '@hub/core';
import { demoId, STATIONED_GROUPS, UNITS } from '@hub/demo';
import type { ActivityKind, StationedDatabase } from './db/database.ts';
import { insertGroup } from './db/groups.ts';
import { findActivitiesByIds, insertActivity, setIssueStatus } from './db/supervision.ts';

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
  { name: '1', unitCode: UNITS.civilAffairs.code, kind: 'ATTEND_PARTY_GROUP_MEETING', heldOn: '2025-03-04', notes: '列席局党组会，研究年度低保资金分配方案，提醒严格执行“三重一大”集体决策。', issues: [] },
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
  { name: '3', unitCode: UNITS.education.code, kind: 'HEART_TO_HEART_TALK', heldOn: '2025-06-12', notes: '与新任副局长谈心谈话，提醒校服采购廉政风险。', issues: [] },
];

/** Loads the demo district's stationed groups, coverage and daily supervision; loading twice changes nothing. */
export async function loadDemoData({ db }: Database<StationedDatabase>): Promise<void> {
  await db.transaction().execute(async (tx) => {
    for (const group of STATIONED_GROUPS) {
      await insertGroup(tx, { id: group.id, name: group.name }, group.coverage.map((c) => ({ ...c, endOn: null })));
    }
    const groupId = STATIONED_GROUPS[0]!.id;
    for (const activity of ACTIVITIES) {
      const id = demoId('supervision-activity', activity.name);
      if ((await findActivitiesByIds(tx, [id])).length > 0) continue;
      const issues = activity.issues.map((issue) => ({ id: demoId('supervision-issue', `${activity.name}-${issue.name}`), description: issue.description }));
      await insertActivity(tx, { id, groupId, unitCode: activity.unitCode, kind: activity.kind, heldOn: activity.heldOn, notes: activity.notes, recordedBy: 'demo' }, [], issues);
      for (const [i, issue] of activity.issues.entries()) {
        if (issue.resolved) await setIssueStatus(tx, issues[i]!.id, { status: 'RESOLVED', resolvedOn: issue.resolved.on, resolution: issue.resolved.resolution });
      }
    }
  });
}
