// The front-end's typed query of a unit's daily supervision crosses subgraphs (the unit is inspection's), so it runs through the gateway.
import { UnitStationedSupervisionDocument, type UnitStationedSupervisionQuery } from '@hub/client';
import { print } from 'graphql';
import { expect, it } from 'vitest';
import { STATIONED_GROUPS, UNITS } from '@hub/demo';
import { freshDatabases, startHub } from '../support/hub.ts';
import { loadDemoData } from '../../subgraphs/stationed/src/demo.ts';

it("loads the demo district's daily supervision once, and answers the typed front-end query with it", async () => {
  await using hub = await startHub({ databases: await freshDatabases() }, { demo: true });
  const groupId = STATIONED_GROUPS[0]!.id;
  const snapshot = async () =>
    await hub.query<UnitStationedSupervisionQuery>(
      print(UnitStationedSupervisionDocument),
      { code: UNITS.civilAffairs.code },
      { as: { role: 'stationed_officer', scopes: { stationedGroupIds: [groupId] } }, purpose: '巡前通报' },
    );
  const first = await snapshot();
  expect(first.errors).toBeUndefined();
  const unit = first.data!.unit!;
  expect(unit.stationedGroup?.id).toBe(groupId);
  expect(unit.supervisionActivities!.totalCount).toBe(5);
  expect(unit.supervisionActivities!.edges.map((e) => [e.node!.kind, e.node!.issues!.map((i) => i.status)])).toEqual([
    ['SUPERVISION_CHECK', ['RESOLVED', 'OPEN']],
    ['ATTEND_PARTY_GROUP_MEETING', []],
    ['HEART_TO_HEART_TALK', []],
    ['SUPERVISION_CHECK', ['ESCALATED']],
    ['ATTEND_DEMOCRATIC_LIFE_MEETING', []],
  ]);
  // Escalated issues stay open until inspection's handling resolves them.
  expect(unit.openSupervisionIssues!.edges.map((e) => e.node!.description)).toEqual(
    expect.arrayContaining(['低保动态管理台账未按月更新', '东湖镇养老服务中心已去世人员补贴仍在发放，日常监督难以推动追缴']),
  );
  expect(unit.openSupervisionIssues!.totalCount).toBe(2);
  expect(unit.stationedEscalations!.edges).toHaveLength(1);
  expect(unit.stationedEscalations!.totalCount).toBe(1);
  await loadDemoData(hub.stationed.database);
  expect(await snapshot()).toEqual(first);
});
