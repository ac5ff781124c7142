import { createRequire } from 'node:module';
import { parse } from 'graphql';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { shapingOperationsBuilt } from '../src/operation-cache.ts';
import { freshDatabases, type Hub, startHub } from '../../test/support/hub.ts';
import { randomUnitCode, seed } from '../../test/support/seed.ts';

/**
 * The gateway shapes each answer by a federation `Operation` built once per document
 * (operation-cache.ts), not once per request; the answers are the same as when it was built anew:
 * `@include` and `@skip` follow each request's own variables, fragments included.
 */

let hub: Hub;
let code: string;
beforeAll(async () => {
  hub = await startHub({ databases: await freshDatabases() });
  code = randomUnitCode();
  await seed(hub)
    .units([{ code, name: `整形缓存测试-${code.slice(-4)}` }])
    .petitions(code, [{ receivedOn: '2025-01-10', category: 'FORMALISM' }]);
});
afterAll(() => hub?.stop());

const QUERY = `
  query ShapingCache($code: UnitCode!, $withCounts: Boolean!, $skipName: Boolean!) {
    unit(code: $code) {
      ...Names
      petitionSummary @include(if: $withCounts) { count }
    }
  }
  fragment Names on Unit { code name @skip(if: $skipName) }`;

it('builds the shaping operation once for repeated requests of a document, and shapes each by its own variables', async () => {
  const before = shapingOperationsBuilt();
  const name = `整形缓存测试-${code.slice(-4)}`;
  const answers = [];
  for (const [withCounts, skipName] of [
    [true, false],
    [false, false],
    [true, true],
    [false, true],
  ])
    answers.push(await hub.query(QUERY, { code, withCounts, skipName }));
  expect(answers).toEqual([
    { data: { unit: { code, name, petitionSummary: [{ count: 1 }] } } },
    { data: { unit: { code, name } } },
    { data: { unit: { code, petitionSummary: [{ count: 1 }] } } },
    { data: { unit: { code } } },
  ]);
  expect(shapingOperationsBuilt() - before).toBe(1);

  // Another document (the same text parsed again is the same document: Apollo Server's cache).
  await hub.query(`${QUERY}\n# another document`, { code, withCounts: true, skipName: false });
  expect(shapingOperationsBuilt() - before).toBe(2);
});

it('leaves calls of another shape to federation-internals unchanged', async () => {
  const federation = createRequire(import.meta.url)('@apollo/federation-internals') as {
    operationFromDocument(schema: unknown, document: unknown, options?: object): unknown;
    buildSchema(sdl: string): unknown;
  };
  const schema = federation.buildSchema('type Query { a: Int, b: Int }');
  const document = parse('query Q { a ...F } fragment F on Query { b }');
  const before = shapingOperationsBuilt();
  // Shaping calls (no validation, no operation name): one build for the same nodes.
  const shaping = federation.operationFromDocument(schema, document, { validate: false });
  expect(federation.operationFromDocument(schema, { ...document }, { validate: false })).toBe(shaping);
  expect(shapingOperationsBuilt() - before).toBe(1);
  // Other fragments with the same operation node: built again.
  const otherFragment = parse('fragment F on Query { a }').definitions[0]!;
  expect(federation.operationFromDocument(schema, { ...document, definitions: [document.definitions[0]!, otherFragment] }, { validate: false })).not.toBe(
    shaping,
  );
  // The planner's calls (validated, or by operation name): never cached.
  expect(federation.operationFromDocument(schema, document)).not.toBe(federation.operationFromDocument(schema, document));
  expect(federation.operationFromDocument(schema, document, { operationName: 'Q', validate: false })).not.toBe(shaping);
  expect(shapingOperationsBuilt() - before).toBe(2);
});
