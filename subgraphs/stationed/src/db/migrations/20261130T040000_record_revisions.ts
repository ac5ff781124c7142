import { createRecordRevisionsV1, dropRecordRevisionsV1 } from '@hub/core';
import type { Kysely } from 'kysely';

/** 更正 — record revisions and void marks on every record a user creates in this body. */
const VOIDABLE = [
  'stationed_group',
  'supervision_activity',
  'supervision_issue',
  'escalation',
  'integrity_file_entry',
  'rectification_supervision_note',
  'staff_assignment',
];

export async function up(db: Kysely<any>): Promise<void> {
  await createRecordRevisionsV1(db, VOIDABLE);
}

export async function down(db: Kysely<any>): Promise<void> {
  await dropRecordRevisionsV1(db, VOIDABLE);
}
