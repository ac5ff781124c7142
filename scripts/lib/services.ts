import { type ChildProcess, spawn } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * V8 heap settings of every service in production: `NODE_OPTIONS` in deploy/Dockerfile (and so in
 * compose and the Kubernetes manifests, which run that image) and in the systemd unit; the benchmark
 * starts the services with them too (test/deploy checks that the three agree). Without them V8 sizes
 * its heap from the machine's memory: on a 24 GB host each service let its young generation grow to
 * 2 × 64 MB and its old generation grow to up to 4× its live objects before collecting, and reached
 * 300–400 MB RSS under load, beyond the manifests' 384 Mi limit. Capped, the old generation is
 * collected at about 1.3× its live objects (V8 scales its growing factor down with the cap) and a
 * young generation of 2 × 16 MB still lets short-lived request objects die young. Live objects after
 * load are 35–50 MB in a subgraph and about 70 MB in the gateway (heap snapshots), well below the cap.
 */
export const PRODUCTION_NODE_OPTIONS = '--max-old-space-size=256 --max-semi-space-size=16';
/**
 * glibc's malloc arenas in production (`MALLOC_ARENA_MAX` beside `NODE_OPTIONS`, in the same three
 * places). By default glibc gives each thread that allocates — Node's main thread, libuv's pool, V8's
 * collector threads — an arena of its own, up to 8 per core, and memory freed in one is not handed
 * to another: the gateway's RSS grew 35 MB under load while its V8 heap stayed near 120 MB. With two
 * arenas it ended at 231–236 MB after all workloads instead of 240–250 MB, its throughput and CPU per
 * request unchanged within the runs' noise (three A/B pairs of the bench, docs/bench-results.md). A
 * no-op where the C library is not glibc.
 */
export const PRODUCTION_MALLOC_ARENA_MAX = '2';
/** The environment every service runs with in production, beside its own settings. */
export const PRODUCTION_ENV = { NODE_OPTIONS: PRODUCTION_NODE_OPTIONS, MALLOC_ARENA_MAX: PRODUCTION_MALLOC_ARENA_MAX } as const;
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

  /** `node scripts/serve.ts <service>`, with production's `NODE_OPTIONS` and `MALLOC_ARENA_MAX` unless `env` sets its own. */
  serve(name: string, service: string, env: NodeJS.ProcessEnv): ChildProcess {
    return this.start(name, { ...PRODUCTION_ENV, ...env }, ['scripts/serve.ts', service]);
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

  /** SIGTERM to every service still running, then until they have gone, half a second at most. */
  async stopAll(): Promise<void> {
    const running = [...this.children.values()].filter((child) => child.exitCode === null && child.signalCode === null);
    const gone = Promise.all(running.map((child) => new Promise((resolve) => child.once('exit', resolve))));
    for (const child of running) child.kill('SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([gone, new Promise((resolve) => (timer = setTimeout(resolve, 500)))]);
    clearTimeout(timer);
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
