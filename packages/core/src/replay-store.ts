import { MemoryReplayCache, type ReplayCache } from '@hub/claims-verifier';
import { type Kysely, sql } from 'kysely';

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
 */
export class DatabaseReplayCache implements ReplayCache {
  readonly #front = new MemoryReplayCache();
  readonly #db: Kysely<any>;
  #purgeDue = 0;

  constructor(db: Kysely<any>) {
    this.#db = db;
  }

  async remember(jti: string, expiresAtSeconds: number): Promise<boolean> {
    if (!this.#front.remember(jti, expiresAtSeconds)) return false;
    const expires = sql`to_timestamp(${expiresAtSeconds})`;
    if (Date.now() < this.#purgeDue) {
      const inserted = await sql`insert into claims_replay (jti, expires_at) values (${jti}, ${expires}) on conflict (jti) do nothing returning jti`.execute(
        this.#db,
      );
      return inserted.rows.length === 1;
    }
    this.#purgeDue = Date.now() + REPLAY_PURGE_INTERVAL_MS;
    const inserted = await sql<{ purged: number }>`
      with purged as (
        delete from claims_replay where jti in (
          select jti from claims_replay where expires_at < now() - ${PURGE_MARGIN} limit ${sql.lit(REPLAY_PURGE_BATCH)} for update skip locked
        ) returning 1
      )
      insert into claims_replay (jti, expires_at) values (${jti}, ${expires})
      on conflict (jti) do nothing
      returning (select count(*) from purged)::int as purged`.execute(this.#db);
    // A full batch: more may be waiting, so the next insert purges again.
    if ((inserted.rows[0]?.purged ?? 0) >= REPLAY_PURGE_BATCH) this.#purgeDue = 0;
    return inserted.rows.length === 1;
  }

  /** Development and tests: purge on the next insert, whenever the last one was. */
  purgeOnNextInsert(): void {
    this.#purgeDue = 0;
  }
}
