/**
 * npm run bench — the hub measured as it is deployed, side by side with Hive Gateway in the same run.
 *
 * PostgreSQL 15 (a throwaway cluster under .bench/, with pg_stat_statements), each service its own
 * process started as production starts it (`node scripts/serve.ts <service>`, NODE_ENV=production, production's NODE_OPTIONS),
 * the demo district seeded with `scripts/seed.ts` at ×1 and then grown to ×N. Workloads: the dossier
 * (operations/UnitDossier.graphql) as leader and as a member of the inspection team inspecting the unit,
 * the unit overview (50 units across 3 subgraphs) as analyst, and a write mix (petitions and
 * supervision activities). Each runs through our gateway and through Hive Gateway (JavaScript planner
 * and Rust query planner) serving the same committed supergraph.graphql against the same subgraph
 * processes; answers are compared between engines first. For every run: req/s, p50/p99 (autocannon),
 * CPU ms per request of each process (from /proc/<pid>/stat; PostgreSQL with all its backends) and SQL
 * statements per request per subgraph (pg_stat_statements, BEGIN/COMMIT included). Results go to the
 * console and to docs/bench-results.md (between its bench markers).
 *
 * Documents: clients send the full document text to every engine. Our gateway runs in production mode
 * with its trusted-document manifest (a non-ad-hoc role's document must be in it; ad-hoc roles pass);
 * Hive Gateway runs any document. Both cache parsed and validated documents and query plans.
 *
 * Options: --short (×1 and ×3, 1 run of 5 s: for development), --scale N (default 100), --runs R
 * (default 3, median reported), --duration S (default 20), --connections C (default 10),
 * --ports FROM-TO (ports for PostgreSQL and the services), --engines ours,hive-js,hive-rust,
 * --sequential N (rounds for the latency comparison, default 20: in each, one dossier alone through each
 * engine and each of its subgraph requests sent directly, interleaved),
 * --warmup S (seconds of load per engine and workload before its runs, default 10; 2 with --short),
 * --out FILE (default docs/bench-results.md; `-` for none), --workloads dossier-leader,dossier-team,overview-analyst,writes,
 * --profile N (after each scale's rows: N dossiers as leader through our gateway one at a time, then
 * each service's and PostgreSQL's CPU per dossier, PostgreSQL's by process kind, and pg_stat_statements per
 * statement; printed, not written).
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import pg from 'pg';
import { CLAIMS_HEADER, createLogger, issueDevToken, PURPOSE_HEADER, type Role, signGatewayClaims, type Viewer, type ViewerScopes } from '@hub/core';
import { ALL_UNITS, demoId, STAFF, STATIONED_GROUPS, UNITS } from '@hub/demo';
import { createGateway, DEFAULT_LIMITS, DEFAULT_SUPERGRAPH } from '../gateway/src/app.ts';
import { createTokenVerifier } from '../gateway/src/auth.ts';
import { observeSentRequests } from '../gateway/src/subgraph-fetch.ts';
import { type Cluster, freePort, type PortRange, startCluster } from './lib/postgres.ts';
import { postgresCpuByKind, postgresCpuMs, postgresSnapshot, processCpuMs, rssMb } from './lib/proc-stats.ts';
import { PRODUCTION_MALLOC_ARENA_MAX, PRODUCTION_NODE_OPTIONS, ServiceProcesses, serviceIdentityEnv } from './lib/services.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BODIES = ['inspection', 'discipline', 'stationed'] as const;
type Body = (typeof BODIES)[number];
const ENGINES = { ours: 'this gateway', 'hive-js': 'Hive Gateway (JS planner)', 'hive-rust': 'Hive Gateway (Rust planner)' } as const;
type Engine = keyof typeof ENGINES;

const { values } = parseArgs({
  options: {
    short: { type: 'boolean', default: false },
    scale: { type: 'string' },
    runs: { type: 'string' },
    duration: { type: 'string' },
    connections: { type: 'string', default: '10' },
    ports: { type: 'string', default: '20000-29999' },
    engines: { type: 'string', default: 'ours,hive-js,hive-rust' },
    out: { type: 'string', default: 'docs/bench-results.md' },
    workloads: { type: 'string' },
    sequential: { type: 'string' },
    profile: { type: 'string' },
    warmup: { type: 'string' },
  },
});
const short = values.short!;
const scaleN = Number(values.scale ?? (short ? 3 : 100));
const runs = Number(values.runs ?? (short ? 1 : 3));
const duration = Number(values.duration ?? (short ? 5 : 20));
const connections = Number(values.connections);
/**
 * Seconds of load per engine and workload before its measured runs, at every scale. A few requests
 * were not enough: the ×1 rows, measured first after start, then also measured V8 compiling the hot
 * paths and the database servers' first plans and caches. PostgreSQL settles on a statement's generic
 * plan after five custom plans per pooled connection, and a dossier fans out over most of a
 * subgraph's connections: a few hundred dossiers pass before planning stops (docs/bench-results.md).
 */
const warmup = Number(values.warmup ?? (short ? 2 : 10));
const [portFrom, portTo] = values.ports!.split('-').map(Number) as [number, number];
const ports: PortRange = { from: portFrom, to: portTo };
const engines = values.engines!.split(',').map((e) => e.trim()) as Engine[];
for (const engine of engines) if (!(engine in ENGINES)) throw new Error(`unknown engine ${engine}; known: ${Object.keys(ENGINES).join(', ')}`);
const SEQUENTIAL = Number(values.sequential ?? (short ? 10 : 20));
/** Fewer requests than this in a run make its per-request figures meaningless: the row says so. */
const MIN_REQUESTS = 20;

/** A busy shared machine starts services slowly. */
const STARTUP_MS = 300_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

// ---------------------------------------------------------------------------------------------
// Workloads

const document = (name: string) =>
  readFileSync(path.join(ROOT, 'operations', `${name}.graphql`), 'utf8')
    .split('\n')
    .filter((line) => !line.startsWith('#'))
    .join('\n');

const DOSSIER_UNIT = UNITS.donghu.code;
/** The dossier's window: the demo district's history up to the demo's "today". */
const DOSSIER_DATES = { since: '2016-01-01', asOf: '2021-05-06' };
const INSPECTION_TEAM = demoId('team', '2020-9-1');
const inspector = STAFF.find((s) => s.homeBody === 'INSPECTION' && s.title === '巡察干部')!;
const stationedGroup = STATIONED_GROUPS[0]!;
/**
 * The write mix writes about units outside the dossier's unit and its sub-units, the last such units
 * by code (the overview lists the first 50): thousands of petitions about the dossier's unit, written
 * at ×1, had made the ×100 dossier read a different unit (PostgreSQL 18.5 ms per dossier instead of 8).
 */
const outsideTheDossier = (code: string) => code !== DOSSIER_UNIT && ALL_UNITS.find((u) => u.code === code)?.parentCode !== DOSSIER_UNIT;
const PETITION_UNIT = ALL_UNITS.map((u) => u.code)
  .filter(outsideTheDossier)
  .sort()
  .at(-1)!;
const ACTIVITY_UNIT = stationedGroup.coverage
  .map((c) => c.unitCode)
  .filter(outsideTheDossier)
  .sort()
  .at(-1)!;
const stationedMember = STAFF.find((s) => s.stationedGroupIndex === 0 && s.title === '干部')!;

interface Caller {
  staffId: string;
  roles: Role[];
  scopes?: Partial<ViewerScopes>;
}
const CALLERS = {
  leader: { staffId: 'bench-leader', roles: ['leader'] },
  inspector: { staffId: inspector.id, roles: ['inspection_officer'], scopes: { inspectionTeamIds: [INSPECTION_TEAM] } },
  analyst: { staffId: 'bench-analyst', roles: ['analyst'] },
  petitionOfficer: { staffId: 'bench-petition-officer', roles: ['petition_officer'] },
  stationedOfficer: { staffId: stationedMember.id, roles: ['stationed_officer'], scopes: { stationedGroupIds: [stationedGroup.id] } },
} satisfies Record<string, Caller>;
type CallerName = keyof typeof CALLERS;

interface Request {
  caller: CallerName;
  /** A fixed body, or one built per request (writes: each is a new record). */
  body: string | (() => string);
  /** Payload path whose `errors` list must be empty (mutations). */
  payload?: string;
}

interface Workload {
  key: string;
  name: string;
  requests: Request[];
  /** Answers compared with ids and generated values masked (writes create different records). */
  maskIds?: boolean;
}

const PURPOSE = encodeURIComponent('性能基准 — benchmark');
let sequence = 0;
const runTag = randomBytes(3).toString('hex');
const WORKLOADS: Workload[] = [
  {
    key: 'dossier-leader',
    name: 'dossier as leader',
    requests: [{ caller: 'leader', body: JSON.stringify({ query: document('UnitDossier'), variables: { code: DOSSIER_UNIT, ...DOSSIER_DATES } }) }],
  },
  {
    key: 'dossier-team',
    name: 'dossier as inspection-team member',
    requests: [
      {
        caller: 'inspector',
        body: JSON.stringify({
          query: document('UnitDossier'),
          // The sections a member of a team that inspected the unit may read (operations/UnitDossier.graphql); the
          // counts only while the team is inspecting it, which the demo's 2020 round no longer is.
          variables: {
            code: DOSSIER_UNIT,
            ...DOSSIER_DATES,
            withPlan: true,
            withInspectionRecords: true,
            withCounts: false,
            withCaseRecords: false,
            withStationedRecords: false,
          },
        }),
      },
    ],
  },
  {
    key: 'overview-analyst',
    name: 'unit overview (50 units, 3 subgraphs) as analyst',
    requests: [{ caller: 'analyst', body: JSON.stringify({ query: document('UnitOverview'), variables: { first: 50 } }) }],
  },
  {
    key: 'writes',
    name: 'write mix (petitions, supervision activities)',
    maskIds: true,
    requests: [
      {
        caller: 'petitionOfficer',
        payload: 'registerPetition',
        body: () =>
          JSON.stringify({
            query: document('RegisterPetition'),
            variables: {
              input: {
                receivedOn: '2021-05-06',
                channel: 'LETTER',
                category: 'INTEGRITY',
                named: false,
                subjectUnitCode: PETITION_UNIT,
                summary: `性能基准 ${runTag} ${++sequence}`,
              },
            },
          }),
      },
      {
        caller: 'stationedOfficer',
        payload: 'recordSupervisionActivity',
        body: () =>
          JSON.stringify({
            query: document('RecordSupervisionActivity'),
            variables: {
              input: {
                groupId: stationedGroup.id,
                unitCode: ACTIVITY_UNIT,
                kind: 'HEART_TO_HEART_TALK',
                heldOn: '2021-05-06',
                notes: `性能基准 ${runTag} ${++sequence}`,
              },
            },
          }),
      },
    ],
  },
];

const selected = values.workloads ? WORKLOADS.filter((w) => values.workloads!.split(',').includes(w.key)) : WORKLOADS;

// ---------------------------------------------------------------------------------------------
// The hub and the engines

const dir = path.join(ROOT, '.bench');
mkdirSync(dir, { recursive: true });
const services = new ServiceProcesses();
let cluster: Cluster | undefined;
const issuer = { issuer: 'hub-bench', audience: 'hub' };
const issuerSecret = randomBytes(32).toString('base64url');
const { privateKey, publicKey } = generateKeyPairSync('ed25519');
writeFileSync(path.join(dir, 'gateway-private.pem'), privateKey.export({ type: 'pkcs8', format: 'pem' }));
writeFileSync(path.join(dir, 'gateway-public.pem'), publicKey.export({ type: 'spki', format: 'pem' }));

const base: NodeJS.ProcessEnv = {
  PATH: process.env.PATH,
  NODE_ENV: 'production',
  HOST: '127.0.0.1',
  LOG_LEVEL: 'warn',
  HUB_DATA_DIR: dir,
  HUB_GATEWAY_PUBLIC_KEY_FILE: path.join(dir, 'gateway-public.pem'),
};
const jwtEnv = {
  HUB_JWT_ISSUER: issuer.issuer,
  HUB_JWT_AUDIENCE: issuer.audience,
  HUB_JWT_SECRET: issuerSecret,
  HUB_GATEWAY_PRIVATE_KEY_FILE: path.join(dir, 'gateway-private.pem'),
};

const subgraphPorts = {} as Record<Body, number>;
const enginePorts = {} as Record<Engine, number>;
const subgraphUrl = (body: Body) => `http://127.0.0.1:${subgraphPorts[body]}/graphql`;
const subgraphUrlEnv = () => Object.fromEntries(BODIES.map((b) => [`${b.toUpperCase()}_SUBGRAPH_URL`, subgraphUrl(b)]));

async function seed(scale: number) {
  const started = performance.now();
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, ['scripts/seed.ts', '--scale', String(scale)], {
      cwd: ROOT,
      env: { ...base, NODE_ENV: 'production', ...Object.fromEntries(BODIES.map((b) => [`${b.toUpperCase()}_DATABASE_URL`, cluster!.url(b)])) },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`seed --scale ${scale} failed (${code})`))));
  });
  for (const body of BODIES) {
    const client = new pg.Client({ connectionString: cluster!.url(body) });
    await client.connect();
    await client.query('vacuum analyze');
    await client.end();
  }
  console.log(`seeded ×${scale} in ${((performance.now() - started) / 1000).toFixed(0)} s (vacuum analyze after)`);
}

async function startServices() {
  // The subgraphs' reference checks and outbox go through this project's gateway, whichever engine is measured.
  const oursPort = await freePort(ports);
  const identities = serviceIdentityEnv(dir, BODIES, `http://127.0.0.1:${oursPort}/graphql`);
  for (const body of BODIES) {
    subgraphPorts[body] = await freePort(ports);
    services.serve(body, body, {
      ...base,
      ...identities.subgraph(body),
      [`${body.toUpperCase()}_PORT`]: String(subgraphPorts[body]),
      [`${body.toUpperCase()}_DATABASE_URL`]: cluster!.url(body),
      HUB_DEMO_DATA: '0',
    });
  }
  for (const body of BODIES) await services.waitHealthy(subgraphPorts[body], body, STARTUP_MS);
  if (!engines.includes('ours'))
    services.serve('ours', 'gateway', {
      ...base,
      ...jwtEnv,
      ...identities.gateway,
      ...subgraphUrlEnv(),
      GATEWAY_PORT: String(oursPort),
      HUB_RATE_LIMIT_PER_SECOND: '0',
    });
  for (const engine of engines) {
    enginePorts[engine] = engine === 'ours' ? oursPort : await freePort(ports);
    if (engine === 'ours') {
      services.serve('ours', 'gateway', {
        ...base,
        ...jwtEnv,
        ...identities.gateway,
        ...subgraphUrlEnv(),
        GATEWAY_PORT: String(enginePorts.ours),
        HUB_RATE_LIMIT_PER_SECOND: '0',
      });
    } else {
      services.start(
        engine,
        { ...base, ...jwtEnv, ...subgraphUrlEnv(), HIVE_PORT: String(enginePorts[engine]), HIVE_PLANNER: engine === 'hive-rust' ? 'rust' : 'js' },
        ['scripts/lib/hive-gateway.ts'],
      );
    }
  }
  for (const engine of engines) await services.waitHealthy(enginePorts[engine], engine, STARTUP_MS);
}

const tokens = {} as Record<CallerName, string>;
async function issueTokens() {
  for (const [name, caller] of Object.entries(CALLERS) as [CallerName, Caller][]) {
    tokens[name] = await issueDevToken({ issuerSecret: new TextEncoder().encode(issuerSecret) }, caller, 6 * 3600, issuer);
  }
}
const headersFor = (caller: CallerName) => ({ 'content-type': 'application/json', authorization: `Bearer ${tokens[caller]}`, [PURPOSE_HEADER]: PURPOSE });
const bodyOf = (request: Request) => (typeof request.body === 'string' ? request.body : request.body());

/** Whether one answer is a success: HTTP 200, no GraphQL errors, no payload errors for a mutation. */
function failure(status: number, text: string, request: Request): string | null {
  if (status !== 200) return `HTTP ${status}: ${text.slice(0, 200)}`;
  let answer: { data?: Record<string, { errors?: unknown[] } | null> | null; errors?: { message: string }[] };
  try {
    answer = JSON.parse(text);
  } catch {
    return 'not JSON';
  }
  if (answer.errors?.length)
    return `errors: ${answer.errors
      .map((e) => e.message)
      .join('; ')
      .slice(0, 300)}`;
  if (request.payload && answer.data?.[request.payload]?.errors?.length)
    return `payload errors: ${JSON.stringify(answer.data[request.payload]!.errors).slice(0, 300)}`;
  return null;
}

async function send(engine: Engine, request: Request): Promise<{ status: number; text: string }> {
  const response = await fetch(`http://127.0.0.1:${enginePorts[engine]}/graphql`, {
    method: 'POST',
    headers: headersFor(request.caller),
    body: bodyOf(request),
  });
  return { status: response.status, text: await response.text() };
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;
/** Each engine's answers to the workload's requests; compared with our gateway's. */
async function compareAnswers(workload: Workload): Promise<Record<Engine, string>> {
  const verdict = {} as Record<Engine, string>;
  const reference: string[] = [];
  for (const engine of engines) {
    const answers: string[] = [];
    for (const request of workload.requests) {
      const { status, text } = await send(engine, request);
      const failed = failure(status, text, request);
      if (failed) throw new Error(`${ENGINES[engine]}, ${workload.name}: ${failed}`);
      // Compared as data: the same JSON values in the same order, whitespace aside.
      const canonical = JSON.stringify(JSON.parse(text));
      answers.push(workload.maskIds ? canonical.replace(UUID, '<id>').replace(/性能基准 \w+ \d+/g, '<text>') : canonical);
    }
    if (engine === engines[0]) reference.push(...answers);
    verdict[engine] = answers.every((a, i) => a === reference[i]) ? 'identical' : 'DIFFERENT';
    if (verdict[engine] !== 'identical') {
      const i = answers.findIndex((a, j) => a !== reference[j]);
      const a = answers[i]!;
      const b = reference[i]!;
      let at = 0;
      while (at < a.length && a[at] === b[at]) at++;
      console.log(
        `  ${ENGINES[engine]} answers ${workload.name} differently from ${ENGINES[engines[0]!]} at character ${at}:\n    ${b.slice(Math.max(0, at - 80), at + 80)}\n    ${a.slice(Math.max(0, at - 80), at + 80)}`,
      );
    }
  }
  return verdict;
}

// ---------------------------------------------------------------------------------------------
// Measuring

async function statementCounts(admin: pg.Client): Promise<Record<Body, number>> {
  const { rows } = await admin.query<{ datname: string; calls: string }>(
    'select d.datname, sum(s.calls)::text as calls from pg_stat_statements s join pg_database d on d.oid = s.dbid group by d.datname',
  );
  return Object.fromEntries(BODIES.map((b) => [b, Number(rows.find((r) => r.datname === b)?.calls ?? 0)])) as Record<Body, number>;
}

interface Sample {
  rps: number;
  p50: number;
  p99: number;
  requests: number;
  failures: number;
  firstFailure?: string;
  cpu: Record<'gateway' | Body | 'postgres', number>;
  sql: Record<Body, number>;
}

async function load(engine: Engine, workload: Workload, seconds: number) {
  let failures = 0;
  let firstFailure: string | undefined;
  const result = await autocannon({
    url: `http://127.0.0.1:${enginePorts[engine]}/graphql`,
    connections,
    duration: seconds,
    timeout: 30,
    requests: workload.requests.map((request) => ({
      method: 'POST',
      headers: headersFor(request.caller),
      ...(typeof request.body === 'string' ? { body: request.body } : { setupRequest: (r: Record<string, unknown>) => ({ ...r, body: bodyOf(request) }) }),
      onResponse: (status: number, body: string) => {
        const failed = failure(status, String(body), request);
        if (failed) {
          failures++;
          firstFailure ??= failed;
        }
      },
    })),
  } as autocannon.Options);
  return { result, failures, firstFailure };
}

async function measure(admin: pg.Client, postmaster: number, engine: Engine, workload: Workload): Promise<Sample> {
  const pids = { gateway: services.pid(engine), ...Object.fromEntries(BODIES.map((b) => [b, services.pid(b)])) } as Record<'gateway' | Body, number>;
  const cpuNow = () =>
    ({ ...Object.fromEntries(Object.entries(pids).map(([k, pid]) => [k, processCpuMs(pid)])), postgres: postgresCpuMs(postmaster) }) as Sample['cpu'];
  const cpuBefore = cpuNow();
  const sqlBefore = await statementCounts(admin);
  const { result, failures, firstFailure } = await load(engine, workload, duration);
  const cpuAfter = cpuNow();
  const sqlAfter = await statementCounts(admin);
  const n = Math.max(1, result.requests.total);
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests: result.requests.total,
    failures: failures + result.errors + result.timeouts,
    firstFailure,
    cpu: Object.fromEntries(
      Object.keys(cpuBefore).map((k) => [k, (cpuAfter[k as keyof Sample['cpu']] - cpuBefore[k as keyof Sample['cpu']]) / n]),
    ) as Sample['cpu'],
    // The statistics query itself runs in the `postgres` database, not counted here.
    sql: Object.fromEntries(BODIES.map((b) => [b, (sqlAfter[b] - sqlBefore[b]) / n])) as Record<Body, number>,
  };
}

function medianSample(samples: Sample[]): Sample {
  const m = (f: (s: Sample) => number) => median(samples.map(f));
  const keys = Object.keys(samples[0]!.cpu) as (keyof Sample['cpu'])[];
  return {
    rps: m((s) => s.rps),
    p50: m((s) => s.p50),
    p99: m((s) => s.p99),
    requests: samples.reduce((a, s) => a + s.requests, 0),
    failures: samples.reduce((a, s) => a + s.failures, 0),
    firstFailure: samples.find((s) => s.firstFailure)?.firstFailure,
    cpu: Object.fromEntries(keys.map((k) => [k, m((s) => s.cpu[k])])) as Sample['cpu'],
    sql: Object.fromEntries(BODIES.map((b) => [b, m((s) => s.sql[b])])) as Record<Body, number>,
  };
}

/** One request through an engine, alone: its latency in ms. */
async function timedSend(engine: Engine, request: Request): Promise<number> {
  const started = performance.now();
  const { status, text } = await send(engine, request);
  const ms = performance.now() - started;
  const failed = failure(status, text, request);
  if (failed) throw new Error(`${engine}: ${failed}`);
  return ms;
}

/** A subgraph request our gateway sends for a dossier, as recorded: to be sent again directly. */
interface RecordedFetch {
  audience: Body;
  url: string;
  body: string;
  identity: { viewer: Viewer; purpose: string | null };
}

/** The subgraph requests a recording gateway (this project's, in this process) sends for `request`. */
async function recordSubgraphRequests(request: Request): Promise<RecordedFetch[]> {
  const urls = new Map(BODIES.map((b) => [subgraphUrl(b), b]));
  const recorded: RecordedFetch[] = [];
  // The recording gateway's subgraph requests as its HTTP client sends them.
  const stopObserving = observeSentRequests((sent) => {
    const audience = urls.get(sent.url);
    if (!audience || !sent.body) return;
    const payload = JSON.parse(Buffer.from(sent.headers[CLAIMS_HEADER]!.split('.')[1]!, 'base64url').toString('utf8')) as {
      sub: string;
      roles: Role[];
      scopes: ViewerScopes;
      purpose: string | null;
    };
    recorded.push({
      audience,
      url: sent.url,
      body: sent.body,
      identity: { viewer: { staffId: payload.sub, roles: payload.roles, scopes: payload.scopes } as Viewer, purpose: payload.purpose },
    });
  });
  const port = await freePort(ports);
  const recorder = createGateway({
    port,
    host: '127.0.0.1',
    supergraphPath: DEFAULT_SUPERGRAPH,
    subgraphUrls: Object.fromEntries(BODIES.map((b) => [b, subgraphUrl(b)])),
    subgraphTimeoutMs: 10_000,
    development: false,
    logger: createLogger({ name: 'bench-recorder', level: 'silent' }),
    verifyToken: createTokenVerifier({
      ...issuer,
      key: { secret: new TextEncoder().encode(issuerSecret) },
      maxLifetimeSeconds: 12 * 3600,
      clockSkewSeconds: 60,
    }),
    gatewayPrivateKey: privateKey,
    limits: DEFAULT_LIMITS,
    introspectionRoles: [],
    servicePublicKeys: {},
  });
  try {
    await recorder.start();
    const response = await fetch(`http://127.0.0.1:${port}/graphql`, { method: 'POST', headers: headersFor(request.caller), body: bodyOf(request) });
    const failed = failure(response.status, await response.text(), request);
    if (failed) throw new Error(`recording gateway: ${failed}`);
  } finally {
    stopObserving();
    await recorder.stop();
  }
  return recorded;
}

/** One recorded subgraph request sent directly, with fresh claims: its latency in ms. */
async function timedDirect(fetchOne: RecordedFetch): Promise<number> {
  const claims = await signGatewayClaims(privateKey, fetchOne.identity, fetchOne.audience, fetchOne.body);
  const started = performance.now();
  const response = await fetch(fetchOne.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [CLAIMS_HEADER]: claims },
    body: fetchOne.body,
  });
  const text = await response.text();
  const ms = performance.now() - started;
  if (response.status !== 200 || text.startsWith('{"errors"'))
    throw new Error(`direct ${fetchOne.audience} request: HTTP ${response.status} ${text.slice(0, 200)}`);
  return ms;
}

/**
 * The dossier alone through each engine, and each of its subgraph requests sent directly: one of each
 * per round, SEQUENTIAL rounds after 3 unmeasured ones, medians. Interleaved, so that whatever the
 * machine does meanwhile (autovacuum after the load runs, say) falls on every figure alike.
 */
async function aloneAndDirect(request: Request): Promise<{ alone: { engine: Engine; ms: number }[]; direct: { audience: Body; ms: number }[] }> {
  const recorded = await recordSubgraphRequests(request);
  const alone = new Map<Engine, number[]>(engines.map((engine) => [engine, []]));
  const direct = recorded.map(() => [] as number[]);
  for (let round = 0; round < SEQUENTIAL + 3; round++) {
    for (const engine of engines) {
      const ms = await timedSend(engine, request);
      if (round >= 3) alone.get(engine)!.push(ms);
    }
    for (const [i, fetchOne] of recorded.entries()) {
      const ms = await timedDirect(fetchOne);
      if (round >= 3) direct[i]!.push(ms);
    }
  }
  return {
    alone: engines.map((engine) => ({ engine, ms: median(alone.get(engine)!) })),
    direct: recorded.map((fetchOne, i) => ({ audience: fetchOne.audience, ms: median(direct[i]!) })),
  };
}

/**
 * N dossiers as leader through our gateway, one at a time, with pg_stat_statements reset before:
 * PostgreSQL's CPU per dossier by process kind (backends per database, background processes), and
 * each statement's calls, execution and planning time, rows and shared buffers hit per dossier.
 */
async function profile(admin: pg.Client, postmaster: number, scale: number, n: number): Promise<string> {
  const dossier = WORKLOADS[0]!.requests[0]!;
  for (let i = 0; i < 3; i++) await send('ours', dossier);
  await admin.query('select pg_stat_statements_reset()');
  const processes = ['ours', ...BODIES] as const;
  const cpuBefore = processes.map((name) => processCpuMs(services.pid(name)));
  const before = postgresSnapshot(postmaster);
  const started = performance.now();
  for (let i = 0; i < n; i++) {
    const { status, text } = await send('ours', dossier);
    const failed = failure(status, text, dossier);
    if (failed) throw new Error(`profile: ${failed}`);
  }
  const wall = performance.now() - started;
  const after = postgresSnapshot(postmaster);
  const cpuAfter = processes.map((name) => processCpuMs(services.pid(name)));
  const byKind = postgresCpuByKind(before, after);
  const { rows } = await admin.query<{
    datname: string;
    query: string;
    calls: string;
    exec: number;
    plan: number;
    rows: string;
    hit: string;
    read: string;
    wal: string;
  }>(
    `select d.datname, s.query, s.calls::text, s.total_exec_time as exec, s.total_plan_time as plan, s.rows::text,
            s.shared_blks_hit::text as hit, s.shared_blks_read::text as read, s.wal_bytes::text as wal
       from pg_stat_statements s join pg_database d on d.oid = s.dbid
      where d.datname = any($1) order by s.total_exec_time + s.total_plan_time desc`,
    [[...BODIES]],
  );
  const lines: string[] = [];
  const out = (line = '') => lines.push(line);
  out(`#### Profile ×${scale}: ${n} dossiers as leader through this gateway, one at a time (${f1(wall / n)} ms each)`);
  out();
  out(
    `CPU ms per dossier of the services: ${processes.map((name, i) => `${name === 'ours' ? 'gateway' : name} ${f1((cpuAfter[i]! - cpuBefore[i]!) / n)}`).join(', ')}`,
  );
  out();
  out('| PostgreSQL process | CPU ms per dossier |');
  out('|---|---|');
  let total = 0;
  for (const kind of Object.keys(byKind).sort()) {
    const ms = byKind[kind]! / n;
    total += ms;
    if (ms !== 0 || kind.startsWith('exited:')) out(`| ${kind} | ${f1(ms)} |`);
  }
  out(`| all | ${f1(total)} |`);
  out();
  out('| database | statement | calls | exec ms | plan ms | rows | shared hit | shared read | WAL bytes |');
  out('|---|---|---|---|---|---|---|---|---|');
  const per = (x: string | number) => Number(x) / n;
  const sums = { calls: 0, exec: 0, plan: 0 };
  for (const r of rows) {
    sums.calls += per(r.calls);
    sums.exec += per(r.exec);
    sums.plan += per(r.plan);
    const text = r.query.replace(/\s+/g, ' ').replace(/\|/g, '\\|').slice(0, 160);
    out(
      `| ${r.datname} | \`${text}\` | ${per(r.calls).toFixed(1)} | ${per(r.exec).toFixed(3)} | ${per(r.plan).toFixed(3)} | ${per(r.rows).toFixed(1)} | ${per(r.hit).toFixed(0)} | ${per(r.read).toFixed(0)} | ${per(r.wal).toFixed(0)} |`,
    );
  }
  out(`| all | | ${sums.calls.toFixed(1)} | ${sums.exec.toFixed(2)} | ${sums.plan.toFixed(2)} | | | | |`);
  return lines.join('\n');
}

// ---------------------------------------------------------------------------------------------
// Report

const f1 = (x: number) => (Number.isFinite(x) ? x.toFixed(1) : '–');
const f0 = (x: number) => (Number.isFinite(x) ? x.toFixed(0) : '–');

interface ScaleResult {
  scale: number;
  rows: { workload: Workload; engine: Engine; sample: Sample; answers: string }[];
  alone: { engine: Engine; ms: number }[];
  direct: { audience: Body; ms: number }[];
}

const totalCpu = (s: Sample) => s.cpu.gateway + s.cpu.inspection + s.cpu.discipline + s.cpu.stationed + s.cpu.postgres;

function report(results: ScaleResult[], rss: Record<string, number>, rssAtStart: Record<string, number>, started: Date): string {
  const lines: string[] = [];
  const out = (line = '') => lines.push(line);
  out(
    `Run ${started.toISOString()}, ${((Date.now() - started.getTime()) / 60000).toFixed(1)} min: ${connections} connections, ${duration} s × ${runs} run(s) per row (median) after ${warmup} s of warm-up per engine, PostgreSQL 15, demo district ×1 and ×${scaleN}${short ? ' (--short)' : ''}.`,
  );
  out(
    'CPU and SQL are per request; CPU in ms of each process (PostgreSQL: the server with all backends). SQL: statements per request per subgraph database (pg_stat_statements, transaction statements included).',
  );
  out();
  for (const r of results) {
    out(`### Demo district ×${r.scale}`);
    out();
    out(
      '| workload | engine | requests | req/s | p50 ms | p99 ms | failed | answers | CPU gateway | CPU inspection | CPU discipline | CPU stationed | CPU PostgreSQL | CPU all | SQL inspection | SQL discipline | SQL stationed |',
    );
    out('|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|');
    for (const { workload, engine, sample: s, answers } of r.rows) {
      const few = s.requests < MIN_REQUESTS * runs ? ' (too few: machine busy)' : '';
      out(
        `| ${workload.name} | ${ENGINES[engine]} | ${s.requests}${few} | ${f1(s.rps)} | ${f0(s.p50)} | ${f0(s.p99)} | ${s.failures} | ${answers} | ${f1(s.cpu.gateway)} | ${f1(s.cpu.inspection)} | ${f1(s.cpu.discipline)} | ${f1(s.cpu.stationed)} | ${f1(s.cpu.postgres)} | ${f1(totalCpu(s))} | ${f1(s.sql.inspection)} | ${f1(s.sql.discipline)} | ${f1(s.sql.stationed)} |`,
      );
    }
    out();
    const others = engines.filter((e) => e !== 'ours');
    if (engines.includes('ours') && others.length) {
      // Measured req/s depends on what else the machine runs at that moment; CPU per request much
      // less so: capacity = the CPU one request costs all processes together (2 cores saturate on it).
      out(
        `| workload | ${others.map((e) => `req/s ours / ${ENGINES[e]}`).join(' | ')} | ${others.map((e) => `capacity (1 / CPU all) ours / ${ENGINES[e]}`).join(' | ')} |`,
      );
      out(`|---|${others.map(() => '---').join('|')}|${others.map(() => '---').join('|')}|`);
      for (const workload of selected) {
        const sample = (e: Engine) => r.rows.find((x) => x.workload === workload && x.engine === e)?.sample;
        const rps = (e: Engine) => sample(e)?.rps ?? NaN;
        const cpu = (e: Engine) => (sample(e) ? totalCpu(sample(e)!) : NaN);
        out(
          `| ${workload.name} | ${others.map((e) => `${(rps('ours') / rps(e)).toFixed(2)}×`).join(' | ')} | ${others.map((e) => `${(cpu(e) / cpu('ours')).toFixed(2)}×`).join(' | ')} |`,
        );
      }
      out();
    }
    const sum = r.direct.reduce((a, d) => a + d.ms, 0);
    out(
      `Dossier as leader, one request at a time, engines and direct requests interleaved (median of ${SEQUENTIAL} rounds): ${r.alone.map((a) => `${ENGINES[a.engine]} ${f1(a.ms)} ms`).join(', ')}; ` +
        `its ${r.direct.length} subgraph requests sent directly: ${r.direct.map((d) => `${d.audience} ${f1(d.ms)}`).join(', ')} ms, summed ${f1(sum)} ms.`,
    );
    out();
  }
  out(
    `RSS after load (MB): ${Object.entries(rss)
      .map(([k, v]) => `${k} ${f0(v)}`)
      .join(', ')}; right after start: ${Object.entries(rssAtStart)
      .map(([k, v]) => `${k} ${f0(v)}`)
      .join(
        ', ',
      )}. Our services run with NODE_OPTIONS=${PRODUCTION_NODE_OPTIONS} MALLOC_ARENA_MAX=${PRODUCTION_MALLOC_ARENA_MAX} (as deployed), Hive Gateway with Node's defaults.`,
  );
  out();
  out('Targets (issue 15):');
  const at = (scale: number, key: string, engine: Engine) =>
    results.find((r) => r.scale === scale)?.rows.find((x) => x.workload.key === key && x.engine === engine)?.sample;
  const check = (ok: boolean, text: string) => out(`- ${ok ? 'MET   ' : 'NOT MET'} ${text}`);
  for (const scale of results.map((r) => r.scale)) {
    const ours = at(scale, 'dossier-leader', 'ours');
    const rust = at(scale, 'dossier-leader', 'hive-rust');
    if (ours && rust) {
      check(
        ours.rps >= rust.rps,
        `dossier throughput ×${scale}: ours ${f1(ours.rps)} req/s = ${(ours.rps / rust.rps).toFixed(2)}× Hive Gateway (Rust planner) ${f1(rust.rps)} (target ≥ 1.0×)`,
      );
      check(
        totalCpu(ours) <= totalCpu(rust),
        `dossier capacity ×${scale}: all processes ${f1(totalCpu(ours))} CPU ms per request through ours, ${f1(totalCpu(rust))} through Hive Gateway (Rust planner) = ${(totalCpu(rust) / totalCpu(ours)).toFixed(2)}× (target ≥ 1.0×)`,
      );
    }
  }
  for (const r of results) {
    const alone = r.alone.find((a) => a.engine === 'ours');
    const sum = r.direct.reduce((a, d) => a + d.ms, 0);
    if (alone && sum)
      check(
        alone.ms <= 1.2 * sum,
        `gateway latency ×${r.scale}: dossier alone ${f1(alone.ms)} ms = ${(alone.ms / sum).toFixed(2)}× its subgraph requests summed (${f1(sum)} ms) (target ≤ 1.2×)`,
      );
  }
  const p1 = at(1, 'dossier-leader', 'ours');
  const pN = at(scaleN, 'dossier-leader', 'ours');
  if (p1 && pN)
    check(pN.p99 <= 1.5 * p1.p99, `dossier p99 ×${scaleN} ${f0(pN.p99)} ms = ${(pN.p99 / p1.p99).toFixed(2)}× ×1 (${f0(p1.p99)} ms) (target ≤ 1.5×)`);
  for (const scale of results.map((r) => r.scale)) {
    const s = at(scale, 'dossier-leader', 'ours');
    if (s)
      check(s.cpu.postgres <= 42 / 5, `dossier PostgreSQL CPU ×${scale}: ${f1(s.cpu.postgres)} ms per request (issue: 42–51 ms; target ≤ ${f1(42 / 5)} ms)`);
  }
  const services = Object.entries(rss).filter(([k]) => k === 'ours' || (BODIES as readonly string[]).includes(k));
  check(
    services.every(([, v]) => v <= 250),
    `RSS after load ≤ 250 MB: ${services.map(([k, v]) => `${k === 'ours' ? 'gateway' : k} ${f0(v)}`).join(', ')}`,
  );
  return lines.join('\n');
}

function writeResults(file: string, text: string) {
  const target = path.resolve(ROOT, file);
  const START = '<!-- bench:start -->';
  const END = '<!-- bench:end -->';
  let existing = '';
  try {
    existing = readFileSync(target, 'utf8');
  } catch {
    existing = `# Benchmark results\n\nWritten by \`npm run bench\` between the markers below.\n\n${START}\n${END}\n`;
  }
  const from = existing.indexOf(START);
  const to = existing.indexOf(END);
  const next =
    from >= 0 && to > from ? `${existing.slice(0, from + START.length)}\n${text}\n${existing.slice(to)}` : `${existing}\n${START}\n${text}\n${END}\n`;
  writeFileSync(target, next);
  console.log(`\nwritten to ${file}`);
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<boolean> {
  const started = new Date();
  cluster = await startCluster({
    ports,
    parentDir: dir,
    settings: [
      'shared_preload_libraries=pg_stat_statements',
      'pg_stat_statements.max=10000',
      // Planning time per statement only when profiling: it costs the server a little on every statement.
      ...(values.profile ? ['pg_stat_statements.track_planning=on'] : []),
    ],
  });
  const db = new pg.Client({ connectionString: cluster.url('postgres') });
  admin = db;
  db.on('error', () => undefined);
  await db.connect();
  await db.query('create extension pg_stat_statements');
  for (const body of BODIES) await db.query(`create database ${body}`);
  const postmaster = await cluster.pid();
  await seed(1);
  await startServices();
  await issueTokens();
  const rssOf = () => Object.fromEntries([...BODIES, ...engines].map((name) => [name, rssMb(services.pid(name))]));
  const rssAtStart = rssOf();
  const results: ScaleResult[] = [];
  const profiles: string[] = [];
  for (const scale of [...new Set([1, scaleN])]) {
    if (scale !== 1) await seed(scale);
    const result: ScaleResult = { scale, rows: [], alone: [], direct: [] };
    for (const workload of selected) {
      const answers = await compareAnswers(workload);
      // Warm-up (plans, caches, connections), then the engines' runs alternate, so that load from
      // elsewhere on the machine falls on every engine alike; the median run of each is reported.
      for (const engine of engines) {
        for (const request of workload.requests) await send(engine, request);
        if (warmup > 0) await load(engine, workload, warmup);
      }
      const samples = new Map<Engine, Sample[]>(engines.map((e) => [e, []]));
      for (let i = 0; i < runs; i++) for (const engine of engines) samples.get(engine)!.push(await measure(db, postmaster, engine, workload));
      for (const engine of engines) {
        const sample = medianSample(samples.get(engine)!);
        result.rows.push({ workload, engine, sample, answers: answers[engine] });
        console.log(
          `×${scale} ${workload.name} — ${ENGINES[engine]}: ${f1(sample.rps)} req/s, p50 ${f0(sample.p50)} ms, p99 ${f0(sample.p99)} ms, failed ${sample.failures}${sample.firstFailure ? ` (${sample.firstFailure})` : ''}; ` +
            `CPU ms/req gateway ${f1(sample.cpu.gateway)}, subgraphs ${f1(sample.cpu.inspection)}/${f1(sample.cpu.discipline)}/${f1(sample.cpu.stationed)}, PostgreSQL ${f1(sample.cpu.postgres)}; ` +
            `SQL/req ${f1(sample.sql.inspection)}/${f1(sample.sql.discipline)}/${f1(sample.sql.stationed)}; answers ${answers[engine]}`,
        );
      }
    }
    const dossier = WORKLOADS[0]!.requests[0]!;
    const latencies = await aloneAndDirect(dossier);
    result.alone = latencies.alone;
    result.direct = latencies.direct;
    results.push(result);
    if (values.profile && engines.includes('ours')) profiles.push(await profile(db, postmaster, scale, Number(values.profile)));
  }
  const text = report(results, rssOf(), rssAtStart, started);
  console.log(`\n${text}`);
  for (const p of profiles) console.log(`\n${p}`);
  if (values.out !== '-') writeResults(values.out!, text);
  const failed = results.some((r) => r.rows.some((row) => row.sample.failures > 0 || row.answers !== 'identical'));
  if (failed) {
    console.log('\nFAILED: some requests failed or the engines answered differently (see above).');
    // A subgraph logs why it refused a request (reasonCode, never the token): the cause of a 401.
    const refusals = services.logs.filter((line) => line.includes('request refused'));
    if (refusals.length > 0) console.log(`\nRequests the services refused (${refusals.length}, the last 20):\n${refusals.slice(-20).join('\n')}`);
  }
  return !failed;
}

let ok = false;
let admin: pg.Client | undefined;
// Stopped from outside: the services and the cluster go too.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void services
      .stopAll()
      .then(() => cluster?.stop())
      .finally(() => process.exit(130));
  });
}
try {
  ok = await main();
} catch (error) {
  console.error((error as Error).message);
  console.error(services.logs.slice(-15).join('\n'));
} finally {
  await admin?.end().catch(() => undefined);
  await services.stopAll();
  await sleep(200);
  await cluster?.stop();
}
process.exit(ok ? 0 : 1);
