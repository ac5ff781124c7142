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
