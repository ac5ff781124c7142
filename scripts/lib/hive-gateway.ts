/**
 * Hive Gateway (MIT, @graphql-hive/gateway) serving the committed supergraph.graphql against the
 * hub's subgraphs — the second engine `npm run bench` measures ours against. Started as its own
 * process: `node scripts/lib/hive-gateway.ts`, configured by the environment:
 *   HIVE_PORT                       port to listen on (127.0.0.1)
 *   HIVE_PLANNER                    `js` (Hive's own JavaScript planner, default) or `rust` (the Rust query
 *                                   planner of @graphql-hive/router-runtime)
 *   <NAME>_SUBGRAPH_URL             each subgraph's URL, as for our gateway
 *   HUB_GATEWAY_PRIVATE_KEY_FILE    the Ed25519 key our gateway signs subgraph claims with
 *   HUB_JWT_ISSUER, HUB_JWT_AUDIENCE, HUB_JWT_SECRET   caller tokens, verified as our gateway does
 *
 * Its one plugin does what our gateway does for each subgraph fetch: verifies the caller's token once
 * per request (gateway/src/auth.ts) and signs the claims over the exact body being sent, with a fresh
 * one-time id (signGatewayClaims from @hub/core). Hive shares in-flight subgraph requests keyed on URL
 * and body only, so one caller could receive another's answer: `deduplicateInflightRequests: false`
 * for every subgraph. No persisted documents: Hive runs any document sent (see scripts/bench.ts).
 */
import { createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import { createGatewayRuntime, type GatewayPlugin } from '@graphql-hive/gateway';
import { unifiedGraphHandler as rustPlanner } from '@graphql-hive/router-runtime';
import { CLAIMS_HEADER, type ForwardedIdentity, PURPOSE_HEADER, readPurpose, signGatewayClaims } from '@hub/core';
import { GraphQLError } from 'graphql';
import { createTokenVerifier, DEFAULT_MAX_TOKEN_LIFETIME_SECONDS, MAX_CLOCK_SKEW_SECONDS } from '../../gateway/src/auth.ts';

const env = (name: string) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
};

const port = Number(env('HIVE_PORT'));
const planner = process.env.HIVE_PLANNER === 'rust' ? 'rust' : 'js';
const privateKey = createPrivateKey(readFileSync(env('HUB_GATEWAY_PRIVATE_KEY_FILE'), 'utf8'));
const verifyToken = createTokenVerifier({
  issuer: env('HUB_JWT_ISSUER'),
  audience: env('HUB_JWT_AUDIENCE'),
  key: { secret: new TextEncoder().encode(env('HUB_JWT_SECRET')) },
  maxLifetimeSeconds: DEFAULT_MAX_TOKEN_LIFETIME_SECONDS,
  clockSkewSeconds: MAX_CLOCK_SKEW_SECONDS,
});

const subgraphUrls = new Map<string, string>();
for (const [key, value] of Object.entries(process.env)) {
  const match = /^([A-Z][A-Z0-9_]*)_SUBGRAPH_URL$/.exec(key);
  if (match && value) subgraphUrls.set(match[1]!.toLowerCase(), value);
}
const subgraphByUrl = new Map([...subgraphUrls].map(([name, url]) => [url, name]));

/** The verified identity of one incoming request, computed once and shared by its subgraph fetches. */
const identities = new WeakMap<Request, Promise<ForwardedIdentity>>();
function identityOf(request: Request): Promise<ForwardedIdentity> {
  let identity = identities.get(request);
  if (!identity) {
    identity = verifyToken(request.headers.get('authorization') ?? undefined).then((viewer) => ({
      viewer,
      purpose: readPurpose(request.headers.get(PURPOSE_HEADER) ?? undefined),
    }));
    identities.set(request, identity);
  }
  return identity;
}

const claimsPlugin: GatewayPlugin = {
  async onRequestParse({ request }) {
    // Refuses a bad token before any planning, as our gateway does (there with 401).
    await identityOf(request).catch((error: Error) => {
      throw new GraphQLError(error.message, { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });
    });
  },
  async onFetch({ url, options, setOptions, context }) {
    const audience = subgraphByUrl.get(url);
    const request = (context as { request?: Request } | undefined)?.request;
    if (!audience || !request) return;
    const body = typeof options.body === 'string' ? options.body : String(options.body ?? '');
    const claims = await signGatewayClaims(privateKey, await identityOf(request), audience, body);
    setOptions({ ...options, headers: { ...(options.headers as Record<string, string>), [CLAIMS_HEADER]: claims } });
  },
};

const transport = { options: { deduplicateInflightRequests: false } };
const gateway = createGatewayRuntime({
  supergraph: fileURLToPath(new URL('../../supergraph.graphql', import.meta.url)),
  transportEntries: {
    '*': transport,
    '*.http': transport,
    ...Object.fromEntries([...subgraphUrls].map(([name, location]) => [name, { location, ...transport }])),
  },
  ...(planner === 'rust' ? { unifiedGraphHandler: rustPlanner } : {}),
  plugins: () => [claimsPlugin],
  logging: 'error',
  graphiql: false,
  landingPage: false,
  healthCheckEndpoint: '/health',
  readinessCheckEndpoint: '/ready',
});

const server = createServer(gateway);
server.keepAliveTimeout = 65_000;
server.listen(port, '127.0.0.1', () => console.log(`hive gateway (${planner} planner) on ${port}`));
const stop = () => server.close(() => void Promise.resolve(gateway.dispose()).finally(() => process.exit(0)));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
