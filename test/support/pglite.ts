import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { BODIES, cachedFolder, copyFolder, MIGRATION_FOLDERS, migrationsKey, ROOT } from './cache.ts';

type Body = (typeof BODIES)[number];

/**
 * Embedded (PGlite) databases for tests, copied from templates instead of created afresh: a new
 * PGlite database runs initdb inside WebAssembly (4–5 s of CPU) and then every migration, while
 * copying a folder takes a fraction of a second. The service still opens the copy through its own
 * start-up path (migrations checked, session restricted) as on any restart.
 *
 * The templates are kept between runs under node_modules/.cache, keyed by everything that shapes
 * them (the PGlite version, every migration file, the kit's code the migrations run): `empty`, a
 * database just after initdb (for tests that bring their own migrations), and one migrated database
 * per body, each migrated from a copy of `empty`. Parallel test files wait for one build instead of
 * each building its own.
 */

const CACHE = path.join(ROOT, 'node_modules/.cache/hub-test-pglite');

let template: Promise<string> | undefined;

/** The folder holding `empty` and one migrated embedded database per body (built once, then reused). */
export function pgliteTemplate(): Promise<string> {
  template ??= (async () => {
    const pglite = JSON.parse(readFileSync(path.join(ROOT, 'node_modules/@electric-sql/pglite/package.json'), 'utf8')) as { version: string };
    return cachedFolder(CACHE, await migrationsKey(`pglite ${pglite.version}`), buildTemplate);
  })();
  return template;
}

async function buildTemplate(building: string): Promise<void> {
  // The kit and PGlite are loaded only to build: the global setup does not need them otherwise.
  const { createLogger, openDatabase, openServiceDatabase } = await import('@hub/core');
  const logger = createLogger({ name: 'test-pglite-template', level: 'silent' });
  // initdb once, by the kit's own opening code, migrating nothing (PGlite starts at the first statement).
  const empty = await openDatabase({ dataDir: path.join(building, 'empty'), migrationFolder: '', logger, migrate: false });
  await empty.ping();
  await empty.close();
  for (const body of BODIES) {
    await copyFolder(path.join(building, 'empty'), path.join(building, body));
    const database = await openServiceDatabase({ dataDir: path.join(building, body), migrationFolder: MIGRATION_FOLDERS[body], logger });
    await database.close();
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

/**
 * Makes `dataDir` (which must not exist) an embedded database just after initdb, with no table: for
 * a test that opens it with its own migrations (`openDatabase({ dataDir, migrationFolder })`), as a
 * new database would be, without running initdb again.
 */
export async function emptyPgliteDatabase(dataDir: string): Promise<void> {
  await copyFolder(path.join(await pgliteTemplate(), 'empty'), dataDir);
}
