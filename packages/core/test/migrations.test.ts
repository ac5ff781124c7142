import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { migrationsUpToDate, openDatabase } from '../src/database.ts';
import { createLogger } from '../src/logger.ts';
import { emptyPgliteDatabase } from '../../../test/support/pglite.ts';

/**
 * A database that already ran exactly its folder's migrations opens without kysely's Migrator
 * (two statements); any other state goes through the Migrator, which applies or refuses as before.
 */
let dir: string;
const logger = createLogger({ name: 'test', level: 'silent' });

function table(name: string): string {
  return `export async function up(db) { await db.schema.createTable('${name}').addColumn('id', 'integer', (c) => c.primaryKey()).execute(); }`;
}

async function open(dataDir: string, migrationFolder: string) {
  return openDatabase<any>({ dataDir, migrationFolder, logger });
}

async function tables(db: Awaited<ReturnType<typeof open>>): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`select tablename as name from pg_tables where schemaname = 'public' order by 1`.execute(db.db);
  return rows.map((r) => r.name);
}

/** A new embedded database (just initialised) and a migration folder creating one table per migration name. */
async function newDatabase(name: string, migrations: Record<string, string>): Promise<{ data: string; folder: string }> {
  const data = path.join(dir, name);
  const folder = path.join(dir, `${name}-migrations`);
  await mkdir(folder);
  for (const [migration, tableName] of Object.entries(migrations)) await writeFile(path.join(folder, `${migration}.ts`), table(tableName));
  await emptyPgliteDatabase(data);
  return { data, folder };
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'hub-migrations-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

it('applies new migrations through the Migrator and reopens an up-to-date database with two statements', async () => {
  const { data, folder } = await newDatabase('db', { '20260101T000000_a': 'a', '20260102T000000_b': 'b' });

  let database = await open(data, folder);
  expect(await tables(database)).toEqual(['a', 'b', 'kysely_migration', 'kysely_migration_lock']);
  expect(await migrationsUpToDate(database.db, folder)).toBe(true);
  await database.close();

  // Up to date: the migration table's presence and its rows, nothing else. A declaration file is
  // not a migration, for kysely's file provider either.
  await writeFile(path.join(folder, '20260101T000000_a.d.ts'), 'export declare function up(db: unknown): Promise<void>;');
  database = await open(data, folder);
  expect(database.statements.count).toBe(2);
  await database.close();

  // A new migration: not up to date, so the Migrator runs and applies it.
  await writeFile(path.join(folder, '20260103T000000_c.ts'), table('c'));
  database = await open(data, folder);
  expect(database.statements.count).toBeGreaterThan(2);
  expect(await tables(database)).toEqual(['a', 'b', 'c', 'kysely_migration', 'kysely_migration_lock']);
  expect(await migrationsUpToDate(database.db, folder)).toBe(true);
  await database.close();
});

it('leaves a missing, out-of-order or foreign migration file to the Migrator, which refuses or ignores it as before', async () => {
  const { data, folder } = await newDatabase('db2', { '20260101T000000_a': 'a', '20260103T000000_c': 'c' });
  const database = await open(data, folder);
  expect(await migrationsUpToDate(database.db, folder)).toBe(true);
  await database.close();

  // A migration named before the last executed one: the Migrator's "corrupted migrations" error.
  await writeFile(path.join(folder, '20260102T000000_b.ts'), table('b'));
  await expect(open(data, folder)).rejects.toThrow(/corrupted migrations: expected previously executed migration/);
  await rm(path.join(folder, '20260102T000000_b.ts'));

  // An executed migration whose file is gone.
  await rm(path.join(folder, '20260103T000000_c.ts'));
  await expect(open(data, folder)).rejects.toThrow(/corrupted migrations: previously executed migration 20260103T000000_c is missing/);
  await writeFile(path.join(folder, '20260103T000000_c.ts'), table('c'));

  // A file that is not a migration: the Migrator ignores it, so the database opens (through it).
  await writeFile(path.join(folder, 'helpers.ts'), 'export const x = 1;');
  const again = await open(data, folder);
  expect(await migrationsUpToDate(again.db, folder)).toBe(false);
  expect(await tables(again)).toEqual(['a', 'c', 'kysely_migration', 'kysely_migration_lock']);
  await again.close();
});

it('is not up to date on a database without the migration table', async () => {
  const data = path.join(dir, 'db3');
  const folder = path.join(dir, 'migrations3');
  await mkdir(folder);
  await emptyPgliteDatabase(data);
  const database = await openDatabase<any>({ dataDir: data, migrationFolder: folder, logger, migrate: false });
  expect(await migrationsUpToDate(database.db, folder)).toBe(false);
  await database.close();
});
