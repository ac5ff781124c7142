import { createRecordRevisionsV1, dropRecordRevisionsV1 } from '@hub/core';
import type { Kysely } from 'kysely';

/** 更正 — record revisions and void marks on every record a user creates in this body. */
const VOIDABLE = [
  'inspection_round',
  'inspection_team',
  'inspection',
  'briefing',
  'finding',
  'consultation',
  'clue_transfer',
  'feedback_meeting',
  'rectification_plan',
  'rectification_item',
  'rectification_progress',
  'follow_up',
];

export async function up(db: Kysely<any>): Promise<void> {
  await createRecordRevisionsV1(db, VOIDABLE);
  // 调整巡察组成员: a member leaves the team; the membership stays as history.
  await db.schema.alterTable('inspection_team_member').addColumn('removed_on', 'date').addColumn('removal_reason', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('inspection_team_member').dropColumn('removed_on').dropColumn('removal_reason').execute();
  await dropRecordRevisionsV1(db, VOIDABLE);
}
