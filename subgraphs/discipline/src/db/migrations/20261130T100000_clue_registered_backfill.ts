import { type Kysely, sql } from 'kysely';

/**
 * 线索登记事实回填 — inspection learns that a transferred clue was registered from a `clueRegistered`
 * event. Clues registered before that event existed are announced once here, through the outbox (the
 * dispatcher delivers them; inspection applies each once, keyed by event id), so that no transfer
 * already registered is signalled as unregistered.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    insert into outbox (event_id, topic, payload)
    select gen_random_uuid(), 'clueRegistered',
           jsonb_build_object('clueTransferId', c.clue_transfer_id::text, 'registeredOn', to_char(c.received_on, 'YYYY-MM-DD'))
      from clue c
     where c.clue_transfer_id is not null and c.voided_at is null
     order by c.received_on, c.id`.execute(db);
}
