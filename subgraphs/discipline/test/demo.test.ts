import { expect, it } from 'vitest';
import { nodes } from '../../../test/support/connections.ts';
import { startSubgraph } from '../../../test/support/subgraph.ts';
import { loadDemoData } from '../src/demo.ts';
import { DemoDirectoryDocument } from './operations/generated.ts';

// Discipline's own demo data (departments, staff, zones) on discipline alone: no other body's records are read.
it('loads the demo departments, staff and collaboration zones once, however often it runs', async () => {
  await using hub = await startSubgraph('discipline', { demo: true });
  const snapshot = async () => {
    const response = await hub.query(DemoDirectoryDocument, {});
    expect(response.errors).toBeUndefined();
    return response.data!;
  };
  const first = await snapshot();
  expect(nodes(first.departments!).map((d) => d.name)).toEqual(expect.arrayContaining(['信访室', '案件审理室', '第一纪检监察室']));
  expect(first.collaborationZones!.edges).toHaveLength(2);
  expect(
    nodes(first.collaborationZones!)
      .map((z) => z.name)
      .sort(),
  ).toEqual(['东区办案协作区', '西区办案协作区']);
  for (const zone of nodes(first.collaborationZones!)) expect(zone.members!.length).toBeGreaterThan(2);
  await loadDemoData(hub.database);
  expect(await snapshot()).toEqual(first);
});
