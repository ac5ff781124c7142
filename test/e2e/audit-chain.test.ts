import { spawnSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditRecorder, createLogger, openDatabase, verifyAuditChain } from '@hub/core';
import { createApp as createDiscipline, migrationFolder as disciplineMigrations } from '../../subgraphs/discipline/src/app.ts';
import { type Hub, restrictedDatabases, startHub } from '../support/hub.ts';
import { randomUnitCode, seed } from '../support/seed.ts';
import { pgliteDataDir } from '../support/pglite.ts';
import { ReadPetitionsDocument } from '../operations/generated.ts';

const ROOT = new URL('../..', import.meta.url).pathname;
const READ = ReadPetitionsDocument;

function runVerify(env: Record<string, string>) {
  return spawnSync(process.execPath, ['scripts/audit-verify.ts', '--body', 'discipline'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
}

async function readPetitions(hub: Hub, unitCode: string, times: number) {
  await seed(hub)
    .units([{ code: unitCode, name: '审计链测试单位' }])
    .petitions(unitCode, [
      { receivedOn: '2022-03-01', category: 'HEDONISM' },
      { receivedOn: '2022-04-01', category: 'INTEGRITY' },
    ]);
  // Concurrent readers append to the one chain at the same time.
  const results = await Promise.all(Array.from({ length: times }, (_, i) => hub.query(READ, { code: unitCode }, { purpose: `审计链测试 ${i}` })));
  for (const result of results) expect(result.errors).toBeUndefined();
}

describe('audit log on PostgreSQL: schema owner migrates, the service role may only SELECT and INSERT', () => {
  let hub: Hub;
  let urls: Awaited<ReturnType<typeof restrictedDatabases>>;
  let superuser: Kysely<any>;
  const unitCode = randomUnitCode();

  beforeAll(async () => {
    urls = await restrictedDatabases();
    hub = await startHub({ databases: urls.databases, migrationDatabases: urls.migrationDatabases });
    superuser = new Kysely({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: urls.superuser.discipline, max: 1 }) }) });
    await readPetitions(hub, unitCode, 8);
  });
  afterAll(async () => {
    await hub?.stop();
    await superuser?.destroy();
  });

  it('the service answers as the restricted role and every read is chained', async () => {
    const db = hub.discipline.database.db;
    const who = await sql<{ user: string }>`select current_user as user`.execute(db);
    expect(who.rows[0]!.user).toBe(urls.roles.service);
    const rows = await sql<{ seq: number; prevHash: string; hash: string; recordId: string | null; recordIds: string[] | null }>`
      select seq, prev_hash, hash, record_id, record_ids from audit_log order by seq`.execute(db);
    // Eight requests, each reading the unit's two petitions: one row per request naming both.
    expect(rows.rows.length).toBe(8);
    expect(rows.rows.map((r) => Number(r.seq))).toEqual(Array.from({ length: 8 }, (_, i) => i + 1));
    for (const row of rows.rows) {
      expect(row.recordId).toBeNull();
      expect(row.recordIds).toHaveLength(2);
    }
    for (let i = 1; i < rows.rows.length; i++) expect(rows.rows[i]!.prevHash).toBe(rows.rows[i - 1]!.hash);
    const report = await verifyAuditChain(db);
    expect(report).toMatchObject({ rows: 8, broken: null });
  });

  it('the service role cannot change, remove or unprotect the audit log', async () => {
    const db = hub.discipline.database.db;
    const attempts = [
      sql`update audit_log set purpose = 'changed'`,
      sql`delete from audit_log`,
      sql`truncate audit_log`,
      sql`update audit_chain_head set seq = 0`,
      sql`alter table audit_log disable trigger audit_log_append_only`,
      sql`alter table audit_log disable trigger audit_log_chain`,
      sql`drop trigger audit_log_append_only on audit_log`,
      sql`drop trigger audit_log_chain on audit_log`,
      sql.raw(`create or replace function audit_log_refuse_change() returns trigger language plpgsql as $$ begin return new; end $$`),
      sql.raw(`create or replace function audit_log_chain() returns trigger language plpgsql as $$ begin return new; end $$`),
      sql`drop function audit_log_refuse_change() cascade`,
      sql`drop table audit_log`,
      sql`alter table audit_log rename to audit_log_old`,
      sql`create table public.audit_log_shadow (id int)`,
    ];
    for (const attempt of attempts) {
      await expect(attempt.execute(db)).rejects.toMatchObject({ code: expect.stringMatching(/^(42501|55000)$/) });
    }
    const report = await verifyAuditChain(db);
    expect(report).toMatchObject({ rows: 8, broken: null });
  });

  it('a row inserted with a made-up place and hash is chained by the database, not by the caller', async () => {
    const db = hub.discipline.database.db;
    await sql`insert into audit_log (staff_id, roles, operation_type, action, record_type, record_id, request_id, seq, prev_hash, hash, at)
      values ('forger', '{leader}', 'query', 'READ', 'Petition', 'x', 'r', 1, 'forged', 'forged', '2000-01-01')`.execute(db);
    const row = await sql<{ seq: string; hash: string; at: Date }>`select seq, hash, at from audit_log where staff_id = 'forger'`.execute(db);
    expect(Number(row.rows[0]!.seq)).toBe(9);
    expect(row.rows[0]!.hash).not.toBe('forged');
    expect(row.rows[0]!.at.getUTCFullYear()).toBeGreaterThan(2000);
    expect(await verifyAuditChain(db)).toMatchObject({ rows: 9, broken: null });
  });

  it('a temporary audit_log of the service session shadows nothing the trigger reads; odd roles and a client id hash as audit:verify does', async () => {
    const db = hub.discipline.database.db;
    const row = await db.connection().execute(async (session) => {
      // A forged "newest row" in the session's own schema, looked up first.
      await sql`create temporary table audit_log (seq bigint, hash text)`.execute(session);
      await sql`insert into pg_temp.audit_log values (999, 'forged')`.execute(session);
      await sql`set search_path = pg_temp, public`.execute(session);
      try {
        await sql`insert into public.audit_log (staff_id, roles, operation_type, action, record_type, record_id, request_id, client_request_id)
          values ('shadow', array['leader', null, '带,逗号 "引号"'], 'query', 'READ', 'Petition', 'y', 'r2', 'client-id_1')`.execute(session);
      } finally {
        await sql`reset search_path`.execute(session);
        await sql`drop table pg_temp.audit_log`.execute(session);
      }
      return sql<{ seq: string; prevHash: string }>`select seq, prev_hash from audit_log where staff_id = 'shadow'`.execute(session);
    });
    expect(Number(row.rows[0]!.seq)).toBe(10);
    expect(row.rows[0]!.prevHash).not.toBe('forged');
    expect(await verifyAuditChain(db)).toMatchObject({ rows: 10, broken: null });
  });
  it('npm run audit:verify passes on untouched data and names the row a superuser changed', async () => {
    const env = { DISCIPLINE_DATABASE_URL: urls.databases.discipline };
    const clean = runVerify(env);
    expect(clean.stdout).toMatch(/✔ discipline: 10 rows, chain intact; head seq 10 hash [0-9a-f]{64}/);
    expect(clean.status).toBe(0);

    const target = await sql<{ id: string }>`select id from audit_log where seq = 5`.execute(superuser);
    const id = Number(target.rows[0]!.id);
    await sql`alter table audit_log disable trigger audit_log_append_only`.execute(superuser);
    await sql`update audit_log set purpose = '无关目的' where id = ${id}`.execute(superuser);
    await sql`alter table audit_log enable trigger audit_log_append_only`.execute(superuser);

    const tampered = runVerify(env);
    expect(tampered.status).toBe(1);
    expect(tampered.stdout).toContain(
      `✖ discipline: chain broken at row id ${id} (seq 5): hash does not match the row content (changed); 4 rows before it hold`,
    );
  });
});

describe('audit chain v5: the statement hands the chain position to its rows', () => {
  let urls: Awaited<ReturnType<typeof restrictedDatabases>>;
  let hub: Hub;
  const clients: pg.Client[] = [];
  const insert = (values: string) =>
    `insert into audit_log (staff_id, roles, operation_type, action, record_type, record_id, request_id, purpose) values ${values}`;
  const row = (staff: string, purpose = `'p'`) => `('${staff}', '{leader}', 'query', 'READ', 'Petition', '${staff}', 'r', ${purpose})`;

  async function serviceClient(): Promise<pg.Client> {
    const client = new pg.Client({ connectionString: urls.databases.discipline });
    await client.connect();
    clients.push(client);
    return client;
  }
  async function chain(client: pg.Client) {
    const rows = await client.query<{ seq: string; staff_id: string }>('select seq, staff_id from audit_log order by seq');
    return rows.rows.map((r) => `${r.seq}:${r.staff_id}`);
  }

  beforeAll(async () => {
    urls = await restrictedDatabases();
    // Migrates every body as the owner; the clients below connect as the restricted service role.
    hub = await startHub({ databases: urls.databases, migrationDatabases: urls.migrationDatabases });
  });
  afterAll(async () => {
    for (const client of clients) await client.end();
    await hub?.stop();
  });

  it('rows of one statement and of two transactions inserting at once chain one after another', async () => {
    const first = await serviceClient();
    const second = await serviceClient();
    await first.query('begin');
    await first.query(insert([row('a1'), row('a2'), row('a3')].join(', ')));
    await second.query('begin');
    let secondDone = false;
    // Waits for the head's lock, which the first transaction holds until it ends.
    const secondInsert = second.query(insert([row('b1'), row('b2')].join(', '))).then(() => {
      secondDone = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(secondDone).toBe(false);
    await first.query(insert([row('a4'), row('a5')].join(', ')));
    await first.query('commit');
    await secondInsert;
    await second.query(insert(row('b3')));
    await second.query('commit');

    expect(await chain(first)).toEqual(['1:a1', '2:a2', '3:a3', '4:a4', '5:a5', '6:b1', '7:b2', '8:b3']);
    const db = hub.discipline.database.db;
    const report = await verifyAuditChain(db);
    expect(report).toMatchObject({ rows: 8, broken: null, head: { seq: 8 } });
  });

  it('a chain position the caller sets is never trusted: ignored before the statement, refused inside it', async () => {
    const client = await serviceClient();
    const forged = (seq: string) => `'${seq}:${'f'.repeat(64)}'`;
    // Set before the statement: the statement's own trigger sets the position again.
    await client.query('begin');
    await client.query(`select set_config('hub.audit_chain_last', ${forged('1000')}, true)`);
    await client.query(insert(row('c1')));
    await client.query('commit');
    expect((await chain(client)).at(-1)).toBe('9:c1');

    // Set while the statement runs (a function in the inserted values): the statement is refused.
    for (const position of [forged('1000'), forged('9'), `''`]) {
      const attempt = client.query(insert(row('forger', `set_config('hub.audit_chain_last', ${position}, true)`)));
      await expect(attempt).rejects.toMatchObject({ code: expect.stringMatching(/^(23000|55000)$/) });
    }
    // The second of two rows, after the first row set the position.
    const twoRows = client.query(insert([row('forger', `set_config('hub.audit_chain_last', ${forged('10')}, true)`), row('forger2')].join(', ')));
    await expect(twoRows).rejects.toMatchObject({ code: '23000' });

    const db = hub.discipline.database.db;
    await db
      .insertInto('auditLog' as never)
      .values({ staffId: 'd1', roles: ['leader'], operationType: 'query', action: 'READ', recordType: 'Petition', recordId: 'd1', requestId: 'r' } as never)
      .execute();
    expect((await chain(client)).slice(-2)).toEqual(['9:c1', '10:d1']);
    expect(await verifyAuditChain(db)).toMatchObject({ rows: 10, broken: null, head: { seq: 10 } });
  });
});

describe('audit log on embedded PGlite', () => {
  let dir: string;
  beforeAll(async () => {
    // A migrated embedded discipline database, copied from the run's template.
    dir = await pgliteDataDir(['discipline']);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('the service session runs as a restricted role; the chain names a row changed afterwards', { timeout: 300_000 }, async () => {
    const { publicKey } = generateKeyPairSync('ed25519');
    const logger = createLogger({ name: 'discipline', level: 'silent' });
    const app = createDiscipline({ port: 0, host: '127.0.0.1', dataDir: dir, development: false, demo: false, logger, gatewayPublicKey: publicKey });
    await app.start();
    try {
      const db = app.database.db;
      // What the service does for a request's reads.
      for (let i = 0; i < 3; i++) {
        const audit = new AuditRecorder(
          db as never,
          {
            viewer: { staffId: `staff-${i}`, roles: ['leader'], scopes: { stationedGroupIds: [], inspectionTeamIds: [], departmentIds: [], zoneIds: [] } },
            purpose: '审计链测试',
          },
          `request-${i}`,
        );
        audit.read('Petition', `p-${i}-a`);
        audit.read('Petition', `p-${i}-b`);
        audit.read('Clue', `c-${i}`);
        await audit.flush();
      }
      expect((await sql<{ user: string }>`select current_user as user`.execute(db)).rows[0]!.user).toBe('hub_service');
      await expect(sql`update audit_log set purpose = 'changed'`.execute(db)).rejects.toMatchObject({ code: '42501' });
      await expect(sql`drop table audit_log`.execute(db)).rejects.toMatchObject({ code: '42501' });
      expect(await verifyAuditChain(db)).toMatchObject({ rows: 6, broken: null });
    } finally {
      await app.stop();
    }
    // Whoever holds the files can still change them; the chain shows it.
    const owner = await openDatabase<any>({
      dataDir: path.join(dir, 'discipline'),
      migrationFolder: disciplineMigrations,
      logger: createLogger({ name: 't', level: 'silent' }),
    });
    try {
      await sql`alter table audit_log disable trigger audit_log_append_only`.execute(owner.db);
      // Seq 5: the third request's two petitions; one of them taken out of the row's list.
      expect((await sql<{ ids: string[] }>`select record_ids as ids from audit_log where seq = 5`.execute(owner.db)).rows[0]!.ids).toEqual(['p-2-a', 'p-2-b']);
      await sql`update audit_log set record_ids = array['p-2-a', 'p-2-c'] where seq = 5`.execute(owner.db);
    } finally {
      await owner.close();
    }
    const result = runVerify({ HUB_DATA_DIR: dir });
    expect(result.stdout).toMatch(/✖ discipline: chain broken at row id \d+ \(seq 5\): hash does not match/);
    expect(result.status).toBe(1);
  });
});
