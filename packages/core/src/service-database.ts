import type { Kysely } from 'kysely';
import { auditLogOwnedByCurrentRole, grantServiceRole, restrictEmbeddedSession } from './audit-chain.ts';
import { type Database, type DatabaseOptions, openDatabase } from './database.ts';

export interface ServiceDatabaseOptions extends DatabaseOptions {
  /**
   * PostgreSQL URL of the migration (schema-owner) role. When set, migrations and grants run on it
   * and the service then connects with `url`, as a role that may only SELECT and INSERT on
   * `audit_log`. The service role is the user named in `url`.
   */
  migrationUrl?: string | undefined;
  /** Refuse a service connected as the audit log's owner (default false: a warning is logged). */
  requireRestrictedRole?: boolean;
}

function roleOf(url: string): string {
  const user = decodeURIComponent(new URL(url).username);
  if (!user) throw new Error('the service database URL names no user: the migration role cannot know whom to grant');
  return user;
}

/**
 * Opens a service's database the way the audit log needs it:
 * - PostgreSQL with a migration URL: migrate and grant as the owner, then connect as the service role;
 * - PostgreSQL with one URL: migrate on it; the service then owns the audit log, which is refused
 *   when `requireRestrictedRole` is set and logged as a warning otherwise;
 * - embedded PGlite: migrate as the built-in superuser, then switch the session to a NOLOGIN role.
 */
export async function openServiceDatabase<DB>(options: ServiceDatabaseOptions): Promise<Database<DB>> {
  if (options.url && options.migrationUrl) {
    const owner = await openDatabase<any>({ ...options, url: options.migrationUrl, poolSize: 1 });
    try {
      await grantServiceRole(owner.db, roleOf(options.url));
    } finally {
      await owner.close();
    }
    const service = await openDatabase<DB>({ ...options, migrate: false });
    if (await auditLogOwnedByCurrentRole(service.db as Kysely<any>)) {
      await service.close();
      throw new Error('the service database role owns the audit log or is a superuser: connect the service as a separate, restricted role');
    }
    return service;
  }
  const database = await openDatabase<DB>(options);
  try {
    if (database.kind === 'pglite') {
      await restrictEmbeddedSession(database.db as Kysely<any>);
    } else if (await auditLogOwnedByCurrentRole(database.db as Kysely<any>)) {
      if (options.requireRestrictedRole) {
        throw new Error(
          'the service connects as the owner of audit_log (or a superuser), so it could change the audit log: ' +
            'set <BODY>_MIGRATION_DATABASE_URL to the schema owner and <BODY>_DATABASE_URL to a restricted service role (see README)',
        );
      }
      options.logger.warn(
        'the service connects as the owner of audit_log: the audit log is tamper-evident but not append-only for it (set <BODY>_MIGRATION_DATABASE_URL)',
      );
    }
  } catch (error) {
    await database.close();
    throw error;
  }
  return database;
}
