import DataLoader from 'dataloader';
import { groupBy } from './collections.ts';
import { isUuid } from './ids.ts';

/**
 * Per-request DataLoader factories: one statement per batch, results in key order. Create them in
 * the request context, never at module scope.
 */

/** One row (or null) per key, in key order. */
export function rowLoader<Row, Key = string>(fetch: (keys: readonly Key[]) => Promise<Row[]>, keyOf: (row: Row) => Key) {
  return new DataLoader<Key, Row | null>(async (keys) => {
    const byKey = new Map((await fetch(keys)).map((row) => [keyOf(row), row]));
    return keys.map((key) => byKey.get(key) ?? null);
  });
}

/** All rows per key, in key order; rows keep the order the query gave them. */
export function listLoader<Row, Key = string>(fetch: (keys: readonly Key[]) => Promise<Row[]>, keyOf: (row: Row) => Key) {
  return new DataLoader<Key, Row[]>(async (keys) => {
    const groups = groupBy(await fetch(keys), keyOf);
    return keys.map((key) => groups.get(key) ?? []);
  });
}

/**
 * For loaders keyed by id: keys that are not uuids are not sent to SQL (one would make PostgreSQL
 * fail the whole batch); they simply find nothing.
 */
export function uuidKeys<Row>(fetch: (ids: readonly string[]) => Promise<Row[]>) {
  return (keys: readonly string[]) => {
    const wanted = keys.filter(isUuid);
    return wanted.length === 0 ? Promise.resolve([] as Row[]) : fetch(wanted);
  };
}

/**
 * A list loader keyed "<key>|<dates>" (e.g. "unitCode|since" or "unitCode|since|asOf"): keys asking
 * with the same dates share one statement, `fetch(keys, dates)`. `keyOf` tells which key a row
 * belongs to; keys themselves hold no "|". Rows per composite key, in key order.
 */
export function dateKeyedLoader<Row>(fetch: (keys: readonly string[], dates: string) => Promise<Row[]>, keyOf: (row: Row) => string) {
  return new DataLoader<string, Row[]>(async (composite) => {
    const split = (key: string) => [key.slice(0, key.indexOf('|')), key.slice(key.indexOf('|') + 1)] as const;
    const found = new Map<string, Row[]>();
    for (const [dates, sameDates] of groupBy(composite, (key) => split(key)[1])) {
      const rows = groupBy(await fetch([...new Set(sameDates.map((key) => split(key)[0]))], dates), keyOf);
      for (const [key, list] of rows) found.set(`${key}|${dates}`, list);
    }
    return composite.map((key) => found.get(key) ?? []);
  });
}
