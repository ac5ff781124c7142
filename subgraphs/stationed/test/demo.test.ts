import { UnitStationedSupervisionDocument, type UnitStationedSupervisionQuery } from '@hub/client';
import { print } from 'graphql';
import { expect, it } from 'vitest';
import { STATIONED_GROUPS, UNITS } from '@hub/demo';
import { freshDatabases, startHub } from '../../../test/support/hub.ts';
import { loadDemoData } from '../src/demo.ts';

it('loads the demo district\'s daily supervision once, and answers the typed front-end query with it', async () => {
  await using hub = await startHub({ databases: await freshDatabases() }, { demo: true });
  const groupId = STATIONED_GROUPS[0]!.id;
  const snapshot = async () =>
    (await hub.query<UnitStationedSupervisionQuery>(print(UnitStationedSupervisionDocument), { code: UNITS.civilAffairs.code }, { as: { role: 'stationed_officer', scopes: { stationedGroupIds: [groupId] } }, purpose: '巡前通报' }));
  const first = await snapshot();
  expect(first.errors).toBeUndefined();
  const unit = first.data!.unit!;
  expect(unit.stationedGroup?.id).toBe(groupId);
  expect(unit.supervisionActivities!.totalCount).toBe(2);
  expect(unit.supervisionActivities!.edges.map((e) => [e.node!.kind, e.node!.issues!.map((i) => i.status)])).toEqual([
    ['SUPERVISION_CHECK', ['RESOLVED', 'OPEN']],
    ['ATTEND_PARTY_GROUP_MEETING', []],
  ]);
  expect(unit.openSupervisionIssues!.map((i) => i.description)).toEqual(['低保动态管理台账未按月更新']);
  expect(unit.stationedEscalations).toEqual([]);
  await loadDemoData(hub.stationed.database);
  expect(await snapshot()).toEqual(first);
});
