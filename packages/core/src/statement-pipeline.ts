import { AsyncLocalStorage } from 'node:async_hooks';
import type { PostgresCursor, PostgresPool, PostgresPoolClient, PostgresQueryResult } from 'kysely';
import type pg from 'pg';
import { currentRequest } from './observability/request-scope.ts';

/** Statements one connection is sent in one pipeline at most; more wait for the next connection. */
export const PIPELINE_BATCH_LIMIT = 16;

interface Pending {
  text: string;
  values: readonly unknown[] | undefined;
  resolve(result: PostgresQueryResult<unknown>): void;
  reject(error: unknown): void;
}

/** A transaction's first statement as kysely's PostgresDriver sends it (`begin`, `start transaction …`). */
const TRANSACTION_START = /^\s*(begin|start\s+transaction)\b/i;

/**
 * 语句流水线 — the pool kysely's PostgresDialect is given on PostgreSQL. A statement outside a
 * transaction is not sent at once on a connection of its own: the statements one request issues in
 * the same turn of the event loop (a request's DataLoader batches, issued together) go to one pooled
 * connection, written together and answered in order (node-postgres' pipeline mode). Each keeps its
 * own Sync, so each is still its own implicit transaction: one that fails fails alone, as before.
 *
 * Why: a statement's fixed cost on the server was a wake-up, a read and a write per statement on a
 * connection of its own; pipelined, the server reads the turn's statements in one wake-up. Measured
 * alone (five small statements, backend CPU): 285 µs on five pooled connections, 155 µs pipelined on
 * one (docs/bench-results.md has the dossier's figures).
 *
 * Statements of different requests never share a pipeline: a slow statement delays only its own
 * request's statements of the same turn. A transaction (its `begin`) gets a connection of its own for
 * its whole length, as does `dedicated` (kysely's `db.connection()`, see database.ts).
 */
export class PipelinedPool implements PostgresPool {
  readonly #pool: pg.Pool;
  readonly #dedicated = new AsyncLocalStorage<true>();
  /** Statements waiting for the end of this turn, per request (undefined: outside any request). */
  #waiting = new Map<object | undefined, Pending[]>();
  #scheduled = false;

  constructor(pool: pg.Pool) {
    this.#pool = pool;
  }

  /** The underlying pool's options (kysely reads them to open a control connection for cancellation). */
  get options(): object {
    return this.#pool.options;
  }

  /**
   * A client for one kysely connection: a dedicated pooled connection inside `dedicated`, else a
   * client that pipelines its one statement or, for a transaction, takes a connection of its own.
   */
  async connect(): Promise<PostgresPoolClient> {
    if (this.#dedicated.getStore()) return this.#pool.connect();
    return new LazyClient(this);
  }

  /** Runs `fn` with every connection it acquires dedicated to it (several statements sharing a session). */
  dedicated<T>(fn: () => T): T {
    return this.#dedicated.run(true, fn);
  }

  end(): Promise<void> {
    return this.#pool.end();
  }

  /** A pooled connection of its own, for a transaction. */
  ownConnection(): Promise<pg.PoolClient> {
    return this.#pool.connect();
  }

  /** Queues a statement for its request's pipeline of this turn. */
  enqueue(text: string, values: readonly unknown[] | undefined): Promise<PostgresQueryResult<unknown>> {
    return new Promise((resolve, reject) => {
      const key = currentRequest();
      const queue = this.#waiting.get(key);
      const pending = { text, values, resolve, reject };
      if (queue) queue.push(pending);
      else this.#waiting.set(key, [pending]);
      if (!this.#scheduled) {
        this.#scheduled = true;
        setImmediate(() => this.#flush());
      }
    });
  }

  #flush(): void {
    this.#scheduled = false;
    const waiting = this.#waiting;
    this.#waiting = new Map();
    for (const queue of waiting.values()) {
      for (let from = 0; from < queue.length; from += PIPELINE_BATCH_LIMIT) void this.#send(queue.slice(from, from + PIPELINE_BATCH_LIMIT));
    }
  }

  /** Sends the statements on one connection, pipelined, and gives the connection back when all are answered. */
  async #send(batch: Pending[]): Promise<void> {
    let client: pg.PoolClient;
    try {
      client = await this.#pool.connect();
    } catch (error) {
      for (const pending of batch) pending.reject(error);
      return;
    }
    await Promise.all(
      batch.map((pending) =>
        client.query(pending.text, pending.values as unknown[] | undefined).then(
          (result) => pending.resolve(result as PostgresQueryResult<unknown>),
          (error: unknown) => pending.reject(error),
        ),
      ),
    );
    client.release();
  }
}

/**
 * One kysely connection: its first statement is pipelined, unless it begins a transaction, which
 * takes a pooled connection for every statement until the connection is released. kysely sends one
 * statement on a connection it acquires for a query; several statements on one connection outside a
 * transaction would need one session, which only `dedicated` gives, so that is refused.
 */
class LazyClient implements PostgresPoolClient {
  readonly #pool: PipelinedPool;
  #client: pg.PoolClient | undefined;
  #used = false;

  constructor(pool: PipelinedPool) {
    this.#pool = pool;
  }

  query<R>(text: string, values: readonly unknown[]): Promise<PostgresQueryResult<R>>;
  query<R>(cursor: PostgresCursor<R>): PostgresCursor<R>;
  query<R>(text: string | PostgresCursor<R>, values?: readonly unknown[]): Promise<PostgresQueryResult<R>> | PostgresCursor<R> {
    if (typeof text !== 'string') throw new Error('cursors are not configured for this database');
    return this.#run(text, values) as Promise<PostgresQueryResult<R>>;
  }

  async #run(text: string, values: readonly unknown[] | undefined): Promise<PostgresQueryResult<unknown>> {
    if (this.#client) return (await this.#client.query(text, values as unknown[] | undefined)) as PostgresQueryResult<unknown>;
    if (this.#used) {
      throw new Error('several statements on one connection outside a transaction need a dedicated connection (db.connection() of openDatabase)');
    }
    this.#used = true;
    if (TRANSACTION_START.test(text)) {
      this.#client = await this.#pool.ownConnection();
      return (await this.#client.query(text, values as unknown[] | undefined)) as PostgresQueryResult<unknown>;
    }
    return this.#pool.enqueue(text, values);
  }

  release(discard?: boolean): void {
    const client = this.#client;
    this.#client = undefined;
    client?.release(discard);
  }
}
