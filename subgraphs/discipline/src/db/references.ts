import type { Kysely } from 'kysely';
import { isUuid } from '@hub/core';
import type { DisciplineDatabase } from './database.ts';

type Db = Kysely<DisciplineDatabase>;
type IdTable = 'person' | 'staff' | 'department' | 'collaborationZone';

/**
 * Which of `ids` exist in `table` (ids that are not uuids cannot), with `columns` besides the id:
 * one statement.
 */
export async function findExistingIds<Row extends { id: string } = { id: string }>(
  db: Db,
  table: IdTable,
  ids: readonly string[],
  columns: readonly string[] = [],
): Promise<Row[]> {
  const wanted = ids.filter(isUuid).map((id) => id.toLowerCase());
  if (wanted.length === 0) return [];
  return (db as Kysely<any>)
    .selectFrom(table)
    .select(['id', ...columns])
    .where('id', 'in', wanted)
    .execute() as Promise<Row[]>;
}
