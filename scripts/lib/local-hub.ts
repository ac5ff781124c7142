import { generateKeyPairSync, type KeyObject, randomBytes, randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import {
  createLogger,
  type ForwardedIdentity,
  issueDevToken,
  type Role,
  signGatewayClaims,
  signServiceAssertion,
  type SubgraphApp,
  type SubgraphConfig,
  type ViewerScopes,
} from '@hub/core';
import { createGateway, DEFAULT_LIMITS, type GatewayConfig, type QueryLimits } from '../../gateway/src/app.ts';
import { createTokenVerifier, DEFAULT_INTROSPECTION_ROLES } from '../../gateway/src/auth.ts';
import { DEFAULT_WEB_DIR, type DevIdentity } from '../../gateway/src/web.ts';
import { createApp as createDiscipline } from '../../subgraphs/discipline/src/app.ts';
import { createApp as createInspection } from '../../subgraphs/inspection/src/app.ts';
import { createApp as createStationed } from '../../subgraphs/stationed/src/app.ts';
import type { DisciplineDatabase } from '../../subgraphs/discipline/src/db/database.ts';
import type { InspectionDatabase } from '../../subgraphs/inspection/src/db/database.ts';
import type { StationedDatabase } from '../../subgraphs/stationed/src/db/database.ts';
import { print } from 'graphql';
import { markSecret } from './secrets.ts';

export const BODIES = ['inspection', 'discipline', 'stationed'] as const;
export type Body = (typeof BODIES)[number];

export interface GraphQLResponse<Data = any> {
  data?: Data | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
}

/** Who a test request is sent as: a role (with optional scopes), a raw token, or nobody. */
export type Caller = { role: Role; staffId?: string; scopes?: Partial<ViewerScopes> } | { token: string } | 'anonymous';

export interface QueryOptions {
  as?: Caller;
  /** Stated purpose of access (sent percent-encoded); default TEST_PURPOSE, null for none. */
  purpose?: string | null;
  headers?: Record<string, string>;
}

export interface Hub extends AsyncDisposable {
  url: string;
  readonly inspection: SubgraphApp<InspectionDatabase>;
  readonly discipline: SubgraphApp<DisciplineDatabase>;
  readonly stationed: SubgraphApp<StationedDatabase>;
  /** Stops one subgraph (the gateway keeps its URL; requests to it fail as a down service would). */
  stopSubgraph(body: Body): Promise<void>;
  /** Starts a stopped subgraph again on the same port and database. */
  restartSubgraph(body: Body): Promise<void>;
  subgraphUrls: Record<Body, string>;
  /** Every log line every service wrote, for the leak check. */
  logLines: string[];
  /** Every response body the gateway sent to the tests, for the leak check. */
  responses: string[];
  /** The caller-token issuer's secret (tests forge bad tokens with it). */
  issuerSecret: Uint8Array;
  /** Signs a body's service assertion for one request body to the gateway, as that subgraph would. */
  signServiceAssertion(body: Body, requestBody: string): Promise<string>;
  /** Signs subgraph claims for one request body as the gateway would (tests call subgraphs directly with it). */
  signClaims(identity: ForwardedIdentity, audience: string, body: string): Promise<string>;
  tokenFor(caller: Exclude<Caller, 'anonymous' | { token: string }>, lifetimeSeconds?: number): Promise<string>;
  /**
   * Sends a GraphQL request through the gateway (as `leader` unless told otherwise). A codegen'd
   * TypedDocumentNode (test/operations, @hub/client) types the variables and the data; a string
   * document (malformed or probing requests) is untyped unless `Data` is given.
   */
  query<Data, Variables extends Record<string, unknown>>(
    document: TypedDocumentNode<Data, Variables>,
    variables: Variables,
    options?: QueryOptions,
  ): Promise<GraphQLResponse<Data>>;
  query<Data = any>(query: string, variables?: Record<string, unknown>, options?: QueryOptions): Promise<GraphQLResponse<Data>>;
  /** Sends a request and returns the raw HTTP response. */
  post(body: unknown, options?: QueryOptions): Promise<Response>;
  /**
   * SQL statements each subgraph ran answering the requests `send` makes — through the gateway, or
   * straight to a subgraph with an `x-request-id` from `directRequestId()` — counted by request id, so
   * background work (outbox delivery, timers) and other requests running meanwhile are not counted.
   */
  countStatements<T>(send: () => Promise<T>): Promise<{ result: T; statements: Record<Body, number> }>;
  /** A request id for a request sent straight to a subgraph; counted when sent inside countStatements. */
  directRequestId(): string;
  stop(): Promise<void>;
}

/** Databases: one URL per body, optionally with the schema-owner URLs migrations run on (the service then connects as a restricted role). */
export type HubStorage = { databases: Record<Body, string>; migrationDatabases?: Record<Body, string> } | { dataDir: string };

export const TEST_ISSUER = 'hub-test-issuer';
/** The purpose test requests state unless told otherwise (person-level reads need one). */
export const TEST_PURPOSE = '自动化测试 — automated test';
export const TEST_AUDIENCE = 'hub';

/**
 * Starts the three subgraphs and the gateway in this process, on free ports, in production mode, with
 * fresh keys. Used by the tests and the benchmarks.
 */
export interface HubOptions {
  demo?: boolean;
  limits?: Partial<QueryLimits>;
  logLevel?: string;
  requirePurpose?: boolean;
  gateway?: Partial<Pick<GatewayConfig, 'rateLimit' | 'trustedDocuments'>>;
  /** Origins allowed to call /graphql from their pages (CORS). */
  corsOrigins?: string[];
  /** Identities the web app's sign-in page offers (as in development); the app is served either way. */
  devIdentities?: () => Promise<DevIdentity[]>;
  /** Bearer token that opens `/metrics` on every service (none: metrics closed, as in production). */
  metricsToken?: string;
  /** Supergraph file the gateway serves and watches (default: the committed one) and its poll interval. */
  supergraphPath?: string;
  supergraphPollMs?: number;
}

export async function startHub(storage: HubStorage, options: HubOptions = {}): Promise<Hub> {
  const logLines: string[] = [];
  const responses: string[] = [];
  const capture = new Writable({
    write(chunk, _encoding, done) {
      logLines.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  const logger = (name: string) => createLogger({ name, level: options.logLevel ?? process.env.TEST_LOG_LEVEL ?? 'debug', destination: capture });

  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const issuerSecret = randomBytes(32);
  markSecret(issuerSecret.toString('base64url'));
  markSecret(privateKey.export({ type: 'pkcs8', format: 'pem' }).toString().split('\n')[1]!);

  const serviceKeys = Object.fromEntries(BODIES.map((body) => [body, generateKeyPairSync('ed25519')])) as Record<
    Body,
    { privateKey: KeyObject; publicKey: KeyObject }
  >;
  for (const body of BODIES) markSecret(serviceKeys[body].privateKey.export({ type: 'pkcs8', format: 'pem' }).toString().split('\n')[1]!);
  let gatewayUrl: string | undefined;
  const config = (body: Body, port = 0): SubgraphConfig => ({
    graph: { gatewayUrl: () => gatewayUrl, servicePrivateKey: serviceKeys[body].privateKey, timeoutMs: 5_000 },
    port,
    host: '127.0.0.1',
    databaseUrl: 'databases' in storage ? storage.databases[body] : undefined,
    migrationDatabaseUrl: 'databases' in storage ? storage.migrationDatabases?.[body] : undefined,
    dataDir: 'dataDir' in storage ? storage.dataDir : '',
    development: false,
    demo: options.demo ?? false,
    logger: logger(body),
    gatewayPublicKey: publicKey,
    requirePurpose: options.requirePurpose ?? true,
    metrics: { token: options.metricsToken },
  });
  const create = { inspection: createInspection, discipline: createDiscipline, stationed: createStationed } as const;
  const apps = {
    inspection: createInspection(config('inspection')),
    discipline: createDiscipline(config('discipline')),
    stationed: createStationed(config('stationed')),
  } as { inspection: SubgraphApp<InspectionDatabase>; discipline: SubgraphApp<DisciplineDatabase>; stationed: SubgraphApp<StationedDatabase> };
  const ports = {} as Record<Body, number>;
  const running = new Set<Body>();
  const started: { stop(): Promise<void> }[] = [];
  try {
    const subgraphUrls = {} as Record<Body, string>;
    for (const body of BODIES) {
      const service = await apps[body].start();
      running.add(body);
      ports[body] = service.port;
      subgraphUrls[body] = service.url;
    }
    started.push({
      stop: async () => {
        for (const body of [...BODIES].reverse()) if (running.delete(body)) await apps[body].stop();
      },
    });
    const gateway = createGateway({
      port: 0,
      host: '127.0.0.1',
      supergraphPath: options.supergraphPath ?? new URL('../../supergraph.graphql', import.meta.url).pathname,
      supergraphPollMs: options.supergraphPollMs ?? 0,
      metrics: { token: options.metricsToken },
      subgraphUrls,
      subgraphTimeoutMs: 10_000,
      development: false,
      logger: logger('gateway'),
      verifyToken: createTokenVerifier({ issuer: TEST_ISSUER, audience: TEST_AUDIENCE, key: { secret: issuerSecret } }),
      gatewayPrivateKey: privateKey,
      limits: { ...DEFAULT_LIMITS, ...options.limits },
      introspectionRoles: DEFAULT_INTROSPECTION_ROLES,
      servicePublicKeys: Object.fromEntries(BODIES.map((body) => [body, serviceKeys[body].publicKey])),
      ...options.gateway,
      webAppDir: DEFAULT_WEB_DIR,
      devIdentities: options.devIdentities,
      corsOrigins: options.corsOrigins,
    });
    const service = await gateway.start();
    gatewayUrl = service.url;
    started.push(gateway);
    const stop = async () => {
      for (const app of started.reverse()) await app.stop();
      started.length = 0;
    };
    const tokenFor: Hub['tokenFor'] = async (caller, lifetimeSeconds = 600) => {
      const token = await issueDevToken(
        { issuerSecret },
        { staffId: caller.staffId ?? `staff-${caller.role}`, roles: [caller.role], scopes: caller.scopes },
        lifetimeSeconds,
        { issuer: TEST_ISSUER, audience: TEST_AUDIENCE },
      );
      markSecret(token);
      return token;
    };
    let counted: Set<string> | undefined;
    const post: Hub['post'] = async (body, opts = {}) => {
      const caller = opts.as ?? { role: 'leader' };
      const headers: Record<string, string> = { 'content-type': 'application/json', ...opts.headers };
      if (caller !== 'anonymous') headers.authorization = `Bearer ${'token' in caller ? caller.token : await tokenFor(caller)}`;
      const purpose = opts.purpose === undefined ? TEST_PURPOSE : opts.purpose;
      if (purpose) headers['x-access-purpose'] = encodeURIComponent(purpose);
      const response = await fetch(service.url, { method: 'POST', headers, body: JSON.stringify(body) });
      const requestId = response.headers.get('x-request-id');
      if (requestId) counted?.add(requestId);
      return response;
    };
    return {
      url: service.url,
      get inspection() {
        return apps.inspection;
      },
      get discipline() {
        return apps.discipline;
      },
      get stationed() {
        return apps.stationed;
      },
      async stopSubgraph(body) {
        if (running.delete(body)) await apps[body].stop();
      },
      async restartSubgraph(body) {
        if (running.has(body)) return;
        (apps as Record<Body, unknown>)[body] = create[body](config(body, ports[body]));
        await apps[body].start();
        running.add(body);
      },
      subgraphUrls,
      logLines,
      responses,
      issuerSecret,
      signServiceAssertion: async (body, requestBody) => {
        const assertion = await signServiceAssertion(serviceKeys[body].privateKey, body, requestBody);
        markSecret(assertion);
        return assertion;
      },
      signClaims: async (identity, audience, body) => {
        const token = await signGatewayClaims(privateKey, identity, audience, body);
        markSecret(token);
        return token;
      },
      tokenFor,
      post,
      async countStatements(send) {
        if (counted) throw new Error('countStatements: already counting');
        counted = new Set();
        const ids = counted;
        try {
          const result = await send();
          const statements = Object.fromEntries(
            BODIES.map((body) => [body, [...ids].reduce((sum, id) => sum + apps[body].database.statements.forRequest(id), 0)]),
          ) as Record<Body, number>;
          return { result, statements };
        } finally {
          counted = undefined;
        }
      },
      directRequestId() {
        const id = randomUUID();
        counted?.add(id);
        return id;
      },
      async query(document: string | TypedDocumentNode<unknown, Record<string, unknown>>, variables?: Record<string, unknown>, opts?: QueryOptions) {
        const query = typeof document === 'string' ? document : print(document);
        const response = await post({ query, variables }, opts);
        const text = await response.text();
        responses.push(text);
        return JSON.parse(text) as GraphQLResponse;
      },
      stop,
      [Symbol.asyncDispose]: stop,
    };
  } catch (error) {
    for (const app of started.reverse()) await app.stop().catch(() => undefined);
    throw error;
  }
}
