import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../src/database.ts';
import { createLogger } from '../src/logger.ts';
import { emptyPostgresDatabase } from '../../../test/support/empty-database.ts';
import { emptyPgliteDatabase } from '../../../test/support/pglite.ts';
import { DatabaseReplayCache, REPLAY_PURGE_BATCH } from '../src/replay-store.ts';

/** The shared one-time id store on its own, on PGlite and on PostgreSQL. */
let dir: string;
let migrations: string;
const logger = createLogger({ name: 'test', level: 'silent' });
const opened: Database<any>[] = [];

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'hub-replay-'));
  migrations = path.join(dir, 'migrations');
  await mkdir(migrations);
  await writeFile(
    path.join(migrations, '20260101T000000_claims_replay.ts'),
    `import { createClaimsReplayV1 } from '${path.resolve('packages/core/src/replay-store.ts')}';
export async function up(db) { await createClaimsReplayV1(db); }`,
  );
});
afterAll(async () => {
  for (const database of opened) await database.close();
  await rm(dir, { recursive: true, force: true });
});

const stores = {
  // A new embedded database (a copy of one just after initdb: test/support/pglite.ts), then the migration.
  pglite: async () => {
    const dataDir = path.join(dir, `db-${randomUUID()}`);
    await emptyPgliteDatabase(dataDir);
    return [await openDatabase<any>({ dataDir, migrationFolder: migrations, logger })];
  },
  // Two pools on one database: two replicas of a body.
  postgres: async () => {
    const url = await emptyPostgresDatabase('replay');
    const first = await openDatabase<any>({ url, dataDir: '', migrationFolder: migrations, logger });
    const second = await openDatabase<any>({ url, dataDir: '', migrationFolder: migrations, logger, migrate: false });
    return [first, second];
  },
};

const now = () => Math.floor(Date.now() / 1000);

describe.each(Object.keys(stores) as (keyof typeof stores)[])('claims replay store on %s', (kind) => {
  let databases: Database<any>[];
  beforeAll(async () => {
    databases = await stores[kind]();
    opened.push(...databases);
  });

  it('accepts an id once; a second cache on the same database (another replica) refuses it too', async () => {
    const [a, b = a] = databases;
    const one = new DatabaseReplayCache(a!.db);
    const other = new DatabaseReplayCache(b!.db);
    const jti = randomUUID();
    expect(await one.remember(jti, now() + 35)).toBe(true);
    expect(await one.remember(jti, now() + 35)).toBe(false);
    expect(await other.remember(jti, now() + 35)).toBe(false);
    expect(await other.remember(randomUUID(), now() + 35)).toBe(true);
  });

  it('of the same id sent to two replicas at once, exactly one is accepted', async () => {
    const [a, b = a] = databases;
    for (let round = 0; round < 20; round++) {
      const jti = randomUUID();
      const answers = await Promise.all([new DatabaseReplayCache(a!.db).remember(jti, now() + 35), new DatabaseReplayCache(b!.db).remember(jti, now() + 35)]);
      expect(answers.filter(Boolean)).toHaveLength(1);
    }
  });

  it('removes expired ids as new ones arrive, a bounded number per purge, never one still alive', async () => {
    const db = databases[0]!.db;
    await sql`delete from claims_replay`.execute(db);
    const count = async () => Number((await sql<{ n: number }>`select count(*)::int as n from claims_replay`.execute(db)).rows[0]!.n);
    // A full batch and 10 more ids long expired (as if written minutes ago), and one expired a moment
    // ago, inside the clock margin.
    await sql`insert into claims_replay (jti, expires_at) select gen_random_uuid()::text, now() - interval '2 minutes' from generate_series(1, ${REPLAY_PURGE_BATCH + 10})`.execute(
      db,
    );
    await sql`insert into claims_replay (jti, expires_at) values (${'recently-expired-0001'}, now() - interval '5 seconds')`.execute(db);
    const cache = new DatabaseReplayCache(db);
    const alive = [randomUUID(), randomUUID(), randomUUID()];
    // The first insert purges a full batch, so the second purges again (the rest); the third does not.
    for (const jti of alive) expect(await cache.remember(jti, now() + 35)).toBe(true);
    expect(await count()).toBe(1 + 3);
    await sql`insert into claims_replay (jti, expires_at) values (${'long-expired-00001'}, now() - interval '2 minutes')`.execute(db);
    await cache.remember(randomUUID(), now() + 35);
    expect(await count()).toBe(1 + 1 + 4);
    cache.purgeOnNextInsert();
    await cache.remember(randomUUID(), now() + 35);
    expect(await count()).toBe(1 + 5);
    expect((await sql`select 1 from claims_replay where jti = 'recently-expired-0001'`.execute(db)).rows).toHaveLength(1);
    for (const jti of alive) expect(await new DatabaseReplayCache(db).remember(jti, now() + 35)).toBe(false);
  });

  it('costs one statement per new id and none for a replay the process has already seen', async () => {
    const database = databases[0]!;
    const cache = new DatabaseReplayCache(database.db);
    const before = database.statements.count;
    const n = 500;
    const started = performance.now();
    for (let i = 0; i < n; i++) await cache.remember(randomUUID(), now() + 35);
    const perId = (performance.now() - started) / n;
    // For scale: the cheapest statement there is, on the same connection(s).
    const baseline = performance.now();
    for (let i = 0; i < n; i++) await sql`select ${i}::int as i`.execute(database.db);
    const perSelect = (performance.now() - baseline) / n;
    const jti = randomUUID();
    await cache.remember(jti, now() + 35);
    await cache.remember(jti, now() + 35);
    expect(database.statements.count - before).toBe(2 * n + 1);
    // Printed for the record (the machine is shared, so no bound is asserted on time).
    console.info(`claims replay store on ${kind}: ${perId.toFixed(3)} ms per new id, ${perSelect.toFixed(3)} ms per trivial select (${n} sequential)`);
  });
});
