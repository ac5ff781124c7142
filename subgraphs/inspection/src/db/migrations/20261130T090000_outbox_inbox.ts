import { createInboxV1, createOutboxV1 } from '@hub/core';
import type { Kysely } from 'kysely';

/** Inbox: events applied from other bodies (clue results); outbox: escalation handlings for stationed. */
export async function up(db: Kysely<any>): Promise<void> {
  await createInboxV1(db);
  await createOutboxV1(db);
}
