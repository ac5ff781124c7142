import { createClaimsReplayV1 } from '@hub/core';
import type { Kysely } from 'kysely';

/** The one-time ids of accepted gateway claims, shared by every replica of the body. */
export async function up(db: Kysely<any>): Promise<void> {
  await createClaimsReplayV1(db);
}
