import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** A throwaway PostgreSQL cluster for one test run. */
export interface Cluster {
  host: string;
  port: number;
  user: string;
  url(database: string): string;
  /** The cluster's data folder. */
  dataDir: string;
  /** The postmaster's process id (its backends are its children). */
  pid(): Promise<number>;
  /** Stops the server at once and removes its folder. */
  stop(): Promise<void>;
  /**
   * Stops the server cleanly (a checkpoint: the data folder is consistent on its own) and keeps the
   * folder, to copy it for `from`; `stop()` then removes it.
   */
  shutdown(): Promise<void>;
}

/** Where and how to start a cluster; the defaults suit the test suite. */
export interface ClusterOptions {
  /** Ports to pick from (default 20000–29999). */
  ports?: PortRange;
  /** Parent folder of the cluster's folder (default the system's temporary folder). */
  parentDir?: string;
  /** More server settings, e.g. `shared_preload_libraries=pg_stat_statements`. */
  settings?: string[];
  /**
   * A stopped cluster's data folder (`shutdown()`) to start a copy of, instead of a new cluster from
   * initdb: its databases and roles come with it.
   */
  from?: string;
}

export interface PortRange {
  from: number;
  to: number;
}

export function findBinDir(): string {
  const candidates = [process.env.PG_BIN, '/usr/lib/postgresql/17/bin', '/usr/lib/postgresql/16/bin', '/usr/lib/postgresql/15/bin'];
  for (const dir of candidates) if (dir && existsSync(path.join(dir, 'initdb'))) return dir;
  throw new Error(
    'PostgreSQL server binaries (initdb, pg_ctl) were not found. Install PostgreSQL (Debian: apt-get install postgresql) ' +
      'or set PG_BIN to the folder holding initdb. The test suite needs a real PostgreSQL and does not skip without it.',
  );
}

/** Ports `freePort` gave out in this process: the callers bind them later, some only in a child process. */
const handedOut = new Set<number>();

/**
 * A free loopback port below the kernel's ephemeral range (32768+), so a port handed to a child
 * process cannot be taken meanwhile by a service in this process that listens on port 0. A port is
 * handed out once per process while others are left: callers often draw several ports before any
 * is bound (the bench's services drew the same port twice from a range of 100, and the gateway then
 * sent one subgraph's requests to another).
 */
export async function freePort(range: PortRange = { from: 20_000, to: 29_999 }): Promise<number> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const port = range.from + Math.floor(Math.random() * (range.to - range.from + 1));
    // Late attempts take a port handed out before (its holder may be gone) rather than fail.
    if (handedOut.has(port) && attempt < 150) continue;
    const free = await new Promise<boolean>((resolve) => {
      const server = net.createServer();
      server.once('error', () => resolve(false));
      server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
    });
    if (free) {
      handedOut.add(port);
      return port;
    }
  }
  throw new Error(`no free port found between ${range.from} and ${range.to}`);
}

/**
 * initdb + pg_ctl start in a temporary folder, on a free loopback port. As root the server runs as
 * the `postgres` user (PostgreSQL refuses to run as root).
 */
export async function startCluster(options: ClusterOptions = {}): Promise<Cluster> {
  const bin = findBinDir();
  const dir = await mkdtemp(path.join(options.parentDir ?? os.tmpdir(), 'hub-pg-'));
  const data = path.join(dir, 'data');
  const asRoot = process.getuid?.() === 0;
  const exec = async (tool: string, args: string[]) => {
    const command = asRoot ? 'runuser' : path.join(bin, tool);
    const fullArgs = asRoot ? ['-u', 'postgres', '--', path.join(bin, tool), ...args] : args;
    try {
      return await run(command, fullArgs, { timeout: 120_000 });
    } catch (error) {
      const e = error as { stderr?: string; stdout?: string; message: string };
      throw new Error(`PostgreSQL could not be started: ${tool} failed: ${e.stderr || e.stdout || e.message}`);
    }
  };
  if (asRoot) {
    await chmod(dir, 0o777);
  }
  const user = 'hub';
  if (options.from) {
    // Owner and mode kept: the server refuses a data folder that is not its user's, mode 0700.
    await run('cp', ['-a', '--reflink=auto', options.from, data]);
  } else {
    await exec('initdb', ['-D', data, '--auth=trust', '-U', user, '--no-sync', '-E', 'UTF8', '--locale=C']);
  }
  const port = await freePort(options.ports);
  const settings = [
    `-c listen_addresses=127.0.0.1`,
    `-p ${port}`,
    `-c unix_socket_directories=${dir}`,
    // A throwaway cluster: durability is not needed, speed is.
    `-c fsync=off -c synchronous_commit=off -c full_page_writes=off`,
    `-c max_connections=200`,
    ...(options.settings ?? []).map((setting) => `-c ${setting}`),
  ].join(' ');
  await exec('pg_ctl', ['-D', data, '-o', settings, '-l', path.join(dir, 'server.log'), '-w', '-t', '60', 'start']);
  const host = '127.0.0.1';
  return {
    host,
    port,
    user,
    url: (database) => `postgres://${user}@${host}:${port}/${database}`,
    dataDir: data,
    pid: async () => Number((await readFile(path.join(data, 'postmaster.pid'), 'utf8')).split('\n')[0]),
    async stop() {
      await exec('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']).catch(() => undefined);
      await rm(dir, { recursive: true, force: true });
    },
    async shutdown() {
      await exec('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
    },
  };
}
