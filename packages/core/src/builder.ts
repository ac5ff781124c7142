import SchemaBuilder from '@pothos/core';
import DirectivesPlugin from '@pothos/plugin-directives';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import FederationPlugin from '@pothos/plugin-federation';
import RelayPlugin, { resolveCursorConnection, type ResolveCursorConnectionArgs } from '@pothos/plugin-relay';
import { GraphQLError } from 'graphql';
import type { Kysely, Selectable, Transaction } from 'kysely';
import { type AuditDatabase, type AuditRecorder, countAuditLog, listAuditLog } from './audit.ts';
import type { Role, Viewer } from './auth.ts';
import type { Logger } from './logger.ts';
import { forbiddenError, REFUSABLE_NULLABLE_PLUGIN } from './policy.ts';
import { hubScalars, type HubScalars } from './scalars.ts';

/** What every subgraph's request context carries. */
export interface SubgraphContext {
  requestId: string;
  log: Logger;
  /** The verified caller, as the gateway signed it. */
  viewer: Viewer;
  /** The caller's stated purpose of access, for the audit log. */
  purpose: string | null;
  audit: AuditRecorder;
}

/**
 * Authorization scopes available on every field and type (DESIGN §6). A scope map grants access
 * when any of its entries holds.
 */
export interface HubAuthScopes {
  /** The viewer has this role, or one of these roles. */
  role: Role | Role[];
  /** The viewer is a member of this stationed group. */
  stationedGroup: string;
  /** The viewer is a member of this inspection team, or of one of these teams. */
  inspectionTeam: string | string[];
  /** The viewer works in this commission department. */
  department: string;
  /** The viewer is a member of this collaboration zone. */
  zone: string;
}

/** Federation spec every subgraph links. */
export const FEDERATION_LINK = 'https://specs.apollo.dev/federation/v2.11';

export interface HubSchemaTypes<Ctx extends SubgraphContext> {
  Context: Ctx;
  AuthScopes: HubAuthScopes;
  Scalars: HubScalars;
  DefaultFieldNullability: false;
  DefaultInputFieldRequiredness: true;
  Connection: { totalCount: () => Promise<number> };
}

/**
 * The Pothos builder every subgraph starts from: federation, cursor connections with a lazy
 * `totalCount`, the hub's scalars, non-null fields by default. It defines no domain types.
 */
export function createSubgraphBuilder<Ctx extends SubgraphContext>() {
  const builder = new SchemaBuilder<HubSchemaTypes<Ctx>>({
    // Auth first, so no other plugin's wrapper runs before the check; federation last.
    // The nullable pass sees every field last, after relay has added its connection fields.
    plugins: [ScopeAuthPlugin, RelayPlugin, DirectivesPlugin, FederationPlugin, REFUSABLE_NULLABLE_PLUGIN],
    scopeAuth: {
      authScopes: (ctx) => ({
        role: (wanted) => (Array.isArray(wanted) ? wanted : [wanted]).some((role) => ctx.viewer.roles.includes(role)),
        stationedGroup: (id) => ctx.viewer.scopes.stationedGroupIds.includes(id),
        inspectionTeam: (ids) => (Array.isArray(ids) ? ids : [ids]).some((id) => ctx.viewer.scopes.inspectionTeamIds.includes(id)),
        department: (id) => ctx.viewer.scopes.departmentIds.includes(id),
        zone: (id) => ctx.viewer.scopes.zoneIds.includes(id),
      }),
      unauthorizedError: (_parent, _ctx, info, result) => forbiddenError(info, result.message),
    },
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

export type HubBuilder = ReturnType<typeof createSubgraphBuilder<any>>;

/**
 * The subgraph schema. `federationDirectives` lists the directives the `@link` imports, when the
 * builder cannot tell them all (an owned entity's `@external` field for a `@requires`).
 */
export function toSubgraphSchema(builder: HubBuilder, options: { federationDirectives?: string[] } = {}) {
  return builder.toSubGraphSchema({ linkUrl: FEDERATION_LINK, ...options });
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

// ─── Mutation results ───────────────────────────────────────────────────────────────────────────

export const USER_ERROR_CODES = ['INVALID', 'NOT_FOUND', 'ALREADY_EXISTS', 'INVALID_TRANSITION', 'LIMIT_EXCEEDED', 'CONFLICT'] as const;
export type UserErrorCode = (typeof USER_ERROR_CODES)[number];

/** A refusal of a mutation's input, naming the input field it concerns. */
export interface UserError {
  code: UserErrorCode;
  /** Path of the input field, e.g. ['input', 'code']. */
  field: string[];
  message: string;
}

export class UserInputRefusal extends Error {
  readonly errors: UserError[];
  constructor(errors: UserError[]) {
    super(errors.map((e) => `${e.field.join('.')}: ${e.message}`).join('; '));
    this.errors = errors;
  }
}

/** Refuses a mutation with one field-level error; the transaction around it rolls back. */
export function refuse(code: UserErrorCode, field: string[], message: string): never {
  throw new UserInputRefusal([{ code, field, message }]);
}

const USER_ERROR_DESCRIPTIONS: Record<UserErrorCode, string> = {
  INVALID: '输入无效 — The input is not acceptable.',
  NOT_FOUND: '对象不存在 — A referenced record does not exist.',
  ALREADY_EXISTS: '已存在 — The record exists already.',
  INVALID_TRANSITION: '状态不允许此操作 — The record\'s state does not allow this step.',
  LIMIT_EXCEEDED: '超出规定期限或次数 — A legal limit (period, count) would be exceeded.',
  CONFLICT: '与现有记录冲突 — Conflicts with other records.',
};

/**
 * Registers the shared `UserError` type (identical in every subgraph, so shareable) and returns it
 * for mutation payloads: `{ <object>, errors: [UserError!]! }`.
 */
export function addUserErrorType(builder: HubBuilder) {
  const code = builder.enumType('UserErrorCode', {
    description: '输入错误类别 — Kind of refusal of a mutation input.',
    values: Object.fromEntries(USER_ERROR_CODES.map((c) => [c, { description: USER_ERROR_DESCRIPTIONS[c] }])) as Record<UserErrorCode, { description: string }>,
  });
  return builder.objectRef<UserError>('UserError').implement({
    shareable: true,
    description: '字段级输入错误 — A field-level refusal of a mutation input.',
    fields: (t) => ({
      code: t.field({ type: code, description: '错误类别 — Kind of refusal.', resolve: (e) => e.code }),
      field: t.exposeStringList('field', { description: '相关输入字段路径 — Path of the input field concerned.' }),
      message: t.exposeString('message', { description: '说明 — Explanation for the user.' }),
    }),
  });
}

/**
 * Runs a mutation in one transaction. A `refuse(...)` inside rolls everything back and becomes the
 * payload's `errors`; anything else is an internal error.
 */
export async function inTransaction<DB, T>(
  db: Kysely<DB>,
  work: (tx: Transaction<DB>) => Promise<T>,
): Promise<{ result: T; errors: UserError[] } | { result: null; errors: UserError[] }> {
  try {
    return { result: await db.transaction().execute(work), errors: [] };
  } catch (error) {
    if (error instanceof UserInputRefusal) return { result: null, errors: error.errors };
    throw error;
  }
}

// ─── Audit log query ────────────────────────────────────────────────────────────────────────────

/**
 * `<fieldName>(filter, first, after)`: this subgraph's audit log, newest first, for `leader` only.
 * The entry type is the same in every subgraph.
 */
export function addAuditLogQuery(builder: HubBuilder, fieldName: string, subgraphDb: (ctx: SubgraphContext) => Kysely<any>) {
  const db = (ctx: SubgraphContext) => subgraphDb(ctx) as Kysely<AuditDatabase>;
  const action = builder.enumType('AuditAction', {
    description: '审计动作 — What the audited request did.',
    values: {
      READ: { description: '读取敏感记录 — Read a sensitive record.' },
      CREATE: { description: '新建 — Created a record.' },
      UPDATE: { description: '变更 — Changed a record.' },
    } as const,
  });
  const entry = builder.objectRef<Selectable<AuditDatabase['auditLog']>>('AuditEntry').implement({
    shareable: true,
    description: '审计日志条目 — One append-only audit record.',
    fields: (t) => ({
      id: t.field({ type: 'ID', description: '编号 — Identifier within its subgraph.', resolve: (row) => String(row.id) }),
      at: t.field({ type: 'DateTime', description: '时间 — When.', resolve: (row) => row.at }),
      staffId: t.exposeString('staffId', { description: '操作人员编号 — Staff id of the caller.' }),
      roles: t.exposeStringList('roles', { description: '角色 — Roles of the caller.' }),
      operationName: t.exposeString('operationName', { nullable: true, description: '操作名 — GraphQL operation name.' }),
      operationType: t.exposeString('operationType', { description: '操作类型 — query or mutation.' }),
      action: t.field({ type: action, description: '动作 — Read, create or update.', resolve: (row) => row.action }),
      recordType: t.exposeString('recordType', { description: '记录类型 — Type of the record.' }),
      recordId: t.exposeString('recordId', { description: '记录编号 — Id of the record.' }),
      purpose: t.exposeString('purpose', { nullable: true, description: '访问事由 — Stated purpose of access.' }),
      requestId: t.exposeString('requestId', { description: '请求编号 — Request id, shared by all subgraphs of one request.' }),
    }),
  });
  const filter = builder.inputType(`${fieldName[0]!.toUpperCase()}${fieldName.slice(1)}Filter`, {
    description: '审计日志筛选 — Filter for the audit log; all given conditions must hold.',
    fields: (t) => ({
      staffId: t.string({ required: false, description: '操作人员编号 — Staff id.' }),
      recordType: t.string({ required: false, description: '记录类型 — Record type.' }),
      recordId: t.string({ required: false, description: '记录编号 — Record id.' }),
      action: t.field({ type: action, required: false, description: '动作 — Action.' }),
      from: t.field({ type: 'DateTime', required: false, description: '起（含） — From (inclusive).' }),
      to: t.field({ type: 'DateTime', required: false, description: '止（不含） — Until (exclusive).' }),
    }),
  });
  builder.queryField(fieldName, (t) =>
    t.connection({
      type: entry,
      authScopes: { role: 'leader' },
      description: '审计日志（仅委领导） — This subgraph\'s append-only audit log, newest first; commission leaders only.',
      args: { filter: t.arg({ type: filter, required: false, description: '筛选条件 — Filter.' }) },
      resolve: (_root, args, ctx) => {
        const f = args.filter ?? {};
        return paginate<Selectable<AuditDatabase['auditLog']>>(args, {
          key: (row) => String(row.id),
          fetch: (window) => listAuditLog(db(ctx), f, window),
          count: () => countAuditLog(db(ctx), f),
        });
      },
    },
    { description: '审计日志分页 — A page of audit records.' },
    { description: '审计日志条目边 — An audit record and its cursor.' }),
  );
}

// ─── Staff pool ─────────────────────────────────────────────────────────────────────────────────

export type StaffEngagementKind = 'INSPECTION_TEAM' | 'STATIONED_WORK' | 'INSPECTION_LOAN' | 'COLLABORATION_ZONE' | 'SPECIAL_INSPECTION';

/** One period a staff member worked somewhere, as the owning body records it. */
export interface StaffEngagement {
  staffId: string;
  kind: StaffEngagementKind;
  referenceId: string;
  inspectionTeamId: string | null;
  startOn: string | null;
  endOn: string | null;
}

/**
 * Registers the shared `StaffEngagement` type and its kind enum (identical in every subgraph that
 * reports where staff worked, so shareable) and returns the type for the subgraph's fields.
 */
export function addStaffEngagementType(builder: HubBuilder) {
  const kind = builder.enumType('StaffEngagementKind', {
    description: '任务类别 — Kind of a staff member\'s engagement.',
    values: {
      INSPECTION_TEAM: { description: '巡察组成员 — Member of an inspection team (inspection).' },
      STATIONED_WORK: { description: '参加派驻监督工作 — Assigned to a stationed group\'s work (stationed).' },
      INSPECTION_LOAN: { description: '抽调参加巡察组 — Lent to an inspection team (stationed).' },
      COLLABORATION_ZONE: { description: '办案协作区成员 — Member of a case collaboration zone (discipline).' },
      SPECIAL_INSPECTION: { description: '专项检查组成员 — Member of a special-inspection team (discipline).' },
    } as const,
  });
  return builder.objectRef<StaffEngagement>('StaffEngagement').implement({
    description: '人员任务期间 — One engagement of a staff member with its period, as the owning body records it.',
    shareable: true,
    fields: (t) => ({
      staffId: t.exposeID('staffId', { description: '工作人员编号 — Staff id.' }),
      kind: t.expose('kind', { type: kind, description: '类别 — Kind.' }),
      referenceId: t.exposeID('referenceId', { description: '任务编号（巡察组、调配、协作区、专项检查组） — Id of the team, deployment, zone or special-inspection team.' }),
      inspectionTeamId: t.exposeID('inspectionTeamId', { nullable: true, description: '巡察组编号（巡察任务） — The inspection team, for inspection engagements.' }),
      startOn: t.expose('startOn', { type: 'Date', nullable: true, description: '起始日期（空为未记录） — First day; null when not recorded (counted as always).' }),
      endOn: t.expose('endOn', { type: 'Date', nullable: true, description: '结束日期（不含；空为未定） — Day it ends (exclusive); null while open-ended.' }),
    }),
  });
}
