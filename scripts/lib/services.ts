import { type ChildProcess, spawn } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Services started as production starts them — `node scripts/serve.ts <service>`, no npm in between —
 * each its own process (so its process id is the service's own), their output kept for error reports.
 */
export class ServiceProcesses {
  readonly children = new Map<string, ChildProcess>();
  readonly logs: string[] = [];

  /** Starts `node <script> <args…>` (default: scripts/serve.ts <service>) under `name`. */
  start(name: string, env: NodeJS.ProcessEnv, args: string[]): ChildProcess {
    const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout!.on('data', (d) => this.logs.push(`${name}: ${String(d).trim()}`));
    child.stderr!.on('data', (d) => this.logs.push(`${name}: ${String(d).trim()}`));
    this.children.set(name, child);
    return child;
  }

  /** `node scripts/serve.ts <service>`. */
  serve(name: string, service: string, env: NodeJS.ProcessEnv): ChildProcess {
    return this.start(name, env, ['scripts/serve.ts', service]);
  }

  pid(name: string): number {
    const pid = this.children.get(name)?.pid;
    if (!pid) throw new Error(`${name} is not running`);
    return pid;
  }

  /** Waits until http://127.0.0.1:<port>/health answers 2xx (a minute by default). */
  async waitHealthy(port: number, what: string, timeoutMs = 60_000): Promise<void> {
    for (let i = 0; i < timeoutMs / 250; i++) {
      const child = this.children.get(what);
      if (child && child.exitCode !== null) break;
      try {
        if ((await fetch(`http://127.0.0.1:${port}/health`)).ok) return;
      } catch {
        // not listening yet
      }
      await sleep(250);
    }
    throw new Error(`${what} did not become healthy:\n${this.logs.slice(-20).join('\n')}`);
  }

  /** SIGTERM to every service still running, then half a second for them to go. */
  async stopAll(): Promise<void> {
    for (const child of this.children.values()) if (child.exitCode === null) child.kill('SIGTERM');
    await sleep(500);
  }
}

/**
 * Each body's service identity as production configures it (reference checks and the outbox call the
 * gateway as the body): a key pair per body written to `dir`, the public keys for the gateway, the
 * private key and the gateway's URL for each subgraph.
 */
export function serviceIdentityEnv(
  dir: string,
  bodies: readonly string[],
  gatewayUrl: string,
): { gateway: NodeJS.ProcessEnv; subgraph: (body: string) => NodeJS.ProcessEnv } {
  const gateway: NodeJS.ProcessEnv = {};
  for (const body of bodies) {
    const pair = generateKeyPairSync('ed25519');
    writeFileSync(path.join(dir, `${body}-service-private.pem`), pair.privateKey.export({ type: 'pkcs8', format: 'pem' }));
    writeFileSync(path.join(dir, `${body}-service-public.pem`), pair.publicKey.export({ type: 'spki', format: 'pem' }));
    gateway[`HUB_SERVICE_PUBLIC_KEY_${body.toUpperCase()}_FILE`] = path.join(dir, `${body}-service-public.pem`);
  }
  return { gateway, subgraph: (body) => ({ HUB_SERVICE_PRIVATE_KEY_FILE: path.join(dir, `${body}-service-private.pem`), HUB_GATEWAY_URL: gatewayUrl }) };
}
