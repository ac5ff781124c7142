import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer, type ApolloServerPlugin, type BaseContext } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import {
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
  ApolloServerPluginSchemaReportingDisabled,
  ApolloServerPluginUsageReportingDisabled,
} from '@apollo/server/plugin/disabled';
import type { GatewayInterface } from '@apollo/server-gateway-interface';
import { expressMiddleware } from '@as-integrations/express5';
import express, { type Request, type Response } from 'express';
import type { GraphQLFormattedError, GraphQLSchema, ValidationRule } from 'graphql';
import { AuthenticationError } from './auth.ts';
import type { Logger } from './logger.ts';

export interface RequestInfo<Auth = unknown> {
  requestId: string;
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
  /** Throws when the service cannot answer (e.g. its database is down); returns details otherwise. */
  readiness: () => Promise<Record<string, unknown>>;
  /**
   * Runs before any GraphQL request is read; throwing `AuthenticationError` answers 401. `/health`
   * and the extra routes are not behind it.
   */
  authenticate: (request: Request) => Promise<Auth>;
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
  /** How long in-flight requests may take to finish when the service stops. */
  drainMs?: number;
}

export interface HttpService {
  url: string;
  port: number;
  stop(): Promise<void>;
}

/** Error extensions that reach clients outside development. */
const CLIENT_EXTENSIONS = ['code', 'argumentName', 'field', 'requestId'] as const;

const INTERNAL_MESSAGE = '服务内部错误 — internal server error';

/**
 * Errors reach clients as a code and a message. Unexpected errors are logged with the request id
 * and replaced by a generic message outside development, so no internals leak.
 */
export function formatErrorFor(development: boolean, logger: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
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

/** Starts one GraphQL service on HTTP: `/graphql`, `/health`, structured logs, graceful drain. */
export async function startHttpService<Ctx extends BaseContext, Auth>(options: HttpServiceOptions<Ctx, Auth>): Promise<HttpService> {
  const { logger } = options;
  const app = express();
  app.disable('x-powered-by');
  const httpServer = http.createServer(app);
  let stopping = false;

  const apollo = new ApolloServer<Ctx>({
    ...options.graph,
    csrfPrevention: true,
    introspection: options.introspection ?? options.development,
    allowBatchedHttpRequests: false,
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
    ],
  });
  await apollo.start();

  // Liveness: the process answers. Readiness (`/health`) also needs the service's dependencies.
  app.get('/live', (_req: Request, res: Response) => {
    res.json({ status: 'alive', service: options.name });
  });
  app.get('/health', async (_req: Request, res: Response) => {
    if (stopping) {
      res.status(503).json({ status: 'stopping', service: options.name });
      return;
    }
    try {
      const details = await options.readiness();
      res.json({ status: 'ok', service: options.name, ...details });
    } catch (error) {
      logger.warn({ err: error }, 'readiness check failed');
      res.status(503).json({ status: 'unavailable', service: options.name });
    }
  });
  options.routes?.(app);
  const authenticated = new WeakMap<Request, Auth>();
  app.use(
    '/graphql',
    async (req: Request, res: Response, next: (error?: unknown) => void) => {
      try {
        authenticated.set(req, await options.authenticate(req));
        next();
      } catch (error) {
        if (!(error instanceof AuthenticationError)) return next(error);
        logger.info({ reason: error.message, path: req.path }, 'request refused: not authenticated');
        res.setHeader('WWW-Authenticate', 'Bearer');
        res.status(401).json({ errors: [{ message: `未认证 — not authenticated: ${error.message}`, extensions: { code: 'UNAUTHENTICATED' } }] });
      }
    },
    express.json({ limit: options.bodyLimit ?? '256kb' }),
    expressMiddleware(apollo, {
      context: async ({ req }) => {
        const header = req.headers['x-request-id'];
        const requestId = typeof header === 'string' && /^[\w-]{1,64}$/.test(header) ? header : randomUUID();
        return options.context({ requestId, headers: req.headers, log: logger.child({ requestId }), auth: authenticated.get(req) as Auth });
      },
    }),
  );
  app.use((error: Error & { status?: number; type?: string }, _req: Request, res: Response, _next: unknown) => {
    const status = error.status ?? 500;
    if (status >= 500) logger.error({ err: error }, 'request failed');
    const message =
      error.type === 'entity.too.large' ? '请求体过大 — request body too large' : status >= 500 ? INTERNAL_MESSAGE : error.message;
    res.status(status).json({ errors: [{ message, extensions: { code: status === 413 ? 'PAYLOAD_TOO_LARGE' : 'BAD_REQUEST' } }] });
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
      logger.info(`${options.name} stopped`);
    },
  };
}
