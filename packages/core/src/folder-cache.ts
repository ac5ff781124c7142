import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

/**
 * 本机缓存目录 — folders built once on this machine and kept under a cache folder, each named by a
 * key over everything that shapes it: when any of it changes, a new folder is built. Only node
 * built-ins here: the test run's global setup loads this before anything else.
 */

/**
 * The folder `<cache>/<key>`, built by `build` into an empty folder when missing and renamed into
 * place only when the build succeeded (a half-built folder is never used). Parallel processes wait for
 * one build (a lock folder; one older than ten minutes was abandoned) instead of each building.
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
    if (Date.now() - started > 900_000) throw new Error(`folder cache: still locked after 15 minutes (${lock})`);
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
 * Copies a folder (`to` must not exist), owners and modes kept (a PostgreSQL data folder must stay
 * its server user's, mode 0700), with the system's `cp`: Node's `fs.cp` took 3–4 s of CPU for three
 * embedded databases' folders (over a thousand files), `cp` a fifth of a second. `fs.cp` where there
 * is no GNU `cp`.
 */
export async function copyFolder(from: string, to: string): Promise<void> {
  try {
    await run('cp', ['-a', '--reflink=auto', from, to]);
  } catch {
    await rm(to, { recursive: true, force: true });
    await cp(from, to, { recursive: true });
  }
}
