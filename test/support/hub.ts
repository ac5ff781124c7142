import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { BODIES, type Body } from '../../scripts/lib/local-hub.ts';

export * from '../../scripts/lib/local-hub.ts';

/** Fresh databases for one test, copied from the migrated templates of the run's cluster. */
export async function freshDatabases(): Promise<Record<Body, string>> {
  const { host, port, user } = inject('postgres');
  const url = (db: string) => `postgres://${user}@${host}:${port}/${db}`;
  const admin = new pg.Client({ connectionString: url('postgres') });
  await admin.connect();
  try {
    const suffix = randomBytes(6).toString('hex');
    const urls = {} as Record<Body, string>;
    for (const body of BODIES) {
      const name = `${body}_${suffix}`;
      await admin.query(`create database ${name} template ${body}_template`);
      urls[body] = url(name);
    }
    return urls;
  } finally {
    await admin.end();
  }
}

