import { createRecordRevisionsV1, dropRecordRevisionsV1 } from '@hub/core';
import type { Kysely } from 'kysely';

/** 更正 — record revisions and void marks on every record a user creates in this body. */
const VOIDABLE = [
  'petition',
  'clue',
  'discipline_case',
  'sanction',
  'loss_recovery',
  'accountability_decision',
  'bulletin',
  'special_inspection',
  'special_inspection_check',
];

export async function up(db: Kysely<any>): Promise<void> {
  await createRecordRevisionsV1(db, VOIDABLE);
}

export async function down(db: Kysely<any>): Promise<void> {
  await dropRecordRevisionsV1(db, VOIDABLE);
}
