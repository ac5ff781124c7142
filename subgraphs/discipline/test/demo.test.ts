import { expect, it } from 'vitest';
import { freshDatabases, startHub } from '../../../test/support/hub.ts';
import { loadDemoData } from '../src/demo.ts';

it('loads the demo departments, staff and collaboration zones once, however often it runs', async () => {
  await using hub = await startHub({ databases: await freshDatabases() }, { demo: true });
  const snapshot = async () =>
    (
      await hub.query(
        `{ departments(first: 100) { edges { node { id name kind } } } collaborationZones(first: 100) { edges { node { name leader { name } members { name } } } } staff(first: 100) { totalCount edges { node { name } } } }`,
      )
    ).data;
  const nodes = <T>(connection: { edges: { node: T }[] }) => connection.edges.map((e) => e.node);
  const first = await snapshot();
  expect(nodes<{ name: string }>(first.departments).map((d: { name: string }) => d.name)).toEqual(
    expect.arrayContaining(['信访室', '案件审理室', '第一纪检监察室']),
  );
  expect(first.collaborationZones.edges).toHaveLength(2);
  expect(
    nodes<{ name: string }>(first.collaborationZones)
      .map((z) => z.name)
      .sort(),
  ).toEqual(['东区办案协作区', '西区办案协作区']);
  for (const zone of nodes<{ members: unknown[] }>(first.collaborationZones)) expect(zone.members.length).toBeGreaterThan(2);
  await loadDemoData(hub.discipline.database);
  expect(await snapshot()).toEqual(first);
});
