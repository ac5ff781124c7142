/**
 * The caller's own X-Request-Id is kept in the audit log beside the gateway's, as client-supplied,
 * and is part of the hash chain: rows written before the column existed still verify as they were
 * hashed, rows after it verify with it, and a change to it (set, altered or cleared) breaks the row.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { AuditRecorder, createLogger, type ForwardedIdentity, openDatabase, verifyAuditChain } from '@hub/core';
import { type Kysely, sql } from 'kysely';
import { FileMigrationProvider, Migrator } from 'kysely/migration';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrationFolder } from '../../subgraphs/discipline/src/app.ts';
import { restrictedDatabases } from '../support/hub.ts';

const CLIENT_ID_MIGRATION = '20261130T070000_audit_client_request_id';
const identity: ForwardedIdentity = {
  viewer: { staffId: 'staff-audit', roles: ['leader'], scopes: { stationedGroupIds: [], inspectionTeamIds: [], departmentIds: [], zoneIds: [] } },
  purpose: '审计测试',
};

describe('audit log: client-supplied request id in the hash chain (PostgreSQL)', () => {
  let owner: Awaited<ReturnType<typeof openDatabase<any>>>;
  let db: Kysely<any>;

  beforeAll(async () => {
    const urls = await restrictedDatabases();
    owner = await openDatabase<any>({
      url: urls.migrationDatabases.discipline,
      dataDir: '',
      migrationFolder,
      logger: createLogger({ name: 'test', level: 'silent' }),
      poolSize: 1,
      migrate: false,
    });
    db = owner.db;
  });
  afterAll(() => owner?.close());

  it('rows from before the migration still verify; rows after it carry the caller id; changing it breaks the row', async () => {
    const migrator = new Migrator({ db, provider: new FileMigrationProvider({ fs, path, migrationFolder }) });
    const names = (await migrator.getMigrations()).map((m) => m.name);
    const before = names[names.indexOf(CLIENT_ID_MIGRATION) - 1]!;
    expect((await migrator.migrateTo(before)).error).toBeUndefined();
    // Rows as the service wrote them before: no client_request_id column yet.
    for (let i = 0; i < 3; i++) {
      await sql`insert into audit_log (staff_id, roles, operation_type, action, record_type, record_id, request_id, purpose)
        values ('staff-old', '{leader}', 'query', 'READ', 'Petition', ${`p-${i}`}, ${`old-request-${i}`}, '旧记录')`.execute(db);
    }
    expect(await verifyAuditChain(db)).toMatchObject({ rows: 3, broken: null });

    expect((await migrator.migrateToLatest()).error).toBeUndefined();
    expect(await verifyAuditChain(db)).toMatchObject({ rows: 3, broken: null });
    const withClient = new AuditRecorder(db as never, identity, 'gateway-request-1', { clientRequestId: 'caller-id-1' });
    withClient.read('Petition', 'p-new');
    await withClient.flush();
    const withoutClient = new AuditRecorder(db as never, identity, 'gateway-request-2');
    withoutClient.read('Petition', 'p-new-2');
    await withoutClient.flush();
    const rows = await sql<{
      seq: string;
      requestId: string;
      clientRequestId: string | null;
    }>`select seq, request_id, client_request_id from audit_log order by seq`.execute(db);
    expect(rows.rows.map((r) => [Number(r.seq), r.requestId, r.clientRequestId])).toEqual([
      [1, 'old-request-0', null],
      [2, 'old-request-1', null],
      [3, 'old-request-2', null],
      [4, 'gateway-request-1', 'caller-id-1'],
      [5, 'gateway-request-2', null],
    ]);
    expect(await verifyAuditChain(db)).toMatchObject({ rows: 5, broken: null });

    // The caller's id is checked for form by the database too.
    await expect(
      sql`insert into audit_log (staff_id, roles, operation_type, action, record_type, record_id, request_id, client_request_id)
      values ('x', '{leader}', 'query', 'READ', 'Petition', 'p', 'r', 'not an id!')`.execute(db),
    ).rejects.toMatchObject({ code: '23514' });

    const tamper = async (statement: ReturnType<typeof sql>) => {
      await sql`alter table audit_log disable trigger audit_log_append_only`.execute(db);
      await statement.execute(db);
      await sql`alter table audit_log enable trigger audit_log_append_only`.execute(db);
    };
    // Changed, cleared and newly set client ids are each caught at their row.
    for (const [seq, change] of [
      [4, sql`update audit_log set client_request_id = 'caller-id-X' where seq = 4`],
      [4, sql`update audit_log set client_request_id = null where seq = 4`],
      [2, sql`update audit_log set client_request_id = 'added-later' where seq = 2`],
    ] as const) {
      const original = await sql<{ clientRequestId: string | null }>`select client_request_id from audit_log where seq = ${seq}`.execute(db);
      await tamper(change);
      expect(await verifyAuditChain(db)).toMatchObject({ rows: seq - 1, broken: { seq, reason: 'hash does not match the row content (changed)' } });
      await tamper(sql`update audit_log set client_request_id = ${original.rows[0]!.clientRequestId} where seq = ${seq}`);
      expect(await verifyAuditChain(db)).toMatchObject({ rows: 5, broken: null });
    }
  });
});
