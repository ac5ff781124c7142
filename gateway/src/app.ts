import type { KeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import {
  CLAIMS_HEADER,
  type ForwardedIdentity,
  type HttpService,
  hubScalars,
  type Logger,
  PURPOSE_HEADER,
  readPurpose,
  type Role,
  signGatewayClaims,
  startHttpService,
  type Viewer,
} from '@hub/core';
import { GraphQLError, type GraphQLSchema, isScalarType, Kind, type OperationDefinitionNode, parse, type SelectionSetNode, visit } from 'graphql';
import { EXAMPLE_QUERY } from './example-query.ts';
import { mountGraphiQL } from './graphiql.ts';

export const DEFAULT_SUPERGRAPH = fileURLToPath(new URL('../../supergraph.graphql', import.meta.url));

export interface QueryLimits {
  maxDepth: number;
  maxAliases: number;
  maxTokens: number;
  maxCost: number;
  maxDirectives: number;
}

export const DEFAULT_LIMITS: QueryLimits = { maxDepth: 15, maxAliases: 20, maxTokens: 4000, maxCost: 30_000, maxDirectives: 30 };

export { EXAMPLE_QUERY };

export interface GatewayConfig {
  port: number;
  host?: string | undefined;
  /** Path of the composed supergraph SDL (committed as supergraph.graphql). */
  supergraphPath: string;
  /** Subgraph name → URL, overriding the routing URLs written in the supergraph. */
  subgraphUrls: Record<string, string>;
  /** Per-request time limit for each subgraph fetch. */
  subgraphTimeoutMs: number;
  development: boolean;
  logger: Logger;
  /** Checks the caller's `Authorization` header; throws AuthenticationError. */
  verifyToken: (authorization: string | undefined) => Promise<Viewer>;
  /** Signs the verified identity for each subgraph. */
  gatewayPrivateKey: KeyObject;
  limits: QueryLimits;
  /** Outside development, only these roles may introspect the schema. */
  introspectionRoles: Role[];
  /** Development only: headers GraphiQL starts with (e.g. a development token). */
  graphiqlHeaders?: Record<string, string> | undefined;
}

export interface GatewayContext {
  requestId: string;
  identity: ForwardedIdentity;
  /** Claims signed for each subgraph of this request, signed once each. */
  signed: Map<string, Promise<string>>;
}

type Fetcher = NonNullable<ConstructorParameters<typeof RemoteGraphQLDataSource>[0]>['fetcher'];

/** Subgraph fetches give up after `timeoutMs`, so one slow subgraph cannot hold a request forever. */
function fetchWithTimeout(timeoutMs: number): Fetcher {
  return ((url: string, init: RequestInit) => fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) })) as unknown as Fetcher;
}

class SubgraphSource extends RemoteGraphQLDataSource<GatewayContext> {
  private readonly name: string;
  private readonly privateKey: KeyObject;

  constructor(name: string, url: string, timeoutMs: number, privateKey: KeyObject) {
    super({ url, fetcher: fetchWithTimeout(timeoutMs) });
    this.name = name;
    this.privateKey = privateKey;
  }

  /** A subgraph's refusal of bad input reaches the client as such, not as "400: Bad Request". */
  override async errorFromResponse(response: Parameters<RemoteGraphQLDataSource['errorFromResponse']>[0]) {
    const error = await super.errorFromResponse(response);
    const body = (error.extensions.response as { body?: { errors?: { message?: string; extensions?: { code?: string } }[] } } | undefined)?.body;
    const first = body?.errors?.[0];
    const code = first?.extensions?.code;
    if (response.status === 400 && first?.message && (code === 'BAD_USER_INPUT' || code === 'GRAPHQL_VALIDATION_FAILED')) {
      return new GraphQLError(first.message, { extensions: { code: 'BAD_USER_INPUT' } });
    }
    return error;
  }

  /**
   * DESIGN §3 "answers never blank": when this subgraph cannot be reached, its part of the answer is
   * null with one `UPSTREAM_UNAVAILABLE` error per path it would have filled, and the rest stands.
   */
  override async process(options: Parameters<RemoteGraphQLDataSource<GatewayContext>['process']>[0]) {
    try {
      return await super.process(options);
    } catch (error) {
      if (!isUnavailable(error)) throw error;
      return { errors: unavailablePaths(options.request.query ?? '', options.request.variables).map((path) => new GraphQLError(
        `子图 ${this.name} 暂不可用，该部分为空，请稍后重试 — the ${this.name} subgraph is unavailable; this part is null, try again later`,
        { path, extensions: { code: 'UPSTREAM_UNAVAILABLE', subgraph: this.name } },
      )) };
    }
  }

  override async willSendRequest({ request, context }: Parameters<NonNullable<RemoteGraphQLDataSource<GatewayContext>['willSendRequest']>>[0]) {
    const headers = request.http!.headers;
    headers.set('x-request-id', context.requestId);
    let token = context.signed.get(this.name);
    if (!token) {
      token = signGatewayClaims(this.privateKey, context.identity, this.name);
      context.signed.set(this.name, token);
    }
    headers.set(CLAIMS_HEADER, await token);
  }
}

/** A failed fetch that means "not reachable now": no HTTP answer at all, a timeout, or a 502/503/504. */
function isUnavailable(error: unknown): boolean {
  const status = (error as { extensions?: { response?: { status?: number } } }).extensions?.response?.status;
  if (typeof status === 'number') return status === 502 || status === 503 || status === 504;
  return !(error instanceof GraphQLError);
}

/** Response keys of a selection set (through inline fragments), without `__typename`. */
function responseKeys(selectionSet: SelectionSetNode): string[] {
  return selectionSet.selections.flatMap((selection) => {
    if (selection.kind === Kind.FIELD) return selection.name.value === '__typename' ? [] : [selection.alias?.value ?? selection.name.value];
    if (selection.kind === Kind.INLINE_FRAGMENT) return responseKeys(selection.selectionSet);
    return [];
  });
}

/**
 * The paths a subgraph fetch would have filled, in the fetch's own terms: `_entities.<i>.<field>` for
 * an entity fetch (the gateway maps them onto the client's paths), else the root fields.
 */
export function unavailablePaths(query: string, variables: Record<string, unknown> | undefined): (string | number)[][] {
  let operation: OperationDefinitionNode | undefined;
  try {
    operation = parse(query).definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  } catch {
    return [[]];
  }
  if (!operation) return [[]];
  const paths: (string | number)[][] = [];
  for (const selection of operation.selectionSet.selections) {
    if (selection.kind !== Kind.FIELD || selection.name.value === '__typename') continue;
    const key = selection.alias?.value ?? selection.name.value;
    if (selection.name.value === '_entities' && selection.selectionSet) {
      const count = Array.isArray(variables?.representations) ? variables.representations.length : 0;
      const fields = [...new Set(responseKeys(selection.selectionSet))];
      for (let i = 0; i < count; i++) for (const field of fields) paths.push([key, i, field]);
    } else {
      paths.push([key]);
    }
  }
  return paths;
}

/**
 * The supergraph knows the hub's scalars only by name. Giving the gateway their parsers rejects a
 * bad UnitCode, Date or Money before any subgraph is asked, with the same message.
 */
function enforceHubScalars(schema: GraphQLSchema): void {
  for (const [name, implementation] of Object.entries(hubScalars)) {
    const type = schema.getType(name);
    if (!isScalarType(type)) continue;
    type.parseValue = implementation.parseValue;
    type.parseLiteral = implementation.parseLiteral;
  }
}

/** Introspection (`__schema`, `__type`) only in development or for the roles that need it. */
function introspectionGuard(config: GatewayConfig): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, contextValue }) {
          if (config.development) return;
          if (contextValue.identity.viewer.roles.some((role) => config.introspectionRoles.includes(role))) return;
          let introspects = false;
          visit(document, {
            Field(node) {
              if (node.name.kind === Kind.NAME && (node.name.value === '__schema' || node.name.value === '__type')) introspects = true;
            },
          });
          if (introspects) {
            throw new GraphQLError('无权查询模式 — schema introspection is not available to your role', { extensions: { code: 'FORBIDDEN' } });
          }
        },
      };
    },
  };
}

/** The Apollo gateway: serves the committed supergraph, no runtime introspection, no Apollo cloud. */
export function createGateway(config: GatewayConfig) {
  let http: HttpService | undefined;
  let gateway: ApolloGateway | undefined;
  return {
    async start(): Promise<HttpService> {
      const supergraphSdl = await readFile(config.supergraphPath, 'utf8');
      const known = new Set<string>();
      gateway = new ApolloGateway({
        supergraphSdl,
        logger: config.logger,
        buildService: ({ name, url }) => {
          known.add(name);
          const target = config.subgraphUrls[name] ?? url;
          if (!target) throw new Error(`subgraph ${name} has no URL`);
          return new SubgraphSource(name, target, config.subgraphTimeoutMs, config.gatewayPrivateKey);
        },
      });
      gateway.onSchemaLoadOrUpdate(({ apiSchema }) => enforceHubScalars(apiSchema));
      const { limits } = config;
      const armor = new ApolloArmor({
        maxDepth: { n: limits.maxDepth, ignoreIntrospection: true, exposeLimits: true },
        maxAliases: { n: limits.maxAliases, exposeLimits: true },
        maxTokens: { n: limits.maxTokens, exposeLimits: true },
        costLimit: { maxCost: limits.maxCost, ignoreIntrospection: true, exposeLimits: true },
        maxDirectives: { n: limits.maxDirectives, exposeLimits: true },
        blockFieldSuggestion: { enabled: !config.development },
      }).protect();
      http = await startHttpService<GatewayContext, ForwardedIdentity>({
        name: 'gateway',
        graph: { gateway },
        port: config.port,
        host: config.host,
        logger: config.logger,
        development: config.development,
        bodyLimit: '256kb',
        introspection: true,
        validationRules: armor.validationRules,
        plugins: [...(armor.plugins as ApolloServerPlugin<GatewayContext>[]), introspectionGuard(config)],
        readiness: async () => ({ subgraphs: [...known].sort() }),
        authenticate: async (req) => ({
          viewer: await config.verifyToken(req.headers.authorization),
          purpose: readPurpose(req.headers[PURPOSE_HEADER]),
        }),
        context: async ({ requestId, auth }) => ({ requestId, identity: auth, signed: new Map() }),
        routes: (app) =>
          mountGraphiQL(app, { defaultQuery: EXAMPLE_QUERY, headers: config.development ? config.graphiqlHeaders : undefined }),
      });
      for (const name of Object.keys(config.subgraphUrls)) {
        if (!known.has(name)) config.logger.warn({ subgraph: name }, 'URL override names a subgraph the supergraph does not have');
      }
      return http;
    },
    async stop(): Promise<void> {
      await http?.stop();
    },
  };
}
