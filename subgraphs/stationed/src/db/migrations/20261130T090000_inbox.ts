import { createInboxV1 } from '@hub/core';
import type { Kysely } from 'kysely';

/** Events applied from other bodies (an escalation's handling by the inspection team). */
export async function up(db: Kysely<any>): Promise<void> {
  await createInboxV1(db);
}
