import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * A service started by `npm start` stops when its supervisor is gone, also when the supervisor died
 * while the service was still starting (stopOnSignals then finds itself already re-parented).
 */
const PROCESS_MODULE = path.resolve('packages/core/src/process.ts');
const SERVICE = `
import { stopOnSignals } from ${JSON.stringify(PROCESS_MODULE)};
const logger = { info() {}, warn() {}, error() {} };
setInterval(() => {}, 1000);
stopOnSignals(async () => { console.log('stopped cleanly'); }, logger);
console.log('started');
`;

function startService(supervisorPid: string) {
  const child = spawn(process.execPath, ['--input-type=module', '-e', SERVICE], {
    env: { ...process.env, HUB_SUPERVISOR_PID: supervisorPid },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, output: () => output };
}

describe('a supervised service', () => {
  it('stops cleanly at once when its supervisor is no longer its parent by the time it has started', async () => {
    // A process id that is not this service's parent: the supervisor that started it is gone.
    const service = startService(String(process.pid + 1_000_000));
    expect(await service.exited).toBe(0);
    expect(service.output()).toContain('stopped cleanly');
  });

  it('keeps running while its supervisor is its parent', async () => {
    const service = startService(String(process.pid));
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(service.child.exitCode).toBeNull();
    expect(service.output()).toContain('started');
    service.child.kill('SIGTERM');
    expect(await service.exited).toBe(0);
    expect(service.output()).toContain('stopped cleanly');
  });

  it('refuses a supervisor id that is not a process id', async () => {
    const service = startService('one');
    expect(await service.exited).not.toBe(0);
    expect(service.output()).toContain('HUB_SUPERVISOR_PID must be a process id');
  });
});
