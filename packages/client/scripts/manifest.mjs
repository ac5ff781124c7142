// Writes dist/package.json: the package other teams install (`npm pack packages/client/dist`),
// plain JavaScript with type declarations, no TypeScript sources.
import { readFileSync, writeFileSync } from 'node:fs';

const source = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const manifest = {
  name: source.name,
  version: source.version,
  description: source.description,
  type: 'module',
  main: './index.js',
  types: './index.d.ts',
  exports: { '.': { types: './index.d.ts', default: './index.js' } },
  sideEffects: false,
  dependencies: source.dependencies,
  peerDependencies: source.peerDependencies,
};
writeFileSync(new URL('../dist/package.json', import.meta.url), `${JSON.stringify(manifest, null, 2)}\n`);
