import type { Database } from '../database.ts';
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
