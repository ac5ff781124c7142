import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer, type ApolloServerPlugin, type BaseContext, type ContextFunction, HeaderMap } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import {
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
  ApolloServerPluginSchemaReportingDisabled,
  ApolloServerPluginUsageReportingDisabled,
} from '@apollo/server/plugin/disabled';
import type { GatewayInterface } from '@apollo/server-gateway-interface';
import express, { type Request, type Response } from 'express';
import { GraphQLError, type GraphQLFormattedError, type GraphQLSchema, type ValidationRule } from 'graphql';
import { AuthenticationError } from './auth.ts';
import { withoutSubmittedValues } from './client-errors.ts';
import type { Logger } from './logger.ts';
import { type MetricsSettings, serveMetrics, ServiceMetrics } from './observability/metrics.ts';
import { activate, noteRefusal, withinRequest, observationOf, observeRequests, type RequestObservation } from './observability/requests.ts';

export interface RequestInfo<Auth = unknown> {
  requestId: string;
  /** The caller's own `X-Request-Id`, when the service does not take it as the request id. */
  clientRequestId: string | null;
  headers: http.IncomingHttpHeaders;
  log: Logger;
  /** What `authenticate` returned for this request. */
  auth: Auth;
}

export interface HttpServiceOptions<Ctx extends BaseContext, Auth = unknown> {
  name: string;
  /** A subgraph passes its schema, the gateway passes its gateway. */
  graph: { schema: GraphQLSchema } | { gateway: GatewayInterface };
  port: number;
  host?: string | undefined;
  logger: Logger;
  development: boolean;
  /**
   * Throws when the service cannot answer (e.g. its database is down); returns details otherwise,
   * with `ready: false` when the service is up but not ready (503 with the details).
   */
  readiness: () => Promise<Record<string, unknown>>;
  /**
   * Runs before any GraphQL request is read; throwing `AuthenticationError` answers 401. `/health`
   * and the extra routes are not behind it.
   */
  authenticate: (request: Request) => Promise<Auth>;
  /**
   * Level of the log line of a request refused by `authenticate` (default `info`: a client's mistake).
   * A subgraph logs `warn`: only the gateway calls it, so a refusal is an operator's concern.
   */
  refusalLogLevel?: 'info' | 'warn';
  /** Read the body (keeping its raw bytes, see `rawBodyOf`) before `authenticate` runs. */
  authenticateAfterBody?: boolean;
  /** Keep the raw body bytes (`rawBodyOf`) for `beforeGraphQL` even when authenticating first. */
  keepRawBody?: boolean;
  context: (request: RequestInfo<Auth>) => Promise<Ctx>;
  /** Largest accepted request body. */
  bodyLimit?: string;
  plugins?: ApolloServerPlugin<Ctx>[];
  /** Extra validation rules (query limits). */
  validationRules?: ValidationRule[];
  /** Whether introspection is answered at all (default: development only). */
  introspection?: boolean;
  /** Extra routes mounted before GraphQL (the gateway's GraphiQL page). */
  routes?: (app: express.Express) => void;
  /** Mounts CORS handling on the GraphQL path before authentication (a preflight carries no token). */
  cors?: (app: express.Express, path: string) => void;
  /** How long in-flight requests may take to finish when the service stops. */
  drainMs?: number;
  /**
   * Whether the caller's `X-Request-Id` becomes the request id (subgraphs: it is the gateway's).
   * Otherwise the service generates one and keeps the caller's as `clientRequestId`.
   */
  trustRequestIdHeader?: boolean;
  /** Largest number of lexical tokens in a document (graphql-js refuses longer ones with a 400). */
  maxTokens?: number;
  /** Runs after authentication and body parsing, before GraphQL (rate limits, trusted documents). */
  beforeGraphQL?: (req: Request, res: Response, auth: Auth, next: () => void) => void;
  /** The service's metrics (a fresh set when absent) and who may read them at `/metrics`. */
  metrics?: ServiceMetrics | undefined;
  metricsSettings?: MetricsSettings | undefined;
}

export interface HttpService {
  url: string;
  port: number;
  stop(): Promise<void>;
}

/** Codes of errors that are the client's mistake, and the HTTP status they answer with. */
const CLIENT_ERROR_STATUS: Record<string, number> = {
  GRAPHQL_PARSE_FAILED: 400,
  GRAPHQL_VALIDATION_FAILED: 400,
  BAD_USER_INPUT: 400,
  BAD_REQUEST: 400,
  OPERATION_RESOLUTION_FAILURE: 400,
  PERSISTED_QUERY_NOT_FOUND: 400,
  PERSISTED_QUERY_NOT_SUPPORTED: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
};

/** The status a refusal of the client's request carries (400 unless its code says otherwise). */
export function clientError(message: string, code: string, status = CLIENT_ERROR_STATUS[code] ?? 400): GraphQLError {
  return new GraphQLError(message, { extensions: { code, http: { status } } });
}

/**
 * A client's mistake is a 4xx, never a 500: a request naming no operation of its document is a
 * 400, and an error-only response whose errors are all client errors takes their status (Apollo
 * answers 500 for an error raised by a plugin).
 */
function clientErrorStatus<Ctx extends BaseContext>(nullDataIsRefusal: boolean): ApolloServerPlugin<Ctx> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, request }) {
          if (!operation) {
            throw clientError(
              request.operationName
                ? '文档中没有该名称的操作 — the document has no operation of that operationName'
                : '须指明 operationName — the document holds several operations; name one in operationName',
              'OPERATION_RESOLUTION_FAILURE',
            );
          }
        },
        async willSendResponse({ response }) {
          if (response.body.kind !== 'single') return;
          const { data, errors } = response.body.singleResult;
          // Partial answers stay 200; at the gateway a request refused as a whole (no data, or every
          // top-level field null: refusable fields are nullable) takes its errors' status (a subgraph
          // answers 200, so the gateway keeps the error's path and argument).
          const refusedWhole = data === null || (data !== undefined && Object.values(data).every((value) => value === null));
          if ((data !== undefined && (!refusedWhole || !nullDataIsRefusal)) || !errors?.length) return;
          const statuses = errors.map((e) => CLIENT_ERROR_STATUS[String(e.extensions?.code)]);
          if (statuses.every((status) => status !== undefined) && (response.http.status === undefined || response.http.status >= 500)) {
            response.http.status = Math.max(...(statuses as number[]));
          }
        },
      };
    },
  };
}

const OBSERVATION = Symbol('request observation');

/**
 * Operation name and error codes for the access log and metrics; the request id in every error's
 * extensions (the same id as the `X-Request-Id` response header).
 */
function observeOperations<Ctx extends BaseContext>(observationOfContext: (ctx: Ctx) => RequestObservation | undefined): ApolloServerPlugin<Ctx> {
  return {
    async requestDidStart({ contextValue, request }) {
      const observation = observationOfContext(contextValue);
      if (observation) observation.operation = request.operationName ?? null;
      return {
        async didResolveOperation({ operationName, operation }) {
          if (!observation) return;
          observation.operation = operationName ?? null;
          observation.operationType = operation?.operation;
        },
        async willSendResponse({ response }) {
          if (!observation || response.body.kind !== 'single') return;
          const errors = response.body.singleResult.errors;
          if (!errors?.length) return;
          for (const error of errors) observation.errorCodes.push(String(error.extensions?.code ?? 'INTERNAL_SERVER_ERROR'));
          response.body.singleResult.errors = errors.map((error) => ({ ...error, extensions: { ...error.extensions, requestId: observation.requestId } }));
        },
      };
    },
  };
}

/** Error extensions that reach clients outside development. */
const CLIENT_EXTENSIONS = ['code', 'argumentName', 'field', 'requestId', 'rule', 'subgraph'] as const;

const INTERNAL_MESSAGE = '服务内部错误 — internal server error';

/**
 * Errors reach clients as a code and a message. Unexpected errors are logged with the request id
 * and replaced by a generic message outside development, so no internals leak.
 */
export function formatErrorFor(development: boolean, logger: Logger) {
  return (raw: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    // In every mode: a message never quotes a submitted value.
    const message = withoutSubmittedValues(raw.message, error);
    let formatted = message === raw.message ? raw : { ...raw, message };
    const code = formatted.extensions?.code;
    if (code === 'INTERNAL_SERVER_ERROR' || code === undefined) {
      logger.error({ err: error, path: formatted.path }, 'unexpected error in a resolver');
      if (!development) {
        return { message: INTERNAL_MESSAGE, path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
      }
    }
    // A refusal names its path; behind the gateway, the subgraph's path (`_entities.0.…`) becomes the client's.
    if (code === 'FORBIDDEN' && formatted.path) {
      const path = formatted.path.join('.');
      formatted = {
        ...formatted,
        message: formatted.message.replace(/^(无权(?:读取|执行) )\S+?（/, `$1${path}（`).replace(/( — not authorized to (?:read|run) )\S+? \(/, `$1${path} (`),
      };
    }
    if (development) return formatted;
    // Only the code and the fields a client needs to act on; never subgraph URLs or response bodies.
    const extensions: Record<string, unknown> = {};
    for (const key of CLIENT_EXTENSIONS) {
      if (formatted.extensions?.[key] !== undefined) extensions[key] = formatted.extensions[key];
    }
    return { message: formatted.message, locations: formatted.locations, path: formatted.path, extensions };
  };
}

const rawBodies = new WeakMap<Request | http.IncomingMessage, Buffer>();

/** The request body's bytes as received (empty when none was read); needs `authenticateAfterBody` or `keepRawBody`. */
export function rawBodyOf(req: Request): Buffer {
  return rawBodies.get(req) ?? Buffer.alloc(0);
}

/** Starts one GraphQL service on HTTP: `/graphql`, `/health`, structured logs, graceful drain. */
export async function startHttpService<Ctx extends BaseContext, Auth>(options: HttpServiceOptions<Ctx, Auth>): Promise<HttpService> {
  const { logger } = options;
  const app = express();
  app.disable('x-powered-by');
  const httpServer = http.createServer(app);
  // Idle kept-alive connections: the server advertises Node's 5 s (`Keep-Alive: timeout=5`) and
  // clients (the gateway's and the services' fetch) stop reusing a connection about 2 s before that,
  // but the server itself closes it only 30 s after the advertised time. Otherwise a request sent on
  // a connection just as the server closed it as idle fails with "other side closed" when the event
  // loop stalls past the margin (a garbage collection under load; seen once in 2,000 fuzzed requests).
  httpServer.keepAliveTimeoutBuffer = 30_000;
  let stopping = false;
  const metrics = options.metrics ?? new ServiceMetrics(options.name);

  const apollo = new ApolloServer<Ctx>({
    ...options.graph,
    csrfPrevention: true,
    introspection: options.introspection ?? options.development,
    // Subgraphs take the gateway's batched entity fetches (one signed request, one context); the gateway takes no batches.
    allowBatchedHttpRequests: 'schema' in options.graph,
    // The service stops on signals itself (stopOnSignals): Apollo's own handler would stop the server
    // a second time and re-send the signal, which reads as a second signal and exits 1.
    stopOnTerminationSignals: false,
    // Automatic persisted queries are off: the gateway answers hashes from its trusted documents.
    persistedQueries: false,
    ...(options.maxTokens ? { parseOptions: { maxTokens: options.maxTokens } } : {}),
    validationRules: options.validationRules ?? [],
    includeStacktraceInErrorResponses: options.development,
    hideSchemaDetailsFromClientErrors: !options.development,
    formatError: formatErrorFor(options.development, logger),
    logger,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer, stopGracePeriodMillis: options.drainMs ?? 10_000 }),
      ApolloServerPluginLandingPageDisabled(),
      ApolloServerPluginUsageReportingDisabled(),
      ApolloServerPluginSchemaReportingDisabled(),
      // Subgraphs send no traces to the gateway: nothing about resolvers leaves the service.
      ...('schema' in options.graph ? [ApolloServerPluginInlineTraceDisabled()] : []),
      ...(options.plugins ?? []),
      clientErrorStatus<Ctx>('gateway' in options.graph),
      observeOperations<Ctx>((ctx) => (ctx as { [OBSERVATION]?: RequestObservation })[OBSERVATION]),
    ],
  });
  await apollo.start();

  // Liveness (`/live`): the process answers. Readiness (`/ready`, and `/health` as before) also
  // needs the service's dependencies: its database, or at the gateway its subgraphs.
  app.get('/live', (_req: Request, res: Response) => {
    res.json({ status: 'alive', service: options.name });
  });
  app.get(['/ready', '/health'], async (_req: Request, res: Response) => {
    if (stopping) {
      res.status(503).json({ status: 'stopping', service: options.name });
      return;
    }
    try {
      const { ready, ...details } = await options.readiness();
      if (ready === false) {
        res.status(503).json({ status: 'unavailable', service: options.name, ...details });
        return;
      }
      res.json({ status: 'ok', service: options.name, ...details });
    } catch (error) {
      logger.warn({ err: error }, 'readiness check failed');
      res.status(503).json({ status: 'unavailable', service: options.name });
    }
  });
  const closeMetrics = await serveMetrics(app, metrics, options.metricsSettings ?? {}, logger);
  options.routes?.(app);
  options.cors?.(app, '/graphql');
  app.use('/graphql', observeRequests({ service: options.name, logger, metrics, trustRequestIdHeader: options.trustRequestIdHeader ?? false }));
  const authenticated = new WeakMap<Request, Auth>();
  const authenticate = async (req: Request, res: Response, next: (error?: unknown) => void) => {
    try {
      // In the request's scope: a statement the check runs (the one-time id) counts for the request.
      authenticated.set(req, await withinRequest(req, () => options.authenticate(req)));
      next();
    } catch (error) {
      if (!(error instanceof AuthenticationError)) return next(error);
      const refusal = { reason: error.message, reasonCode: error.reason, ...error.details, path: req.path, requestId: observationOf(req)?.requestId };
      logger[options.refusalLogLevel ?? 'info'](refusal, 'request refused: not authenticated');
      noteRefusal(req, 'UNAUTHENTICATED');
      res.setHeader('WWW-Authenticate', 'Bearer');
      res.status(401).json({
        errors: [
          { message: `未认证 — not authenticated: ${error.message}`, extensions: { code: 'UNAUTHENTICATED', requestId: observationOf(req)?.requestId } },
        ],
      });
    }
  };
  const json = express.json({
    limit: options.bodyLimit ?? '256kb',
    verify: options.authenticateAfterBody || options.keepRawBody ? (req, _res, buf) => rawBodies.set(req as Request, buf) : undefined,
  });
  app.use(
    '/graphql',
    ...(options.authenticateAfterBody ? [json, authenticate] : [authenticate, json]),
    (req: Request, res: Response, next: () => void) => {
      const auth = authenticated.get(req) as { viewer?: { roles?: string[] } } | undefined;
      const observation = observationOf(req);
      if (observation) observation.roles = auth?.viewer?.roles;
      if (!options.beforeGraphQL) return activate(req, next);
      options.beforeGraphQL(req, res, authenticated.get(req) as Auth, () => activate(req, next));
    },
    graphqlHandler(apollo, {
      context: async ({ req }) => {
        const observation = observationOf(req)!;
        const { requestId, clientRequestId } = observation;
        const log = logger.child(clientRequestId ? { requestId, clientRequestId } : { requestId });
        const ctx = await options.context({ requestId, clientRequestId, headers: req.headers, log, auth: authenticated.get(req) as Auth });
        // A symbol key: Apollo hands plugins a shallow copy of the context, which keeps it.
        (ctx as { [OBSERVATION]?: RequestObservation })[OBSERVATION] = observation;
        return ctx;
      },
    }),
  );
  app.use((error: Error & { status?: number; type?: string }, req: Request, res: Response, _next: unknown) => {
    const status = error.status ?? 500;
    const requestId = observationOf(req)?.requestId;
    if (status >= 500) logger.error({ err: error, requestId }, 'request failed');
    else logger.info({ status, reason: error.type, requestId }, 'request refused: malformed');
    // body-parser's messages quote the body: answer with fixed text.
    const message =
      error.type === 'entity.too.large'
        ? '请求体过大 — request body too large'
        : error.type === 'entity.parse.failed'
          ? '请求体不是有效的 JSON — request body is not valid JSON'
          : status >= 500
            ? INTERNAL_MESSAGE
            : '请求无效 — bad request';
    const code = status === 413 ? 'PAYLOAD_TOO_LARGE' : status >= 500 ? 'INTERNAL_SERVER_ERROR' : 'BAD_REQUEST';
    noteRefusal(req, code);
    res.status(status).json({ errors: [{ message, extensions: { code, requestId } }] });
  });

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(options.port, options.host ?? '127.0.0.1', () => resolve());
  });
  const { port } = httpServer.address() as AddressInfo;
  const host = options.host && options.host !== '0.0.0.0' && options.host !== '::' ? options.host : 'localhost';
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}/graphql`;
  logger.info({ url }, `${options.name} listening`);

  return {
    url,
    port,
    async stop() {
      if (stopping) return;
      stopping = true;
      await apollo.stop();
      await closeMetrics();
      logger.info(`${options.name} stopped`);
    },
  };
}

/**
 * Apollo Server behind express: `@as-integrations/express5`'s `expressMiddleware`, less its
 * `url.parse(req.url)` for the query string. On Node 24 `url.parse` called from a package walks the
 * caller's stack on every call (its deprecation check, DEP0169): about 40 µs per HTTP request
 * under express's deep stacks, 1–2 % of a test run's CPU. The rest is the integration's own code.
 */
function graphqlHandler<Ctx extends BaseContext>(
  server: ApolloServer<Ctx>,
  options: { context: ContextFunction<[{ req: Request; res: Response }], Ctx> },
): (req: Request, res: Response) => Promise<void> {
  server.assertStarted('graphqlHandler()');
  return async (req, res) => {
    if (!('body' in req)) {
      res.status(500).send('`req.body` is not set: the JSON body parser must run before the GraphQL handler.');
      return;
    }
    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
    }
    // The query string as url.parse gives it: from '?' up to any '#'.
    const target = req.url.split('#', 1)[0]!;
    const query = target.indexOf('?');
    const response = await server.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: req.method.toUpperCase(), headers, search: query === -1 ? '' : target.slice(query), body: req.body },
      context: () => options.context({ req, res }),
    });
    for (const [key, value] of response.headers) res.setHeader(key, value);
    res.statusCode = response.status ?? 200;
    if (response.body.kind === 'complete') {
      res.send(response.body.string);
      return;
    }
    for await (const chunk of response.body.asyncIterator) {
      res.write(chunk);
      (res as Response & { flush?: () => void }).flush?.();
    }
    res.end();
  };
}
