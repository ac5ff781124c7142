import { addAuditRecordListsV6 } from '@hub/core';
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await addAuditRecordListsV6(db);
}
