import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

export { cachedFolder, copyFolder } from '../../packages/core/src/folder-cache.ts';

/**
 * Folders the test run builds once and keeps between runs under node_modules/.cache (migrated
 * database templates), each named by a key over everything that shapes it: when any of it changes,
 * a new folder is built. Only node built-ins here: the global setup loads this before anything else,
 * and loads the kit (and the migrations) only when a folder has to be built.
 */

export const ROOT = new URL('../../', import.meta.url).pathname;
export const BODIES = ['inspection', 'discipline', 'stationed'] as const;
export const MIGRATION_FOLDERS: Record<(typeof BODIES)[number], string> = {
  inspection: path.join(ROOT, 'subgraphs/inspection/src/db/migrations'),
  discipline: path.join(ROOT, 'subgraphs/discipline/src/db/migrations'),
  stationed: path.join(ROOT, 'subgraphs/stationed/src/db/migrations'),
};

/**
 * Kit files whose code decides what a migrated database contains: the database opening code and the
 * files defining the helpers the migrations call (`@hub/core`'s `create…V1`, `use…V3` …). A test in
 * test/support/cache.test.ts fails when a migration calls a kit helper defined elsewhere.
 */
export const KIT_FILES = ['database.ts', 'service-database.ts', 'audit-chain.ts', 'audit.ts', 'outbox.ts', 'replay-store.ts', 'revisions.ts'].map((file) =>
  path.join(ROOT, 'packages/core/src', file),
);

/** A key (16 hex digits) over some words and the contents of every migration and kit file. */
export async function migrationsKey(...words: string[]): Promise<string> {
  const hash = createHash('sha256');
  for (const word of words) hash.update(`${word}\n`);
  for (const [body, folder] of Object.entries(MIGRATION_FOLDERS)) {
    for (const file of (await readdir(folder)).sort()) {
      hash.update(`${body}/${file}\n`);
      hash.update(await readFile(path.join(folder, file)));
    }
  }
  for (const file of KIT_FILES) hash.update(await readFile(file));
  return hash.digest('hex').slice(0, 16);
}
