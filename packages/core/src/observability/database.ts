import type { Kysely } from 'kysely';
import type { Database } from '../database.ts';
import { outboxStatus } from '../outbox.ts';
import type { ServiceMetrics } from './metrics.ts';

/**
 * A subgraph's database in its metrics: every statement's duration and outcome; for PostgreSQL the
 * `pg` pool's connections (total, idle, waiting clients, configured maximum). PGlite runs in the
 * process on one connection and has no pool: its statements are measured, the pool gauges are absent.
 */
export function observeDatabase<DB>(metrics: ServiceMetrics, database: Database<DB>): void {
  database.onStatement = (durationMs, failed) => metrics.statements.observe({ outcome: failed ? 'error' : 'ok' }, durationMs / 1000);
  metrics.gauge('hub_db_info', 'The database engine the service runs on (1).', ['engine'], (set) => set({ engine: database.kind }, 1));
  const pool = database.pool;
  if (pool) {
    metrics.gauge(
      'hub_db_pool_connections',
      'PostgreSQL pool: connections open (total), idle, the configured maximum, and clients waiting for one.',
      ['state'],
      (set) => {
        const stats = pool();
        set({ state: 'total' }, stats.total);
        set({ state: 'idle' }, stats.idle);
        set({ state: 'waiting' }, stats.waiting);
        set({ state: 'max' }, stats.max);
      },
    );
  }
}

/**
 * A body's outbox in its metrics, read at scrape time: events waiting for delivery, those stuck
 * (five failed attempts or more), and the age of the oldest waiting event — the lag with which the
 * facts this body owns reach the others. Only for bodies that send events.
 */
export function observeOutbox(metrics: ServiceMetrics, db: Kysely<any>): void {
  let last: Promise<Awaited<ReturnType<typeof outboxStatus>>> | undefined;
  // One query per scrape, shared by the two gauges.
  const status = () => {
    last ??= outboxStatus(db).finally(() => {
      setImmediate(() => {
        last = undefined;
      });
    });
    return last;
  };
  metrics.gauge(
    'hub_outbox_events',
    'Outbox events not yet delivered (pending), and of those the stuck ones (five failed attempts or more).',
    ['state'],
    async (set) => {
      const s = await status();
      set({ state: 'pending' }, s.pending);
      set({ state: 'stuck' }, s.stuck);
    },
  );
  metrics.gauge(
    'hub_outbox_oldest_pending_seconds',
    'Age of the oldest undelivered outbox event in seconds (0 when none waits): the delivery lag.',
    [],
    async (set) => {
      const s = await status();
      set({}, s.oldestPendingSeconds ?? 0);
    },
  );
}
