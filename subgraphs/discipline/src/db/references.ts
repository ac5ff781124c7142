import type { Kysely } from 'kysely';
import { isUuid } from '@hub/core';
import type { DisciplineDatabase } from './database.ts';

type Db = Kysely<DisciplineDatabase>;
type IdTable = 'person' | 'staff' | 'department' | 'collaborationZone';

/** Which of `ids` exist in `table` (ids that are not uuids cannot): one statement. */
export async function findExistingIds(db: Db, table: IdTable, ids: readonly string[]): Promise<{ id: string }[]> {
  const wanted = ids.filter(isUuid).map((id) => id.toLowerCase());
  if (wanted.length === 0) return [];
  return (db as Kysely<any>).selectFrom(table).select('id').where('id', 'in', wanted).execute() as Promise<{ id: string }[]>;
}

/** Staff members that exist, with whether the commission records each as one of its leaders (委领导). */
export async function findExistingStaff(db: Db, ids: readonly string[]): Promise<{ id: string; commissionLeader: boolean }[]> {
  const wanted = ids.filter(isUuid).map((id) => id.toLowerCase());
  if (wanted.length === 0) return [];
  return (db as Kysely<any>).selectFrom('staff').select(['id', 'commissionLeader']).where('id', 'in', wanted).execute() as Promise<
    { id: string; commissionLeader: boolean }[]
  >;
}
