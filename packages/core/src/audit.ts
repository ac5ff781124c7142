import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError } from 'graphql';
import { type ColumnType, type Generated, type Kysely, sql } from 'kysely';
import type { ForwardedIdentity } from './auth.ts';
import type { Logger } from './logger.ts';
import type { OneTimeClaim } from './replay-store.ts';

/**
 * 审计日志 — one append-only table in each subgraph's own database: reads of sensitive records and
 * every mutation. UPDATE, DELETE and TRUNCATE are refused by triggers in the database itself.
 */
export interface AuditLogTable {
  id: Generated<number>;
  at: ColumnType<Date, never, never>;
  staffId: string;
  roles: string[];
  operationName: string | null;
  operationType: string;
  action: AuditAction;
  recordType: string;
  /** The one record of the row; null when the row lists its records in `recordIds`. */
  recordId: string | null;
  /** The records of one type a request read, when there were several (chain v6); else null. */
  recordIds: ColumnType<string[] | null, string[] | null | undefined, never>;
  purpose: string | null;
  requestId: string;
  /** The caller's own X-Request-Id, kept beside the gateway's as client-supplied (not trusted). */
  clientRequestId: ColumnType<string | null, string | null | undefined, never>;
  /** Place in the hash chain; set by the database's trigger, never by the service. */
  seq: ColumnType<number, never, never>;
  prevHash: ColumnType<string, never, never>;
  hash: ColumnType<string, never, never>;
}

/** `audit_log_record` (a view, chain v6 on): one row per entry and record it names. */
export interface AuditLogRecordView {
  id: ColumnType<number, never, never>;
  seq: ColumnType<number, never, never>;
  at: ColumnType<Date, never, never>;
  staffId: ColumnType<string, never, never>;
  roles: ColumnType<string[], never, never>;
  operationName: ColumnType<string | null, never, never>;
  operationType: ColumnType<string, never, never>;
  action: ColumnType<AuditAction, never, never>;
  recordType: ColumnType<string, never, never>;
  recordId: ColumnType<string, never, never>;
  /** 1 for an entry's one record; 1, 2, … along an entry's list. */
  recordPosition: ColumnType<number, never, never>;
  purpose: ColumnType<string | null, never, never>;
  requestId: ColumnType<string, never, never>;
  clientRequestId: ColumnType<string | null, never, never>;
}

export interface AuditDatabase {
  auditLog: AuditLogTable;
  auditLogRecord: AuditLogRecordView;
}

export const AUDIT_ACTIONS = ['READ', 'CREATE', 'UPDATE'] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/**
 * Creates the audit table and the triggers that make it append-only. Migrations call this one
 * version; a later change to the table gets a new function and a new migration.
 */
export async function createAuditLogV1(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('audit_log')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('staff_id', 'text', (c) => c.notNull())
    .addColumn('roles', sql`text[]`, (c) => c.notNull())
    .addColumn('operation_name', 'text')
    .addColumn('operation_type', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull().check(sql`action in ('READ', 'CREATE', 'UPDATE')`))
    .addColumn('record_type', 'text', (c) => c.notNull())
    .addColumn('record_id', 'text', (c) => c.notNull())
    .addColumn('purpose', 'text')
    .addColumn('request_id', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('audit_log_record_idx').on('audit_log').columns(['record_type', 'record_id']).execute();
  await db.schema.createIndex('audit_log_staff_idx').on('audit_log').columns(['staff_id', 'id']).execute();
  await sql`
    create function audit_log_refuse_change() returns trigger language plpgsql as $$
    begin
      raise exception 'audit_log is append-only: % refused', tg_op using errcode = 'insufficient_privilege';
    end
    $$`.execute(db);
  await sql`create trigger audit_log_append_only before update or delete on audit_log for each row execute function audit_log_refuse_change()`.execute(db);
  await sql`create trigger audit_log_no_truncate before truncate on audit_log for each statement execute function audit_log_refuse_change()`.execute(db);
}

export interface AuditRecord {
  action: AuditAction;
  recordType: string;
  recordId: string;
}

/**
 * Collects one request's audit records. Reads are buffered and written in one statement before the
 * response leaves, one row per record type naming every record of that type the request read
 * (`record_id` for one, `record_ids` for several); mutations write inside their own transaction,
 * so the change and its record commit together.
 */
export class AuditRecorder {
  #reads = new Map<string, AuditRecord>();
  operationName: string | null = null;
  operationType = 'query';

  private readonly db: Kysely<AuditDatabase>;
  private readonly identity: ForwardedIdentity;
  private readonly requestId: string;
  private readonly requirePurpose: boolean;
  private readonly clientRequestId: string | null;
  private readonly claim: OneTimeClaim | undefined;

  /**
   * `claim`: the request's one-time id, checked in this process but not yet recorded in the
   * database (replay-store.ts). A mutation records it before it runs (`recordClaim`, from the
   * plugin below); a query records it with its read records in one statement (`flush`), so that no
   * answer leaves before its id is known to be new.
   */
  constructor(
    db: Kysely<AuditDatabase>,
    identity: ForwardedIdentity,
    requestId: string,
    options: { requirePurpose?: boolean; clientRequestId?: string | null; claim?: OneTimeClaim | undefined } = {},
  ) {
    this.db = db;
    this.identity = identity;
    this.requestId = requestId;
    this.requirePurpose = options.requirePurpose ?? false;
    this.clientRequestId = options.clientRequestId ?? null;
    this.claim = options.claim;
  }

  /** Records the request's one-time id now, if it has one: false when another request used it first. */
  recordClaim(): Promise<boolean> {
    return this.claim ? this.claim.record() : Promise.resolve(true);
  }

  /**
   * A read of a person-level field (see person-level.ts): refused without a stated purpose when the
   * service requires one, recorded otherwise.
   */
  personLevelRead(recordType: string, recordId: string, field: string): void {
    if (this.requirePurpose && !this.identity.purpose) throw purposeRequiredError(field);
    this.read(recordType, recordId);
  }

  /** Notes that the viewer read a sensitive record (once per record and request). */
  read(recordType: string, recordId: string): void {
    this.#reads.set(`${recordType}\u0000${recordId}`, { action: 'READ', recordType, recordId });
  }

  /** Writes a mutation's record in the mutation's transaction. */
  async write(tx: Kysely<any>, record: Omit<AuditRecord, 'action'> & { action: 'CREATE' | 'UPDATE' }): Promise<void> {
    await (tx as Kysely<AuditDatabase>).insertInto('auditLog').values(this.#row(record)).execute();
  }

  /**
   * Writes the buffered read records and, the first time, records the request's one-time id: in
   * one statement when both are due. False when the id was used before (a replay): then nothing is
   * written and the answer must not leave.
   */
  async flush(): Promise<boolean> {
    if (this.#reads.size === 0) return this.recordClaim();
    const byType = new Map<string, string[]>();
    for (const { recordType, recordId } of this.#reads.values()) {
      const ids = byType.get(recordType);
      if (ids) ids.push(recordId);
      else byType.set(recordType, [recordId]);
    }
    this.#reads.clear();
    const records = [...byType].map(([recordType, ids]) => (ids.length === 1 ? { recordType, recordId: ids[0]! } : { recordType, recordIds: ids }));
    const together = this.claim?.recordWith(this.#readsOnceClaimed(records));
    if (together) return together;
    if (!(await this.recordClaim())) return false;
    const rows = records.map((r) =>
      'recordIds' in r
        ? { ...this.#row({ action: 'READ', recordType: r.recordType, recordId: null }), recordIds: r.recordIds }
        : this.#row({ action: 'READ', recordType: r.recordType, recordId: r.recordId }),
    );
    await this.db.insertInto('auditLog').values(rows).execute();
    return true;
  }

  /**
   * The insert of these read records, for the statement that records the one-time id (the CTE
   * `claimed`): rows only when the id was new, in the order given (the chain's order).
   */
  #readsOnceClaimed(records: ({ recordType: string; recordId: string } | { recordType: string; recordIds: string[] })[]) {
    const row = this.#row({ action: 'READ', recordType: '', recordId: null });
    return sql`
      insert into audit_log (staff_id, roles, operation_name, operation_type, action, record_type, record_id, record_ids, purpose, request_id, client_request_id)
      select ${row.staffId}::text, ${row.roles}::text[], ${row.operationName}::text, ${row.operationType}::text, 'READ', r.value ->> 'recordType', r.value ->> 'recordId',
             case when r.value ? 'recordIds' then array(select jsonb_array_elements_text(r.value -> 'recordIds')) end,
             ${row.purpose}::text, ${row.requestId}::text, ${row.clientRequestId}::text
        from jsonb_array_elements(${JSON.stringify(records)}::jsonb) with ordinality as r(value, position)
       where exists (select 1 from claimed)
       order by r.position`;
  }

  #row(record: Omit<AuditRecord, 'recordId'> & { recordId: string | null }) {
    return {
      staffId: this.identity.viewer.staffId,
      roles: this.identity.viewer.service ? ['service'] : this.identity.viewer.roles,
      operationName: this.operationName,
      operationType: this.operationType,
      action: record.action,
      recordType: record.recordType,
      recordId: record.recordId,
      purpose: this.identity.purpose,
      requestId: this.requestId,
      clientRequestId: this.clientRequestId,
    };
  }
}

const REPLAY_REASON = 'claims already used (replay)';

/** The refusal of a replayed header found when its one-time id is recorded (as http.ts refuses one found at once). */
function replayError(): GraphQLError {
  return new GraphQLError(`未认证 — not authenticated: ${REPLAY_REASON}`, { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });
}

function refusedReplay(log: Logger): void {
  log.warn({ reason: REPLAY_REASON, reasonCode: 'claims_replay' }, 'request refused: not authenticated');
}

/**
 * Writes buffered read records before the response is sent. If they cannot be written, the
 * response carries no data: nothing sensitive leaves without its audit record.
 */
export function auditPlugin<Ctx extends { audit: AuditRecorder; log: Logger }>(): ApolloServerPlugin<Ctx> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ contextValue, operationName, operation }) {
          contextValue.audit.operationName = operationName ?? null;
          contextValue.audit.operationType = operation?.operation ?? 'query';
          // Anything but a query changes data: its one-time id is recorded before it runs.
          if (operation && operation.operation !== 'query' && !(await contextValue.audit.recordClaim())) {
            refusedReplay(contextValue.log);
            throw replayError();
          }
        },
        async willSendResponse({ contextValue, response }) {
          try {
            if (!(await contextValue.audit.flush())) {
              // Another request (on another replica) used this header first: nothing of this answer leaves.
              refusedReplay(contextValue.log);
              response.http.status = 401;
              if (response.body.kind === 'single') response.body.singleResult = { errors: [replayError().toJSON()] };
            }
          } catch (error) {
            contextValue.log.error({ err: error }, 'audit records could not be written; response withheld');
            if (response.body.kind === 'single') {
              response.body.singleResult = {
                errors: [
                  new GraphQLError('审计记录写入失败，结果未返回 — audit log unavailable, result withheld', {
                    extensions: { code: 'INTERNAL_SERVER_ERROR' },
                  }).toJSON(),
                ],
              };
            }
          }
        },
      };
    },
  };
}

export interface AuditLogFilter {
  staffId?: string | null | undefined;
  recordType?: string | null | undefined;
  recordId?: string | null | undefined;
  action?: AuditAction | null | undefined;
  from?: Date | null | undefined;
  to?: Date | null | undefined;
}

function filteredAudit(db: Kysely<AuditDatabase>, filter: AuditLogFilter) {
  let query = db.selectFrom('auditLog');
  if (filter.staffId) query = query.where('staffId', '=', filter.staffId);
  if (filter.recordType) query = query.where('recordType', '=', filter.recordType);
  const { recordId } = filter;
  if (recordId) query = query.where((eb) => eb.or([eb('recordId', '=', recordId), sql<boolean>`record_ids @> array[${recordId}]::text[]`]));
  if (filter.action) query = query.where('action', '=', filter.action);
  if (filter.from) query = query.where('at', '>=', filter.from as never);
  if (filter.to) query = query.where('at', '<', filter.to as never);
  return query;
}

/** Newest first; the key is the row id. */
export async function listAuditLog(
  db: Kysely<AuditDatabase>,
  filter: AuditLogFilter,
  window: { after?: string; before?: string; limit: number; inverted: boolean },
) {
  let query = filteredAudit(db, filter).selectAll();
  if (window.after !== undefined) query = query.where('id', '<', Number(window.after) as never);
  if (window.before !== undefined) query = query.where('id', '>', Number(window.before) as never);
  return query
    .orderBy('id', window.inverted ? 'asc' : 'desc')
    .limit(window.limit)
    .execute();
}

export async function countAuditLog(db: Kysely<AuditDatabase>, filter: AuditLogFilter): Promise<number> {
  const row = await filteredAudit(db, filter)
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** The refusal of a person-level read without a stated purpose. */
export function purposeRequiredError(field: string): GraphQLError {
  return new GraphQLError(
    `读取 ${field} 须说明查询目的（X-Access-Purpose 请求头） — reading ${field} requires a stated purpose of access (X-Access-Purpose header, percent-encoded UTF-8)`,
    { extensions: { code: 'PURPOSE_REQUIRED' } },
  );
}
