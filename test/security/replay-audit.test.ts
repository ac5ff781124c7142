/**
 * A subgraph records a request's one-time id (the gateway claims' `jti`) when the request first
 * writes: a query in the statement that writes its audit records, a mutation before it runs
 * (packages/core/src/audit.ts, replay-store.ts). Two replicas of discipline on one PostgreSQL
 * database: a header one replica accepted is refused by the other, with no audit record written
 * for the refused request, and the chain still verifies.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditRecorder, createLogger, type Database, DatabaseReplayCache, openDatabase, verifyAuditChain } from '@hub/core';
import { migrationFolder } from '../../subgraphs/discipline/src/db/migration-folder.ts';
import { freshDatabases } from '../support/hub.ts';

const logger = createLogger({ name: 'test', level: 'silent' });
const identity = {
  viewer: { staffId: 'staff-leader', roles: ['leader' as const], scopes: { stationedGroupIds: [], inspectionTeamIds: [], departmentIds: [], zoneIds: [] } },
  purpose: '重放测试 — replay test',
};
const expires = () => Math.floor(Date.now() / 1000) + 35;

let one: Database<any>;
let two: Database<any>;
beforeAll(async () => {
  const { discipline } = await freshDatabases();
  one = await openDatabase<any>({ url: discipline, dataDir: '', migrationFolder, logger, migrate: false });
  two = await openDatabase<any>({ url: discipline, dataDir: '', migrationFolder, logger, migrate: false });
});
afterAll(async () => {
  await one?.close();
  await two?.close();
});

/** A request on a replica: its one-time id through the replica's store, its audit recorder. */
function request(database: Database<any>, store: DatabaseReplayCache, jti: string) {
  const requestId = randomUUID();
  return { requestId, audit: new AuditRecorder(database.db, identity, requestId, { claim: store.take(jti) }) };
}

const rowsOf = async (requestId: string) =>
  (
    await sql<{ recordType: string; recordId: string | null; recordIds: string[] | null }>`
    select record_type, record_id, record_ids from audit_log where request_id = ${requestId} order by seq`.execute(one.db)
  ).rows;

describe('one-time ids recorded with the audit records', () => {
  it('a query records its id and its read records in one statement; the replay on the other replica writes nothing', async () => {
    const storeOne = new DatabaseReplayCache(one.db, { deferred: true });
    const storeTwo = new DatabaseReplayCache(two.db, { deferred: true });
    const jti = randomUUID();
    expect(await storeOne.remember(jti, expires())).toBe(true);
    const first = request(one, storeOne, jti);
    first.audit.read('Person', 'p-1');
    first.audit.read('Clue', 'c-1');
    first.audit.read('Clue', 'c-2');
    const before = one.statements.count;
    expect(await first.audit.flush()).toBe(true);
    expect(one.statements.count - before).toBe(1);
    expect(await rowsOf(first.requestId)).toEqual([
      { recordType: 'Person', recordId: 'p-1', recordIds: null },
      { recordType: 'Clue', recordId: null, recordIds: ['c-1', 'c-2'] },
    ]);

    // The same header at the other replica: its own memory has not seen it, the database has.
    expect(await storeTwo.remember(jti, expires())).toBe(true);
    const replay = request(two, storeTwo, jti);
    replay.audit.read('Person', 'p-1');
    expect(await replay.audit.flush()).toBe(false);
    expect(await rowsOf(replay.requestId)).toEqual([]);
    // … and at the first replica again, refused at once by its memory.
    expect(await storeOne.remember(jti, expires())).toBe(false);
    expect((await verifyAuditChain(one.db)).broken).toBeNull();
  });

  it('a mutation records its id before it runs, and a replay of it is refused there', async () => {
    const storeOne = new DatabaseReplayCache(one.db, { deferred: true });
    const storeTwo = new DatabaseReplayCache(two.db, { deferred: true });
    const jti = randomUUID();
    await storeOne.remember(jti, expires());
    const first = request(one, storeOne, jti);
    expect(await first.audit.recordClaim()).toBe(true);
    // Its reads after that are written on their own (the id is recorded once).
    first.audit.read('Person', 'p-9');
    const before = one.statements.count;
    expect(await first.audit.flush()).toBe(true);
    expect(one.statements.count - before).toBe(1);
    expect(await rowsOf(first.requestId)).toEqual([{ recordType: 'Person', recordId: 'p-9', recordIds: null }]);

    await storeTwo.remember(jti, expires());
    const replay = request(two, storeTwo, jti);
    expect(await replay.audit.recordClaim()).toBe(false);
    replay.audit.read('Person', 'p-9');
    expect(await replay.audit.flush()).toBe(false);
    expect(await rowsOf(replay.requestId)).toEqual([]);
  });

  it('a request without reads records its id alone; an id is taken once', async () => {
    const store = new DatabaseReplayCache(one.db, { deferred: true });
    const jti = randomUUID();
    await store.remember(jti, expires());
    const claim = store.take(jti);
    expect(claim).toBeDefined();
    expect(store.take(jti)).toBeUndefined();
    expect(await claim!.record()).toBe(true);
    const exists = await sql`select 1 from claims_replay where jti = ${jti}`.execute(one.db);
    expect(exists.rows).toHaveLength(1);
    // Two of the same id at once, on the two replicas: exactly one is accepted.
    for (let round = 0; round < 10; round++) {
      const id = randomUUID();
      const a = new DatabaseReplayCache(one.db, { deferred: true });
      const b = new DatabaseReplayCache(two.db, { deferred: true });
      await a.remember(id, expires());
      await b.remember(id, expires());
      const [x, y] = [request(one, a, id), request(two, b, id)];
      x.audit.read('Clue', `c-${round}`);
      y.audit.read('Clue', `c-${round}`);
      const answers = await Promise.all([x.audit.flush(), y.audit.flush()]);
      expect(answers.filter(Boolean)).toHaveLength(1);
      expect((await rowsOf(x.requestId)).length + (await rowsOf(y.requestId)).length).toBe(1);
    }
    expect((await verifyAuditChain(one.db)).broken).toBeNull();
  });
});
