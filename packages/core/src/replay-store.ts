import { MemoryReplayCache, type ReplayCache } from '@hub/claims-verifier';
import { type Kysely, type RawBuilder, sql } from 'kysely';

/**
 * 一次性标识库 — the one-time ids (`jti`) of the gateway's claims a subgraph has accepted, kept in the
 * body's own database so that every replica of the body shares them: a header accepted by one
 * replica is refused by all the others for as long as it could pass (docs/gateway-claims.md).
 *
 * `claims_replay` is UNLOGGED: an insert writes no WAL and its commit waits for no flush, which keeps
 * the check at one cheap statement per subgraph request. The price is that PostgreSQL empties the
 * table after a crash (not after a clean restart); the ids lost then are at most 35 seconds old.
 */
export const CLAIMS_REPLAY_TABLE = 'claims_replay';

/** Creates the table. Migrations call this one version; a later change gets a new function and a new migration. */
export async function createClaimsReplayV1(db: Kysely<any>): Promise<void> {
  await sql`create unlogged table claims_replay (jti text primary key check (length(jti) between 16 and 200), expires_at timestamptz not null)`.execute(db);
  await sql`create index claims_replay_expires_at_idx on claims_replay (expires_at)`.execute(db);
}

/** Expired ids one purge removes at most. */
export const REPLAY_PURGE_BATCH = 256;
/** A process purges at most this often, unless its last purge found a full batch (then on its next insert). */
export const REPLAY_PURGE_INTERVAL_MS = 1_000;
/**
 * Rows are removed this long after they expire: the database's clock and a replica's may differ, and
 * a row must outlive every replica's idea of the header's expiry.
 */
const PURGE_MARGIN = sql`interval '30 seconds'`;

/**
 * A ReplayCache whose authority is the database: `INSERT … ON CONFLICT DO NOTHING` on the id, one
 * statement per new id; two replicas inserting the same id at once, PostgreSQL lets exactly one
 * insert it. At most once a second per process (or at once again while expired rows remain) that
 * same statement also removes up to REPLAY_PURGE_BATCH expired rows, skipping rows another replica
 * is removing at that moment. An in-memory front answers a replay to the same process without a
 * statement.
 *
 * `deferred`: `remember` answers from the in-memory front only and keeps the id for the request to
 * record later (`take`, OneTimeClaim): a query records it in the statement that writes its audit
 * records, one statement instead of two (subgraph.ts, audit.ts).
 */
export class DatabaseReplayCache implements ReplayCache {
  readonly #front = new MemoryReplayCache();
  readonly #db: Kysely<any>;
  readonly #deferred: boolean;
  /** Deferred mode: ids let through and not yet taken by their request, with their expiry. */
  readonly #pending = new Map<string, number>();
  #lastSweep = 0;
  #purgeDue = 0;

  constructor(db: Kysely<any>, options: { deferred?: boolean } = {}) {
    this.#db = db;
    this.#deferred = options.deferred ?? false;
  }

  async remember(jti: string, expiresAtSeconds: number): Promise<boolean> {
    if (!this.#front.remember(jti, expiresAtSeconds)) return false;
    if (!this.#deferred) return this.record(jti, expiresAtSeconds);
    this.#sweepPending();
    this.#pending.set(jti, expiresAtSeconds);
    return true;
  }

  /**
   * Deferred mode: the id `remember` let through, for its request to record (undefined when it was
   * not let through here, or was taken already).
   */
  take(jti: string): OneTimeClaim | undefined {
    const expires = this.#pending.get(jti);
    if (expires === undefined) return undefined;
    this.#pending.delete(jti);
    return new OneTimeClaim(this, jti, expires);
  }

  /**
   * Records the id: true when no replica recorded it before. With `then`, one statement records the
   * id as the CTE `claimed` (its `jti` when new, no row for a replay) and runs `then` as a further
   * data-modifying CTE that reads it, e.g. an insert that happens only for a new id.
   */
  async record(jti: string, expiresAtSeconds: number, then?: RawBuilder<unknown>): Promise<boolean> {
    const expires = sql`to_timestamp(${expiresAtSeconds})`;
    const purge = Date.now() >= this.#purgeDue;
    if (!purge && !then) {
      const inserted = await sql`insert into claims_replay (jti, expires_at) values (${jti}, ${expires}) on conflict (jti) do nothing returning jti`.execute(
        this.#db,
      );
      return inserted.rows.length === 1;
    }
    if (purge) this.#purgeDue = Date.now() + REPLAY_PURGE_INTERVAL_MS;
    const purged = purge
      ? sql`purged as (
        delete from claims_replay where jti in (
          select jti from claims_replay where expires_at < now() - ${PURGE_MARGIN} limit ${sql.lit(REPLAY_PURGE_BATCH)} for update skip locked
        ) returning 1
      ),`
      : sql``;
    const result = await sql<{ fresh: boolean; purged: number }>`
      with ${purged}
      claimed as (
        insert into claims_replay (jti, expires_at) values (${jti}, ${expires})
        on conflict (jti) do nothing
        returning jti
      )${then ? sql`, then_written as (${then})` : sql``}
      select exists (select 1 from claimed) as fresh, ${purge ? sql`(select count(*) from purged)::int` : sql`0`} as purged`.execute(this.#db);
    const row = result.rows[0]!;
    // A full batch: more may be waiting, so the next insert purges again.
    if (row.purged >= REPLAY_PURGE_BATCH) this.#purgeDue = 0;
    return row.fresh;
  }

  /** Development and tests: purge on the next insert, whenever the last one was. */
  purgeOnNextInsert(): void {
    this.#purgeDue = 0;
  }

  /** Ids a request never took (it failed after the check) are forgotten once they expire. */
  #sweepPending(): void {
    const now = Date.now() / 1000;
    if (now - this.#lastSweep < 5) return;
    this.#lastSweep = now;
    for (const [id, expires] of this.#pending) if (expires < now) this.#pending.delete(id);
  }
}

/**
 * 一次性标识的登记 — a request's one-time id, checked in this process and not yet recorded in the
 * database. Recorded once, whichever way first: alone (`record`), or in the statement that writes
 * the request's audit records (`recordWith`). Until it is recorded, nothing of the request's answer
 * may leave and no change may be made (audit.ts).
 */
export class OneTimeClaim {
  readonly #store: DatabaseReplayCache;
  readonly #jti: string;
  readonly #expiresAtSeconds: number;
  #recorded: Promise<boolean> | undefined;

  constructor(store: DatabaseReplayCache, jti: string, expiresAtSeconds: number) {
    this.#store = store;
    this.#jti = jti;
    this.#expiresAtSeconds = expiresAtSeconds;
  }

  /** Whether it has been recorded (or is being recorded). */
  get started(): boolean {
    return this.#recorded !== undefined;
  }

  /** Records the id alone, once: true when it was new in the whole deployment. */
  record(): Promise<boolean> {
    this.#recorded ??= this.#store.record(this.#jti, this.#expiresAtSeconds);
    return this.#recorded;
  }

  /**
   * Records the id with `then` (a data-modifying statement that reads the CTE `claimed`) in one
   * statement; when it is already recorded, undefined (the caller writes on its own then).
   */
  recordWith(then: RawBuilder<unknown>): Promise<boolean> | undefined {
    if (this.#recorded) return undefined;
    this.#recorded = this.#store.record(this.#jti, this.#expiresAtSeconds, then);
    return this.#recorded;
  }
}
