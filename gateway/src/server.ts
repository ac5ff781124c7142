import { createPrivateKey, type KeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import {
  createLogger,
  DEFAULT_DATA_DIR,
  DEV_AUDIENCE,
  DEV_ISSUER,
  envInt,
  envString,
  isDevelopment,
  loadDevKeys,
  metricsSettingsFromEnv,
  publicKeyFromFile,
  ROLES,
  type Role,
  startTracing,
  stopOnSignals,
} from '@hub/core/serving';
import type { JSONWebKeySet } from 'jose';
import { createGateway, DEFAULT_LIMITS, DEFAULT_SUPERGRAPH } from './app.ts';
import { createTokenVerifier, DEFAULT_INTROSPECTION_ROLES, DEFAULT_MAX_TOKEN_LIFETIME_SECONDS, MAX_CLOCK_SKEW_SECONDS, type JwtSettings } from './auth.ts';
import { DEFAULT_RATE_LIMIT } from './rate-limit.ts';
import { DEFAULT_ADHOC_ROLES, DEFAULT_MANIFEST, loadTrustedDocuments } from './trusted-documents.ts';
import { DEFAULT_WEB_DIR, type DevIdentity, parseCorsOrigins } from './web.ts';
import { servicePublicKeysFromEnv } from './service-identity.ts';

/** `<NAME>_SUBGRAPH_URL` overrides the routing URL of subgraph `<name>`. */
function subgraphUrlsFromEnv(): Record<string, string> {
  const urls: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    const match = /^([A-Z][A-Z0-9_]*)_SUBGRAPH_URL$/.exec(key);
    if (match && value) urls[match[1]!.toLowerCase()] = value;
  }
  return urls;
}

function fail(message: string): never {
  throw new Error(message);
}

/**
 * Caller tokens: HUB_JWT_ISSUER, HUB_JWT_AUDIENCE and one of HUB_JWT_SECRET (HS256, ≥ 32 bytes),
 * HUB_JWT_PUBLIC_KEY_FILE (PEM) or HUB_JWT_JWKS_FILE. In development, without them, the local
 * development issuer under the data folder is trusted.
 */
async function jwtSettingsFromEnv(development: boolean, dataDir: string): Promise<JwtSettings> {
  const secret = envString('HUB_JWT_SECRET');
  const publicKey = await publicKeyFromFile('HUB_JWT_PUBLIC_KEY_FILE');
  const jwksFile = envString('HUB_JWT_JWKS_FILE');
  const configured = [secret, publicKey, jwksFile].filter(Boolean).length;
  if (configured > 1) fail('set only one of HUB_JWT_SECRET, HUB_JWT_PUBLIC_KEY_FILE, HUB_JWT_JWKS_FILE');
  if (configured === 0) {
    if (!development) {
      fail(
        'NODE_ENV=production: configure caller-token verification (HUB_JWT_ISSUER, HUB_JWT_AUDIENCE and one of HUB_JWT_SECRET, HUB_JWT_PUBLIC_KEY_FILE, HUB_JWT_JWKS_FILE).',
      );
    }
    return { issuer: DEV_ISSUER, audience: DEV_AUDIENCE, key: { secret: (await loadDevKeys(dataDir)).issuerSecret } };
  }
  const issuer = envString('HUB_JWT_ISSUER') ?? fail('HUB_JWT_ISSUER is required with a configured key');
  const audience = envString('HUB_JWT_AUDIENCE') ?? fail('HUB_JWT_AUDIENCE is required with a configured key');
  if (secret) {
    if (Buffer.byteLength(secret) < 32) fail('HUB_JWT_SECRET must be at least 32 bytes');
    return { issuer, audience, key: { secret: new TextEncoder().encode(secret) } };
  }
  if (publicKey) return { issuer, audience, key: { publicKey } };
  const jwks = JSON.parse(await readFile(jwksFile!, 'utf8')) as JSONWebKeySet;
  if (!Array.isArray(jwks.keys) || jwks.keys.length === 0) fail(`HUB_JWT_JWKS_FILE ${jwksFile} holds no keys`);
  return { issuer, audience, key: { jwks } };
}

async function gatewayKeyFromEnv(development: boolean, dataDir: string): Promise<KeyObject> {
  const file = envString('HUB_GATEWAY_PRIVATE_KEY_FILE');
  if (file) return createPrivateKey(await readFile(file, 'utf8'));
  if (!development) fail('NODE_ENV=production: set HUB_GATEWAY_PRIVATE_KEY_FILE to the Ed25519 private key (PEM) the gateway signs subgraph requests with.');
  return (await loadDevKeys(dataDir)).gatewayPrivateKey;
}

function rolesFromEnv(name: string, fallback: Role[]): Role[] {
  const raw = envString(name);
  if (!raw) return fallback;
  const roles = raw
    .split(',')
    .map((r) => r.trim())
    .filter(Boolean);
  const unknown = roles.filter((r) => !(ROLES as readonly string[]).includes(r));
  if (unknown.length > 0) fail(`${name}: unknown roles ${unknown.join(', ')}`);
  return roles as Role[];
}

const logger = createLogger({ name: 'gateway', level: envString('LOG_LEVEL') });
try {
  // OTLP traces only when OTEL_EXPORTER_OTLP_ENDPOINT (or …_TRACES_ENDPOINT) is set.
  const stopTracing = await startTracing('gateway', logger);
  const development = isDevelopment();
  const dataDir = path.resolve(envString('HUB_DATA_DIR') ?? DEFAULT_DATA_DIR);
  const devToken = development ? envString('HUB_GRAPHIQL_DEV_TOKEN') : undefined;
  // Development only (npm start): the demo identities the web app's sign-in page offers.
  const devIdentitiesJson = development ? envString('HUB_DEV_IDENTITIES') : undefined;
  const devIdentities = devIdentitiesJson ? (JSON.parse(devIdentitiesJson) as DevIdentity[]) : undefined;
  const gateway = createGateway({
    port: envInt('GATEWAY_PORT', 4000),
    host: envString('HOST'),
    supergraphPath: path.resolve(envString('SUPERGRAPH_PATH') ?? DEFAULT_SUPERGRAPH),
    subgraphUrls: subgraphUrlsFromEnv(),
    subgraphTimeoutMs: envInt('SUBGRAPH_TIMEOUT_MS', 10_000),
    development,
    logger,
    verifyToken: createTokenVerifier({
      ...(await jwtSettingsFromEnv(development, dataDir)),
      maxLifetimeSeconds: envInt('HUB_TOKEN_MAX_LIFETIME_SECONDS', DEFAULT_MAX_TOKEN_LIFETIME_SECONDS),
      clockSkewSeconds: envInt('HUB_TOKEN_CLOCK_SKEW_SECONDS', MAX_CLOCK_SKEW_SECONDS),
      onStrayScopes: (scopes) => logger.warn({ scopes }, 'token carries scopes without a role that uses them; they grant nothing and are ignored'),
    }),
    gatewayPrivateKey: await gatewayKeyFromEnv(development, dataDir),
    servicePublicKeys: await servicePublicKeysFromEnv(development, dataDir),
    limits: {
      maxDepth: envInt('HUB_MAX_DEPTH', DEFAULT_LIMITS.maxDepth),
      maxAliases: envInt('HUB_MAX_ALIASES', DEFAULT_LIMITS.maxAliases),
      maxTokens: envInt('HUB_MAX_TOKENS', DEFAULT_LIMITS.maxTokens),
      maxCost: envInt('HUB_MAX_COST', DEFAULT_LIMITS.maxCost),
      maxDirectives: envInt('HUB_MAX_DIRECTIVES', DEFAULT_LIMITS.maxDirectives),
    },
    introspectionRoles: rolesFromEnv('HUB_INTROSPECTION_ROLES', DEFAULT_INTROSPECTION_ROLES),
    graphiqlHeaders: devToken ? { Authorization: `Bearer ${devToken}` } : undefined,
    // HUB_RATE_LIMIT_PER_SECOND=0 turns the per-caller limit off.
    rateLimit:
      envInt('HUB_RATE_LIMIT_PER_SECOND', DEFAULT_RATE_LIMIT.perSecond) > 0
        ? { perSecond: envInt('HUB_RATE_LIMIT_PER_SECOND', DEFAULT_RATE_LIMIT.perSecond), burst: envInt('HUB_RATE_LIMIT_BURST', DEFAULT_RATE_LIMIT.burst) }
        : undefined,
    // Development runs any document; production only the trusted ones, except for HUB_ADHOC_ROLES.
    trustedDocuments: await loadTrustedDocuments(
      path.resolve(envString('HUB_TRUSTED_DOCUMENTS') ?? DEFAULT_MANIFEST),
      development ? [...ROLES] : rolesFromEnv('HUB_ADHOC_ROLES', DEFAULT_ADHOC_ROLES),
    ),
    webAppDir: path.resolve(envString('HUB_WEB_DIR') ?? DEFAULT_WEB_DIR),
    devIdentities: devIdentities ? async () => devIdentities : undefined,
    corsOrigins: parseCorsOrigins(envString('HUB_CORS_ORIGINS')),
    metrics: metricsSettingsFromEnv(),
    supergraphPollMs: envInt('HUB_SUPERGRAPH_POLL_MS', 1000),
    optionalSubgraphs: (envString('HUB_OPTIONAL_SUBGRAPHS') ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  });
  stopOnSignals(async () => {
    await gateway.stop();
    await stopTracing();
  }, logger);
  await gateway.start();
} catch (error) {
  logger.fatal(`gateway cannot start: ${(error as Error).message}`);
  process.exit(1);
}
