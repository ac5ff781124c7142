import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks per second of /proc/<pid>/stat (USER_HZ: 100 on Linux). */
const TICK_MS = 10;

interface Stat {
  ppid: number;
  /** utime + stime, milliseconds. */
  own: number;
  /** cutime + cstime: reaped children's CPU, milliseconds. */
  children: number;
}

function stat(pid: number): Stat | null {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  // The command name is in parentheses and may hold spaces: fields count from after its ')'.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  const n = (i: number) => Number(fields[i - 3]);
  return { ppid: n(4), own: (n(14) + n(15)) * TICK_MS, children: (n(16) + n(17)) * TICK_MS };
}

/** CPU time (user + system, ms) one process has used so far. */
export function processCpuMs(pid: number): number {
  return stat(pid)?.own ?? 0;
}

/**
 * CPU time (ms) of a PostgreSQL server so far: the postmaster, its live children (backends,
 * checkpointer, …), and the children that already exited (reaped into the postmaster's cutime).
 */
export function postgresCpuMs(postmasterPid: number): number {
  const main = stat(postmasterPid);
  if (!main) return 0;
  let total = main.own + main.children;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const child = stat(Number(entry));
    if (child && child.ppid === postmasterPid) total += child.own;
  }
  return total;
}

/** Resident set size (MB) of a process, from /proc/<pid>/status. */
export function rssMb(pid: number): number {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

/** A PostgreSQL server's processes at one moment, for `postgresCpuByKind`. */
export interface PostgresSnapshot {
  postmaster: number;
  /** The postmaster's reaped children (cutime + cstime), ms. */
  exited: number;
  /** Live children: kind (from the process title) and CPU so far, ms. */
  children: Map<number, { kind: string; own: number }>;
}

/** The server's processes now: backends by database (`backend <database>`), others by their title. */
export function postgresSnapshot(postmasterPid: number): PostgresSnapshot {
  const main = stat(postmasterPid);
  const children = new Map<number, { kind: string; own: number }>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const child = stat(Number(entry));
    if (!child || child.ppid !== postmasterPid) continue;
    let title = '';
    try {
      title = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
    } catch {
      continue;
    }
    // "postgres: <user> <database> <host>(<port>) <state>" for a backend; "postgres: <title>" otherwise.
    const words = title.replace(/^postgres:\s*/, '').split(/\s+/);
    const kind = /\(\d+\)$/.test(words[2] ?? '') ? `backend ${words[1]}` : words.filter((w) => !/^\d|^\(/.test(w)).join(' ');
    children.set(Number(entry), { kind, own: child.own });
  }
  return { postmaster: main?.own ?? 0, exited: main?.children ?? 0, children };
}

/**
 * CPU (ms) a PostgreSQL server used between two snapshots, by kind of process. Processes that ended
 * in between are reaped into one total: their CPU after the first snapshot, and all of it for those
 * that started in between too (autovacuum workers, short connections), is one line; each kind that
 * ended is listed (with 0) so the reader knows whose it is.
 */
export function postgresCpuByKind(before: PostgresSnapshot, after: PostgresSnapshot): Record<string, number> {
  const kinds: Record<string, number> = { postmaster: after.postmaster - before.postmaster };
  const add = (kind: string, ms: number) => (kinds[kind] = (kinds[kind] ?? 0) + ms);
  for (const [pid, now] of after.children) add(now.kind, now.own - (before.children.get(pid)?.own ?? 0));
  // Reaped in between: the reaped total grew by what those processes used in all; what the ones
  // alive at the first snapshot had used by then is not part of this interval.
  let reaped = after.exited - before.exited;
  for (const [pid, then] of before.children) {
    if (after.children.has(pid)) continue;
    reaped -= then.own;
    add(`exited: ${then.kind}`, 0);
  }
  add('exited (CPU after the first snapshot)', reaped);
  return kinds;
}
