import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { GraphQLSchema } from 'graphql';
import { type Database, openDatabase } from './database.ts';
import { type HttpService, type RequestInfo, startHttpService } from './http.ts';
import { createLogger, type Logger } from './logger.ts';
import { envInt, envString, isDevelopment } from './process.ts';

export interface SubgraphConfig {
  port: number;
  host?: string | undefined;
  /** PostgreSQL URL; without it the service keeps an embedded PGlite database in `dataDir`. */
  databaseUrl?: string | undefined;
  dataDir: string;
  development: boolean;
  /** Load the demo district's records for this body (idempotent). */
  demo: boolean;
  logger: Logger;
}

/** What every subgraph's request context carries. */
export interface BaseContext {
  requestId: string;
  log: Logger;
}

export interface SubgraphDefinition<DB, Ctx extends BaseContext> {
  name: string;
  schema: GraphQLSchema;
  migrationFolder: string;
  context: (db: Database<DB>, request: RequestInfo) => Ctx;
  loadDemoData?: (db: Database<DB>) => Promise<void>;
}

export interface SubgraphApp<DB> {
  start(): Promise<HttpService>;
  stop(): Promise<void>;
  /** The open database; available after `start()`. */
  readonly database: Database<DB>;
}

/** One subgraph service: database (migrated at start), optional demo data, HTTP, clean stop. */
export function createSubgraphApp<DB, Ctx extends BaseContext>(
  definition: SubgraphDefinition<DB, Ctx>,
  config: SubgraphConfig,
): SubgraphApp<DB> {
  let database: Database<DB> | undefined;
  let http: HttpService | undefined;
  return {
    get database() {
      if (!database) throw new Error(`${definition.name}: not started`);
      return database;
    },
    async start() {
      const opened = await openDatabase<DB>({
        url: config.databaseUrl,
        dataDir: path.join(config.dataDir, definition.name),
        migrationFolder: definition.migrationFolder,
        logger: config.logger,
      });
      database = opened;
      try {
        if (config.demo && definition.loadDemoData) await definition.loadDemoData(opened);
        http = await startHttpService({
          name: definition.name,
          graph: { schema: definition.schema },
          port: config.port,
          host: config.host,
          logger: config.logger,
          development: config.development,
          readiness: async () => {
            await opened.ping();
            return { database: opened.kind };
          },
          context: async (request) => definition.context(opened, request),
        });
        return http;
      } catch (error) {
        await opened.close();
        throw error;
      }
    },
    async stop() {
      await http?.stop();
      await database?.close();
    },
  };
}

/** The repository's git-ignored `data/` folder, whatever the working directory. */
export const DEFAULT_DATA_DIR = fileURLToPath(new URL('../../../data', import.meta.url));

/**
 * Reads a subgraph's settings: `<BODY>_PORT`, `<BODY>_DATABASE_URL`, `HOST`, `HUB_DATA_DIR`,
 * `HUB_DEMO_DATA`, `LOG_LEVEL`, `NODE_ENV`.
 */
export function subgraphConfigFromEnv(name: string, defaultPort: number): SubgraphConfig {
  const prefix = name.toUpperCase();
  return {
    port: envInt(`${prefix}_PORT`, defaultPort),
    host: envString('HOST'),
    databaseUrl: envString(`${prefix}_DATABASE_URL`),
    dataDir: path.resolve(envString('HUB_DATA_DIR') ?? DEFAULT_DATA_DIR),
    development: isDevelopment(),
    demo: envString('HUB_DEMO_DATA') === '1',
    logger: createLogger({ name, level: envString('LOG_LEVEL') }),
  };
}
