import { chmodSync, mkdtempSync, readdirSync, rmSync, statfsSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * The test run's temporary files in memory: the run's PostgreSQL cluster (a copy of the cached
 * cluster, and every test's fresh databases copied from its templates), the embedded (PGlite)
 * databases copied from their templates, the data folders of `npm start`'s and the seed's runs,
 * Chromium's profile. All of it is thrown away after the run, and on this machine's disk each
 * megabyte written cost about 20 ms of CPU (copying one 40 MB embedded database took 0.7–1.3 s of
 * CPU in `cp`, 0.07–0.09 s in memory; thirty fresh PostgreSQL databases 7.6–10.5 s of the server's
 * CPU, 2.0–2.3 s in memory).
 *
 * Used when `/dev/shm` is a memory file system with room to spare, the machine has as much memory
 * available (MIN_FREE), and TMPDIR is not set already: a folder of its own for this run
 * (`hub-test-<pid>-…`), named in TMPDIR so that the tests, the global setup and every process they
 * start (`os.tmpdir()`) write there. The global
 * setup removes it at the end of the run; a run removes at its start the folders of runs whose
 * process is gone (killed outright) and that nothing wrote to for ten minutes. Otherwise the
 * system's temporary folder, as before.
 */
const MEMORY = '/dev/shm';
const PREFIX = 'hub-test-';
/** The whole suite held 1.6 GB there at its peak (measured; the fresh databases are not dropped). */
const MIN_FREE = 6 * 1024 ** 3;
const OWNED = 'HUB_TEST_MEMORY_TMPDIR';

export function useMemoryTmpDir(): void {
  if (process.env[OWNED] || process.env.TMPDIR) return;
  try {
    const fs = statfsSync(MEMORY);
    // TMPFS_MAGIC: a memory file system, not a disk mounted at /dev/shm.
    // Room on the file system, and memory to hold it (a tmpfs may be larger than the memory free,
    // for instance when other runs hold theirs).
    if (fs.type !== 0x01021994 || fs.bavail * fs.bsize < MIN_FREE || os.freemem() < MIN_FREE) return;
    removeLeftovers();
    const dir = mkdtempSync(path.join(MEMORY, `${PREFIX}${process.pid}-`));
    // The cluster's server runs as the `postgres` user when the tests run as root (scripts/lib/postgres.ts).
    chmodSync(dir, 0o755);
    process.env.TMPDIR = dir;
    process.env[OWNED] = dir;
  } catch {
    // No /dev/shm here: the system's temporary folder.
  }
}

/** Removes this run's folder (the global setup's teardown). */
export function removeMemoryTmpDir(): void {
  const dir = process.env[OWNED];
  if (dir) rmSync(dir, { recursive: true, force: true });
}

/**
 * Folders of earlier runs whose process no longer exists and that nothing wrote to for ten minutes
 * (a run adds a folder there every few seconds; the second condition spares a run whose process
 * this one cannot see).
 */
function removeLeftovers(): void {
  for (const name of readdirSync(MEMORY)) {
    const pid = Number(/^hub-test-(\d+)-/.exec(name)?.[1]);
    if (!pid || alive(pid)) continue;
    const folder = path.join(MEMORY, name);
    if (Date.now() - statSync(folder).mtimeMs < 10 * 60_000) continue;
    rmSync(folder, { recursive: true, force: true });
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
