import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../src/database.ts';
import { createLogger } from '../src/logger.ts';
import { emptyPgliteDatabase } from '../../../test/support/pglite.ts';
import { claimEvent, enqueueEvent, type InboxDatabase, type OutboxDatabase, outboxStatus, startOutboxDispatcher, STUCK_AFTER_ATTEMPTS } from '../src/outbox.ts';
import { type GraphClient, UpstreamUnavailable } from '../src/references.ts';

/** The outbox on its own: in order, retried with backoff, stuck after 5 failures, applied once. */
let dir: string;
let database: Database<OutboxDatabase & InboxDatabase>;
const logger = createLogger({ name: 'test', level: 'silent' });

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'hub-outbox-'));
  const migrations = path.join(dir, 'migrations');
  await mkdir(migrations);
  await writeFile(
    path.join(migrations, '20260101T000000_outbox.ts'),
    `import { createInboxV1, createOutboxV1 } from '${path.resolve('packages/core/src/outbox.ts')}';
export async function up(db) { await createOutboxV1(db); await createInboxV1(db); }`,
  );
  // A new embedded database (a copy of one just after initdb: test/support/pglite.ts), then the migration.
  await emptyPgliteDatabase(path.join(dir, 'db'));
  database = await openDatabase({ dataDir: path.join(dir, 'db'), migrationFolder: migrations, logger });
});
afterAll(async () => {
  await database?.close();
  await rm(dir, { recursive: true, force: true });
});

const TOPICS = {
  noted: {
    field: 'applyNoted',
    mutation: 'mutation($input: NotedInput!) { applyNoted(input: $input) { applied errors { code field message } } }',
    input: (eventId: string, payload: Record<string, unknown>) => ({ eventId, ...payload }),
  },
};

/** A graph that answers deliveries as `answer` says and records what it was sent. */
function graph(answer: () => 'ok' | 'down' | 'refused') {
  const sent: { eventId: string; n: number }[] = [];
  const client: GraphClient = {
    async request<Data>(_query: string, variables: Record<string, unknown>) {
      const outcome = answer();
      if (outcome === 'down') throw new UpstreamUnavailable('gateway unreachable');
      sent.push(variables.input as { eventId: string; n: number });
      const errors = outcome === 'refused' ? [{ code: 'NOT_FOUND', field: ['input'], message: 'x' }] : [];
      return { data: { applyNoted: { applied: true, errors } } as Data };
    },
  };
  return { client, sent };
}

describe('outbox', () => {
  it('delivers pending events in the order they were written, each once', async () => {
    for (const n of [1, 2, 3]) await database.db.transaction().execute((tx) => enqueueEvent(tx, 'noted', { n }));
    const { client, sent } = graph(() => 'ok');
    const dispatcher = startOutboxDispatcher(database.db, client, logger, { source: 'test', topics: TOPICS, intervalMs: 60_000 });
    await dispatcher.deliverNow();
    await dispatcher.deliverNow();
    await dispatcher.stop();
    expect(sent.map((e) => e.n)).toEqual([1, 2, 3]);
    expect(await outboxStatus(database.db)).toMatchObject({ pending: 0, stuck: 0, delivered: 3, oldestPendingSeconds: null });
  });

  it('keeps an event while the receiver is down, backs off, counts it stuck after 5 failures and delivers it when the receiver is back', async () => {
    await database.db.transaction().execute((tx) => enqueueEvent(tx, 'noted', { n: 4 }));
    let down = true;
    const { client, sent } = graph(() => (down ? 'down' : 'ok'));
    // Backoff of 1 ms: every round tries again, as a long outage would after its waits.
    const dispatcher = startOutboxDispatcher(database.db, client, logger, { source: 'test', topics: TOPICS, intervalMs: 60_000, maxBackoffMs: 1 });
    for (let attempt = 1; attempt <= STUCK_AFTER_ATTEMPTS; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 5));
      await dispatcher.deliverNow();
      const status = await outboxStatus(database.db);
      expect(status).toMatchObject({ pending: 1, stuck: attempt >= STUCK_AFTER_ATTEMPTS ? 1 : 0, lastError: 'UPSTREAM_UNAVAILABLE' });
      expect(status.oldestPendingSeconds).toBeGreaterThanOrEqual(0);
    }
    down = false;
    await new Promise((resolve) => setTimeout(resolve, 5));
    await dispatcher.deliverNow();
    await dispatcher.stop();
    expect(sent.map((e) => e.n)).toEqual([4]);
    expect(await outboxStatus(database.db)).toMatchObject({ pending: 0, stuck: 0, delivered: 4, lastError: null });
  });

  it("a receiver's refusal is a failed attempt, not a delivery", async () => {
    await database.db.transaction().execute((tx) => enqueueEvent(tx, 'noted', { n: 5 }));
    const { client } = graph(() => 'refused');
    const dispatcher = startOutboxDispatcher(database.db, client, logger, { source: 'test', topics: TOPICS, intervalMs: 60_000 });
    await dispatcher.deliverNow();
    await dispatcher.stop();
    expect(await outboxStatus(database.db)).toMatchObject({ pending: 1, lastError: 'NOT_FOUND' });
  });

  it('the inbox applies an event id once', async () => {
    const event = { eventId: crypto.randomUUID(), source: 'test', topic: 'noted' };
    expect(await database.db.transaction().execute((tx) => claimEvent(tx, event))).toBe(true);
    expect(await database.db.transaction().execute((tx) => claimEvent(tx, event))).toBe(false);
  });
});
