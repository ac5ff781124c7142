import { readFile } from 'node:fs/promises';
import { createLogger } from '@hub/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SUPERGRAPH } from '../src/app.ts';
import { Planner, sharedPlanner } from '../src/planner.ts';
import { freshDatabases, type Hub, startHub } from '../../test/support/hub.ts';
import { randomUnitCode, seed } from '../../test/support/seed.ts';

/**
 * Gateways of one process serving the same never-reloaded supergraph text share one planner (the
 * supergraph's schemas, query graph and plans), and each still sends every fetch to its own subgraphs,
 * with its own keys, metrics and logs.
 */
const logger = createLogger({ name: 'test', level: 'silent' });

describe('the shared planner', () => {
  it('is one per supergraph text and validation setting', async () => {
    const text = await readFile(DEFAULT_SUPERGRAPH, 'utf8');
    expect(sharedPlanner(text, false, logger)).toBe(sharedPlanner(text, false, logger));
    expect(sharedPlanner(text, true, logger)).not.toBe(sharedPlanner(text, false, logger));
    expect(sharedPlanner(`${text}\n# another text\n`, false, logger)).not.toBe(sharedPlanner(text, false, logger));
  });

  it('does not keep a text that failed to load', async () => {
    const broken = 'type Query { nothing: String }';
    const planner = sharedPlanner(broken, false, logger);
    await expect(planner.load()).rejects.toThrow();
    expect(sharedPlanner(broken, false, logger)).not.toBe(planner);
  });
});

describe("a gateway's schema listeners on a planner", () => {
  it('hear the schema at load and at each reload until they unsubscribe, before or after the load', async () => {
    const text = await readFile(DEFAULT_SUPERGRAPH, 'utf8');
    let update: ((sdl: string) => void) | undefined;
    const planner = new Planner({
      supergraphSdl: async (options) => {
        update = options.update;
        return { supergraphSdl: text };
      },
      validateSupergraph: false,
      logger,
    });
    const gateway = planner.serve({ ownsPlanner: true });
    const heard: string[] = [];
    const kept = gateway.onSchemaLoadOrUpdate(() => heard.push('kept'));
    const dropped = gateway.onSchemaLoadOrUpdate(() => heard.push('dropped before load'));
    dropped();
    await gateway.load({ apollo: { keyHash: '', graphRef: '', key: '', graphVariant: '' } } as never);
    expect(heard).toEqual(['kept']);
    // A listener added after the load hears the schema in use at once.
    const later = gateway.onSchemaLoadOrUpdate(() => heard.push('later'));
    expect(heard).toEqual(['kept', 'later']);
    update!(`${text}\n# reloaded once\n`);
    expect(heard).toEqual(['kept', 'later', 'kept', 'later']);
    kept();
    update!(`${text}\n# reloaded twice\n`);
    expect(heard).toEqual(['kept', 'later', 'kept', 'later', 'later']);
    later();
    update!(`${text}\n# reloaded three times\n`);
    expect(heard).toHaveLength(5);
    await gateway.stop();
  });
});

describe('two hubs on one shared planner', () => {
  let first: Hub;
  let second: Hub;
  beforeAll(async () => {
    [first, second] = await Promise.all([startHub({ databases: await freshDatabases() }), startHub({ databases: await freshDatabases() })]);
  });
  afterAll(async () => {
    await first?.stop().catch(() => undefined);
    await second?.stop().catch(() => undefined);
  });

  it("each answers from its own subgraphs: data written to one is not seen by the other, one's stopped subgraph does not touch the other", async () => {
    const code = randomUnitCode();
    await seed(first)
      .units([{ code, name: `共享规划器测试-${code.slice(-4)}` }])
      .petitions(code, [{ receivedOn: '2025-01-10', category: 'FORMALISM' }]);
    const query = `{ unit(code: "${code}") { name petitionSummary { count } } }`;
    expect(await first.query(query)).toEqual({ data: { unit: { name: `共享规划器测试-${code.slice(-4)}`, petitionSummary: [{ count: 1 }] } } });
    expect((await second.query(query)).data).toEqual({ unit: null });

    const other = randomUnitCode();
    await seed(second).units([{ code: other, name: `共享规划器测试-${other.slice(-4)}` }]);
    await second.stopSubgraph('discipline');
    expect(await first.query(query)).toEqual({ data: { unit: { name: `共享规划器测试-${code.slice(-4)}`, petitionSummary: [{ count: 1 }] } } });
    const fromSecond = await second.query(`{ unit(code: "${other}") { name petitionSummary { count } } }`);
    expect(fromSecond.data).toEqual({ unit: { name: `共享规划器测试-${other.slice(-4)}`, petitionSummary: null } });
    expect(fromSecond.errors?.map((error) => error.extensions?.code)).toEqual(['UPSTREAM_UNAVAILABLE']);
    expect(second.logLines.some((line) => line.includes('subgraph unavailable'))).toBe(true);
    expect(first.logLines.some((line) => line.includes('subgraph unavailable'))).toBe(false);
  });
});
