import DataLoader from 'dataloader';
import { type AliasedExpression, type Kysely, type SelectQueryBuilder, sql } from 'kysely';
import { groupBy } from './collections.ts';
import { type ConnectionArgs, type KeyCodec, keysetCondition, type Page, type PageWindow, paginate } from './pagination.ts';

/**
 * 按上级分页 — connections under a parent (a unit's clues, a person's sanctions …), batched across
 * parents. A request that reads the same list of several parents (a unit and its sub-units in the
 * dossier) costs ONE statement per distinct page window, whatever the number of parents or rows:
 * the rows are ranked per parent (`row_number() over (partition by parent …)`) after the cursor's
 * condition and each parent keeps the first `limit`. Counts are one grouped statement per batch, or
 * none when the page had no cursor: its statement counted each parent's rows too.
 */

/** How a list's base query is paged: its parent column and its unique order, as the base query's output columns. */
export interface ParentPageSpec {
  /** Output column of the base query holding the parent's key (e.g. `unitCode`). */
  parent: string;
  /** Output columns of the unique order (the last one unique per parent, e.g. `['receivedOn', 'id']`). */
  columns: readonly string[];
  keys: KeyCodec;
  order: 'asc' | 'desc';
  /**
   * More output columns, computed for the page's rows only (after the window), in the same
   * statement: e.g. a correlated `jsonArrayFrom` of what each row brings along, where `ranked.<column>`
   * names the row's own columns. `findParentPages`'s `Also` types them.
   */
  also?: readonly AliasedExpression<unknown, string>[];
}

/** Each parent's row count, known from a page fetched without a cursor (see `findParentPages`). */
const PAGE_TOTALS = new WeakMap<object, Map<string, number>>();

/**
 * How many rows the base query of `rows` (a result of `findParentPages`) holds per parent, when that
 * page had no cursor: then the cursor took nothing away and the statement counted them too. A parent
 * without rows has none only if the page could hold some (limit above 0). Undefined otherwise.
 */
export function parentTotalsOf(rows: readonly unknown[]): Map<string, number> | undefined {
  return PAGE_TOTALS.get(rows);
}

/**
 * Runs `base` (rows of every parent asked for, each carrying its parent key in `spec.parent`) once,
 * keeping each parent's rows inside `window`: each parent's rows come in page order. A window without
 * a cursor (a first or last page) also counts each parent's rows in the same statement, which
 * `parentPages` answers `totalCount` from (`parentTotalsOf`).
 */
export async function findParentPages<Row, Also extends object = object>(
  db: Kysely<any>,
  base: SelectQueryBuilder<any, any, Row>,
  window: PageWindow,
  spec: ParentPageSpec,
): Promise<(Row & Also)[]> {
  const column = (name: string) => `base.${name}`;
  const forward = spec.order === 'asc' ? '>' : '<';
  const backward = spec.order === 'asc' ? '<' : '>';
  const direction = window.inverted ? (spec.order === 'asc' ? 'desc' : 'asc') : spec.order;
  const order = sql.join(spec.columns.map((name) => sql`${sql.ref(column(name))} ${sql.raw(direction)}`));
  const counted = window.after === undefined && window.before === undefined;
  let ranked = db
    .selectFrom(base.as('base'))
    .selectAll('base')
    .select(sql<number>`row_number() over (partition by ${sql.ref(column(spec.parent))} order by ${order})`.as('pagePosition'));
  if (counted) ranked = ranked.select(sql<number>`count(*) over (partition by ${sql.ref(column(spec.parent))})`.as('parentTotal'));
  const keyColumns = spec.columns.map(column);
  if (window.after !== undefined) ranked = ranked.where(keysetCondition(keyColumns, spec.keys, window.after, forward));
  if (window.before !== undefined) ranked = ranked.where(keysetCondition(keyColumns, spec.keys, window.before, backward));
  let page = db.selectFrom(ranked.as('ranked')).selectAll();
  if (spec.also && spec.also.length > 0) page = page.select(spec.also as AliasedExpression<unknown, string>[]);
  const rows = await page.where('pagePosition', '<=', window.limit).orderBy('pagePosition').execute();
  const totals = new Map<string, number>();
  const result = rows.map(({ pagePosition: _position, parentTotal, ...row }) => {
    if (counted) totals.set(String((row as Record<string, unknown>)[spec.parent]), Number(parentTotal));
    return row as Row & Also;
  });
  if (counted && window.limit > 0) PAGE_TOTALS.set(result, totals);
  return result;
}

/** How many rows `base` holds per parent, in one grouped statement. */
export async function countParentRows(db: Kysely<any>, base: SelectQueryBuilder<any, any, any>, parent: string): Promise<{ parent: string; count: number }[]> {
  const rows = await db
    .selectFrom(base.as('base'))
    .select((eb) => [eb.ref(`base.${parent}`).as('parent'), eb.fn.countAll<number>().as('count')])
    .groupBy(`base.${parent}`)
    .execute();
  return rows.map((row) => ({ parent: String(row.parent), count: Number(row.count) }));
}

/** One parent's page request: which parent, which window, and any argument the list takes besides the page (e.g. a `since` date). */
interface PageRequest {
  parent: string;
  window: PageWindow;
  variant: string;
}

const windowName = (window: PageWindow, variant: string) =>
  JSON.stringify([variant, window.after ?? null, window.before ?? null, window.limit, window.inverted]);

export interface ParentPagesOptions<Row> {
  /** Rows of every parent inside the window (see `findParentPages`); `variant` is the list's other arguments, "" when it has none. */
  fetch: (parents: readonly string[], window: PageWindow, variant: string) => Promise<Row[]>;
  /** Counts per parent (see `countParentRows`). */
  count: (parents: readonly string[], variant: string) => Promise<{ parent: string; count: number }[]>;
  /** The parent key a row was fetched for. */
  parentOf: (row: Row) => string;
  /** The page key's shape and a row's page key (the values of `ParentPageSpec.columns`). */
  keys: KeyCodec;
  key: (row: Row) => string;
  /** Parent keys that could never match (e.g. a malformed id) are not sent to SQL; they have no rows. */
  validParent?: (parent: string) => boolean;
}

/**
 * Per-request loaders of per-parent pages: keyed by parent + page window (+ variant); requests
 * asking for the same window share one statement. Create them in the request context.
 */
export function parentPages<Row>(options: ParentPagesOptions<Row>) {
  const valid = (parents: readonly string[]) => [...new Set(parents.filter((parent) => options.validParent?.(parent) ?? true))];
  /** Counts the page statements already made (first and last pages), by variant and parent. */
  const counted = new Map<string, number>();
  const pages = new DataLoader<PageRequest, Row[], string>(
    async (requests) => {
      const found = new Map<string, Row[]>();
      for (const [name, same] of groupBy(requests, (request) => windowName(request.window, request.variant))) {
        const { window, variant } = same[0]!;
        const parents = valid(same.map((request) => request.parent));
        const rows = parents.length === 0 ? [] : await options.fetch(parents, window, variant);
        const totals = parentTotalsOf(rows);
        if (totals) for (const parent of parents) counted.set(`${variant}|${parent}`, totals.get(parent) ?? 0);
        for (const [parent, list] of groupBy(rows, options.parentOf)) found.set(`${name}|${parent}`, list);
      }
      return requests.map((request) => found.get(`${windowName(request.window, request.variant)}|${request.parent}`) ?? []);
    },
    { cacheKeyFn: (request) => `${windowName(request.window, request.variant)}|${request.parent}` },
  );
  const counts = new DataLoader<{ parent: string; variant: string }, number, string>(
    async (requests) => {
      const found = new Map<string, number>();
      for (const [variant, same] of groupBy(requests, (request) => request.variant)) {
        const parents = valid(same.map((request) => request.parent));
        for (const row of parents.length === 0 ? [] : await options.count(parents, variant)) found.set(`${variant}|${row.parent}`, row.count);
      }
      return requests.map((request) => found.get(`${request.variant}|${request.parent}`) ?? 0);
    },
    { cacheKeyFn: (request) => `${request.variant}|${request.parent}` },
  );
  return {
    /** One parent's page of the connection (`first`/`after`, at most 100, default 20). */
    page(parent: string, args: ConnectionArgs, variant = ''): Promise<Page<Row>> {
      return paginate<Row>(args, {
        keys: options.keys,
        key: options.key,
        fetch: (window) => pages.load({ parent, window, variant }),
        // The page is fetched before its total is asked for: a first or last page counted it already.
        count: () => {
          const known = counted.get(`${variant}|${parent}`);
          return known === undefined ? counts.load({ parent, variant }) : Promise.resolve(known);
        },
      });
    },
  };
}

export type ParentPages<Row> = ReturnType<typeof parentPages<Row>>;
