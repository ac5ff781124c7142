import { expect, it } from 'vitest';
import { STATIONED_GROUPS, UNITS } from '@hub/demo';
import { freshDatabases, startHub } from '../../../test/support/hub.ts';
import { loadDemoData } from '../src/demo.ts';

it('loads the demo district\'s daily supervision once, however often it is loaded', async () => {
  await using hub = await startHub({ databases: await freshDatabases() }, { demo: true });
  const snapshot = async () =>
    (await hub.query(`query($code: UnitCode!) { unit(code: $code) { stationedGroup { id } supervisionActivities(first: 10) { totalCount edges { node { kind issues { status } } } } openSupervisionIssues { description } } }`, { code: UNITS.civilAffairs.code })).data;
  const first = await snapshot();
  expect(first.unit.stationedGroup.id).toBe(STATIONED_GROUPS[0]!.id);
  expect(first.unit.supervisionActivities.totalCount).toBe(2);
  expect(first.unit.openSupervisionIssues).toEqual([{ description: '低保动态管理台账未按月更新' }]);
  await loadDemoData(hub.stationed.database);
  expect(await snapshot()).toEqual(first);
});
