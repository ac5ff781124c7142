import { serviceIdentityEnv } from '../../scripts/lib/services.ts';
/**
 * One request, one trace, across processes: the gateway and the three subgraphs run as their own
 * processes (the commands the container image runs, production mode, PostgreSQL) and export their
 * spans by OTLP (HTTP, JSON) to a small receiver in this test. The gateway's subgraph fetches carry
 * `traceparent`; each subgraph's server span is the child of the gateway's fetch; SQL statements are
 * spans with their text and no values.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLogger, openDatabase } from '@hub/core';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../scripts/lib/postgres.ts';
import { insertUnits } from '../../subgraphs/inspection/src/db/units.ts';
import { freshDatabases } from '../support/hub.ts';
import { randomUnitCode } from '../support/seed.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SUBGRAPHS = ['inspection', 'discipline', 'stationed'] as const;
const SECRET = 'a-test-secret-of-at-least-thirty-two-bytes';
const METRICS_TOKEN = 'tracing-test-metrics-token';

interface OtlpSpan {
  service: string;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes: Record<string, unknown>;
}

/** The value of an OTLP/JSON attribute ({ stringValue } / { intValue } / { arrayValue }). */
function attributeValue(value: Record<string, unknown>): unknown {
  if ('stringValue' in value) return value.stringValue;
  if ('intValue' in value) return Number(value.intValue);
  if ('boolValue' in value) return value.boolValue;
  if ('doubleValue' in value) return value.doubleValue;
  if ('arrayValue' in value) return ((value.arrayValue as { values?: Record<string, unknown>[] }).values ?? []).map(attributeValue);
  return undefined;
}

/** A tiny OTLP/HTTP (JSON) receiver: POST /v1/traces, spans kept in memory. */
async function startReceiver() {
  const spans: OtlpSpan[] = [];
  const bodies: string[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      bodies.push(text);
      if (req.url === '/v1/traces' && req.headers['content-type']?.includes('json')) {
        const body = JSON.parse(text) as {
          resourceSpans: { resource: { attributes: { key: string; value: Record<string, unknown> }[] }; scopeSpans: { spans: any[] }[] }[];
        };
        for (const rs of body.resourceSpans) {
          const service = String(attributeValue(rs.resource.attributes.find((a) => a.key === 'service.name')!.value));
          for (const ss of rs.scopeSpans) {
            for (const s of ss.spans) {
              spans.push({
                service,
                traceId: s.traceId,
                spanId: s.spanId,
                parentSpanId: s.parentSpanId || undefined,
                name: s.name,
                kind: s.kind,
                attributes: Object.fromEntries(
                  (s.attributes ?? []).map((a: { key: string; value: Record<string, unknown> }) => [a.key, attributeValue(a.value)]),
                ),
              });
            }
          }
        }
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { spans, bodies, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise<void>((r) => server.close(() => r())) };
}

describe('OpenTelemetry: one trace per request across the gateway and subgraph processes', () => {
  const children: ChildProcess[] = [];
  const output: string[] = [];
  const ports: Record<string, number> = {};
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let dir: string;
  const code = randomUnitCode();

  const waitReady = async (service: string) => {
    for (let i = 0; i < 240; i++) {
      const ok = await fetch(`http://127.0.0.1:${ports[service]}/ready`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) return;
      await new Promise((r) => setTimeout(r, 500));
    }
    throw new Error(`${service} not ready:\n${output.join('').slice(-3000)}`);
  };

  beforeAll(async () => {
    receiver = await startReceiver();
    dir = await mkdtemp(path.join(os.tmpdir(), 'hub-tracing-'));
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    await writeFile(path.join(dir, 'gateway-private.pem'), privateKey.export({ type: 'pkcs8', format: 'pem' }));
    await writeFile(path.join(dir, 'gateway-public.pem'), publicKey.export({ type: 'spki', format: 'pem' }));
    const databases = await freshDatabases();
    for (const service of ['gateway', ...SUBGRAPHS]) ports[service] = await freePort();
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      HUB_DATA_DIR: dir,
      LOG_LEVEL: 'info',
      HUB_GATEWAY_PUBLIC_KEY_FILE: path.join(dir, 'gateway-public.pem'),
      HUB_GATEWAY_PRIVATE_KEY_FILE: path.join(dir, 'gateway-private.pem'),
      HUB_JWT_ISSUER: 'tracing-test',
      HUB_JWT_AUDIENCE: 'hub',
      HUB_JWT_SECRET: SECRET,
      HUB_METRICS_TOKEN: METRICS_TOKEN,
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OTEL_BSP_SCHEDULE_DELAY: '100',
    };
    for (const service of ['gateway', ...SUBGRAPHS]) env[`${service.toUpperCase()}_PORT`] = String(ports[service]);
    for (const body of SUBGRAPHS) {
      env[`${body.toUpperCase()}_DATABASE_URL`] = databases[body];
      env[`${body.toUpperCase()}_SUBGRAPH_URL`] = `http://127.0.0.1:${ports[body]}/graphql`;
    }
    // Each body's service identity (reference checks, outbox), as deployed.
    const identities = serviceIdentityEnv(dir, SUBGRAPHS, `http://127.0.0.1:${ports.gateway}/graphql`);
    Object.assign(env, identities.gateway);
    const start = (service: string) => {
      const serviceKey = SUBGRAPHS.includes(service as (typeof SUBGRAPHS)[number]) ? identities.subgraph(service) : {};
      const child = spawn(process.execPath, ['scripts/serve.ts', service], { cwd: ROOT, env: { ...env, ...serviceKey }, stdio: ['ignore', 'pipe', 'pipe'] });
      child.stdout!.on('data', (d) => output.push(String(d)));
      child.stderr!.on('data', (d) => output.push(String(d)));
      children.push(child);
    };
    for (const body of SUBGRAPHS) start(body);
    for (const body of SUBGRAPHS) await waitReady(body);
    start('gateway');
    await waitReady('gateway');
    // A unit to read (the subgraphs have migrated their databases by now).
    const inspection = await openDatabase<any>({
      url: databases.inspection,
      dataDir: '',
      migrationFolder: '',
      logger: createLogger({ name: 'test', level: 'silent' }),
      poolSize: 1,
      migrate: false,
    });
    try {
      await insertUnits(inspection.db, [{ code, name: '链路追踪测试单位', kind: 'VILLAGE', level: 'VILLAGE', township: null, parentCode: null }]);
    } finally {
      await inspection.close();
    }
  }, 240_000);

  afterAll(async () => {
    await Promise.all(
      children.map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null) return resolve();
            child.once('exit', () => resolve());
            child.kill('SIGTERM');
          }),
      ),
    );
    await receiver?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('collects one request as one trace: gateway fetches, subgraph server spans as their children, SQL statements without values', async () => {
    const token = await new SignJWT({ roles: ['leader'] })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('00000000-0000-4000-8000-000000000007')
      .setIssuer('tracing-test')
      .setAudience('hub')
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode(SECRET));
    const response = await fetch(`http://127.0.0.1:${ports.gateway}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-access-purpose': encodeURIComponent('链路追踪测试') },
      body: JSON.stringify({
        query: 'query TracedUnit($code: UnitCode!) { unit(code: $code) { name petitionSummary { year count } stationedGroup { name } } }',
        variables: { code },
        operationName: 'TracedUnit',
      }),
    });
    const body = (await response.json()) as { data?: { unit: { name: string } }; errors?: unknown };
    expect(body.errors).toBeUndefined();
    expect(body.data?.unit.name).toBe('链路追踪测试单位');
    const requestId = response.headers.get('x-request-id')!;

    // Wait for every process's batch to arrive.
    let root: OtlpSpan | undefined;
    let trace: OtlpSpan[] = [];
    for (let i = 0; i < 100; i++) {
      root = receiver.spans.find((s) => s.service === 'hub-gateway' && s.attributes['hub.request_id'] === requestId);
      trace = root ? receiver.spans.filter((s) => s.traceId === root!.traceId) : [];
      const services = new Set(trace.filter((s) => s.name === 'POST /graphql').map((s) => s.service));
      if (services.size === 4) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(root, output.join('').slice(-2000)).toBeDefined();
    expect(root!.parentSpanId).toBeUndefined();
    expect(root!.attributes).toMatchObject({ 'graphql.operation.name': 'TracedUnit', 'http.response.status_code': 200 });
    const services = [...new Set(trace.map((s) => s.service))].sort();
    expect(services).toEqual(['hub-discipline', 'hub-gateway', 'hub-inspection', 'hub-stationed']);

    const byId = new Map(trace.map((s) => [s.spanId, s]));
    // The gateway: Apollo's request, plan and one fetch span per subgraph fetch, each with our client span.
    const gatewayNames = trace.filter((s) => s.service === 'hub-gateway').map((s) => s.name);
    expect(gatewayNames).toEqual(
      expect.arrayContaining(['gateway.request', 'gateway.plan', 'gateway.execute', 'gateway.fetch', 'POST inspection', 'POST discipline', 'POST stationed']),
    );
    for (const subgraph of SUBGRAPHS) {
      const server = trace.filter((s) => s.service === `hub-${subgraph}` && s.name === 'POST /graphql');
      expect(server.length, subgraph).toBeGreaterThan(0);
      for (const span of server) {
        // Continued from the gateway's traceparent: the parent is the gateway's fetch of this subgraph.
        const parent = byId.get(span.parentSpanId!);
        expect(parent, `${subgraph} server span's parent`).toMatchObject({ service: 'hub-gateway', name: `POST ${subgraph}`, kind: 3 });
        expect(byId.get(parent!.parentSpanId!)).toMatchObject({ name: 'gateway.fetch', attributes: { service: subgraph } });
        expect(span.attributes['hub.request_id']).toBe(requestId);
      }
    }
    // SQL statements: spans under the subgraphs' requests, with placeholders, never the values.
    const statements = trace.filter((s) => typeof s.attributes['db.query.text'] === 'string');
    expect(statements.length).toBeGreaterThan(0);
    expect(new Set(statements.map((s) => s.service)).size).toBeGreaterThanOrEqual(2);
    expect(statements.some((s) => String(s.attributes['db.query.text']).includes('$1'))).toBe(true);
    for (const statement of statements) expect(statement.name).toMatch(/^(SELECT|INSERT|UPDATE|DELETE|WITH)\b/);
    // Nothing in any exported span quotes the request's variable.
    expect(receiver.bodies.join('\n')).not.toContain(code);
    console.log(
      `trace ${root!.traceId}: ${trace.length} spans\n` +
        trace
          .map(
            (s) =>
              `  ${s.service.padEnd(15)} ${s.spanId} ← ${(s.parentSpanId ?? '(root)').padEnd(16)} ${s.name}${s.attributes['db.query.text'] ? `  [${String(s.attributes['db.query.text']).slice(0, 90)}]` : ''}`,
          )
          .join('\n'),
    );
  });

  it('serves /metrics in production only with the token', async () => {
    const url = `http://127.0.0.1:${ports.gateway}/metrics`;
    expect((await fetch(url)).status).toBe(401);
    const text = await (await fetch(url, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).text();
    expect(text).toMatch(/hub_http_requests_total\{[^}]*operation="TracedUnit"[^}]*status="200"[^}]*\} 1/);
    expect(text).toContain('hub_subgraph_fetch_duration_seconds_bucket');
    const lines = text.split('\n');
    console.log(
      [
        '# /metrics excerpt (gateway)',
        ...lines.filter((l) =>
          /^hub_(http_requests_total|graphql_errors_total|subgraph_fetch_duration_seconds_count|supergraph)|^process_resident_memory_bytes|^nodejs_eventloop_lag_p99/.test(
            l,
          ),
        ),
      ].join('\n'),
    );
    const discipline = await (await fetch(`http://127.0.0.1:${ports.discipline}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).text();
    console.log(
      [
        '# /metrics excerpt (discipline)',
        ...discipline.split('\n').filter((l) => /^hub_(http_requests_total|db_pool|db_info|db_statement_duration_seconds_(count|sum))/.test(l)),
      ].join('\n'),
    );
    expect(discipline).toMatch(/hub_db_pool_connections\{[^}]*state="max"[^}]*\} 10/);
  });
});
