import type { Kysely } from 'kysely';
import type { RectificationSupervisionNote, StationedDatabase } from './database.ts';

type Db = Kysely<StationedDatabase>;

/** Notes on the rectification items, oldest first. */
export async function findNotesByItems(db: Db, itemIds: readonly string[]): Promise<RectificationSupervisionNote[]> {
  if (itemIds.length === 0) return [];
  return db
    .selectFrom('rectificationSupervisionNote')
    .selectAll()
    .where('rectificationItemId', 'in', itemIds)
    .orderBy('notedOn')
    .orderBy('createdAt')
    .execute();
}

export async function findNotesByIds(db: Db, ids: readonly string[]): Promise<RectificationSupervisionNote[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('rectificationSupervisionNote').selectAll().where('id', 'in', ids).execute();
}

export async function insertNote(db: Db, note: Omit<RectificationSupervisionNote, 'createdAt'>): Promise<void> {
  await db.insertInto('rectificationSupervisionNote').values(note).execute();
}
