import type { KeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { GraphQLSchema } from 'graphql';
import type { Kysely } from 'kysely';
import { type AuditDatabase, auditPlugin, AuditRecorder } from './audit.ts';
import { CLAIMS_HEADER, createGatewayClaimsVerifier, type ForwardedIdentity, loadDevKeys } from './auth.ts';
import type { SubgraphContext } from './context.ts';
import type { Database } from './database.ts';
import { openServiceDatabase } from './service-database.ts';
import { DatabaseReplayCache, type OneTimeClaim } from './replay-store.ts';
import { auditPersonLevelReads } from './person-level.ts';
import { type HttpService, rawBodyOf, startHttpService } from './http.ts';
import { createLogger, type Logger } from './logger.ts';
import { refuseControlCharactersInArguments } from './text.ts';
import { DEFAULT_DATA_DIR, envInt, envString, isDevelopment, publicKeyFromFile } from './process.ts';
import { createGraphClient, type GraphAccess, type GraphClient } from './references.ts';
import { loadDevServiceKey, serviceIdentityGuard } from './service-identity.ts';
import { observeDatabase, observeOutbox } from './observability/database.ts';
import { type MetricsSettings, metricsSettingsFromEnv, ServiceMetrics } from './observability/metrics.ts';

export interface SubgraphConfig {
  port: number;
  host?: string | undefined;
  /** PostgreSQL URL; without it the service keeps an embedded PGlite database in `dataDir`. */
  databaseUrl?: string | undefined;
  /** PostgreSQL URL of the schema-owner role that runs migrations; the service then uses `databaseUrl` as a restricted role. */
  migrationDatabaseUrl?: string | undefined;
  /** Refuse a person-level read without a stated purpose of access (default: outside development). */
  requirePurpose?: boolean | undefined;
  /** Refuse to start when the service's PostgreSQL role owns the audit log (otherwise a warning). */
  requireRestrictedRole?: boolean | undefined;
  dataDir: string;
  development: boolean;
  /** Load the demo district's records for this body (idempotent). */
  demo: boolean;
  logger: Logger;
  /** The gateway's public key: only requests carrying claims it signed are answered. */
  gatewayPublicKey: KeyObject;
  /** How this body calls the graph as its service identity; without it, reference checks refuse writes as unavailable. */
  graph?: GraphAccess | undefined;
  /** Outbox delivery: how often pending events are tried, and the longest wait between attempts. */
  outbox?: { intervalMs?: number | undefined; maxBackoffMs?: number | undefined } | undefined;
  /** Who may read `/metrics` (default: nobody outside development). */
  metrics?: MetricsSettings | undefined;
}

export interface SubgraphDefinition<DB extends AuditDatabase, Ctx extends SubgraphContext> {
  name: string;
  schema: GraphQLSchema;
  migrationFolder: string;
  /** Adds the subgraph's own parts (db, loaders) to the context every subgraph shares. */
  context: (database: Database<DB>, base: SubgraphContext) => Ctx;
  loadDemoData?: (database: Database<DB>) => Promise<void>;
  /** Runs after migrations, before HTTP; may return a function that stops what it started (timers). */
  onStart?: (database: Database<DB>, logger: Logger) => Promise<(() => void) | undefined>;
  /** Extra facts for the `/health` report (e.g. the working calendar's reach). */
  health?: (database: Database<DB>) => Promise<Record<string, unknown>>;
  /** Whether this body sends events through an outbox (its lag is then on `/metrics`). */
  outbox?: boolean;
  /** Background work started with the service and stopped before its database closes (outbox delivery). */
  background?: (
    database: Database<DB>,
    services: { graph: GraphClient; logger: Logger; outbox: { intervalMs?: number | undefined; maxBackoffMs?: number | undefined } },
  ) => { stop(): Promise<void> };
}

export interface SubgraphApp<DB> {
  start(): Promise<HttpService>;
  stop(): Promise<void>;
  /** The open database; available after `start()`. */
  readonly database: Database<DB>;
}

/** One subgraph service: database (migrated at start), optional demo data, HTTP, clean stop. */
export function createSubgraphApp<DB extends AuditDatabase, Ctx extends SubgraphContext>(
  definition: SubgraphDefinition<DB, Ctx>,
  config: SubgraphConfig,
): SubgraphApp<DB> {
  let database: Database<DB> | undefined;
  let http: HttpService | undefined;
  let stopHooks: (() => void) | undefined;
  let background: { stop(): Promise<void> } | undefined;
  const graph = createGraphClient(definition.name, config.graph, config.logger);
  return {
    get database() {
      if (!database) throw new Error(`${definition.name}: not started`);
      return database;
    },
    async start() {
      const opened = await openServiceDatabase<DB>({
        url: config.databaseUrl,
        migrationUrl: config.migrationDatabaseUrl,
        requireRestrictedRole: config.requireRestrictedRole,
        dataDir: path.join(config.dataDir, definition.name),
        migrationFolder: definition.migrationFolder,
        logger: config.logger,
      });
      database = opened;
      const metrics = new ServiceMetrics(definition.name);
      observeDatabase(metrics, opened);
      if (definition.outbox) observeOutbox(metrics, opened.db);
      // The one-time ids live in the body's database, shared by all its replicas (replay-store.ts).
      // Deferred: a request records its id when it first writes (its audit records, or before a mutation), see audit.ts.
      const replay = new DatabaseReplayCache(opened.db as unknown as Kysely<any>, { deferred: true });
      const verifyClaims = createGatewayClaimsVerifier(config.gatewayPublicKey, definition.name, replay);
      try {
        stopHooks = (await definition.onStart?.(opened, config.logger)) ?? undefined;
        if (config.demo && definition.loadDemoData) await definition.loadDemoData(opened);
        http = await startHttpService<Ctx, ForwardedIdentity & { claim: OneTimeClaim | undefined }>({
          name: definition.name,
          // Control characters are refused in every argument; person-level fields are audited (and
          // need a purpose) by their authorization rule.
          graph: { schema: auditPersonLevelReads(refuseControlCharactersInArguments(definition.schema)) },
          port: config.port,
          host: config.host,
          logger: config.logger,
          development: config.development,
          // Entity batches from the gateway can be large.
          bodyLimit: '2mb',
          readiness: async () => {
            await opened.ping();
            return { database: opened.kind, ...(await definition.health?.(opened)) };
          },
          // Nobody reaches a subgraph around the gateway: `_entities` and `_service` included.
          // …and each signed header serves one request, with the body it was signed for.
          authenticateAfterBody: true,
          refusalLogLevel: 'warn',
          authenticate: async (req) => {
            const { jti, ...identity } = await verifyClaims(req.headers[CLAIMS_HEADER], rawBodyOf(req));
            return { ...identity, claim: replay.take(jti) };
          },
          context: async ({ requestId, clientRequestId, log, auth }) =>
            definition.context(opened, {
              requestId,
              log: log.child({ staffId: auth.viewer.staffId }),
              viewer: auth.viewer,
              purpose: auth.purpose,
              audit: new AuditRecorder(opened.db as unknown as Kysely<AuditDatabase>, auth, requestId, {
                requirePurpose: config.requirePurpose ?? !config.development,
                clientRequestId,
                claim: auth.claim,
              }),
              graph,
            }),
          plugins: [auditPlugin<Ctx>(), serviceIdentityGuard<Ctx>(definition.schema)],
          // The request id comes from the gateway, which generated it (and the caller's own beside it).
          trustRequestIdHeader: true,
          metrics,
          metricsSettings: config.metrics ?? { open: config.development },
        });
        background = definition.background?.(opened, { graph, logger: config.logger, outbox: config.outbox ?? {} });
        return http;
      } catch (error) {
        stopHooks?.();
        await opened.close();
        throw error;
      }
    },
    async stop() {
      await background?.stop();
      background = undefined;
      stopHooks?.();
      await http?.stop();
      await database?.close();
    },
  };
}

/**
 * Reads a subgraph's settings: `<BODY>_PORT`, `<BODY>_DATABASE_URL`, `<BODY>_MIGRATION_DATABASE_URL`,
 * `HUB_REQUIRE_RESTRICTED_DATABASE_ROLE`, `HUB_REQUIRE_PURPOSE`, `HOST`, `HUB_DATA_DIR`,
 * `HUB_DEMO_DATA`, `HUB_GATEWAY_PUBLIC_KEY_FILE`, `HUB_EMBEDDED_DATABASE`, `HUB_GATEWAY_URL`,
 * `HUB_SERVICE_PRIVATE_KEY_FILE`, `HUB_SERVICE_CALL_TIMEOUT_MS`, `HUB_OUTBOX_INTERVAL_MS`,
 * `HUB_OUTBOX_MAX_BACKOFF_MS`, `HUB_METRICS_*`, `LOG_LEVEL`, `NODE_ENV`. In production the gateway's public key, the
 * database URL, this body's service key and the gateway URL must be configured; in development the local key under the data folder is
 * used (created on first use).
 */
export async function subgraphConfigFromEnv(name: string, defaultPort: number): Promise<SubgraphConfig> {
  const prefix = name.toUpperCase();
  const development = isDevelopment();
  const dataDir = path.resolve(envString('HUB_DATA_DIR') ?? DEFAULT_DATA_DIR);
  let gatewayPublicKey = await publicKeyFromFile('HUB_GATEWAY_PUBLIC_KEY_FILE');
  if (!gatewayPublicKey) {
    if (!development) {
      throw new Error(
        "NODE_ENV=production: set HUB_GATEWAY_PUBLIC_KEY_FILE to the gateway's Ed25519 public key (PEM); " +
          'a subgraph will not start without knowing whose signature to trust.',
      );
    }
    gatewayPublicKey = (await loadDevKeys(dataDir)).gatewayPublicKey;
  }
  const databaseUrl = envString(`${prefix}_DATABASE_URL`);
  if (!databaseUrl && !development && envString('HUB_EMBEDDED_DATABASE') !== '1') {
    throw new Error(
      `NODE_ENV=production: set ${prefix}_DATABASE_URL to this body's PostgreSQL database; ` +
        'a production subgraph does not fall back to an embedded database (set HUB_EMBEDDED_DATABASE=1 to run one on purpose).',
    );
  }
  const serviceKeyFile = envString('HUB_SERVICE_PRIVATE_KEY_FILE');
  let servicePrivateKey: KeyObject;
  if (serviceKeyFile) {
    const { createPrivateKey } = await import('node:crypto');
    servicePrivateKey = createPrivateKey(await readFile(serviceKeyFile, 'utf8'));
  } else {
    if (!development) {
      throw new Error(
        `NODE_ENV=production: set HUB_SERVICE_PRIVATE_KEY_FILE to ${name}'s Ed25519 service key (PEM); the gateway must hold its public half (HUB_SERVICE_PUBLIC_KEY_${prefix}_FILE).`,
      );
    }
    servicePrivateKey = await loadDevServiceKey(dataDir, name);
  }
  const gatewayUrl = envString('HUB_GATEWAY_URL') ?? (development ? `http://localhost:${envInt('GATEWAY_PORT', 4000)}/graphql` : undefined);
  if (!gatewayUrl)
    throw new Error("NODE_ENV=production: set HUB_GATEWAY_URL to the gateway's /graphql URL (reference checks and event delivery go through it).");
  return {
    graph: { gatewayUrl, servicePrivateKey, timeoutMs: envInt('HUB_SERVICE_CALL_TIMEOUT_MS', 5_000) },
    outbox: { intervalMs: envInt('HUB_OUTBOX_INTERVAL_MS', 1_000), maxBackoffMs: envInt('HUB_OUTBOX_MAX_BACKOFF_MS', 30_000) },
    port: envInt(`${prefix}_PORT`, defaultPort),
    host: envString('HOST'),
    databaseUrl,
    migrationDatabaseUrl: envString(`${prefix}_MIGRATION_DATABASE_URL`),
    // HUB_REQUIRE_PURPOSE=0 lets person-level reads through without a stated purpose (still audited).
    requirePurpose: envString('HUB_REQUIRE_PURPOSE') ? envString('HUB_REQUIRE_PURPOSE') === '1' : !development,
    // HUB_REQUIRE_RESTRICTED_DATABASE_ROLE=1: refuse to start connected as the audit log's owner.
    requireRestrictedRole: envString('HUB_REQUIRE_RESTRICTED_DATABASE_ROLE') === '1',
    dataDir,
    development,
    demo: envString('HUB_DEMO_DATA') === '1',
    logger: createLogger({ name, level: envString('LOG_LEVEL') }),
    gatewayPublicKey,
    metrics: metricsSettingsFromEnv(),
  };
}
