import { resolveCursorConnection, type ResolveCursorConnectionArgs } from '@pothos/plugin-relay';
import { type RawBuilder, type SelectQueryBuilder, sql } from 'kysely';
import { badUserInput } from './errors.ts';
import { isUuid } from './ids.ts';
import { hasControlCharacter } from './text.ts';

/** The kinds of value a page key is made of; each is checked before it can reach SQL. */
export type KeyPart = 'date' | 'uuid' | 'integer' | 'text';

const SQL_TYPE: Record<KeyPart, string> = { date: 'date', uuid: 'uuid', integer: 'bigint', text: 'text' };

function validPart(part: KeyPart, value: string): boolean {
  switch (part) {
    case 'uuid':
      return isUuid(value);
    case 'integer':
      return /^-?\d{1,15}$/.test(value);
    case 'text':
      return value.length > 0 && value.length <= 200 && !hasControlCharacter(value);
    case 'date': {
      if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
      const day = new Date(`${value}T00:00:00Z`);
      return !Number.isNaN(day.getTime()) && day.toISOString().slice(0, 10) === value;
    }
  }
}

/**
 * How one connection's page key is built: its parts, joined by "|". Only the first part may be
 * text (and so contain "|"); the others are split off from the right.
 */
export interface KeyCodec {
  readonly parts: readonly KeyPart[];
  /** The key's parts, or null when it is not a key of this shape. */
  decode(key: string): string[] | null;
}

export function keyCodec(...parts: KeyPart[]): KeyCodec {
  if (parts.slice(1).includes('text')) throw new Error('keyCodec: only the first part may be text');
  return {
    parts,
    decode(key) {
      const values: string[] = [];
      let rest = key;
      for (let i = parts.length - 1; i > 0; i--) {
        const cut = rest.lastIndexOf('|');
        if (cut < 0) return null;
        values.unshift(rest.slice(cut + 1));
        rest = rest.slice(0, cut);
      }
      values.unshift(rest);
      return values.every((value, i) => validPart(parts[i]!, value)) ? values : null;
    },
  };
}

/** Lists ordered by a date, then id ("date|id"). */
export const DATE_ID_KEY = keyCodec('date', 'uuid');
/** Lists ordered by a text (a name, a unit code), then id ("text|id"). */
export const TEXT_ID_KEY = keyCodec('text', 'uuid');
/** Lists ordered by an integer, then id ("n|id"). */
export const INTEGER_ID_KEY = keyCodec('integer', 'uuid');
/** Lists ordered by one text key (a unit code). */
export const TEXT_KEY = keyCodec('text');
/** Lists ordered by one integer key (an audit entry's number). */
export const INTEGER_KEY = keyCodec('integer');

/** Joins a row's key values into its page key, "value|id". */
export const pageKey = (...values: (string | number)[]) => values.join('|');

/** A page window handed to a repository function: keys are decoded and checked against the codec. */
export interface PageWindow {
  after?: string | undefined;
  before?: string | undefined;
  /** Rows to fetch (one more than the page, so the helper can tell whether another page exists). */
  limit: number;
  /** True when paging backwards: order descending. */
  inverted: boolean;
}

const encodeCursor = (key: string) => Buffer.from(`k:${key}`, 'utf8').toString('base64url');

/** A client's cursor back to its page key; anything this connection did not hand out is refused. */
function decodeCursor(cursor: string | null | undefined, arg: 'after' | 'before', keys: KeyCodec): string | undefined {
  if (cursor == null) return undefined;
  const decoded = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!decoded.startsWith('k:') || encodeCursor(decoded.slice(2)) !== cursor || keys.decode(decoded.slice(2)) === null) {
    throw badUserInput([arg], `参数 ${arg} 不是本列表给出的游标 — ${arg} is not a cursor returned by this connection`);
  }
  return decoded.slice(2);
}

export interface Page<Row> {
  edges: { cursor: string; node: Row }[];
  pageInfo: { startCursor: string | null; endCursor: string | null; hasNextPage: boolean; hasPreviousPage: boolean };
  totalCount: () => Promise<number>;
}

export interface ConnectionArgs {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
}

/**
 * Keyset pagination over a unique, ordered key of the shape `keys` describes. `fetch` honours the
 * window; `count` runs only when the client asks for `totalCount`. A cursor that does not decode to
 * such a key is `BAD_USER_INPUT` naming the argument and never reaches `fetch`.
 */
export async function paginate<Row>(
  args: ConnectionArgs,
  options: {
    keys: KeyCodec;
    key: (row: NoInfer<Row>) => string;
    fetch: (window: PageWindow) => Promise<Row[]>;
    count: () => Promise<number>;
  },
): Promise<Page<Row>> {
  for (const name of ['first', 'last'] as const) {
    const value = args[name];
    if (value != null && (value < 0 || value > 100)) {
      throw badUserInput([name], `参数 ${name} 须在 0 到 100 之间 — ${name} must be between 0 and 100`);
    }
  }
  const after = decodeCursor(args.after, 'after', options.keys);
  const before = decodeCursor(args.before, 'before', options.keys);
  const page = await resolveCursorConnection(
    { args: { ...args, after: after ?? null, before: before ?? null }, toCursor: (row: Row) => options.key(row), defaultSize: 20, maxSize: 100 },
    (window: ResolveCursorConnectionArgs) => options.fetch({ after: window.after, before: window.before, limit: window.limit, inverted: window.inverted }),
  );
  let total: Promise<number> | undefined;
  return {
    ...page,
    edges: page.edges.map((edge) => ({ node: edge.node as Row, cursor: encodeCursor(edge.cursor) })),
    pageInfo: {
      ...page.pageInfo,
      // An empty page has no cursors (the relay helper gives "", which no page key decodes from).
      startCursor: page.pageInfo.startCursor ? encodeCursor(page.pageInfo.startCursor) : null,
      endCursor: page.pageInfo.endCursor ? encodeCursor(page.pageInfo.endCursor) : null,
    },
    totalCount: () => (total ??= options.count()),
  };
}

/** The SQL condition "(columns) <op> (key parts, each cast to its type)". */
export function keysetCondition(columns: readonly string[], keys: KeyCodec, key: string, op: '<' | '>'): RawBuilder<boolean> {
  const values = keys.decode(key);
  // paginate() has checked the key already; this guards a repository called some other way.
  if (values === null || values.length !== columns.length) throw new Error('keysetCondition: not a key of this codec');
  const left = sql.join(columns.map((column) => sql.ref(column)));
  const right = sql.join(values.map((value, i) => sql`cast(${value} as ${sql.raw(SQL_TYPE[keys.parts[i]!])})`));
  return sql<boolean>`(${left}) ${sql.raw(op)} (${right})`;
}

/**
 * Keyset paging over `columns` (the last one unique, e.g. `['finding.recorded_on', 'finding.id']`):
 * the window's conditions, its order (reversed when paging backwards) and its limit.
 */
export function keysetPage<Q extends SelectQueryBuilder<any, any, any>>(
  query: Q,
  window: PageWindow,
  spec: { columns: readonly string[]; keys: KeyCodec; order: 'asc' | 'desc' },
): Q {
  const forward = spec.order === 'asc' ? '>' : '<';
  const backward = spec.order === 'asc' ? '<' : '>';
  let q = query as SelectQueryBuilder<any, any, any>;
  if (window.after !== undefined) q = q.where(keysetCondition(spec.columns, spec.keys, window.after, forward));
  if (window.before !== undefined) q = q.where(keysetCondition(spec.columns, spec.keys, window.before, backward));
  const direction = window.inverted ? (spec.order === 'asc' ? 'desc' : 'asc') : spec.order;
  for (const column of spec.columns) q = q.orderBy(sql.ref(column), direction);
  return q.limit(window.limit) as Q;
}
