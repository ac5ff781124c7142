import type { Kysely } from 'kysely';

/**
 * 线索登记日期 — the day discipline registered a transferred clue (受理登记), as its `clueRegistered`
 * event tells it. Existing registrations are backfilled by discipline: its migration of the same day
 * puts one event per already-registered transfer in its outbox, applied here once like any other.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('clue_transfer').addColumn('registered_on', 'date').execute();
}
