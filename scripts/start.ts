/**
 * npm start — runs the whole hub on this machine: every subgraph built in this repository and the
 * gateway, each in its own process, with embedded databases under data/ unless <BODY>_DATABASE_URL
 * is set. Loads the demo district on first run (HUB_DEMO_DATA=0 turns that off), waits until all
 * are ready, prints the gateway URL and an example query. Ctrl-C stops everything.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { DEFAULT_DATA_DIR, issueDevToken, loadDevKeys, ROLE_NAMES, ROLES, type Role, type ViewerScopes } from '@hub/core';
import { STATIONED_GROUPS } from '@hub/demo';
import { EXAMPLE_QUERY } from '../gateway/src/example-query.ts';
import { readSubgraphConfig, ROOT } from './lib/composition.ts';

if (process.env.NODE_ENV === 'production') {
  console.error('npm start runs the hub for development and demonstration, with local keys and development tokens.\n' +
    'In production start each service on its own (npm start -w <service>) with NODE_ENV=production and configured keys.');
  process.exit(1);
}

const startedAt = performance.now();
const dataDir = path.resolve(process.env.HUB_DATA_DIR || DEFAULT_DATA_DIR);
const logDir = path.join(dataDir, 'logs');
mkdirSync(logDir, { recursive: true });

interface Service {
  name: string;
  port: number;
  child: ChildProcess;
  log: string;
}

const services: Service[] = [];
let stopping = false;

function portFor(name: string, fallback: number): number {
  const raw = process.env[`${name.toUpperCase()}_PORT`];
  if (!raw) return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port <= 0 || port > 65535) throw new Error(`${name.toUpperCase()}_PORT must be a port number, got "${raw}"`);
  return port;
}

function launch(name: string, script: string, port: number, env: Record<string, string>): Service {
  const log = path.join(logDir, `${name}.log`);
  // The service writes its log file itself (not through this process), so it never depends on the
  // supervisor being alive to write a line or to stop.
  const out = openSync(log, 'a');
  // Node itself (not a wrapper) is the child, running the TypeScript source with its own type stripping. Each service has its own process group, so Ctrl-C
  // reaches only this supervisor, which then stops the services one by one; if the supervisor
  // dies, each service notices it was re-parented and stops.
  const child = spawn(process.execPath, [script], {
    cwd: ROOT,
    env: { ...process.env, ...env, HUB_DATA_DIR: dataDir, HUB_SUPERVISED: '1' },
    stdio: ['ignore', out, out],
    detached: true,
  });
  closeSync(out);
  const service = { name, port, child, log };
  child.once('exit', (code, signal) => {
    if (stopping) return;
    console.error(`\n✖ ${name} exited unexpectedly (${signal ?? `code ${code}`}); last lines of ${log}:`);
    try {
      console.error(readFileSync(log, 'utf8').trim().split('\n').slice(-15).join('\n'));
    } catch {
      /* no log yet */
    }
    void stopAll(1);
  });
  services.push(service);
  return service;
}

async function waitReady(service: Service, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (stopping) return;
    try {
      const response = await fetch(`http://127.0.0.1:${service.port}/health`);
      if (response.ok) return;
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

try {
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
  await Promise.all(subgraphs.map((service) => waitReady(service)));
  const gatewayPort = portFor('gateway', 4000);
  const gateway = launch('gateway', path.join(ROOT, 'gateway/src/server.ts'), gatewayPort, {
    GATEWAY_PORT: String(gatewayPort),
    HUB_GRAPHIQL_DEV_TOKEN: tokens.leader,
    ...subgraphUrls,
  });
  await waitReady(gateway);

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
