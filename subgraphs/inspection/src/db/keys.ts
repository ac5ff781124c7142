import { GraphQLError } from 'graphql';
import { type Kysely, type SelectQueryBuilder, type Selectable, sql } from 'kysely';
import type { PageWindow } from '@hub/core';
import { isUuid } from '../deadlines.ts';
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

const CURSOR_VALUE: Record<'date' | 'text' | 'integer', RegExp> = {
  date: /^\d{4}-\d{2}-\d{2}$/,
  text: /^.{1,200}$/s,
  integer: /^-?\d{1,9}$/,
};

/**
 * Keyset paging over (`column`, `id`), `column` in SQL spelling. The page key is "value|id" — see
 * `pageKey`.
 */
export function keysetPage<Q extends SelectQueryBuilder<any, any, any>>(
  query: Q,
  window: PageWindow,
  spec: { column: string; idColumn: string; cast: 'date' | 'text' | 'integer'; order: 'asc' | 'desc' },
): Q {
  const compare = (cursor: string, op: '<' | '>', arg: string) => {
    const cut = cursor.lastIndexOf('|');
    const value = cursor.slice(0, cut);
    const id = cursor.slice(cut + 1);
    if (cut < 0 || !isUuid(id) || !CURSOR_VALUE[spec.cast].test(value)) {
      throw new GraphQLError(`${arg}: not a cursor returned by this connection`, { extensions: { code: 'BAD_USER_INPUT', argumentName: arg } });
    }
    return sql<boolean>`(${sql.raw(spec.column)}, ${sql.raw(spec.idColumn)}) ${sql.raw(op)} (cast(${value} as ${sql.raw(spec.cast)}), cast(${id} as uuid))`;
  };
  const forward = spec.order === 'asc' ? '>' : '<';
  const backward = spec.order === 'asc' ? '<' : '>';
  let q = query as SelectQueryBuilder<any, any, any>;
  if (window.after !== undefined) q = q.where(compare(window.after, forward, 'after'));
  if (window.before !== undefined) q = q.where(compare(window.before, backward, 'before'));
  const direction = window.inverted ? (spec.order === 'asc' ? 'desc' : 'asc') : spec.order;
  return q.orderBy(sql.raw(spec.column), direction).orderBy(sql.raw(spec.idColumn), direction).limit(window.limit) as Q;
}

export const pageKey = (value: string | number, id: string) => `${value}|${id}`;

export async function countOf(query: SelectQueryBuilder<any, any, any>): Promise<number> {
  const row = await query.select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();
  return Number((row as { count: number }).count);
}
