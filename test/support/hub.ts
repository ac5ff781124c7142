import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { BODIES, type Body } from '../../scripts/lib/local-hub.ts';

export * from '../../scripts/lib/local-hub.ts';

/**
 * Fresh databases for one test, copied from the migrated templates of the run's cluster: the three
 * copies side by side, one connection each (a third of the time of one after the other).
 */
export async function freshDatabases(): Promise<Record<Body, string>> {
  const { host, port, user } = inject('postgres');
  const url = (db: string) => `postgres://${user}@${host}:${port}/${db}`;
  const suffix = randomBytes(6).toString('hex');
  const copies = await Promise.all(
    BODIES.map(async (body) => {
      const name = `${body}_${suffix}`;
      const admin = new pg.Client({ connectionString: url('postgres') });
      await admin.connect();
      try {
        // FILE_COPY: the template's files copied whole (PostgreSQL 15's default, WAL_LOG, writes
        // each page through the write-ahead log: twice the server's CPU for these small databases).
        await admin.query(`create database ${name} template ${body}_template strategy file_copy`);
      } finally {
        await admin.end();
      }
      return [body, url(name)] as const;
    }),
  );
  return Object.fromEntries(copies) as Record<Body, string>;
}

/**
 * Fresh, empty databases owned by a new migration role, and a new service role that logs in with
 * only the grants the migration role gives it: `databases` are the service URLs, `migrationDatabases`
 * the owner URLs (pass both to startHub). `superuser` URLs reach the same databases as the cluster's
 * superuser, for tampering in tests.
 */
export async function restrictedDatabases(): Promise<{
  databases: Record<Body, string>;
  migrationDatabases: Record<Body, string>;
  superuser: Record<Body, string>;
  roles: { owner: string; service: string };
}> {
  const { host, port, user } = inject('postgres');
  const url = (role: string, db: string) => `postgres://${role}@${host}:${port}/${db}`;
  const admin = new pg.Client({ connectionString: url(user, 'postgres') });
  await admin.connect();
  try {
    const suffix = randomBytes(6).toString('hex');
    const roles = { owner: `hub_owner_${suffix}`, service: `hub_service_${suffix}` };
    await admin.query(`create role ${roles.owner} login`);
    await admin.query(`create role ${roles.service} login`);
    const databases = {} as Record<Body, string>;
    const migrationDatabases = {} as Record<Body, string>;
    const superuser = {} as Record<Body, string>;
    for (const body of BODIES) {
      const name = `${body}_r_${suffix}`;
      await admin.query(`create database ${name} owner ${roles.owner}`);
      databases[body] = url(roles.service, name);
      migrationDatabases[body] = url(roles.owner, name);
      superuser[body] = url(user, name);
    }
    return { databases, migrationDatabases, superuser, roles };
  } finally {
    await admin.end();
  }
}
