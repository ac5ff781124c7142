import { useAuditChainTriggersV4 } from '@hub/core';
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await useAuditChainTriggersV4(db);
}
