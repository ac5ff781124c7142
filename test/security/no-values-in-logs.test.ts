import { rm } from 'node:fs/promises';
import { type Role, ROLES, SCOPE_ROLES } from '@hub/core';
import { UNITS } from '@hub/demo';
import {
  getNamedType,
  type GraphQLInputType,
  type GraphQLSchema,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
} from 'graphql';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { schema as disciplineSchema } from '../../subgraphs/discipline/src/app.ts';
import { schema as inspectionSchema } from '../../subgraphs/inspection/src/app.ts';
import { schema as stationedSchema } from '../../subgraphs/stationed/src/app.ts';
import { randomUnitCode } from '../support/seed.ts';
import { pgliteDataDir } from '../support/pglite.ts';
import { BODIES, type Body, freshDatabases, type Hub, type HubStorage, startHub } from '../support/hub.ts';

/**
 * Reproduction 1 of the security issue: a mutation whose statement fails must not put any submitted
 * value into a log line or an error message. Every mutation of every subgraph (read from the built
 * schemas, so a new one is covered without editing this file) gets a unique marker in each text
 * input (String and ID, lists included), then is sent so that statements fail: NUL bytes, overlong
 * values, repeated values against unique constraints, and — to fail every write for real on both
 * engines — a trigger on every table that rejects the row and quotes it in message, detail and hint.
 */

const SCHEMAS: Record<Body, GraphQLSchema> = { inspection: inspectionSchema, discipline: disciplineSchema, stationed: stationedSchema };

/**
 * The role each mutation was first answered for, kept from one engine's run to the next: the second
 * engine tries that role first instead of every role before it (each a refused request through the
 * whole hub). The same policy holds on both engines; were the role refused there, the others are tried.
 */
const knownCallers = new Map<string, Role>();

interface MutationPlan {
  body: Body;
  name: string;
  textInputs: number;
  document: string;
  variables: (marker: (path: string) => string, ids?: Ids) => Record<string, unknown>;
}

const DEMO_UNIT = UNITS.donghu.code;

/** A value for an input type: markers in text inputs, valid values elsewhere (so the gateway lets them through). */
type Ids = (at: string) => string | undefined;

function valueFor(type: GraphQLInputType, at: string, marker: (path: string) => string, counter: { text: number }, ids?: Ids): unknown {
  if (isNonNullType(type)) return valueFor(type.ofType, at, marker, counter, ids);
  if (isListType(type)) return [valueFor(type.ofType, `${at}[0]`, marker, counter, ids)];
  if (isEnumType(type)) return type.getValues()[0]!.value;
  if (isInputObjectType(type)) {
    return Object.fromEntries(Object.values(type.getFields()).map((field) => [field.name, valueFor(field.type, `${at}.${field.name}`, marker, counter, ids)]));
  }
  if (isScalarType(type)) {
    switch (type.name) {
      case 'ID': {
        counter.text++;
        return ids?.(at) ?? marker(at);
      }
      case 'String':
        counter.text++;
        return marker(at);
      case 'Int':
        return /year/i.test(at) ? 2024 : 1;
      case 'Float':
        return 1;
      case 'Boolean':
        return true;
      case 'UnitCode':
        // `code` registers a new unit; every other unit code names an existing one.
        return at.endsWith('.code') ? randomUnitCode() : DEMO_UNIT;
      case 'Date':
        return '2024-03-01';
      case 'DateTime':
        return '2024-03-01T09:00:00+08:00';
      case 'Money':
        return '1.00';
      default:
        throw new Error(`no test value for scalar ${type.name}`);
    }
  }
  throw new Error(`unexpected input type at ${at}`);
}

function mutationPlans(): MutationPlan[] {
  const plans: MutationPlan[] = [];
  for (const body of BODIES) {
    const mutation = SCHEMAS[body].getMutationType();
    if (!mutation) continue;
    for (const field of Object.values(mutation.getFields())) {
      const payload = getNamedType(field.type);
      const selection =
        isObjectType(payload) && payload.getFields().errors ? '{ __typename errors { code field message } }' : isObjectType(payload) ? '{ __typename }' : '';
      const defs = field.args.map((arg) => `$${arg.name}: ${String(arg.type)}`).join(', ');
      const args = field.args.map((arg) => `${arg.name}: $${arg.name}`).join(', ');
      const document = `mutation ${field.name}Markers${defs ? `(${defs})` : ''} { ${field.name}${args ? `(${args})` : ''} ${selection} }`;
      const counter = { text: 0 };
      for (const arg of field.args) valueFor(arg.type, arg.name, () => '', counter);
      plans.push({
        body,
        name: field.name,
        textInputs: counter.text,
        document,
        variables: (marker, ids) =>
          Object.fromEntries(field.args.map((arg) => [arg.name, valueFor(arg.type, `${field.name}.${arg.name}`, marker, { text: 0 }, ids)])),
      });
    }
  }
  return plans;
}

const REJECT_EVERY_ROW = sql`
  create or replace function test_reject_every_row() returns trigger language plpgsql as $fn$
  begin
    raise exception 'row rejected: %', row_to_json(new)
      using errcode = '23514', detail = row_to_json(new)::text, hint = row_to_json(new)::text,
            constraint = 'test_reject_every_row', table = tg_table_name;
  end
  $fn$`;

/**
 * Turns the rejecting trigger on (or off) for every table of every body — except, when `spare` is
 * given, the audit tables of the bodies other than `spare.writer`: those bodies answer the writer's
 * reference checks, which they audit, and an answer whose audit cannot be written is withheld (the
 * writer would refuse before reaching its own writes).
 */
async function rejectEveryWrite(hub: Hub, on: boolean, spare?: { writer: Body }): Promise<number> {
  let tables = 0;
  for (const body of BODIES) {
    const db = hub[body].database.db;
    // The embedded service session runs as a restricted role (no DDL); the test's triggers are the
    // schema owner's, so it steps back to the session user for them and returns to the service role.
    const who = await sql<{ current: string; session: string }>`select current_user as current, session_user as session`.execute(db);
    const role = who.rows[0]!;
    if (role.current !== role.session) await sql`reset role`.execute(db);
    const { rows } = await sql<{ name: string }>`select table_name as name from information_schema.tables
      where table_schema = 'public' and table_type = 'BASE TABLE' and table_name not like 'kysely_%'`.execute(db);
    if (on) await REJECT_EVERY_ROW.execute(db);
    for (const { name } of rows) {
      const trigger = sql.id(`test_reject_${name}`);
      if (on && spare && body !== spare.writer && name.startsWith('audit_')) continue;
      // The one-time ids of the gateway's claims are checked before any request runs: rejecting them
      // would refuse every request at the door and no mutation's own write would be reached.
      if (on && name === 'claims_replay') continue;
      if (on) await sql`create trigger ${trigger} before insert or update on ${sql.id(name)} for each row execute function test_reject_every_row()`.execute(db);
      else await sql`drop trigger if exists ${trigger} on ${sql.id(name)}`.execute(db);
      tables++;
    }
    if (role.current !== role.session) await sql`set role ${sql.id(role.current)}`.execute(db);
  }
  return tables;
}

type Mode = 'plain' | 'repeated' | 'nul' | 'overlong' | 'rejected';

const snake = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/**
 * Existing record ids from the demo data, by input name (`clueId` → a row of a table named
 * `…clue`), so that a mutation gets past its lookups and reaches its writes.
 */
async function demoIds(hub: Hub): Promise<Ids> {
  const byTable = new Map<string, string>();
  for (const body of BODIES) {
    const db = hub[body].database.db;
    const { rows } = await sql<{ name: string }>`select c.table_name as name from information_schema.columns c
      join information_schema.tables t on t.table_name = c.table_name and t.table_schema = c.table_schema
      where c.table_schema = 'public' and c.column_name = 'id' and c.data_type = 'uuid' and t.table_type = 'BASE TABLE'`.execute(db);
    for (const { name } of rows) {
      const row = await sql<{ id: string }>`select id::text as id from ${sql.id(name)} limit 1`.execute(db);
      if (row.rows[0] && !byTable.has(name)) byTable.set(name, row.rows[0].id);
    }
  }
  const tables = [...byTable.keys()];
  return (at) => {
    const leaf = at
      .split('.')
      .at(-1)!
      .replace(/\[\d+\]$/, '');
    const words = snake(leaf.replace(/Ids?$/, '')).replace(/^_/, '');
    if (!words) return undefined;
    const table =
      tables.find((t) => t === words) ??
      tables.find((t) => t.endsWith(`_${words}`)) ??
      tables.find((t) => t.endsWith(`_${words.split('_').at(-1)}`) || t === words.split('_').at(-1));
    return table ? byTable.get(table) : undefined;
  };
}

async function plantMarkers(hub: Hub) {
  const plans = mutationPlans();
  expect(plans.length, 'mutations found in the built schemas').toBeGreaterThan(40);
  expect(plans.filter((p) => p.textInputs > 0).length).toBeGreaterThan(30);
  const markers = new Set<string>();
  let serial = 0;
  const markerFor = (mode: Mode, shared: Map<string, string>) => (at: string) => {
    let marker = shared.get(at);
    if (!marker) {
      marker = `MK${(serial++).toString(36)}Q${Math.random().toString(36).slice(2, 8)}`;
      shared.set(at, marker);
      markers.add(marker);
    }
    if (mode === 'nul') return `${marker}\u0000${marker}`;
    if (mode === 'overlong') return `${marker}${'長'.repeat(5000)}${marker}`;
    return marker;
  };
  // Who may call each mutation: the first role not refused outright.
  const callers = new Map<string, (typeof ROLES)[number]>();
  const ids = await demoIds(hub);
  const scopes = {
    stationedGroupIds: [ids('stationedGroupId')!],
    inspectionTeamIds: [ids('inspectionTeamId')!],
    departmentIds: [ids('departmentId')!],
    zoneIds: [ids('collaborationZoneId')!],
  };
  // Each role carries the scopes it uses (a token with a scope its role does not use is refused).
  const scopesFor = (role: Role) =>
    Object.fromEntries(Object.entries(scopes).map(([key, value]) => [key, SCOPE_ROLES[key as keyof typeof SCOPE_ROLES].includes(role) ? value : []]));
  let requests = 0;
  const send = async (plan: MutationPlan, mode: Mode, shared: Map<string, string>) => {
    // Ids carry markers in the first pass (statements on malformed ids); afterwards real ids, to reach the writes.
    const variables = plan.variables(markerFor(mode, shared), mode === 'plain' ? undefined : ids);
    const known = knownCallers.get(plan.name);
    const roles = callers.has(plan.name) ? [callers.get(plan.name)!] : known ? [known, ...ROLES.filter((role) => role !== known)] : ROLES;
    for (const role of roles) {
      requests++;
      const response = await hub.query(plan.document, variables, { as: { role, staffId: '00000000-0000-4000-8000-000000000001', scopes: scopesFor(role) } });
      const refused = response.errors?.some((e) => e.extensions?.code === 'FORBIDDEN');
      if (!refused) {
        callers.set(plan.name, role);
        knownCallers.set(plan.name, role);
        return;
      }
    }
  };
  const plainMarkers = new Map<string, string>();
  for (const mode of ['plain', 'repeated', 'nul', 'overlong'] as const) {
    for (const plan of plans) await send(plan, mode, mode === 'repeated' ? plainMarkers : mode === 'plain' ? plainMarkers : new Map());
  }
  // The issue's own reproduction: a named petition whose reporter contact holds a NUL character.
  const registerPetition = plans.find((p) => p.name === 'registerPetition')!;
  const reporterMarkers = new Map<string, string>();
  const variables = registerPetition.variables(
    (at) => (at.includes('.reporter.') ? markerFor(at.endsWith('.contact') ? 'nul' : 'plain', reporterMarkers)(at) : '反映某单位违规发放津补贴'),
    ids,
  ) as {
    input: { named: boolean; reporter: Record<string, string> };
  };
  variables.input.named = true;
  const response = await hub.query(registerPetition.document, variables, { as: { role: 'petition_officer', scopes: scopesFor('petition_officer') } });
  expect(response.errors?.[0]?.extensions?.code ?? response.data).toBeTruthy();
  expect(reporterMarkers.size).toBe(4);
  // Each body's writes are rejected in turn; the bodies it names records of still answer its
  // reference checks (their audit tables spared), so its writes are reached and fail.
  for (const writer of BODIES) {
    const tables = await rejectEveryWrite(hub, true, { writer });
    expect(tables).toBeGreaterThan(20);
    for (const plan of plans.filter((p) => p.body === writer)) await send(plan, 'rejected', new Map());
    await rejectEveryWrite(hub, false);
  }
  return { plans, markers, callers, requests };
}

function expectNoMarker(hub: Hub, markers: Set<string>) {
  const pattern = /MK[0-9a-z]+Q[0-9a-z]{1,6}/g;
  const found = new Set<string>();
  for (const text of [...hub.logLines, ...hub.responses]) {
    for (const match of text.match(pattern) ?? []) if (markers.has(match)) found.add(text.slice(0, 300));
  }
  expect([...found], 'log lines or responses quoting a submitted value').toEqual([]);
}

/**
 * The access log: one line per request at each service, carrying only names, codes and numbers
 * (allow-listed keys), for every mutation sent — so a marker could only hide in a value, which
 * expectNoMarker rules out.
 */
function expectAccessLines(hub: Hub, plans: MutationPlan[]) {
  const ACCESS_KEYS = [
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
  ];
  const lines = hub.logLines.map((line) => JSON.parse(line) as Record<string, unknown>).filter((line) => line.access === true);
  for (const line of lines) {
    expect(
      Object.keys(line).filter((key) => !ACCESS_KEYS.includes(key)),
      JSON.stringify(line).slice(0, 300),
    ).toEqual([]);
    expect(typeof line.status).toBe('number');
    expect(String(line.requestId)).toMatch(/^[0-9a-f-]{36}$/);
  }
  const gatewayOperations = new Set(lines.filter((line) => line.service === 'gateway').map((line) => line.operation));
  // Each mutation document names its operation `<mutation>Markers` (see mutationPlans).
  const named = plans.filter((plan) => gatewayOperations.has(`${plan.name}Markers`));
  expect(named.length, 'mutations with a gateway access line').toBe(plans.length);
  for (const body of BODIES)
    expect(
      lines.some((line) => line.service === body),
      `${body} access lines`,
    ).toBe(true);
  return lines.length;
}

function expectStatementsFailed(hub: Hub) {
  const failures = hub.logLines
    .filter((line) => line.includes('SQL statement failed'))
    .map((line) => JSON.parse(line) as { service: string; statementTable?: string; requestId?: string; err: Record<string, unknown> });
  // Logged through the service's root logger, and still naming the request (the gateway's id).
  for (const failure of failures) expect(failure.requestId, JSON.stringify(failure)).toMatch(/^[0-9a-f-]{36}$/);
  const services = new Set(failures.map((f) => f.service));
  for (const body of BODIES) expect(services.has(body), `${body} had failing statements`).toBe(true);
  const states = new Set(failures.map((f) => f.err.sqlState));
  // The trigger (23514), and the engine's own refusals of bad values.
  expect(states.has('23514')).toBe(true);
  // The mutations' own writes failed, not a check in front of them.
  for (const body of BODIES) {
    const tables = new Set(failures.filter((f) => f.service === body).map((f) => f.statementTable));
    tables.delete('claims_replay');
    expect(tables.size, `${body}: tables whose writes failed`).toBeGreaterThan(0);
  }
  // (NUL bytes no longer reach SQL: the kit refuses control characters in the subgraph bootstrap.)
  for (const failure of failures) {
    expect(Object.keys(failure.err).every((key) => ['type', 'sqlState', 'constraint', 'table', 'column', 'schema'].includes(key))).toBe(true);
  }
  return { failures: failures.length, states: [...states].sort() };
}

describe.each(['pglite', 'postgres'] as const)('no submitted value in any log line or error message (%s)', (engine) => {
  let hub: Hub | undefined;
  let dataDir: string | undefined;
  afterAll(async () => {
    await hub?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('plants markers in every text input of every mutation, fails the statements and finds no marker', { timeout: 600_000 }, async () => {
    let storage: HubStorage;
    if (engine === 'pglite') {
      // Migrated embedded databases copied from the run's template (initdb + migrations in WebAssembly cost many seconds each).
      dataDir = await pgliteDataDir();
      storage = { dataDir };
    } else {
      storage = { databases: await freshDatabases() };
    }
    hub = await startHub(storage, { demo: true, logLevel: 'debug' });
    const { plans, callers, markers, requests } = await plantMarkers(hub);
    expect(callers.size, 'mutations some role may call').toBeGreaterThan(plans.length / 2);
    const { failures, states } = expectStatementsFailed(hub);
    const accessLines = expectAccessLines(hub, plans);
    expectNoMarker(hub, markers);
    console.log(
      `${engine}: ${plans.length} mutations, ${callers.size} callable, ${requests} requests, ${failures} failed statements (SQLSTATE ${states.join(', ')}), ${accessLines} access-log lines, ${markers.size} markers, none found`,
    );
  });
});
