import { randomUUID } from 'node:crypto';
import { type ColumnType, type Generated, type Kysely, sql } from 'kysely';
import type { HubBuilder } from './builder.ts';
import type { SubgraphContext } from './context.ts';
import { addUserErrorType, inTransaction } from './mutations.ts';
import { idOrRefuse } from './ids.ts';
import type { UserError } from './errors.ts';
import type { Logger } from './logger.ts';
import type { GraphClient } from './references.ts';

/**
 * 事实自动传递 — facts that travel by themselves. A write whose fact another body's record depends
 * on appends an event to the `outbox` table in the same transaction (so the event exists exactly when
 * the fact does). A dispatcher delivers pending events through the gateway, as this body's service
 * identity, to the receiving body's consumer mutation, retrying with backoff while the receiver (or
 * the gateway) is down. The receiver records each event id in its `inbox` table in the transaction
 * that applies it, so a repeated delivery is acknowledged and applied once.
 */

export interface OutboxTable {
  id: Generated<number>;
  eventId: string;
  topic: string;
  payload: ColumnType<Record<string, unknown>, string, never>;
  createdAt: ColumnType<Date, never, never>;
  attempts: ColumnType<number, never, number>;
  nextAttemptAt: ColumnType<Date, never, Date>;
  deliveredAt: ColumnType<Date | null, never, Date>;
  lastError: ColumnType<string | null, never, string | null>;
}

export interface InboxTable {
  eventId: string;
  source: string;
  topic: string;
  receivedAt: ColumnType<Date, never, never>;
}

export interface OutboxDatabase {
  outbox: OutboxTable;
}
export interface InboxDatabase {
  inbox: InboxTable;
}

/** Creates the outbox table (writer side). Migrations call this one version. */
export async function createOutboxV1(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('outbox')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('event_id', 'uuid', (c) => c.notNull().unique())
    .addColumn('topic', 'text', (c) => c.notNull())
    .addColumn('payload', 'jsonb', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('delivered_at', 'timestamptz')
    .addColumn('last_error', 'text')
    .execute();
  await sql`create index outbox_pending_idx on outbox (next_attempt_at, id) where delivered_at is null`.execute(db);
}

/** Creates the inbox table (receiver side): one row per applied event. */
export async function createInboxV1(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('inbox')
    .addColumn('event_id', 'uuid', (c) => c.primaryKey())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('topic', 'text', (c) => c.notNull())
    .addColumn('received_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
}

/** Appends an event in the writer's transaction. */
export async function enqueueEvent(tx: Kysely<any>, topic: string, payload: Record<string, unknown>): Promise<string> {
  const eventId = randomUUID();
  await (tx as Kysely<OutboxDatabase>)
    .insertInto('outbox')
    .values({ eventId, topic, payload: JSON.stringify(payload) })
    .execute();
  return eventId;
}

/**
 * Records an event as applied, in the consumer's transaction. Returns false when the event was
 * applied before (a repeated delivery): the caller then acknowledges without applying again.
 */
export async function claimEvent(tx: Kysely<any>, event: { eventId: string; source: string; topic: string }): Promise<boolean> {
  const inserted = await (tx as Kysely<InboxDatabase>)
    .insertInto('inbox')
    .values(event)
    .onConflict((oc) => oc.column('eventId').doNothing())
    .returning('eventId')
    .executeTakeFirst();
  return inserted !== undefined;
}

/** How one topic is delivered: the consumer mutation and its variables. */
/**
 * A consumer mutation's body: applies one delivered event once. The event id (`input.eventId`) is
 * claimed in the inbox and `apply` runs in the same transaction, so a repeated delivery is
 * acknowledged without being applied again, and a refusal in `apply` leaves the event unclaimed.
 */
export async function applyEventOnce(
  db: Kysely<any>,
  event: { eventId: string; source: string; topic: string },
  apply: (tx: Kysely<any>) => Promise<void>,
): Promise<{ applied: boolean; errors: UserError[] }> {
  const outcome = await inTransaction(db, async (tx) => {
    const eventId = idOrRefuse(event.eventId, ['input', 'eventId'], '事件');
    if (!(await claimEvent(tx, { eventId, source: event.source, topic: event.topic }))) return false;
    await apply(tx);
    return true;
  });
  return { applied: outcome.result ?? false, errors: outcome.errors };
}

export interface TopicDelivery {
  /** A mutation taking `$input` and returning `{ applied errors { code field message } }` in field `field`. */
  mutation: string;
  field: string;
  input: (eventId: string, payload: Record<string, unknown>) => Record<string, unknown>;
}

export interface DispatcherOptions {
  source: string;
  topics: Record<string, TopicDelivery>;
  intervalMs?: number;
  /** Longest wait between attempts of one event. */
  maxBackoffMs?: number;
}

/** Deliveries at or above this many failed attempts count as stuck. */
export const STUCK_AFTER_ATTEMPTS = 5;

/** Starts delivering pending events; `stop()` waits for the round in progress. */
export function startOutboxDispatcher(
  db: Kysely<any>,
  graph: GraphClient,
  logger: Logger,
  options: DispatcherOptions,
): { stop(): Promise<void>; deliverNow(): Promise<void> } {
  const outbox = db as Kysely<OutboxDatabase>;
  const intervalMs = options.intervalMs ?? 1_000;
  const maxBackoffMs = options.maxBackoffMs ?? 30_000;
  let stopped = false;
  let running: Promise<void> = Promise.resolve();

  async function deliverOne(row: { id: number; eventId: string; topic: string; payload: Record<string, unknown>; attempts: number }): Promise<void> {
    const delivery = options.topics[row.topic];
    let failure: string | null = null;
    if (!delivery) {
      failure = 'UNKNOWN_TOPIC';
    } else {
      try {
        const response = await graph.request<Record<string, { applied: boolean; errors: { code: string }[] } | null>>(
          delivery.mutation,
          { input: delivery.input(row.eventId, row.payload) },
          { purpose: `事件投递 ${row.topic} — outbox delivery` },
        );
        const result = response.data?.[delivery.field];
        if (response.errors?.length || !result) failure = String(response.errors?.[0]?.extensions?.code ?? 'NO_RESULT');
        else if (result.errors.length > 0) failure = result.errors.map((e) => e.code).join(',');
      } catch (error) {
        failure = (error as Error).name === 'UpstreamUnavailable' ? 'UPSTREAM_UNAVAILABLE' : 'DELIVERY_FAILED';
      }
    }
    if (failure === null) {
      await outbox.updateTable('outbox').set({ deliveredAt: new Date(), lastError: null }).where('id', '=', row.id).execute();
      return;
    }
    const attempts = row.attempts + 1;
    const backoff = Math.min(maxBackoffMs, intervalMs * 2 ** Math.min(attempts - 1, 10));
    await outbox
      .updateTable('outbox')
      .set({ attempts, nextAttemptAt: new Date(Date.now() + backoff), lastError: failure })
      .where('id', '=', row.id)
      .execute();
    logger.warn({ topic: row.topic, attempts, reason: failure }, 'outbox delivery failed; will retry');
  }

  async function round(): Promise<void> {
    const due = await outbox
      .selectFrom('outbox')
      .select(['id', 'eventId', 'topic', 'payload', 'attempts'])
      .where('deliveredAt', 'is', null)
      .where('nextAttemptAt', '<=', sql<Date>`now()`)
      .orderBy('id')
      .limit(20)
      .execute();
    // In order, one at a time: a receiver sees a body's events in the order they happened.
    for (const row of due) {
      if (stopped) return;
      await deliverOne(row);
    }
  }

  const tick = () => {
    running = running.then(round).catch((error: unknown) => {
      logger.warn({ code: (error as { code?: string }).code }, 'outbox round failed');
    });
    return running;
  };
  const timer = setInterval(() => {
    if (!stopped) void tick();
  }, intervalMs);
  timer.unref();
  return {
    deliverNow: tick,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}

export interface OutboxStatus {
  pending: number;
  stuck: number;
  delivered: number;
  oldestPendingSeconds: number | null;
  lastError: string | null;
}

/** Numbers for a leader's query and for a future /metrics endpoint. */
export async function outboxStatus(db: Kysely<any>): Promise<OutboxStatus> {
  const row = await (db as Kysely<OutboxDatabase>)
    .selectFrom('outbox')
    .select([
      sql<string>`count(*) filter (where delivered_at is null)`.as('pending'),
      sql<string>`count(*) filter (where delivered_at is null and attempts >= ${STUCK_AFTER_ATTEMPTS})`.as('stuck'),
      sql<string>`count(*) filter (where delivered_at is not null)`.as('delivered'),
      sql<string | null>`extract(epoch from now() - min(created_at) filter (where delivered_at is null))`.as('oldest'),
      sql<string | null>`(array_agg(last_error order by id desc) filter (where delivered_at is null and last_error is not null))[1]`.as('lastError'),
    ])
    .executeTakeFirstOrThrow();
  return {
    pending: Number(row.pending),
    stuck: Number(row.stuck),
    delivered: Number(row.delivered),
    oldestPendingSeconds: row.oldest == null ? null : Math.floor(Number(row.oldest)),
    lastError: row.lastError,
  };
}

/** `<fieldName>`: this body's outbox delivery state, for leaders (lag and stuck deliveries). */
export function addOutboxStatusQuery(
  builder: HubBuilder,
  fieldName: string,
  subgraphDb: (ctx: SubgraphContext) => Kysely<any>,
  scopes: { role: 'leader' } = { role: 'leader' },
) {
  const status = builder.objectRef<OutboxStatus>('OutboxStatus').implement({
    shareable: true,
    description: "事件投递状态 — Delivery state of a body's outbox: facts waiting to reach another body.",
    fields: (t) => ({
      pending: t.exposeInt('pending', { description: '待投递事件数 — Events not yet delivered.' }),
      stuck: t.exposeInt('stuck', {
        description: `投递受阻事件数（失败 ${STUCK_AFTER_ATTEMPTS} 次以上） — Undelivered events that failed at least ${STUCK_AFTER_ATTEMPTS} times.`,
      }),
      delivered: t.exposeInt('delivered', { description: '已投递事件数 — Events delivered.' }),
      oldestPendingSeconds: t.exposeInt('oldestPendingSeconds', {
        nullable: true,
        description: '最早待投递事件的滞后秒数 — Lag: age in seconds of the oldest undelivered event; null when none.',
      }),
      lastError: t.exposeString('lastError', {
        nullable: true,
        description: '最近一次投递失败原因代码 — Code of the latest delivery failure of a pending event.',
      }),
    }),
  });
  builder.queryField(fieldName, (t) =>
    t.field({
      type: status,
      authScopes: scopes,
      description: "事件投递状态（仅委领导） — This body's outbox: pending, stuck and delivered events and the lag; commission leaders only.",
      resolve: (_root, _args, ctx) => outboxStatus(subgraphDb(ctx)),
    }),
  );
}

/** `EventDeliveryPayload { applied, errors }`: the answer of a consumer mutation (shareable). */
export function addEventDeliveryPayload(builder: HubBuilder) {
  const userError = addUserErrorType(builder);
  return builder.objectRef<{ applied: boolean; errors: { code: string; field: string[]; message: string }[] }>('EventDeliveryPayload').implement({
    shareable: true,
    description: '事件接收结果 — Whether a delivered event was applied now (false: applied before), or why it was refused.',
    fields: (t) => ({
      applied: t.exposeBoolean('applied', { description: '本次已应用（重复投递为否） — Applied by this delivery (false for a repeated delivery).' }),
      errors: t.field({ type: [userError], description: '字段级错误 — Field-level refusals.', resolve: (p) => p.errors as never }),
    }),
  });
}
