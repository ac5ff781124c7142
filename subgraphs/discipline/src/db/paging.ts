import { sql } from 'kysely';
import type { PageWindow } from '@hub/core';

/**
 * Keyset paging on "(<date column>, id)" descending, the order every discipline list uses; the page
 * key is "date|id". `table` qualifies the columns (snake_case, as in SQL).
 */
export function pageByDate<Q extends { where: (...args: any[]) => any; orderBy: (...args: any[]) => any; limit: (n: number) => any }>(
  query: Q,
  table: string,
  dateColumn: string,
  window: PageWindow,
): Q {
  const row = sql`(${sql.ref(`${table}.${dateColumn}`)}, ${sql.ref(`${table}.id`)})`;
  const key = (cursor: string) => {
    const [date, id] = cursor.split('|');
    if (!date || !id || !/^\d{4}-\d{2}-\d{2}$/.test(date) || !/^[0-9a-f-]{36}$/.test(id)) throw new Error('malformed page key');
    return sql`(${date}::date, ${id}::uuid)`;
  };
  let q: any = query;
  if (window.after !== undefined) q = q.where(sql<boolean>`${row} < ${key(window.after)}`);
  if (window.before !== undefined) q = q.where(sql<boolean>`${row} > ${key(window.before)}`);
  const direction = window.inverted ? sql`asc` : sql`desc`;
  return q.orderBy(sql`${sql.ref(`${table}.${dateColumn}`)} ${direction}`).orderBy(sql`${sql.ref(`${table}.id`)} ${direction}`).limit(window.limit);
}

export const dateKey = (date: string, id: string) => `${date}|${id}`;
