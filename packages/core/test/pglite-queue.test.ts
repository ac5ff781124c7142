import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type Database, openDatabase } from '../src/database.ts';
import { createLogger } from '../src/logger.ts';
import { emptyPgliteDatabase } from '../../../test/support/pglite.ts';

let dir: string;
let database: Database<{ note: { id: number; body: string } }>;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'hub-pglite-'));
  const migrations = path.join(dir, 'migrations');
  await import('node:fs/promises').then((fs) =>
    fs
      .mkdir(migrations)
      .then(() =>
        fs.writeFile(
          path.join(migrations, '20260101T000000_note.ts'),
          `export async function up(db) { await db.schema.createTable('note').addColumn('id', 'integer', (c) => c.primaryKey()).addColumn('body', 'text').execute(); }`,
        ),
      ),
  );
  // A new embedded database (a copy of one just after initdb: test/support/pglite.ts), then the migration.
  await emptyPgliteDatabase(path.join(dir, 'db'));
  database = await openDatabase({ dataDir: path.join(dir, 'db'), migrationFolder: migrations, logger: createLogger({ name: 'test', level: 'silent' }) });
});
afterAll(async () => {
  await database?.close();
  await rm(dir, { recursive: true, force: true });
});

// PGlite is a single connection: these hold only because kysely queues callers on it.
it('keeps a statement from another request out of an open PGlite transaction', async () => {
  let outside: Promise<number> | undefined;
  await database.db
    .transaction()
    .execute(async (tx) => {
      await tx.insertInto('note').values({ id: 1, body: 'uncommitted' }).execute();
      // Another request reads while this transaction is open; it must not see or join it.
      outside = sql<{ n: number }>`select count(*)::int as n from note`.execute(database.db).then((r) => r.rows[0]!.n);
      await new Promise((resolve) => setTimeout(resolve, 50));
      throw new Error('roll back');
    })
    .catch((error: Error) => expect(error.message).toBe('roll back'));
  expect(await outside).toBe(0);
});

it('normalises counts to numbers and dates to YYYY-MM-DD strings', async () => {
  const { rows } = await sql<{ n: unknown; d: unknown }>`select count(*) as n, date '2020-03-01' as d from (values (1)) as one(x)`.execute(database.db);
  expect(rows[0]).toEqual({ n: 1, d: '2020-03-01' });
});

it('runs concurrent transactions one after the other on the single PGlite connection', async () => {
  const rollingBack = database.db.transaction().execute(async (tx) => {
    await tx.insertInto('note').values({ id: 10, body: 'rolled back' }).execute();
    await new Promise((resolve) => setTimeout(resolve, 50));
    throw new Error('roll back');
  });
  const committing = database.db.transaction().execute(async (tx) => {
    await tx.insertInto('note').values({ id: 11, body: 'committed' }).execute();
  });
  await expect(rollingBack).rejects.toThrow('roll back');
  await committing;
  const rows = await database.db.selectFrom('note').select('id').where('id', 'in', [10, 11]).execute();
  expect(rows).toEqual([{ id: 11 }]);
});
