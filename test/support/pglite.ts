import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { createLogger, openServiceDatabase } from '@hub/core';
import { migrationFolder as disciplineMigrations } from '../../subgraphs/discipline/src/app.ts';
import { migrationFolder as inspectionMigrations } from '../../subgraphs/inspection/src/app.ts';
import { migrationFolder as stationedMigrations } from '../../subgraphs/stationed/src/app.ts';
// Types only: the global setup loads this module, and the whole hub's module (gateway included) is not needed here.
import type { Body } from '../../scripts/lib/local-hub.ts';

const BODIES: readonly Body[] = ['inspection', 'discipline', 'stationed'];

/**
 * Embedded (PGlite) databases for tests, copied from migrated templates instead of created afresh:
 * a new PGlite database runs initdb and every migration inside WebAssembly, many seconds of CPU per
 * body, while copying a migrated folder takes a fraction of a second. The service still opens the
 * copy through its own start-up path (migrations checked, session restricted) as on any restart.
 *
 * The templates are kept between runs under node_modules/.cache, keyed by everything that shapes
 * them (the PGlite version, every migration file, the kit's database opening code); a change to any
 * of these builds new ones. Parallel test files wait for one build instead of each building its own.
 */

const ROOT = new URL('../../', import.meta.url).pathname;
const CACHE = path.join(ROOT, 'node_modules/.cache/hub-test-pglite');
const MIGRATIONS: Record<Body, string> = { inspection: inspectionMigrations, discipline: disciplineMigrations, stationed: stationedMigrations };
/** Kit files whose code decides what a freshly opened embedded database contains. */
const KIT_FILES = ['database.ts', 'service-database.ts', 'audit-chain.ts'].map((file) => path.join(ROOT, 'packages/core/src', file));

async function templateKey(): Promise<string> {
  const hash = createHash('sha256');
  const pglite = JSON.parse(await readFile(path.join(ROOT, 'node_modules/@electric-sql/pglite/package.json'), 'utf8')) as { version: string };
  hash.update(`pglite ${pglite.version}\n`);
  for (const body of BODIES) {
    for (const file of (await readdir(MIGRATIONS[body])).sort()) {
      hash.update(`${body}/${file}\n`);
      hash.update(await readFile(path.join(MIGRATIONS[body], file)));
    }
  }
  for (const file of KIT_FILES) hash.update(await readFile(file));
  return hash.digest('hex').slice(0, 16);
}

let template: Promise<string> | undefined;

/** The folder holding one migrated embedded database per body (built once, then reused). */
export function pgliteTemplate(): Promise<string> {
  template ??= buildTemplate();
  return template;
}

async function buildTemplate(): Promise<string> {
  const key = await templateKey();
  const ready = path.join(CACHE, key);
  if (existsSync(ready)) return ready;
  await mkdir(CACHE, { recursive: true });
  const lock = `${ready}.lock`;
  for (const started = Date.now(); ; ) {
    try {
      await mkdir(lock);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    // Another test file is building it: wait for it (a lock older than ten minutes was abandoned).
    if (existsSync(ready)) return ready;
    const age = Date.now() - (await stat(lock).catch(() => ({ mtimeMs: Date.now() }))).mtimeMs;
    if (age > 600_000) await rm(lock, { recursive: true, force: true });
    if (Date.now() - started > 900_000) throw new Error(`PGlite test template: still locked after 15 minutes (${lock})`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  try {
    if (existsSync(ready)) return ready;
    const building = await mkdtemp(path.join(CACHE, `${key}-building-`));
    const logger = createLogger({ name: 'test-pglite-template', level: 'silent' });
    for (const body of BODIES) {
      const database = await openServiceDatabase({ dataDir: path.join(building, body), migrationFolder: MIGRATIONS[body], logger });
      await database.close();
    }
    await rename(building, ready);
    return ready;
  } finally {
    await rm(lock, { recursive: true, force: true });
  }
}

/**
 * A new data folder (HUB_DATA_DIR layout: one sub-folder per body) holding migrated, empty embedded
 * databases for `bodies` (default all three). The caller removes it.
 */
export async function pgliteDataDir(bodies: readonly Body[] = BODIES): Promise<string> {
  const source = await pgliteTemplate();
  const dir = await mkdtemp(path.join(os.tmpdir(), 'hub-pglite-'));
  await Promise.all(bodies.map((body) => copyFolder(path.join(source, body), path.join(dir, body))));
  return dir;
}

const run = promisify(execFile);

/**
 * Copies a database folder (about 40 MB in over a thousand files) with the system's `cp`: Node's
 * `fs.cp` took 3–4 s of CPU for the three bodies' folders, `cp` a fifth of a second. `fs.cp` where
 * there is no GNU `cp`.
 */
async function copyFolder(from: string, to: string): Promise<void> {
  try {
    await run('cp', ['-R', '--reflink=auto', from, to]);
  } catch {
    await rm(to, { recursive: true, force: true });
    await cp(from, to, { recursive: true });
  }
}
