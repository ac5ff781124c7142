import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { Writable } from 'node:stream';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { MemoryReplayCache } from '@hub/claims-verifier';
import {
  CLAIMS_HEADER,
  createLogger,
  type Database,
  REFERENCE_KINDS,
  type Referenced,
  type ReferenceKind,
  SERVICE_ASSERTION_HEADER,
  serviceBodyMatches,
  signGatewayClaims,
  type SubgraphApp,
  type SubgraphConfig,
  verifyServiceAssertion,
  type ViewerScopes,
} from '@hub/core';
import { print } from 'graphql';
import pg from 'pg';
import { inject } from 'vitest';
import type { DisciplineDatabase } from '../../subgraphs/discipline/src/db/database.ts';
import type { InspectionDatabase } from '../../subgraphs/inspection/src/db/database.ts';
import type { StationedDatabase } from '../../subgraphs/stationed/src/db/database.ts';
// Types only: the whole hub's module (gateway included) is not loaded for one subgraph.
import type { Body, Caller, GraphQLResponse } from '../../scripts/lib/local-hub.ts';
import { markSecret } from '../../scripts/lib/secrets.ts';

/**
 * One subgraph on its own, for the tests of what that body decides: no gateway, no other subgraph.
 * Requests carry claims signed in-process with a fresh key, as the gateway would sign them
 * (docs/gateway-claims.md); the subgraph verifies them exactly as in production.
 *
 * What the other bodies would answer the subgraph's reference checks (a unit's registration, a staff
 * member of the pool, …) comes from `references`, a stand-in for their lookups that the test fills:
 * the subgraph's service calls reach it with a signed service assertion, which it verifies, and it
 * answers only the reference-check documents. Whatever crosses subgraphs (the gateway's planning,
 * the owners' real answers) is tested through the gateway in test/e2e.
 */

export interface BodyDatabases {
  inspection: InspectionDatabase;
  discipline: DisciplineDatabase;
  stationed: StationedDatabase;
}

/** Who a request is sent as: a role with optional staff id and scopes (default a leader), or a body's service identity. */
export type DirectCaller = Exclude<Caller, 'anonymous' | { token: string }> | { service: Body };

export interface DirectQueryOptions {
  as?: DirectCaller;
  /** Stated purpose of access, as the gateway forwards it; default TEST_PURPOSE, null for none. */
  purpose?: string | null;
  /** Request id (the gateway's); default a new one. */
  requestId?: string;
}

/** A query document: a codegen'd TypedDocumentNode (typed data and variables) or a string. */
export type Operation<Data, Variables> = TypedDocumentNode<Data, Variables> | string;

/** The other bodies' records as their owners' reference lookups would answer them. */
export interface OtherBodies {
  /** Adds records of one kind (state fields as the owner's lookup selects them); returns their keys. */
  add(kind: ReferenceKind, ...records: Referenced[]): string[];
  /** A registered unit. */
  unit(code: string): string;
  /** A staff member of discipline's pool (not a commission leader unless told). */
  staff(id?: string, commissionLeader?: boolean): string;
  /** A person (cadre) registered in discipline. */
  person(id?: string): string;
  /** Reference checks the subgraph sent, in order: the owning body and the variables it asked. */
  readonly asked: { owner: Body; variables: Record<string, string[]> }[];
}

export interface SubgraphHarness<B extends Body> extends AsyncDisposable {
  body: B;
  url: string;
  readonly app: SubgraphApp<BodyDatabases[B]>;
  readonly database: Database<BodyDatabases[B]>;
  references: OtherBodies;
  /** Every log line the subgraph wrote. */
  logLines: string[];
  /** Every response body the subgraph sent to the test. */
  responses: string[];
  /**
   * Sends one operation to the subgraph with claims signed for `as` (a leader unless told). A
   * codegen'd TypedDocumentNode (@hub/client) types the variables and the data; a string document
   * is untyped unless `Data` is given.
   */
  query<Data, Variables extends Record<string, unknown>>(
    document: TypedDocumentNode<Data, Variables>,
    variables: Variables,
    options?: DirectQueryOptions,
  ): Promise<GraphQLResponse<Data>>;
  query<Data = any>(document: string, variables?: Record<string, unknown>, options?: DirectQueryOptions): Promise<GraphQLResponse<Data>>;
  /** Sends a request body with signed claims and returns the raw HTTP response. */
  post(body: unknown, options?: DirectQueryOptions & { claims?: string | null }): Promise<Response>;
  /** Signs claims for one request body as the gateway would. */
  signClaims(caller: DirectCaller, requestBody: string, purpose?: string | null): Promise<string>;
  /** SQL statements the subgraph ran answering the requests `send` makes (counted by request id, so background work is not counted). */
  countStatements<T>(send: () => Promise<T>): Promise<{ result: T; statements: Record<B, number> }>;
  stop(): Promise<void>;
}

/** Only the subgraph under test is loaded. */
const APPS = {
  inspection: async () => (await import('../../subgraphs/inspection/src/app.ts')).createApp,
  discipline: async () => (await import('../../subgraphs/discipline/src/app.ts')).createApp,
  stationed: async () => (await import('../../subgraphs/stationed/src/app.ts')).createApp,
} as const;

/** The purpose test requests state unless told otherwise (as scripts/lib/local-hub.ts's TEST_PURPOSE). */
export const TEST_PURPOSE = '自动化测试 — automated test';
const LOOKUP_FIELDS: Record<Body, string> = { inspection: 'inspectionReferences', discipline: 'disciplineReferences', stationed: 'stationedReferences' };

/** A fresh database for one body, copied from the run's migrated template. */
export async function freshDatabase(body: Body): Promise<string> {
  const { host, port, user } = inject('postgres');
  const url = (db: string) => `postgres://${user}@${host}:${port}/${db}`;
  const admin = new pg.Client({ connectionString: url('postgres') });
  await admin.connect();
  try {
    const name = `${body}_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
    // FILE_COPY: the template's files copied whole (PostgreSQL 15's default, WAL_LOG, writes each
    // page through the write-ahead log: twice the server's CPU for these small databases).
    await admin.query(`create database ${name} template ${body}_template strategy file_copy`);
    return url(name);
  } finally {
    await admin.end();
  }
}

const noScopes = (): ViewerScopes => ({ stationedGroupIds: [], inspectionTeamIds: [], departmentIds: [], zoneIds: [] });

function createReferences(): OtherBodies & { answer(owner: Body, variables: Record<string, string[] | null | undefined>): unknown } {
  const records = new Map<ReferenceKind, Map<string, Referenced>>();
  const asked: { owner: Body; variables: Record<string, string[]> }[] = [];
  const add = (kind: ReferenceKind, ...rows: Referenced[]) => {
    const meta = REFERENCE_KINDS[kind];
    let byKey = records.get(kind);
    if (!byKey) {
      byKey = new Map();
      records.set(kind, byKey);
    }
    return rows.map((row) => {
      const key = String(row[meta.key]);
      byKey.set(key, row);
      return key;
    });
  };
  return {
    add,
    unit: (code) => add('unit', { code })[0]!,
    staff: (id = randomUUID(), commissionLeader = false) => add('staff', { id, commissionLeader })[0]!,
    person: (id = randomUUID()) => add('person', { id })[0]!,
    asked,
    answer(owner, variables) {
      const asks = Object.fromEntries(Object.entries(variables).filter((entry): entry is [string, string[]] => Array.isArray(entry[1])));
      asked.push({ owner, variables: asks });
      const answer: Record<string, Referenced[]> = {};
      for (const [kind, meta] of Object.entries(REFERENCE_KINDS) as [ReferenceKind, (typeof REFERENCE_KINDS)[ReferenceKind]][]) {
        if (meta.owner !== owner) continue;
        const keys = asks[meta.arg] ?? [];
        answer[meta.result] = keys.map((key) => records.get(kind)?.get(key)).filter((row): row is Referenced => row !== undefined);
      }
      return answer;
    },
  };
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * Starts one subgraph in this process on a free port, in production mode, with a fresh PostgreSQL
 * database copied from the run's template (or the given URL).
 */
export async function startSubgraph<B extends Body>(
  body: B,
  options: { databaseUrl?: string; demo?: boolean; logLevel?: string; requirePurpose?: boolean } = {},
): Promise<SubgraphHarness<B>> {
  const logLines: string[] = [];
  const responses: string[] = [];
  const capture = new Writable({
    write(chunk, _encoding, done) {
      logLines.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  const gatewayKeys = generateKeyPairSync('ed25519');
  const serviceKeys = generateKeyPairSync('ed25519');
  markSecret(gatewayKeys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString().split('\n')[1]!);
  markSecret(serviceKeys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString().split('\n')[1]!);
  const references = createReferences();

  // The other bodies' lookups, as the gateway would route them: a verified service assertion over
  // the exact body, then one of the reference-check documents, answered from `references`.
  const replay = new MemoryReplayCache();
  const graph: Server = createServer((req, res) => {
    void (async () => {
      const raw = await readBody(req);
      const reply = (status: number, payload: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(payload));
      };
      const assertion = req.headers[SERVICE_ASSERTION_HEADER];
      try {
        if (typeof assertion !== 'string') throw new Error('no service assertion');
        const verified = await verifyServiceAssertion({ [body]: serviceKeys.publicKey }, assertion, replay);
        if (!serviceBodyMatches(verified, raw)) throw new Error('assertion for another body');
      } catch {
        reply(401, { errors: [{ message: 'service assertion refused', extensions: { code: 'UNAUTHENTICATED' } }] });
        return;
      }
      const { query, variables } = JSON.parse(raw.toString('utf8')) as { query: string; variables: Record<string, string[] | null> };
      const owner = (Object.entries(LOOKUP_FIELDS) as [Body, string][]).find(([, field]) => query.includes(`${field}(`))?.[0];
      if (!owner || owner === body) {
        reply(400, { errors: [{ message: 'not a reference check of another body', extensions: { code: 'BAD_REQUEST' } }] });
        return;
      }
      reply(200, { data: { [LOOKUP_FIELDS[owner]]: references.answer(owner, variables ?? {}) } });
    })().catch(() => {
      res.writeHead(500);
      res.end();
    });
  });
  await new Promise<void>((resolve) => graph.listen(0, '127.0.0.1', resolve));
  const graphPort = (graph.address() as { port: number }).port;

  const config: SubgraphConfig = {
    graph: { gatewayUrl: `http://127.0.0.1:${graphPort}/graphql`, servicePrivateKey: serviceKeys.privateKey, timeoutMs: 5_000 },
    port: 0,
    host: '127.0.0.1',
    databaseUrl: options.databaseUrl ?? (await freshDatabase(body)),
    dataDir: '',
    development: false,
    demo: options.demo ?? false,
    logger: createLogger({ name: body, level: options.logLevel ?? process.env.TEST_LOG_LEVEL ?? 'debug', destination: capture }),
    gatewayPublicKey: gatewayKeys.publicKey,
    requirePurpose: options.requirePurpose ?? true,
  };
  const createApp = await APPS[body]();
  const app = createApp(config as never) as unknown as SubgraphApp<BodyDatabases[B]>;
  let service: { url: string };
  try {
    service = await app.start();
  } catch (error) {
    graph.close();
    throw error;
  }

  const signClaims: SubgraphHarness<B>['signClaims'] = async (caller, requestBody, purpose = TEST_PURPOSE) => {
    const viewer =
      'service' in caller
        ? { staffId: `service:${caller.service}`, roles: [], scopes: noScopes(), service: caller.service }
        : { staffId: caller.staffId ?? `staff-${caller.role}`, roles: [caller.role], scopes: { ...noScopes(), ...caller.scopes } };
    const token = await signGatewayClaims(gatewayKeys.privateKey, { viewer, purpose }, body, requestBody);
    markSecret(token);
    return token;
  };
  let counted: Set<string> | undefined;
  const post: SubgraphHarness<B>['post'] = async (payload, opts = {}) => {
    const requestBody = typeof payload === 'string' ? payload : JSON.stringify(payload);
    const requestId = opts.requestId ?? randomUUID();
    counted?.add(requestId);
    const headers: Record<string, string> = { 'content-type': 'application/json', 'x-request-id': requestId };
    const claims = opts.claims === undefined ? await signClaims(opts.as ?? { role: 'leader' }, requestBody, opts.purpose) : opts.claims;
    if (claims !== null) headers[CLAIMS_HEADER] = claims;
    return fetch(service.url, { method: 'POST', headers, body: requestBody });
  };
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await app.stop();
    await new Promise<void>((resolve) => graph.close(() => resolve()));
  };
  return {
    body,
    url: service.url,
    app,
    get database() {
      return app.database;
    },
    references,
    logLines,
    responses,
    async query(document: Operation<unknown, Record<string, unknown>>, variables?: Record<string, unknown>, opts?: DirectQueryOptions) {
      const query = typeof document === 'string' ? document : print(document);
      const response = await post({ query, variables: variables ?? {} }, opts);
      const text = await response.text();
      responses.push(text);
      return JSON.parse(text);
    },
    post,
    signClaims,
    async countStatements(send) {
      if (counted) throw new Error('countStatements: already counting');
      const ids = new Set<string>();
      counted = ids;
      try {
        const result = await send();
        const count = [...ids].reduce((sum, id) => sum + app.database.statements.forRequest(id), 0);
        return { result, statements: { [body]: count } as Record<B, number> };
      } finally {
        counted = undefined;
      }
    },
    stop,
    [Symbol.asyncDispose]: stop,
  };
}
