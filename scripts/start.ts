/**
 * npm start — runs the whole hub on this machine: every subgraph built in this repository and the
 * gateway, each in its own process, with embedded databases under data/ unless <BODY>_DATABASE_URL
 * is set. Loads the demo district on first run (HUB_DEMO_DATA=0 turns that off), waits until all
 * are ready, prints the gateway URL and an example query. A service that dies is restarted with a
 * growing pause (1 s doubling to 30 s) and the console says so. Ctrl-C stops everything.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { DEFAULT_DATA_DIR, issueDevToken, loadDevKeys, ROLE_NAMES, ROLES, type Role, type ViewerScopes } from '@hub/core';
import { COMMISSION_DEPARTMENTS, COMMISSION_LEADERS, demoId, STAFF, STATIONED_GROUPS } from '@hub/demo';
import { EXAMPLE_QUERY } from '../gateway/src/example-query.ts';
import type { DevIdentity } from '../gateway/src/web.ts';
import { readSubgraphConfig, ROOT } from './lib/subgraph-config.ts';
import { ensureWebBuild } from './lib/web-build.ts';

if (process.env.NODE_ENV === 'production') {
  console.error(
    'npm start runs the hub for development and demonstration, with local keys and development tokens.\n' +
      'In production start each service on its own (npm start -w <service>) with NODE_ENV=production and configured keys.',
  );
  process.exit(1);
}

const startedAt = performance.now();
const dataDir = path.resolve(process.env.HUB_DATA_DIR || DEFAULT_DATA_DIR);
const logDir = path.join(dataDir, 'logs');
mkdirSync(logDir, { recursive: true });

interface Service {
  name: string;
  port: number;
  /** The current process; replaced when the service is restarted. */
  child: ChildProcess;
  log: string;
  /** Restarts since the service last stayed up for RESTART_RESET_MS. */
  failures: number;
  restartTimer?: NodeJS.Timeout;
}

const services: Service[] = [];
let stopping = false;

/** A service that dies is started again after 1 s, then 2, 4, … up to 30 s; the delay starts over once it stayed up a minute. */
const RESTART_FIRST_MS = 1_000;
const RESTART_MAX_MS = 30_000;
const RESTART_RESET_MS = 60_000;

function restartDelay(failures: number): number {
  return Math.min(RESTART_MAX_MS, RESTART_FIRST_MS * 2 ** failures);
}

function portFor(name: string, fallback: number): number {
  const raw = process.env[`${name.toUpperCase()}_PORT`];
  if (!raw) return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port <= 0 || port > 65535) throw new Error(`${name.toUpperCase()}_PORT must be a port number, got "${raw}"`);
  return port;
}

function lastLines(log: string): string {
  try {
    return readFileSync(log, 'utf8').trim().split('\n').slice(-15).join('\n');
  } catch {
    return '(no log yet)';
  }
}

function spawnService(script: string, log: string, env: Record<string, string>): ChildProcess {
  // The service writes its log file itself (not through this process), so it never depends on the
  // supervisor being alive to write a line or to stop.
  const out = openSync(log, 'a');
  // Node itself (not a wrapper such as npm) is the child, running the TypeScript source with its own
  // type stripping. Each service has its own process group, so Ctrl-C reaches only this supervisor,
  // which then stops the services one by one; if the supervisor dies, each service notices it was
  // re-parented and stops.
  const child = spawn(process.execPath, [script], {
    cwd: ROOT,
    // Node's compile cache (NODE_COMPILE_CACHE, checked against each source file): a service's
    // restart, and every later `npm start`, compiles its modules from the cache (about 0.3 s of CPU
    // less per service start); the folder is the one the test run uses. NODE_DISABLE_COMPILE_CACHE=1
    // turns it off.
    env: {
      NODE_COMPILE_CACHE: path.join(ROOT, 'node_modules', '.cache', 'node-compile'),
      ...process.env,
      ...env,
      HUB_DATA_DIR: dataDir,
      HUB_SUPERVISOR_PID: String(process.pid),
    },
    stdio: ['ignore', out, out],
    detached: true,
  });
  closeSync(out);
  return child;
}

function launch(name: string, script: string, port: number, env: Record<string, string>): Service {
  const log = path.join(logDir, `${name}.log`);
  const service: Service = { name, port, child: spawnService(script, log, env), log, failures: 0 };
  const watch = (child: ChildProcess) => {
    const started = Date.now();
    child.once('exit', (code, signal) => {
      if (stopping) return;
      // One service dying does not stop the hub: it is started again after a growing pause, so a
      // service that keeps crashing does not spin, and the others keep answering meanwhile.
      if (Date.now() - started >= RESTART_RESET_MS) service.failures = 0;
      const delay = restartDelay(service.failures);
      service.failures += 1;
      console.error(
        `\n✖ ${name} exited unexpectedly (${signal ?? `code ${code}`}); restarting in ${delay / 1000} s ` +
          `(restart ${service.failures} in a row). Last lines of ${log}:\n${lastLines(log)}`,
      );
      service.restartTimer = setTimeout(() => {
        service.restartTimer = undefined;
        if (stopping) return;
        console.error(`↻ restarting ${name} …`);
        const child = spawnService(script, log, env);
        service.child = child;
        watch(child);
        void waitReady(service, child).then(
          (ready) => {
            if (ready) console.error(`✓ ${name} is back on port ${port}.`);
          },
          (error: unknown) => console.error(`✖ ${error instanceof Error ? error.message : String(error)}`),
        );
      }, delay);
    });
  };
  watch(service.child);
  services.push(service);
  return service;
}

/**
 * Waits until the service answers /health. With `only`, gives up (false) as soon as that process has
 * exited; without, waits for whichever process is the service's current one, across restarts.
 */
async function waitReady(service: Service, only?: ChildProcess, timeoutMs = 120_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (stopping) return false;
    if (only && (only.exitCode !== null || only.signalCode !== null)) return false;
    try {
      const response = await fetch(`http://127.0.0.1:${service.port}/health`);
      if (response.ok) return true;
    } catch {
      /* not listening yet */
    }
    await sleep(150);
  }
  throw new Error(`${service.name} did not become ready within ${timeoutMs / 1000} s (log: ${service.log})`);
}

async function stopAll(exitCode: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    console.log('\nStopping…');
    // The gateway first, so no new work reaches the subgraphs while they drain.
    const order = [...services].reverse();
    for (const service of services) clearTimeout(service.restartTimer);
    for (const service of order) {
      if (service.child.exitCode !== null || service.child.signalCode !== null) continue;
      const exited = new Promise<void>((resolve) => service.child.once('exit', () => resolve()));
      service.child.kill('SIGTERM');
      const timer = setTimeout(() => service.child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    }
    console.log('All services stopped.');
  }
  process.exit(exitCode);
}

process.on('SIGINT', () => void stopAll(0));
process.on('SIGTERM', () => void stopAll(0));

/** Development tokens, one per role of DESIGN §6, for the demo district's staff. */
async function devTokens(): Promise<Record<Role, string>> {
  const keys = await loadDevKeys(dataDir);
  const scopes: Partial<Record<Role, Partial<ViewerScopes>>> = {
    stationed_officer: { stationedGroupIds: [STATIONED_GROUPS[0]!.id] },
  };
  const tokens = {} as Record<Role, string>;
  for (const role of ROLES) {
    tokens[role] = await issueDevToken(keys, { staffId: `dev-${role.replace(/_/g, '-')}`, roles: [role], scopes: scopes[role] });
  }
  return tokens;
}

/**
 * Who the web app's development sign-in offers: demo staff in each role, with their scopes (the
 * 第九轮 第一巡察组 member, the first stationed group's member, a supervision office's member).
 */
async function devIdentities(): Promise<DevIdentity[]> {
  const keys = await loadDevKeys(dataDir);
  const staff = (predicate: (s: (typeof STAFF)[number]) => boolean) => STAFF.find(predicate)!;
  const office = (name: string) => COMMISSION_DEPARTMENTS.find((d) => d.name === name)!.id;
  const inspector = staff((s) => s.homeBody === 'INSPECTION' && s.title === '巡察干部');
  const stationed = staff((s) => s.stationedGroupIndex === 0 && s.title === '干部');
  const caseOfficer = staff((s) => s.departmentId === office('第二纪检监察室') && s.title === '干部');
  const entries: { label: string; role: Role; id: string; name: string; scopes?: Partial<ViewerScopes> }[] = [
    { label: `委领导（${COMMISSION_LEADERS[0].title}）`, role: 'leader', id: COMMISSION_LEADERS[0].id, name: COMMISSION_LEADERS[0].name },
    {
      label: '区委第九轮巡察 第一巡察组 组员',
      role: 'inspection_officer',
      id: inspector.id,
      name: inspector.name,
      scopes: { inspectionTeamIds: [demoId('team', '2020-9-1')] },
    },
    {
      label: `${STATIONED_GROUPS[0]!.name} 干部`,
      role: 'stationed_officer',
      id: stationed.id,
      name: stationed.name,
      scopes: { stationedGroupIds: [STATIONED_GROUPS[0]!.id] },
    },
    { label: '第二纪检监察室 干部', role: 'case_officer', id: caseOfficer.id, name: caseOfficer.name, scopes: { departmentIds: [office('第二纪检监察室')] } },
    ...(['petition_officer', 'case_manager', 'trial_officer', 'conduct_officer', 'analyst'] as const).map((role) => ({
      label: ROLE_NAMES[role].split(' — ')[0]!,
      role,
      id: `dev-${role.replace(/_/g, '-')}`,
      name: ROLE_NAMES[role].split(' — ')[0]!,
    })),
  ];
  return Promise.all(
    entries.map(async (e) => ({
      label: e.label,
      role: e.role,
      staffName: e.name,
      token: await issueDevToken(keys, { staffId: e.id, roles: [e.role], scopes: e.scopes }),
    })),
  );
}

try {
  const web = ensureWebBuild((line) => console.log(line));
  if (web.built) console.log(`Web app built in ${(web.ms / 1000).toFixed(1)} s.`);
  const entries = await readSubgraphConfig();
  const tokens = await devTokens();
  const subgraphUrls: Record<string, string> = {};
  const local = entries.filter((entry) => entry.module);
  const subgraphs = local.map((entry) => {
    const port = portFor(entry.name, Number(new URL(entry.url).port));
    const dir = path.dirname(path.join(ROOT, entry.schema));
    subgraphUrls[`${entry.name.toUpperCase()}_SUBGRAPH_URL`] = `http://127.0.0.1:${port}/graphql`;
    return launch(entry.name, path.join(dir, 'src/server.ts'), port, {
      [`${entry.name.toUpperCase()}_PORT`]: String(port),
      HUB_DEMO_DATA: process.env.HUB_DEMO_DATA ?? '1',
    });
  });
  console.log(`Starting ${subgraphs.map((s) => s.name).join(', ')} and the gateway (logs in ${logDir}) …`);
  // The gateway starts beside the subgraphs rather than after them: it asks nothing of them to
  // start (the supergraph is a file), and its /health answers only once every required subgraph
  // does, so waiting for it is waiting for the whole hub.
  const gatewayPort = portFor('gateway', 4000);
  const gateway = launch('gateway', path.join(ROOT, 'gateway/src/server.ts'), gatewayPort, {
    GATEWAY_PORT: String(gatewayPort),
    HUB_GRAPHIQL_DEV_TOKEN: tokens.leader,
    HUB_DEV_IDENTITIES: JSON.stringify(await devIdentities()),
    ...subgraphUrls,
  });
  await Promise.all([...subgraphs, gateway].map((service) => waitReady(service)));

  const url = `http://localhost:${gatewayPort}/graphql`;
  const response = await fetch(`http://127.0.0.1:${gatewayPort}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens.leader}` },
    body: JSON.stringify({ query: EXAMPLE_QUERY }),
  });
  const answer = (await response.json()) as { data?: { units?: { totalCount?: number } }; errors?: unknown[] };
  const seconds = ((performance.now() - startedAt) / 1000).toFixed(1);
  if (answer.errors) throw new Error(`the example query failed: ${JSON.stringify(answer.errors)}`);

  console.log(`
四项监督数据枢纽 is ready — first query answered ${seconds} s after start.

  Gateway (GraphQL + GraphiQL in the browser):  ${url}
  Web app (巡前通报, 年度数据; sign in as a demo role):  http://localhost:${gatewayPort}/app/
  Subgraphs: ${subgraphs.map((s) => `${s.name} :${s.port}`).join(', ')}
  Data: ${dataDir}   Logs: ${logDir}

Development tokens — DEVELOPMENT ONLY, signed by a local key in ${path.join(dataDir, 'keys')}, valid 30 days.
GraphiQL starts with the leader's token; send another as "Authorization: Bearer <token>":
${ROLES.map((role) => `  ${role.padEnd(19)} ${ROLE_NAMES[role]}\n    ${tokens[role]}`).join('\n')}

Example query (${answer.data?.units?.totalCount ?? 0} units in the registry), try it in GraphiQL or with:

  curl -s ${url} -H 'content-type: application/json' -H "authorization: Bearer ${tokens.analyst}" \\
    -d '{"query":"{ units(first: 5) { edges { node { name petitionSummary { year category count } stationedGroup { name } } } } }"}'

${EXAMPLE_QUERY}
Press Ctrl-C to stop.`);
} catch (error) {
  console.error(`\n✖ ${error instanceof Error ? error.message : String(error)}`);
  await stopAll(1);
}
