import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabases, type Hub, startHub } from '../support/hub.ts';
import { randomUnitCode, seed } from '../support/seed.ts';

/** Issue 11.4: a body that is down yields partial data and one UPSTREAM_UNAVAILABLE error per path. */
let hub: Hub;
beforeAll(async () => {
  hub = await startHub({ databases: await freshDatabases() });
});
afterAll(async () => {
  await hub?.stop().catch(() => undefined);
});

describe('answers that never blank', () => {
  it("with discipline stopped, the units come back with discipline's fields null and an error per path", async () => {
    const codes = [randomUnitCode(), randomUnitCode()].sort();
    await seed(hub)
      .units(codes.map((code) => ({ code, name: `部分应答测试-${code.slice(-4)}` })))
      .petitions(codes[0]!, [{ receivedOn: '2025-01-10', category: 'FORMALISM' }]);
    const query = `{ a: unit(code: "${codes[0]}") { name petitionSummary { count } } b: unit(code: "${codes[1]}") { name petitionSummary { count } } units(first: 2) { edges { node { name petitionSummary { count } } } } }`;
    const before = await hub.query(query, {});
    expect(before.errors ?? []).toEqual([]);
    expect(before.data.a.petitionSummary).toEqual([{ count: 1 }]);

    await hub.discipline.stop();
    const response = await hub.query(query, {});
    expect(response.data).not.toBeNull();
    expect(response.data.a).toEqual({ name: `部分应答测试-${codes[0]!.slice(-4)}`, petitionSummary: null });
    expect(response.data.b.name).toBe(`部分应答测试-${codes[1]!.slice(-4)}`);
    expect(response.data.units.edges).toHaveLength(2);
    for (const edge of response.data.units.edges) {
      expect(edge.node.name).toBeTruthy();
      expect(edge.node.petitionSummary).toBeNull();
    }
    const paths = (response.errors ?? []).map((e) => (e.path ?? []).join('.')).sort();
    expect(paths).toEqual(['a.petitionSummary', 'b.petitionSummary', 'units.edges.0.node.petitionSummary', 'units.edges.1.node.petitionSummary']);
    for (const error of response.errors ?? []) {
      expect(error.extensions?.code).toBe('UPSTREAM_UNAVAILABLE');
      expect(error.message).toContain(' — ');
    }
  });
});
