import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../src/database.ts';
import { createLogger } from '../src/logger.ts';
import { type RequestObservation, requestScope } from '../src/observability/request-scope.ts';
import { PIPELINE_BATCH_LIMIT, PipelinedPool } from '../src/statement-pipeline.ts';
import { emptyPostgresDatabase } from '../../../test/support/empty-database.ts';

/** The pipeline of a request's statements on PostgreSQL (statement-pipeline.ts). */
const logger = createLogger({ name: 'test', level: 'silent' });
let url: string;
let database: Database<any>;

const request = (requestId: string): RequestObservation => ({ requestId, clientRequestId: null, operation: 'Test', errorCodes: [], started: 0n });
const inRequest = <T>(requestId: string, fn: () => Promise<T>) => requestScope.run(request(requestId), fn);
const backend = async (db = database.db) => (await sql<{ pid: number }>`select pg_backend_pid() as pid, ${'x'}::text as tag`.execute(db)).rows[0]!.pid;

beforeAll(async () => {
  url = await emptyPostgresDatabase('pipeline');
  database = await openDatabase<any>({ url, dataDir: '', migrationFolder: '', logger, migrate: false });
  await sql`create table item (id int primary key, label text not null)`.execute(database.db);
});
afterAll(async () => {
  await database?.close();
});

describe('statement pipeline on PostgreSQL', () => {
  it("sends a request's statements of one turn on one connection, and another request's on another", async () => {
    const [first, second] = await Promise.all([
      inRequest('a', () => Promise.all(Array.from({ length: 5 }, () => backend()))),
      inRequest('b', () => Promise.all(Array.from({ length: 5 }, () => backend()))),
    ]);
    expect(new Set(first).size).toBe(1);
    expect(new Set(second).size).toBe(1);
    expect(first[0]).not.toBe(second[0]);
  });

  it(`puts at most ${PIPELINE_BATCH_LIMIT} statements on one connection; every answer is its own statement's`, async () => {
    const n = PIPELINE_BATCH_LIMIT * 2 + 3;
    const rows = await inRequest('many', () =>
      Promise.all(Array.from({ length: n }, (_, i) => sql<{ pid: number; i: number }>`select pg_backend_pid() as pid, ${i}::int as i`.execute(database.db))),
    );
    expect(rows.map((result) => result.rows[0]!.i)).toEqual(Array.from({ length: n }, (_, i) => i));
    const perBackend = new Map<number, number>();
    for (const result of rows) perBackend.set(result.rows[0]!.pid, (perBackend.get(result.rows[0]!.pid) ?? 0) + 1);
    expect(perBackend.size).toBe(3);
    expect(Math.max(...perBackend.values())).toBe(PIPELINE_BATCH_LIMIT);
  });

  it('a failing statement fails alone: the statements before and after it in the pipeline are answered', async () => {
    const results = await inRequest('failing', () =>
      Promise.allSettled([
        sql<{ v: number }>`select ${1}::int as v`.execute(database.db),
        sql<{ v: number }>`select 1 / ${0}::int as v`.execute(database.db),
        sql<{ v: number }>`select ${3}::int as v`.execute(database.db),
        sql<{ v: number }>`select pg_backend_pid() as v, ${4}::int`.execute(database.db),
      ]),
    );
    expect(results[0]).toMatchObject({ status: 'fulfilled', value: { rows: [{ v: 1 }] } });
    expect(results[1]).toMatchObject({ status: 'rejected', reason: { code: '22012' } });
    expect(results[2]).toMatchObject({ status: 'fulfilled', value: { rows: [{ v: 3 }] } });
    expect(results[3].status).toBe('fulfilled');
  });

  it('a transaction has a connection of its own: statements pipelined meanwhile neither join it nor see its rows before it commits', async () => {
    let inside: { pid: number; seen: number } | undefined;
    let outside: { pid: number; seen: number }[] = [];
    await inRequest('tx', async () => {
      let inserted!: () => void;
      const insertedOnce = new Promise<void>((resolve) => (inserted = resolve));
      const transaction = database.db.transaction().execute(async (trx) => {
        await sql`insert into item (id, label) values (${1}, ${'uncommitted'})`.execute(trx);
        inserted();
        // Stays open while the reads below are pipelined.
        await new Promise((resolve) => setTimeout(resolve, 50));
        inside = (await sql<{ pid: number; seen: number }>`select pg_backend_pid() as pid, count(*)::int as seen from item where id = ${1}`.execute(trx))
          .rows[0];
      });
      await insertedOnce;
      outside = await Promise.all(
        Array.from(
          { length: 3 },
          async () =>
            (await sql<{ pid: number; seen: number }>`select pg_backend_pid() as pid, count(*)::int as seen from item where id = ${1}`.execute(database.db))
              .rows[0]!,
        ),
      );
      await transaction;
    });
    expect(inside!.seen).toBe(1);
    expect(outside.map((row) => row.seen)).toEqual([0, 0, 0]);
    expect(outside.map((row) => row.pid)).not.toContain(inside!.pid);
    expect((await sql<{ n: number }>`select count(*)::int as n from item where id = ${1}`.execute(database.db)).rows[0]!.n).toBe(1);
  });

  it('a transaction that fails rolls back on its own connection; the pipeline goes on', async () => {
    await expect(
      database.db.transaction().execute(async (trx) => {
        await sql`insert into item (id, label) values (${2}, ${'rolled back'})`.execute(trx);
        await sql`insert into item (id, label) values (${2}, ${'duplicate'})`.execute(trx);
      }),
    ).rejects.toMatchObject({ code: '23505' });
    expect((await sql<{ n: number }>`select count(*)::int as n from item where id = ${2}`.execute(database.db)).rows[0]!.n).toBe(0);
  });

  it('db.connection() keeps one session for its statements (a temporary table, a setting)', async () => {
    const seen = await database.db.connection().execute(async (session) => {
      await sql`create temporary table scratch (v int)`.execute(session);
      await sql`insert into scratch values (${7})`.execute(session);
      await sql`select set_config('application_name', ${'pipeline-test'}, false)`.execute(session);
      const [rows, names] = await Promise.all([
        sql<{ v: number }>`select v from scratch where v = ${7}`.execute(session),
        sql<{ name: string }>`select current_setting('application_name') as name, ${1}::int`.execute(session),
      ]);
      await sql`drop table scratch`.execute(session);
      await sql`select set_config('application_name', '', false)`.execute(session);
      return { v: rows.rows[0]?.v, name: names.rows[0]?.name };
    });
    expect(seen).toEqual({ v: 7, name: 'pipeline-test' });
  });

  it('refuses a second statement on one pipelined connection outside a transaction (it would need one session)', async () => {
    const pool = new pg.Pool({ connectionString: url, max: 2, pipeline: true });
    const pipelined = new PipelinedPool(pool);
    try {
      const client = await pipelined.connect();
      await expect(client.query('select $1::int as v', [1])).resolves.toMatchObject({ rows: [{ v: 1 }] });
      await expect(client.query('select $1::int as v', [2])).rejects.toThrow(/dedicated connection/);
      client.release();
    } finally {
      await pipelined.end();
    }
  });
});
