import { isUuid } from '@hub/core';
import type { Kysely, SelectQueryBuilder, Selectable } from 'kysely';
import type { InspectionDatabase } from './database.ts';

type Db = Kysely<InspectionDatabase>;
type Table = keyof InspectionDatabase & string;

/**
 * Rows of `table` whose `column` is one of `keys`, in one statement. Keys that are not uuids
 * (when the column is a uuid) cannot match and are dropped before the query.
 */
export async function rowsWhereIn<T extends Table>(
  db: Db,
  table: T,
  column: string,
  keys: readonly string[],
  options: { uuid?: boolean; orderBy?: string[] } = {},
): Promise<Selectable<InspectionDatabase[T]>[]> {
  const wanted = options.uuid === false ? [...keys] : keys.filter(isUuid);
  if (wanted.length === 0) return [];
  let query = (db as Kysely<any>).selectFrom(table).selectAll().where(column, 'in', wanted);
  for (const order of options.orderBy ?? []) query = query.orderBy(order);
  return (await query.execute()) as Selectable<InspectionDatabase[T]>[];
}

export async function countOf(query: SelectQueryBuilder<any, any, any>): Promise<number> {
  const row = await query.select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();
  return Number((row as { count: number }).count);
}
