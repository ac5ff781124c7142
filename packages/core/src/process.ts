import { createPublicKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Logger } from './logger.ts';

/**
 * Stops the service cleanly on SIGINT or SIGTERM (in-flight requests finish, pools close), then
 * exits. A second signal while stopping exits at once.
 */
export function stopOnSignals(stop: () => Promise<void>, logger: Logger): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn({ signal }, 'second signal while stopping: exiting now');
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal }, 'stopping');
    stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'clean stop failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const supervisor = supervisorPid();
  if (supervisor !== undefined) {
    // Started by `npm start`: when the supervisor goes away (even killed outright) this process is
    // re-parented, and the service stops cleanly instead of living on as an orphan. The supervisor
    // names itself (HUB_SUPERVISOR_PID), so one that died while this service was still starting is
    // noticed as well: by then the parent id is already the one it was re-parented to.
    const watch = setInterval(() => orphaned(), 500).unref();
    const orphaned = () => {
      if (process.ppid === supervisor) return;
      clearInterval(watch);
      onSignal('SIGHUP');
    };
    orphaned();
  }
}

/** The process id `npm start` gives its services in HUB_SUPERVISOR_PID; undefined when not supervised. */
function supervisorPid(): number | undefined {
  const raw = process.env.HUB_SUPERVISOR_PID;
  if (raw === undefined || raw === '') return undefined;
  const pid = Number(raw);
  if (!Number.isInteger(pid) || pid <= 0) throw new Error(`HUB_SUPERVISOR_PID must be a process id, got "${raw}"`);
  return pid;
}

/** Reads an integer from the environment, with a clear error for anything else. */
export function envInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a non-negative integer, got "${raw}"`);
  return value;
}

/**
 * A setting from the environment. A secret may instead be a file named by `<NAME>_FILE` (Docker and
 * Kubernetes secrets); its content, trimmed, is the value.
 */
export function envString(name: string): string | undefined {
  const raw = process.env[name];
  if (raw !== undefined && raw !== '') return raw;
  const file = process.env[`${name}_FILE`];
  if (file === undefined || file === '') return undefined;
  try {
    const value = readFileSync(file, 'utf8').trim();
    return value === '' ? undefined : value;
  } catch (error) {
    throw new Error(`${name}_FILE: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}

export function isDevelopment(): boolean {
  return process.env.NODE_ENV !== 'production';
}

/** The repository's git-ignored `data/` folder, whatever the working directory. */
export const DEFAULT_DATA_DIR = fileURLToPath(new URL('../../../data', import.meta.url));

/** Reads a public key (PEM) from a file named by an environment variable. */
export async function publicKeyFromFile(variable: string): Promise<KeyObject | undefined> {
  const file = envString(variable);
  if (!file) return undefined;
  try {
    return createPublicKey(await readFile(file, 'utf8'));
  } catch (error) {
    throw new Error(`${variable}: cannot read a PEM public key from ${file}: ${(error as Error).message}`);
  }
}
