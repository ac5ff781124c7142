import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { enqueueEvent, STUCK_AFTER_ATTEMPTS, tracingEnabled, verifyAuditChain } from '@hub/core';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabases, type Hub, startHub } from '../support/hub.ts';
import { randomUnitCode, seed } from '../support/seed.ts';
import { UnitCountDocument } from '../operations/generated.ts';

const METRICS_TOKEN = 'metrics-test-token-0123456789';
const READ = /* GraphQL */ `
  query ObservedPetitions($code: UnitCode!) {
    petitions(first: 5, filter: { unitCode: $code }) { edges { node { id summary } } }
    unit(code: $code) { name stationedGroup { name } }
  }
`;

const metricsUrl = (graphqlUrl: string) => graphqlUrl.replace(/\/graphql$/, '/metrics');
const accessLines = (hub: Hub) => hub.logLines.map((line) => JSON.parse(line) as Record<string, unknown>).filter((line) => line.access === true);

/** A sample's value from Prometheus text, by metric name and the labels it must carry. */
function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    if (Object.entries(labels).every(([key, value]) => line.includes(`${key}="${value}"`))) return Number(line.split(' ').at(-1));
  }
  return undefined;
}

describe('observable hub: request ids, access log, metrics, readiness (PostgreSQL)', () => {
  let hub: Hub;
  const code = randomUnitCode();

  beforeAll(async () => {
    hub = await startHub({ databases: await freshDatabases() }, { metricsToken: METRICS_TOKEN });
    await seed(hub)
      .units([{ code, name: '可观测性测试单位' }])
      .petitions(code, [{ receivedOn: '2022-03-01', category: 'HEDONISM' }]);
  });
  afterAll(() => hub?.stop());

  it('phones no one home: Apollo gateway telemetry off, no tracing without an OTLP endpoint', () => {
    // @apollo/gateway reports host facts to Apollo hourly unless this is set; the gateway sets it.
    expect(process.env.APOLLO_TELEMETRY_DISABLED).toBe('true');
    expect(process.env.OTEL_EXPORTER_OTLP_ENDPOINT).toBeUndefined();
    expect(tracingEnabled()).toBe(false);
  });

  it('returns the gateway request id as X-Request-Id, keeps the caller id beside it in logs and in the chained audit log', async () => {
    const response = await hub.post(
      { query: READ, variables: { code }, operationName: 'ObservedPetitions' },
      { headers: { 'x-request-id': 'caller-chosen-id-42' } },
    );
    expect(response.status).toBe(200);
    const requestId = response.headers.get('x-request-id')!;
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(requestId).not.toBe('caller-chosen-id-42');
    const body = (await response.json()) as { data: { petitions: { edges: unknown[] } } };
    expect(body.data.petitions.edges).toHaveLength(1);

    // The discipline subgraph audited the person-level read under the gateway's id, the caller's beside it.
    const rows = await sql<{
      requestId: string;
      clientRequestId: string | null;
    }>`select request_id, client_request_id from audit_log where request_id = ${requestId}`.execute(hub.discipline.database.db);
    expect(rows.rows.length).toBeGreaterThan(0);
    for (const row of rows.rows) expect(row.clientRequestId).toBe('caller-chosen-id-42');
    expect(await verifyAuditChain(hub.discipline.database.db)).toMatchObject({ broken: null });

    // One access line at the gateway and one at each subgraph the request reached, with the same id.
    const lines = accessLines(hub).filter((line) => line.requestId === requestId);
    expect(lines.map((line) => line.service).sort()).toEqual(['discipline', 'gateway', 'inspection', 'stationed']);
    for (const line of lines) {
      expect(
        Object.keys(line).every((key) =>
          [
            'level',
            'time',
            'service',
            'name',
            'msg',
            'access',
            'requestId',
            'clientRequestId',
            'operation',
            'operationType',
            'role',
            'status',
            'durationMs',
            'errorCodes',
          ].includes(key),
        ),
        JSON.stringify(line),
      ).toBe(true);
      expect(line).toMatchObject({ status: 200, role: 'leader', clientRequestId: 'caller-chosen-id-42' });
      expect(typeof line.durationMs).toBe('number');
      expect(JSON.stringify(line)).not.toContain(code);
    }
    expect(lines.find((line) => line.service === 'gateway')).toMatchObject({ operation: 'ObservedPetitions', operationType: 'query' });
  });

  it('puts the request id in every error and on refusals answered before GraphQL', async () => {
    const bad = await hub.post({ query: '{ units(first: 500) { totalCount } }' });
    const badBody = (await bad.json()) as { errors: { extensions: { requestId?: string } }[] };
    expect(badBody.errors[0]!.extensions.requestId).toBe(bad.headers.get('x-request-id'));

    const anonymous = await hub.post({ query: '{ __typename }' }, { as: 'anonymous' });
    expect(anonymous.status).toBe(401);
    const anonymousBody = (await anonymous.json()) as { errors: { extensions: { requestId?: string; code: string } }[] };
    expect(anonymousBody.errors[0]!.extensions).toEqual({ code: 'UNAUTHENTICATED', requestId: anonymous.headers.get('x-request-id') });
    const line = accessLines(hub).find((l) => l.requestId === anonymous.headers.get('x-request-id'));
    expect(line).toMatchObject({ service: 'gateway', status: 401, operation: '(none)', role: null, errorCodes: ['UNAUTHENTICATED'] });
  });

  it('serves Prometheus metrics only with the bearer token: requests, errors, latency per operation and subgraph, pool, process', async () => {
    await hub.post({ query: READ, variables: { code }, operationName: 'ObservedPetitions' });
    expect((await fetch(metricsUrl(hub.url))).status).toBe(401);
    expect((await fetch(metricsUrl(hub.url), { headers: { authorization: 'Bearer wrong-token-0123456789xx' } })).status).toBe(401);
    const gateway = await (await fetch(metricsUrl(hub.url), { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).text();
    expect(sample(gateway, 'hub_http_requests_total', { service: 'gateway', operation: 'ObservedPetitions', status: '200' })).toBeGreaterThanOrEqual(2);
    expect(sample(gateway, 'hub_http_request_duration_seconds_count', { operation: 'ObservedPetitions' })).toBeGreaterThanOrEqual(2);
    expect(sample(gateway, 'hub_graphql_errors_total', { operation: '(none)', code: 'UNAUTHENTICATED' })).toBeGreaterThanOrEqual(1);
    expect(sample(gateway, 'hub_graphql_errors_total', { code: 'BAD_USER_INPUT' })).toBeGreaterThanOrEqual(1);
    for (const subgraph of ['inspection', 'discipline', 'stationed']) {
      expect(sample(gateway, 'hub_subgraph_fetch_duration_seconds_count', { subgraph, status: '200' }), subgraph).toBeGreaterThanOrEqual(2);
    }
    expect(sample(gateway, 'process_resident_memory_bytes', {})).toBeGreaterThan(0);
    expect(sample(gateway, 'nodejs_eventloop_lag_p99_seconds', {})).toBeGreaterThanOrEqual(0);
    // Names only: the query's variable never becomes a label.
    expect(gateway).not.toContain(code);

    const discipline = await (await fetch(metricsUrl(hub.subgraphUrls.discipline), { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).text();
    // The gateway names each subgraph operation after the client's (`ObservedPetitions__discipline__1`).
    const disciplineOperation = /operation="(ObservedPetitions__discipline__\d+)"/.exec(discipline)?.[1];
    expect(disciplineOperation).toBeDefined();
    expect(sample(discipline, 'hub_http_requests_total', { service: 'discipline', operation: disciplineOperation!, status: '200' })).toBeGreaterThanOrEqual(2);
    expect(sample(discipline, 'hub_db_statement_duration_seconds_count', { outcome: 'ok' })).toBeGreaterThan(0);
    expect(sample(discipline, 'hub_db_pool_connections', { state: 'max' })).toBe(10);
    expect(sample(discipline, 'hub_db_pool_connections', { state: 'total' })).toBeGreaterThanOrEqual(1);
    expect(sample(discipline, 'hub_db_pool_connections', { state: 'waiting' })).toBe(0);
    expect(sample(discipline, 'hub_db_info', { engine: 'postgres' })).toBe(1);
    expect(discipline).not.toContain(code);
  });

  it('shows the outbox lag of each body that sends events: waiting, stuck, age of the oldest', async () => {
    const scrape = async () => (await fetch(metricsUrl(hub.subgraphUrls.discipline), { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).text();
    const before = await scrape();
    expect(sample(before, 'hub_outbox_events', { state: 'pending' })).toBe(0);
    expect(sample(before, 'hub_outbox_events', { state: 'stuck' })).toBe(0);
    expect(sample(before, 'hub_outbox_oldest_pending_seconds', {})).toBe(0);
    // An event no receiver knows (so it waits), written a minute ago.
    const db = hub.discipline.database.db as any;
    await enqueueEvent(db, 'observabilityProbe', {});
    await db
      .updateTable('outbox')
      .set({ createdAt: sql`now() - interval '61 seconds'`, attempts: STUCK_AFTER_ATTEMPTS })
      .where('topic', '=', 'observabilityProbe')
      .execute();
    try {
      const after = await scrape();
      expect(sample(after, 'hub_outbox_events', { state: 'pending' })).toBe(1);
      expect(sample(after, 'hub_outbox_events', { state: 'stuck' })).toBe(1);
      expect(sample(after, 'hub_outbox_oldest_pending_seconds', {})).toBeGreaterThanOrEqual(61);
    } finally {
      await db.updateTable('outbox').set({ deliveredAt: new Date() }).where('topic', '=', 'observabilityProbe').execute();
    }
    const inspection = await (await fetch(metricsUrl(hub.subgraphUrls.inspection), { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).text();
    expect(sample(inspection, 'hub_outbox_events', { state: 'pending' })).toBeGreaterThanOrEqual(0);
    // Stationed sends no events: no outbox gauges.
    const stationed = await (await fetch(metricsUrl(hub.subgraphUrls.stationed), { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).text();
    expect(stationed).not.toContain('hub_outbox_events');
  });

  it('bounds operation-name labels: odd names become (other), a flood of names stops at the limit', async () => {
    await hub.post({ query: 'query { __typename }' });
    const names = Array.from({ length: 230 }, (_, i) => `Flood${i}`);
    for (const name of names) await hub.post({ query: `query ${name} { __typename }`, operationName: name });
    const text = await (await fetch(metricsUrl(hub.url), { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).text();
    const operations = new Set([...text.matchAll(/hub_http_requests_total\{[^}]*operation="([^"]*)"/g)].map((m) => m[1]));
    expect(operations.size).toBeLessThanOrEqual(200 + 3);
    expect(operations.has('(other)')).toBe(true);
    expect(operations.has('(anonymous)')).toBe(true);
  });

  it('is ready while every subgraph is, and names the one that is down (503); error lines carry the request id', async () => {
    const ready = await fetch(hub.url.replace(/\/graphql$/, '/ready'));
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({
      status: 'ok',
      subgraphs: { discipline: { status: 'ok' }, inspection: { status: 'ok' }, stationed: { status: 'ok' } },
    });

    await hub.stationed.stop();
    const notReady = await fetch(hub.url.replace(/\/graphql$/, '/ready'));
    expect(notReady.status).toBe(503);
    expect(await notReady.json()).toMatchObject({
      status: 'unavailable',
      service: 'gateway',
      subgraphs: { discipline: { status: 'ok', required: true }, inspection: { status: 'ok' }, stationed: { status: 'unavailable', required: true } },
    });
    expect((await fetch(hub.url.replace(/\/graphql$/, '/health'))).status).toBe(503);
    expect((await fetch(hub.url.replace(/\/graphql$/, '/live'))).status).toBe(200);

    // A request that needs the stopped subgraph: its error line names the request.
    const response = await hub.post({ query: READ, variables: { code }, operationName: 'ObservedPetitions' });
    const requestId = response.headers.get('x-request-id')!;
    const body = (await response.json()) as { errors?: { extensions: { requestId?: string } }[] };
    expect(body.errors?.length).toBeGreaterThan(0);
    for (const error of body.errors!) expect(error.extensions.requestId).toBe(requestId);
    const problems = hub.logLines
      .map((line) => JSON.parse(line) as { level: number; service: string; requestId?: string; msg: string })
      .filter((line) => line.level >= 40 && line.service === 'gateway');
    const forRequest = problems.filter((line) => line.requestId === requestId);
    expect(
      forRequest.map((line) => line.msg),
      JSON.stringify(problems.slice(-3)),
    ).toContain('subgraph unavailable; its part of the answer is null');
    expect(problems.filter((line) => !line.requestId).map((line) => line.msg)).toEqual([]);
  });
});

describe('supergraph reloaded when its file changes', () => {
  let hub: Hub;
  let dir: string;
  let file: string;
  const DESCRIPTION = '被监督对象（按姓名排序） — Registered cadres, by name; not for analysts.';
  const describePersons = async () => {
    const result = await hub.query(`{ __type(name: "Query") { fields { name description } } }`);
    expect(result.errors).toBeUndefined();
    return (result.data.__type.fields as { name: string; description: string }[]).find((f) => f.name === 'persons')!.description;
  };
  const waitFor = async (check: () => Promise<boolean>) => {
    for (let i = 0; i < 100; i++) {
      if (await check()) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error('timed out');
  };

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'hub-supergraph-'));
    file = path.join(dir, 'supergraph.graphql');
    await copyFile(new URL('../../supergraph.graphql', import.meta.url), file);
    hub = await startHub({ databases: await freshDatabases() }, { supergraphPath: file, supergraphPollMs: 100 });
  });
  afterAll(async () => {
    await hub?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('serves a changed file without a restart, refuses a broken one with an error line and keeps the schema in use', async () => {
    expect(await describePersons()).toBe(DESCRIPTION);
    const original = await readFile(file, 'utf8');
    expect(original).toContain(DESCRIPTION);
    await writeFile(file, original.replace(DESCRIPTION, '被监督对象（热加载） — Reloaded description.'));
    await waitFor(async () => (await describePersons()) === '被监督对象（热加载） — Reloaded description.');
    expect(hub.logLines.some((line) => line.includes('"supergraph reloaded"'))).toBe(true);

    await writeFile(file, 'type Query { this is not a supergraph');
    await waitFor(async () => hub.logLines.some((line) => line.includes('supergraph file refused')));
    const refusal = JSON.parse(hub.logLines.find((line) => line.includes('supergraph file refused'))!) as { level: number };
    expect(refusal.level).toBe(50);
    // Still served, with the last good schema.
    expect(await describePersons()).toBe('被监督对象（热加载） — Reloaded description.');
    const units = await hub.query(UnitCountDocument, {});
    expect(units.errors).toBeUndefined();

    // A good file afterwards is taken again.
    await writeFile(file, original);
    await waitFor(async () => (await describePersons()) === DESCRIPTION);
  });
});
