import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { CamelCasePlugin, type Dialect, Kysely, PGliteDialect, PostgresDialect, sql } from 'kysely';
import { FileMigrationProvider, Migrator } from 'kysely/migration';
import pg from 'pg';
import { seedEmbeddedDatabase } from './embedded-template.ts';
import { databaseErrorFacts, isDatabaseError, type Logger, statementTable } from './logger.ts';
import { currentRequest } from './observability/requests.ts';
import { recordStatementSpan } from './observability/tracing.ts';
import { PipelinedPool } from './statement-pipeline.ts';

export interface DatabaseOptions {
  /** PostgreSQL URL; when absent, an embedded PGlite database is kept on disk in `dataDir`. */
  url?: string | undefined;
  /** Folder of the embedded database (used only without `url`). */
  dataDir: string;
  /** Folder holding the timestamp-named migration files. */
  migrationFolder: string;
  logger: Logger;
  /** Largest number of pooled connections to PostgreSQL. */
  poolSize?: number;
  /** Bring the schema up to date (default true); false for a connection that may not change it. */
  migrate?: boolean;
}

/** Counts SQL statements sent to the database, so tests can prove batching. */
export interface StatementCounter {
  /** Every statement, background work (outbox delivery, timers) included. */
  count: number;
  /** Statements run while answering the request with this id (its `X-Request-Id`). */
  forRequest(requestId: string): number;
}

/** Requests remembered per database for `forRequest`: the most recent ones. */
const REMEMBERED_REQUESTS = 2_000;

function createStatementCounter(): StatementCounter & { record(): void } {
  const byRequest = new Map<string, number>();
  return {
    count: 0,
    forRequest: (requestId) => byRequest.get(requestId) ?? 0,
    record() {
      this.count++;
      const requestId = currentRequest()?.requestId;
      if (requestId === undefined) return;
      byRequest.set(requestId, (byRequest.get(requestId) ?? 0) + 1);
      if (byRequest.size > REMEMBERED_REQUESTS) byRequest.delete(byRequest.keys().next().value!);
    },
  };
}

/** One statement as observed after it ran (for metrics): never its text or parameters. */
export type StatementObserver = (durationMs: number, failed: boolean) => void;

export interface Database<DB> {
  db: Kysely<DB>;
  kind: 'postgres' | 'pglite';
  statements: StatementCounter;
  /** Called after every statement (metrics); set by the service. */
  onStatement?: StatementObserver | undefined;
  /** PostgreSQL pool occupancy; undefined for PGlite (one in-process connection, no pool). */
  pool?: (() => { total: number; idle: number; waiting: number; max: number }) | undefined;
  /** Resolves when the database answers a trivial statement. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

const INT8_OID = 20;
const DATE_OID = 1082;

/**
 * `count(*)` and other bigint results become numbers (counts stay far below 2^53) and `date`
 * columns stay 'YYYY-MM-DD' strings, identically under `pg` and PGlite.
 */
const pgTypes = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === INT8_OID) return (value: string) => Number(value);
    if (oid === DATE_OID) return (value: string) => value;
    return pg.types.getTypeParser(oid, format);
  },
} as pg.CustomTypesConfig;

/** PGlite's type ids of int8 and date (its `types.INT8`, `types.DATE`: PostgreSQL's own oids). */
const pgliteParsers = {
  [INT8_OID]: (value: string) => Number(value),
  [DATE_OID]: (value: string) => value,
};

/** Named statements one connection keeps prepared at most; further statement texts run unnamed. */
export const PREPARED_STATEMENTS_PER_CONNECTION = 400;

/**
 * Statements with parameters run as named prepared statements, named by a digest of their text: the
 * server parses each text once per connection and may reuse a generic plan, instead of parsing and
 * planning it on every request. The same repository function sends the same text (an IN list of n
 * keys is one text per n), so each connection prepares a bounded set. Statements without parameters
 * (migrations, BEGIN/COMMIT) keep the simple protocol, which allows several commands in one text.
 */
function prepareStatements(client: pg.PoolClient): void {
  const prepared = new Set<string>();
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  client.query = ((text: unknown, values?: unknown, callback?: unknown) => {
    if (typeof text === 'string' && Array.isArray(values) && values.length > 0 && callback === undefined) {
      const name = `hub_${createHash('sha1').update(text).digest('hex')}`;
      if (prepared.has(name) || prepared.size < PREPARED_STATEMENTS_PER_CONNECTION) {
        prepared.add(name);
        return query({ name, text, values });
      }
    }
    return callback === undefined ? query(text, values) : query(text, values, callback);
  }) as typeof client.query;
}

/**
 * How long a pooled connection may sit idle before it is closed (node-postgres closes them after 10 s
 * by default). A connection that lives keeps what its server process has learnt: the named prepared
 * statements, their plans, the catalog caches. Closed after 10 s, the next burst of requests opened
 * new server processes and parsed, planned and cached everything again — measured in the bench as
 * several ms of PostgreSQL CPU per dossier. The price is at most `poolSize` idle server processes per
 * service process between bursts.
 */
export const IDLE_CONNECTION_MS = 300_000;

/**
 * Session settings of every pooled PostgreSQL connection, sent when it opens (no statement of its own).
 * `random_page_cost = 1.1` instead of PostgreSQL's default 4, which models disks where reading a page
 * out of order costs four sequential reads: a body's tables and indexes are small enough to stay in
 * memory, on SSD otherwise, where the two cost about the same. With the default, the planner scanned
 * whole tables to answer the keyed lookups of the dossier (a unit's clue links: 0.86 ms of the server's
 * CPU, by index 0.29 ms on the demo district; docs/bench-results.md). A database URL that carries its
 * own `options` parameter replaces these (node-postgres takes the URL's value).
 */
export const SESSION_OPTIONS = '-c random_page_cost=1.1';

function createDialect(options: DatabaseOptions): {
  dialect: Dialect;
  kind: Database<unknown>['kind'];
  pool?: pg.Pool;
  pipelined?: PipelinedPool;
} {
  if (options.url) {
    const pool = new pg.Pool({
      connectionString: options.url,
      options: SESSION_OPTIONS,
      max: options.poolSize ?? 10,
      types: pgTypes,
      idleTimeoutMillis: IDLE_CONNECTION_MS,
      // Idle connections do not keep a process alive that has nothing else to do (scripts, tests).
      allowExitOnIdle: true,
      // A request's statements of one turn are written together on one connection (statement-pipeline.ts).
      pipeline: true,
    });
    pool.on('connect', prepareStatements);
    pool.on('error', (error) => options.logger.error({ err: error }, 'idle PostgreSQL connection failed'));
    const pipelined = new PipelinedPool(pool);
    return { dialect: new PostgresDialect({ pool: pipelined }), kind: 'postgres', pool, pipelined };
  }
  const dataDir = options.dataDir;
  const pglite = async () => {
    // Imported only in embedded mode: a service on PostgreSQL never loads PGlite.
    const [{ PGlite }, { pg_trgm }] = await Promise.all([import('@electric-sql/pglite'), import('@electric-sql/pglite/contrib/pg_trgm')]);
    // A new database starts from the machine's initialised one (no initdb per data folder).
    await seedEmbeddedDatabase(dataDir, options.logger);
    await fs.mkdir(dataDir, { recursive: true });
    // pg_trgm: the trigram indexes of the text search, as on PostgreSQL (it ships with PGlite).
    return PGlite.create(dataDir, { parsers: pgliteParsers, extensions: { pg_trgm } });
  };
  // PGlite is one connection; kysely's PGlite adapter queues callers, one statement or transaction at a time.
  return { dialect: new PGliteDialect({ pglite }), kind: 'pglite' };
}

/** Opens the database and brings its schema up to date with the migration folder. */
export async function openDatabase<DB>(options: DatabaseOptions): Promise<Database<DB>> {
  const { dialect, kind, pool, pipelined } = createDialect(options);
  const statements = createStatementCounter();
  let observer: StatementObserver | undefined;
  const db = new Kysely<DB>({
    dialect,
    // Tables and columns are snake_case in SQL, camelCase in TypeScript.
    plugins: [new CamelCasePlugin()],
    log(event) {
      statements.record();
      const failed = event.level === 'error';
      observer?.(event.queryDurationMillis, failed);
      recordStatementSpan(
        event.query.sql,
        event.queryDurationMillis,
        failed && isDatabaseError(event.error) ? databaseErrorFacts(event.error).sqlState : undefined,
        failed,
      );
      if (event.level === 'error') {
        // Neither parameters nor the statement's text are logged: the error serializer keeps the
        // SQLSTATE and object names only, and the statement is named by its table.
        options.logger.warn({ err: event.error, statementTable: statementTable(event.query.sql) }, 'SQL statement failed');
      }
    },
  });
  if (pipelined) {
    // kysely's connection(): its statements share one session, so its connection is a dedicated one.
    const connection = db.connection.bind(db);
    db.connection = () => {
      const builder = connection();
      return Object.assign(Object.create(builder) as typeof builder, {
        execute: ((callback, executeOptions) => pipelined.dedicated(() => builder.execute(callback, executeOptions))) as typeof builder.execute,
      });
    };
  }
  try {
    if (options.migrate !== false) await migrate(db, options.migrationFolder, options.logger);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return {
    db,
    kind,
    statements,
    get onStatement() {
      return observer;
    },
    set onStatement(fn: StatementObserver | undefined) {
      observer = fn;
    },
    pool: pool ? () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount, max: pool.options.max ?? 10 }) : undefined,
    async ping() {
      await sql`select 1`.execute(db);
    },
    close: () => db.destroy(),
  };
}

/** Files FileMigrationProvider loads: JavaScript and TypeScript modules, declaration files excepted. */
const MIGRATION_FILE = /\.(js|ts|mjs|mts|cjs|cts)$/;
const DECLARATION_FILE = /\.d\.(ts|mts|cts)$/;

/** The migration names of a folder as kysely's FileMigrationProvider names them (file name without extension), sorted. */
async function migrationNames(migrationFolder: string): Promise<string[]> {
  return (await fs.readdir(migrationFolder))
    .filter((file) => MIGRATION_FILE.test(file) && !DECLARATION_FILE.test(file))
    .map((file) => file.slice(0, file.lastIndexOf('.')))
    .sort();
}

/**
 * Whether the database already ran exactly the folder's migrations, in the order kysely's Migrator
 * requires: then `migrateToLatest` would do nothing. Two cheap statements and a folder listing,
 * where the Migrator introspects every table and column of the database twice and imports every
 * migration module (about 0.3–0.4 s of CPU per embedded service start). Anything else — no
 * migration table, a pending, missing or out-of-order migration — is left to the Migrator, which
 * applies or reports it as before.
 */
export async function migrationsUpToDate(db: Kysely<any>, migrationFolder: string): Promise<boolean> {
  const names = await migrationNames(migrationFolder);
  const table = await sql<{ present: boolean }>`select to_regclass('kysely_migration') is not null as present`.execute(db);
  if (table.rows[0]?.present !== true) return false;
  const rows = await sql<{ name: string; timestamp: string }>`select "name", "timestamp" from kysely_migration`.execute(db);
  if (rows.rows.length !== names.length) return false;
  // The Migrator's order of executed migrations: by execution time, then by name.
  const executedAt = (timestamp: string) => new Date(timestamp).getTime();
  if (rows.rows.some((row) => Number.isNaN(executedAt(row.timestamp)))) return false;
  const executed = rows.rows.toSorted((a, b) => executedAt(a.timestamp) - executedAt(b.timestamp) || a.name.localeCompare(b.name)).map((row) => row.name);
  return executed.every((name, i) => name === names[i]);
}

export async function migrate(db: Kysely<any>, migrationFolder: string, logger: Logger): Promise<void> {
  if (await migrationsUpToDate(db, migrationFolder)) return;
  const migrator = new Migrator({
    db,
    provider: new FileMigrationProvider({ fs, path, migrationFolder }),
  });
  const { error, results } = await migrator.migrateToLatest();
  for (const result of results ?? []) {
    if (result.status === 'Success') logger.info({ migration: result.migrationName }, 'migration applied');
    if (result.status === 'Error') logger.error({ migration: result.migrationName }, 'migration failed');
  }
  if (error) throw new Error(`database migration failed: ${String(error instanceof Error ? error.message : error)}`, { cause: error });
}
