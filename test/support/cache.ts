import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

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

/**
 * The folder `<cache>/<key>`, built by `build` into an empty folder when missing. Parallel runs wait
 * for one build (a lock folder; one older than ten minutes was abandoned) instead of each building.
 */
export async function cachedFolder(cache: string, key: string, build: (dir: string) => Promise<void>): Promise<string> {
  const ready = path.join(cache, key);
  if (existsSync(ready)) return ready;
  await mkdir(cache, { recursive: true });
  const lock = `${ready}.lock`;
  for (const started = Date.now(); ; ) {
    try {
      await mkdir(lock);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    if (existsSync(ready)) return ready;
    const age = Date.now() - (await stat(lock).catch(() => ({ mtimeMs: Date.now() }))).mtimeMs;
    if (age > 600_000) await rm(lock, { recursive: true, force: true });
    if (Date.now() - started > 900_000) throw new Error(`test cache: still locked after 15 minutes (${lock})`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  try {
    if (existsSync(ready)) return ready;
    const building = await mkdtemp(path.join(cache, `${key}-building-`));
    try {
      await build(building);
      await rename(building, ready);
    } catch (error) {
      await rm(building, { recursive: true, force: true });
      throw error;
    }
    await pruneOlderThanADay(cache, key);
    return ready;
  } finally {
    await rm(lock, { recursive: true, force: true });
  }
}

/** Removes the cache's other folders (other keys, abandoned builds) not used for a day. */
async function pruneOlderThanADay(cache: string, keep: string): Promise<void> {
  for (const name of await readdir(cache)) {
    if (name === keep || name.endsWith('.lock')) continue;
    const folder = path.join(cache, name);
    const { mtimeMs } = await stat(folder).catch(() => ({ mtimeMs: Date.now() }));
    if (Date.now() - mtimeMs > 86_400_000) await rm(folder, { recursive: true, force: true });
  }
}

const run = promisify(execFile);

/**
 * Copies a folder, owners and modes kept (a PostgreSQL data folder must stay its server user's, mode
 * 0700), with the system's `cp`: Node's `fs.cp` took 3–4 s of CPU for the three embedded databases'
 * folders (over a thousand files), `cp` a fifth of a second. `fs.cp` where there is no GNU `cp`.
 */
export async function copyFolder(from: string, to: string): Promise<void> {
  try {
    await run('cp', ['-a', '--reflink=auto', from, to]);
  } catch {
    await rm(to, { recursive: true, force: true });
    await cp(from, to, { recursive: true });
  }
}
