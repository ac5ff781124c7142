import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// The list of subgraphs (subgraphs.json), apart from ./composition.ts, which loads the federation
// composer: `npm start` reads the list before it starts anything, and does not compose.

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface SubgraphEntry {
  /** Subgraph name, also the prefix of its environment variables (`<NAME>_SUBGRAPH_URL`). */
  name: string;
  /** Routing URL written into the supergraph; the gateway may override it per environment. */
  url: string;
  /** The subgraph's SDL file, relative to the repository root. */
  schema: string;
  /** For subgraphs built in this repository: the module whose `schema` export is printed to `schema`. */
  module?: string;
}

export async function readSubgraphConfig(): Promise<SubgraphEntry[]> {
  const raw = JSON.parse(await readFile(path.join(ROOT, 'subgraphs.json'), 'utf8')) as { subgraphs?: unknown };
  if (!Array.isArray(raw.subgraphs)) throw new Error('subgraphs.json: "subgraphs" must be a list');
  const seen = new Set<string>();
  return raw.subgraphs.map((entry: Partial<SubgraphEntry>, index: number) => {
    for (const field of ['name', 'url', 'schema'] as const) {
      if (typeof entry[field] !== 'string' || entry[field] === '') {
        throw new Error(`subgraphs.json: entry ${index + 1} needs a "${field}"`);
      }
    }
    if (!/^[a-z][a-z0-9_]*$/.test(entry.name!)) throw new Error(`subgraphs.json: name "${entry.name}" must be lower-case letters, digits, _`);
    if (seen.has(entry.name!)) throw new Error(`subgraphs.json: "${entry.name}" is listed twice`);
    seen.add(entry.name!);
    return entry as SubgraphEntry;
  });
}
