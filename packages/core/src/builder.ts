import SchemaBuilder from '@pothos/core';
import DirectivesPlugin from '@pothos/plugin-directives';
import FederationPlugin from '@pothos/plugin-federation';
import RelayPlugin, { resolveCursorConnection, type ResolveCursorConnectionArgs } from '@pothos/plugin-relay';
import { GraphQLError } from 'graphql';
import { hubScalars, type HubScalars } from './scalars.ts';

/** Federation spec every subgraph links. */
export const FEDERATION_LINK = 'https://specs.apollo.dev/federation/v2.11';

export interface HubSchemaTypes<Ctx extends object> {
  Context: Ctx;
  Scalars: HubScalars;
  DefaultFieldNullability: false;
  DefaultInputFieldRequiredness: true;
  Connection: { totalCount: () => Promise<number> };
}

/**
 * The Pothos builder every subgraph starts from: federation, cursor connections with a lazy
 * `totalCount`, the hub's scalars, non-null fields by default. It defines no domain types.
 */
export function createSubgraphBuilder<Ctx extends object>() {
  const builder = new SchemaBuilder<HubSchemaTypes<Ctx>>({
    plugins: [RelayPlugin, DirectivesPlugin, FederationPlugin],
    defaultFieldNullability: false,
    defaultInputFieldRequiredness: true,
    relay: {
      clientMutationId: 'omit',
      cursorType: 'String',
      nodeQueryOptions: false,
      nodesQueryOptions: false,
      pageInfoTypeOptions: {
        shareable: true,
        description: '分页信息 — Cursor pagination state of a connection.',
      },
      hasNextPageFieldOptions: { description: '是否还有下一页 — Whether more items follow.' },
      hasPreviousPageFieldOptions: { description: '是否还有上一页 — Whether items precede.' },
      startCursorFieldOptions: { description: '首项游标 — Cursor of the first item.' },
      endCursorFieldOptions: { description: '末项游标 — Cursor of the last item.' },
      firstArgOptions: { description: '取前 N 项（最多 100） — Number of items after the cursor (at most 100).' },
      afterArgOptions: { description: '从此游标之后开始 — Start after this cursor.' },
      lastArgOptions: { description: '取后 N 项（最多 100） — Number of items before the cursor (at most 100).' },
      beforeArgOptions: { description: '到此游标之前为止 — End before this cursor.' },
      edgesFieldOptions: { description: '边 — Edges of this page.' },
      pageInfoFieldOptions: { description: '分页信息 — Pagination state.' },
      cursorFieldOptions: { description: '游标 — Opaque cursor of this edge.' },
      nodeFieldOptions: { description: '节点 — The item.' },
    },
  });
  for (const [name, scalar] of Object.entries(hubScalars)) {
    builder.addScalarType(name as keyof HubScalars, scalar);
  }
  builder.globalConnectionField('totalCount', (t) =>
    t.int({
      description: '符合条件的总数 — Number of items matching the filter, across all pages.',
      resolve: (connection) => connection.totalCount(),
    }),
  );
  return builder;
}

export function toSubgraphSchema(builder: ReturnType<typeof createSubgraphBuilder<any>>) {
  return builder.toSubGraphSchema({ linkUrl: FEDERATION_LINK });
}

/** A page window handed to a repository function: keys are already decoded. */
export interface PageWindow {
  after?: string | undefined;
  before?: string | undefined;
  /** Rows to fetch (one more than the page, so the helper can tell whether another page exists). */
  limit: number;
  /** True when paging backwards: order descending. */
  inverted: boolean;
}

const encodeCursor = (key: string) => Buffer.from(`k:${key}`, 'utf8').toString('base64url');

function decodeCursor(cursor: string | null | undefined, arg: string): string | undefined {
  if (cursor == null) return undefined;
  const decoded = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!decoded.startsWith('k:') || encodeCursor(decoded.slice(2)) !== cursor) {
    throw new GraphQLError(`${arg}: not a cursor returned by this connection`, {
      extensions: { code: 'BAD_USER_INPUT', argumentName: arg },
    });
  }
  return decoded.slice(2);
}

export interface Page<Row> {
  edges: { cursor: string; node: Row }[];
  pageInfo: { startCursor: string | null; endCursor: string | null; hasNextPage: boolean; hasPreviousPage: boolean };
  totalCount: () => Promise<number>;
}

/**
 * Keyset pagination over a unique, ordered key. `fetch` honours the window; `count` runs only when
 * the client asks for `totalCount`.
 */
export async function paginate<Row>(
  args: { first?: number | null; after?: string | null; last?: number | null; before?: string | null },
  options: {
    key: (row: NoInfer<Row>) => string;
    fetch: (window: PageWindow) => Promise<Row[]>;
    count: () => Promise<number>;
  },
): Promise<Page<Row>> {
  for (const name of ['first', 'last'] as const) {
    const value = args[name];
    if (value != null && (value < 0 || value > 100)) {
      throw new GraphQLError(`${name} must be between 0 and 100`, { extensions: { code: 'BAD_USER_INPUT', argumentName: name } });
    }
  }
  const after = decodeCursor(args.after, 'after');
  const before = decodeCursor(args.before, 'before');
  const page = await resolveCursorConnection(
    { args: { ...args, after: after ?? null, before: before ?? null }, toCursor: (row: Row) => options.key(row), defaultSize: 20, maxSize: 100 },
    (window: ResolveCursorConnectionArgs) =>
      options.fetch({ after: window.after, before: window.before, limit: window.limit, inverted: window.inverted }),
  );
  let total: Promise<number> | undefined;
  return {
    ...page,
    edges: page.edges.map((edge) => ({ node: edge.node as Row, cursor: encodeCursor(edge.cursor) })),
    pageInfo: {
      ...page.pageInfo,
      startCursor: page.pageInfo.startCursor == null ? null : encodeCursor(page.pageInfo.startCursor),
      endCursor: page.pageInfo.endCursor == null ? null : encodeCursor(page.pageInfo.endCursor),
    },
    totalCount: () => (total ??= options.count()),
  };
}
