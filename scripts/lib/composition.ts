import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { composeServices } from '@apollo/composition';
import { Supergraph } from '@apollo/federation-internals';
import { printSubgraphSchema } from '@apollo/subgraph';
import { type GraphQLSchema, parse, printSchema } from 'graphql';
import { ROOT, type SubgraphEntry } from './subgraph-config.ts';

export { ROOT, readSubgraphConfig, type SubgraphEntry } from './subgraph-config.ts';

export const SUPERGRAPH_FILE = 'supergraph.graphql';
export const API_SCHEMA_FILE = 'api-schema.graphql';
/** The supergraph as the Kubernetes ConfigMap the gateway Deployment mounts. */
export const SUPERGRAPH_CONFIGMAP_FILE = 'deploy/k8s/supergraph.yaml';

function supergraphConfigMap(sdl: string): string {
  const body = sdl
    .trim()
    .split('\n')
    .map((line) => (line === '' ? '' : `    ${line}`))
    .join('\n');
  return [
    '# Written by `npm run compose` from supergraph.graphql; do not edit.',
    'apiVersion: v1',
    'kind: ConfigMap',
    'metadata:',
    '  name: hub-supergraph',
    '  namespace: jixun-hub',
    'data:',
    '  supergraph.graphql: |',
    body,
    '',
  ].join('\n');
}

/** Prints a subgraph's SDL from its code (when the code is here) or reads its committed SDL file. */
export async function subgraphSdl(entry: SubgraphEntry): Promise<string> {
  if (!entry.module) return readFile(path.join(ROOT, entry.schema), 'utf8');
  const module = (await import(pathToFileURL(path.join(ROOT, entry.module)).href)) as { schema?: GraphQLSchema };
  if (!module.schema) throw new Error(`${entry.module} does not export "schema"`);
  return `${printSubgraphSchema(module.schema).trim()}\n`;
}

export interface CompositionOutput {
  /** File path (relative to the repository root) → expected content. */
  files: Map<string, string>;
  errors: string[];
}

/** Computes every generated schema file: each subgraph's SDL, the supergraph, its API schema. */
export async function compose(entries: SubgraphEntry[]): Promise<CompositionOutput> {
  const files = new Map<string, string>();
  const services = [];
  for (const entry of entries) {
    const sdl = await subgraphSdl(entry);
    if (entry.module) files.set(entry.schema, sdl);
    services.push({ name: entry.name, url: entry.url, typeDefs: parse(sdl) });
  }
  const result = composeServices(services);
  if (result.errors) {
    return {
      files,
      errors: result.errors.map((error) => {
        const code = (error.extensions?.code as string | undefined) ?? 'COMPOSITION_ERROR';
        return `[${code}] ${error.message}`;
      }),
    };
  }
  files.set(SUPERGRAPH_FILE, `${result.supergraphSdl.trim()}\n`);
  const api = Supergraph.build(result.supergraphSdl).apiSchema().toGraphQLJSSchema();
  files.set(API_SCHEMA_FILE, `${printSchema(api).trim()}\n`);
  files.set(SUPERGRAPH_CONFIGMAP_FILE, supergraphConfigMap(result.supergraphSdl));
  return { files, errors: [] };
}

/** Files whose committed content differs from what composition produces now. */
export async function staleFiles(output: CompositionOutput): Promise<string[]> {
  const stale: string[] = [];
  for (const [file, content] of output.files) {
    const current = await readFile(path.join(ROOT, file), 'utf8').catch(() => null);
    if (current !== content) stale.push(file);
  }
  return stale;
}
