import { ApolloGateway, type GraphQLDataSource, type GraphQLDataSourceProcessOptions, type SupergraphSdlHook } from '@apollo/gateway';
import type { GatewayInterface } from '@apollo/server-gateway-interface';
import type { GraphQLSchema } from 'graphql';
import type { Logger } from '@hub/core/serving';
import { cacheShapingOperations } from './operation-cache.ts';

// Each document's shaping operation is built once, not on every request (operation-cache.ts).
cacheShapingOperations();

type SchemaContext = { apiSchema: GraphQLSchema; coreSupergraphSdl: string };
type Loaded = Awaited<ReturnType<ApolloGateway['load']>>;

/** What a data source of the planner needs from the request's context: the requesting gateway's own sources. */
export interface SubgraphRouting {
  /** The requesting gateway's data source for a subgraph of the supergraph (its URL as the supergraph writes it). */
  subgraph(name: string, url: string | undefined): GraphQLDataSource;
}

/**
 * Sends a planned fetch through the data source of the gateway the request came to: the planner
 * holds no URL, key, metrics or logger of any one gateway.
 */
class RoutedSource implements GraphQLDataSource {
  private readonly name: string;
  private readonly url: string | undefined;

  constructor(name: string, url: string | undefined) {
    this.name = name;
    this.url = url;
  }

  process(options: GraphQLDataSourceProcessOptions) {
    const routing = options.context as Partial<SubgraphRouting> | undefined;
    if (typeof routing?.subgraph !== 'function') throw new Error(`no gateway to send the ${this.name} fetch through`);
    return routing.subgraph(this.name, this.url).process(options);
  }
}

/**
 * 查询规划器 — an ApolloGateway: the supergraph's schemas, its query graph, the query planner and
 * the plans it made. It knows the subgraphs by name and by the URL the supergraph writes; each fetch
 * goes through the data source of the gateway the request came to (`SubgraphRouting` in the context).
 */
export class Planner {
  /** Subgraph name → URL written in the supergraph (a reloaded supergraph may add one). */
  readonly subgraphs = new Map<string, string | undefined>();
  private readonly gateway: ApolloGateway;
  private readonly listeners = new Set<(context: SchemaContext) => void>();
  private current: SchemaContext | undefined;
  private loading: Promise<Loaded> | undefined;

  private readonly onFailedLoad: (() => void) | undefined;

  constructor(options: { supergraphSdl: string | SupergraphSdlHook; validateSupergraph: boolean; logger: Logger }, onFailedLoad?: () => void) {
    this.onFailedLoad = onFailedLoad;
    this.gateway = new ApolloGateway({
      supergraphSdl: options.supergraphSdl,
      validateSupergraph: options.validateSupergraph,
      logger: options.logger,
      buildService: ({ name, url }) => {
        this.subgraphs.set(name, url);
        return new RoutedSource(name, url);
      },
    });
    this.gateway.onSchemaLoadOrUpdate((context) => {
      this.current = context;
      for (const listener of this.listeners) listener(context);
    });
  }

  /** Loads the supergraph once, however many gateways use the planner. */
  load(): Promise<Loaded> {
    if (!this.loading) {
      this.loading = this.gateway.load();
      this.loading.catch(() => this.onFailedLoad?.());
    }
    return this.loading;
  }

  /** Calls `listener` with the schema in use now (once loaded) and with every reloaded one. */
  subscribe(listener: (context: SchemaContext) => void): () => void {
    this.listeners.add(listener);
    if (this.current) listener(this.current);
    return () => this.listeners.delete(listener);
  }

  stop(): Promise<void> {
    return this.gateway.stop();
  }

  /** The `gateway` Apollo Server runs with: this planner's schema and executor, for one gateway. */
  serve(options: { ownsPlanner: boolean }): GatewayInterface {
    // This gateway's listeners: before its `load`, waiting (null); from then on, subscribed to the planner.
    const listeners = new Map<(context: SchemaContext) => void, (() => void) | null>();
    let loaded = false;
    return {
      load: async () => {
        const result = await this.load();
        loaded = true;
        for (const [listener, subscription] of listeners) if (!subscription) listeners.set(listener, this.subscribe(listener));
        return result;
      },
      onSchemaLoadOrUpdate: (listener) => {
        listeners.set(listener, loaded ? this.subscribe(listener) : null);
        return () => {
          listeners.get(listener)?.();
          listeners.delete(listener);
        };
      },
      stop: async () => {
        for (const subscription of listeners.values()) subscription?.();
        listeners.clear();
        if (options.ownsPlanner) await this.stop();
      },
    };
  }
}

/**
 * Planners for supergraph texts that are never reloaded, shared by the gateways of one process that
 * serve the same text: building a supergraph's schemas and query graph took about 0.3 s of CPU per
 * gateway start and gives the same planner every time (the test suite and the benchmarks start
 * dozens of gateways in one process). A handful of texts are kept; a planner with a static text
 * holds no timer, file watch or connection.
 */
const shared = new Map<string, Planner>();
const SHARED_TEXTS = 4;

export function sharedPlanner(supergraphSdl: string, validateSupergraph: boolean, logger: Logger): Planner {
  const key = `${validateSupergraph}\n${supergraphSdl}`;
  let planner = shared.get(key);
  if (!planner) {
    // A text that failed to load is not kept: the next gateway tries (and reports) it afresh.
    planner = new Planner({ supergraphSdl, validateSupergraph, logger }, () => shared.delete(key));
    shared.set(key, planner);
    for (const old of shared.keys()) if (shared.size > SHARED_TEXTS) shared.delete(old);
  }
  return planner;
}
