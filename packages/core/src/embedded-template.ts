import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rename, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { cachedFolder, copyFolder } from './folder-cache.ts';
import type { Logger } from './logger.ts';

/**
 * 嵌入式数据库模板 — a new embedded (PGlite) database starts as a copy of a database initialised once
 * on this machine, instead of running PGlite's initdb (WebAssembly, about 3 s of CPU) for every new
 * data folder. The initialised database is kept under `node_modules/.cache/hub-pglite/<key>`, built on
 * the first miss by PGlite itself, renamed into place only when complete, and keyed by the PGlite
 * version and its initdb module's bytes: another PGlite never starts from it. Migrations run on the
 * copy as on any new database. A cache that cannot be written or read (a read-only install) is not an
 * error: the database is then initialised in place, as PGlite would.
 */

/** PGlite's package folder (…/node_modules/@electric-sql/pglite). */
function pglitePackageDir(): string {
  let dir = path.dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite'));
  while (!existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('PGlite package folder not found');
    dir = parent;
  }
  return dir;
}

/** `node_modules/.cache/hub-pglite` of the installation PGlite is loaded from. */
export function defaultEmbeddedCacheDir(): string {
  return path.join(pglitePackageDir(), '..', '..', '.cache', 'hub-pglite');
}

/** A key over everything that shapes a just-initialised database: the PGlite version and its initdb module. */
export async function embeddedTemplateKey(): Promise<string> {
  const dir = pglitePackageDir();
  const { version } = JSON.parse(await readFile(path.join(dir, 'package.json'), 'utf8')) as { version: string };
  const hash = createHash('sha256').update(`hub embedded template 1\npglite ${version}\n`);
  hash.update(await readFile(path.join(dir, 'dist', 'initdb.wasm')));
  return `${version}-${hash.digest('hex').slice(0, 16)}`;
}

async function missingOrEmpty(dir: string): Promise<boolean> {
  try {
    return (await readdir(dir)).length === 0;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return true;
    throw error;
  }
}

/**
 * When `dataDir` holds no database yet (missing or empty), makes it a copy of the machine's
 * initialised database (built into `cacheDir` on a miss). Returns whether it did; a folder already
 * holding anything is left alone, and so is `dataDir` when the cache cannot be used.
 */
export async function seedEmbeddedDatabase(dataDir: string, logger: Logger, cacheDir = defaultEmbeddedCacheDir()): Promise<boolean> {
  if (!(await missingOrEmpty(dataDir))) return false;
  let template: string;
  try {
    const ready = await cachedFolder(cacheDir, await embeddedTemplateKey(), async (building) => {
      const { PGlite } = await import('@electric-sql/pglite');
      const database = await PGlite.create(path.join(building, 'data'));
      await database.close();
    });
    template = path.join(ready, 'data');
    if (!existsSync(path.join(template, 'PG_VERSION'))) {
      logger.warn({ cache: cacheDir }, 'the initialised embedded database in the cache is incomplete; initialising the new database in place');
      return false;
    }
  } catch (error) {
    logger.info(
      { code: (error as NodeJS.ErrnoException).code, cache: cacheDir },
      'no cached initialised embedded database; initialising the new database in place',
    );
    return false;
  }
  // Copied beside the data folder and renamed into place: an interrupted copy never looks like a database.
  await mkdir(path.dirname(dataDir), { recursive: true });
  const staging = await mkdtemp(`${dataDir}.new-`);
  try {
    await copyFolder(template, path.join(staging, 'data'));
    await rm(dataDir, { recursive: true, force: true });
    await rename(path.join(staging, 'data'), dataDir);
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
  logger.debug('new embedded database copied from the initialised one in the cache');
  return true;
}
