import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Supergraph } from '@apollo/federation-internals';

/**
 * 超级图校验 — in development the gateway validates the supergraph it serves (production trusts
 * `npm run compose`, which validated it). Validation gives the same answer for the same text and the
 * same federation library, and took about a quarter of a gateway's start (0.5–0.6 s of CPU), so a
 * text that passed once on this machine is remembered by a marker file under
 * `node_modules/.cache/hub-supergraph-valid/`, named by a hash of the text and the library's version.
 * A text that fails is never remembered, so it fails every time. A cache that cannot be written (a
 * read-only install) means validating every time, as before.
 */
const require = createRequire(import.meta.url);
const federationPackage = require.resolve('@apollo/federation-internals/package.json');
const federationVersion = (JSON.parse(readFileSync(federationPackage, 'utf8')) as { version: string }).version;

/** `node_modules/.cache/hub-supergraph-valid` of the installation the federation library is loaded from. */
export function defaultValidationCacheDir(): string {
  return path.join(path.dirname(federationPackage), '..', '..', '.cache', 'hub-supergraph-valid');
}

function markerName(text: string): string {
  return createHash('sha256').update(`hub supergraph validation 1\nfederation-internals ${federationVersion}\n`).update(text).digest('hex');
}

/**
 * Throws as @apollo/gateway's own validation would (`validateSupergraph: true`: the supergraph's
 * schema, then each subgraph extracted from it) unless this text already passed on this machine.
 */
export function validateSupergraph(text: string, cacheDir = defaultValidationCacheDir()): void {
  const marker = path.join(cacheDir, markerName(text));
  if (existsSync(marker)) return;
  Supergraph.build(text, { validateSupergraph: true }).subgraphs();
  try {
    mkdirSync(cacheDir, { recursive: true });
    writeFileSync(marker, '');
  } catch {
    /* not remembered: validated again next time */
  }
}
