import { createOutboxV1 } from '@hub/core';
import type { Kysely } from 'kysely';

/** Facts other bodies depend on (a transferred clue's result) leave through the outbox. */
export async function up(db: Kysely<any>): Promise<void> {
  await createOutboxV1(db);
}
