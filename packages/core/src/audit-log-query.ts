import type { Kysely, Selectable } from 'kysely';
import { type AuditDatabase, countAuditLog, listAuditLog } from './audit.ts';
import type { HubBuilder } from './builder.ts';
import type { SubgraphContext } from './context.ts';
import { INTEGER_KEY, paginate } from './pagination.ts';

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
      recordId: t.exposeString('recordId', {
        nullable: true,
        description: '记录编号（仅一条记录时；多条见 recordIds） — Id of the record when the entry names one; see recordIds for an entry that names several.',
      }),
      recordIds: t.stringList({
        description: '本条目涉及的全部记录编号（同一类型） — Every record of this type the entry names: its one record, or the several one request read.',
        resolve: (row) => row.recordIds ?? (row.recordId === null ? [] : [row.recordId]),
      }),
      purpose: t.exposeString('purpose', { nullable: true, description: '访问事由 — Stated purpose of access.' }),
      requestId: t.exposeString('requestId', { description: '请求编号 — Request id, shared by all subgraphs of one request.' }),
    }),
  });
  const filter = builder.inputType(`${fieldName[0]!.toUpperCase()}${fieldName.slice(1)}Filter`, {
    description: '审计日志筛选 — Filter for the audit log; all given conditions must hold.',
    fields: (t) => ({
      staffId: t.string({ required: false, description: '操作人员编号 — Staff id.' }),
      recordType: t.string({ required: false, description: '记录类型 — Record type.' }),
      recordId: t.string({ required: false, description: '记录编号：条目涉及此记录 — Record id: entries that name this record, alone or among several.' }),
      action: t.field({ type: action, required: false, description: '动作 — Action.' }),
      from: t.field({ type: 'DateTime', required: false, description: '起（含） — From (inclusive).' }),
      to: t.field({ type: 'DateTime', required: false, description: '止（不含） — Until (exclusive).' }),
    }),
  });
  builder.queryField(fieldName, (t) =>
    t.connection(
      {
        type: entry,
        authScopes: { role: 'leader' },
        description: "审计日志（仅委领导） — This subgraph's append-only audit log, newest first; commission leaders only.",
        args: { filter: t.arg({ type: filter, required: false, description: '筛选条件 — Filter.' }) },
        resolve: (_root, args, ctx) => {
          const f = args.filter ?? {};
          return paginate<Selectable<AuditDatabase['auditLog']>>(args, {
            keys: INTEGER_KEY,
            key: (row) => String(row.id),
            fetch: (window) => listAuditLog(db(ctx), f, window),
            count: () => countAuditLog(db(ctx), f),
          });
        },
      },
      { description: '审计日志分页 — A page of audit records.' },
      { description: '审计日志条目边 — An audit record and its cursor.' },
    ),
  );
}
