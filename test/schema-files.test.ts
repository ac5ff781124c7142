import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { generate } from '@graphql-codegen/cli';
import { describe, expect, it } from 'vitest';
import codegenConfig from '../codegen.ts';
import { compose, readSubgraphConfig, ROOT, staleFiles, type SubgraphEntry } from '../scripts/lib/composition.ts';

describe('committed schema files', () => {
  it('subgraph SDL files, supergraph.graphql and api-schema.graphql match the code (run `npm run compose`)', async () => {
    const output = await compose(await readSubgraphConfig());
    expect(output.errors).toEqual([]);
    expect([...output.files.keys()].sort()).toEqual(
      [
        'api-schema.graphql',
        'deploy/k8s/supergraph.yaml',
        'subgraphs/discipline/schema.graphql',
        'subgraphs/inspection/schema.graphql',
        'subgraphs/stationed/schema.graphql',
        'supergraph.graphql',
      ].sort(),
    );
    expect(await staleFiles(output)).toEqual([]);
  });

  it('notices a stale file', async () => {
    const output = await compose(await readSubgraphConfig());
    output.files.set('supergraph.graphql', `${output.files.get('supergraph.graphql')}\n# changed\n`);
    expect(await staleFiles(output)).toEqual(['supergraph.graphql']);
  });

  it('reports composition errors readably instead of writing a supergraph', async () => {
    const entries = await readSubgraphConfig();
    const bad: SubgraphEntry = { name: 'broken', url: 'http://127.0.0.1:4999/graphql', schema: 'test/fixtures/broken-subgraph.graphql' };
    const output = await compose([...entries, bad]);
    expect(output.errors.length).toBeGreaterThan(0);
    expect(output.errors.join('\n')).toMatch(/Unit\.code/);
    expect(output.files.has('supergraph.graphql')).toBe(false);
  });

  it('the generated client documents match operations/ (run `npm run codegen`)', async () => {
    // Picked by name: the outputs come back in the order they finish, not in the config's order.
    const files = (await generate({ ...codegenConfig, cwd: ROOT, silent: true }, false)) as { filename: string; content: string }[];
    const file = files.find((f) => f.filename.endsWith('packages/client/src/generated.ts'));
    const committed = await readFile(path.join(ROOT, 'packages/client/src/generated.ts'), 'utf8');
    expect(file!.content).toBe(committed);
  });
});
