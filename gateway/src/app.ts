import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { type HttpService, hubScalars, type Logger, startHttpService } from '@hub/core';
import { GraphQLError, type GraphQLSchema, isScalarType } from 'graphql';
import { mountGraphiQL } from './graphiql.ts';

export const DEFAULT_SUPERGRAPH = fileURLToPath(new URL('../../supergraph.graphql', import.meta.url));

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
}

export interface GatewayContext {
  requestId: string;
}

export const EXAMPLE_QUERY = `# 一次查询跨越三个子图 — one query answered by all three subgraphs
query UnitOverview {
  units(first: 10) {
    totalCount
    edges {
      node {
        code
        name
        kind
        township
        petitionSummary { year category count }
        stationedGroup { name }
      }
    }
  }
}
`;

type Fetcher = NonNullable<ConstructorParameters<typeof RemoteGraphQLDataSource>[0]>['fetcher'];

/** Subgraph fetches give up after `timeoutMs`, so one slow subgraph cannot hold a request forever. */
function fetchWithTimeout(timeoutMs: number): Fetcher {
  return ((url: string, init: RequestInit) => fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) })) as unknown as Fetcher;
}

class SubgraphSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(url: string, timeoutMs: number) {
    super({ url, fetcher: fetchWithTimeout(timeoutMs) });
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

  override willSendRequest({ request, context }: Parameters<NonNullable<RemoteGraphQLDataSource<GatewayContext>['willSendRequest']>>[0]) {
    request.http?.headers.set('x-request-id', context.requestId);
  }
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
          return new SubgraphSource(target, config.subgraphTimeoutMs);
        },
      });
      gateway.onSchemaLoadOrUpdate(({ apiSchema }) => enforceHubScalars(apiSchema));
      http = await startHttpService<GatewayContext>({
        name: 'gateway',
        graph: { gateway },
        port: config.port,
        host: config.host,
        logger: config.logger,
        development: config.development,
        readiness: async () => ({ subgraphs: [...known].sort() }),
        context: async ({ requestId }) => ({ requestId }),
        routes: (app) => mountGraphiQL(app, { defaultQuery: EXAMPLE_QUERY }),
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
