import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { type Database, openDatabase } from '../src/database.ts';
import { createLogger } from '../src/logger.ts';

/** The session settings every service connection to PostgreSQL opens with (SESSION_OPTIONS). */
const logger = createLogger({ name: 'test', level: 'silent' });
const opened: Database<any>[] = [];
afterAll(async () => {
  for (const database of opened) await database.close();
});

async function newDatabaseUrl(): Promise<string> {
  const { host, port, user } = inject('postgres');
  const name = `settings_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: `postgres://${user}@${host}:${port}/postgres` });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  return `postgres://${user}@${host}:${port}/${name}`;
}

async function open(url: string) {
  const database = await openDatabase<any>({ url, dataDir: '', migrationFolder: '', logger, migrate: false, poolSize: 3 });
  opened.push(database);
  return database;
}

const show = async (database: Database<any>) => (await sql<{ randomPageCost: string }>`show random_page_cost`.execute(database.db)).rows[0]!.randomPageCost;

describe('PostgreSQL session settings of a service', () => {
  it('plans with random_page_cost 1.1 on every pooled connection', async () => {
    const database = await open(await newDatabaseUrl());
    // Three at once: three connections of the pool, each opened with the setting.
    expect(await Promise.all([show(database), show(database), show(database)])).toEqual(['1.1', '1.1', '1.1']);
    expect(database.pool!().total).toBe(3);
  });

  it('leaves the setting to a database URL that names its own session options', async () => {
    const url = `${await newDatabaseUrl()}?options=${encodeURIComponent('-c random_page_cost=2')}`;
    expect(await show(await open(url))).toBe('2');
  });
});
