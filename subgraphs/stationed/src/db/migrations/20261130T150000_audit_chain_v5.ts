import { useAuditChainTriggersV5 } from '@hub/core';
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await useAuditChainTriggersV5(db);
}
