import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';

/** A new, empty database on the run's PostgreSQL cluster (named `<prefix>_<random>`), as its superuser's URL. */
export async function emptyPostgresDatabase(prefix: string): Promise<string> {
  const { host, port, user } = inject('postgres');
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: `postgres://${user}@${host}:${port}/postgres` });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  return `postgres://${user}@${host}:${port}/${name}`;
}
