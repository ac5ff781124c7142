import type { ObjectRef } from '@pothos/core';
import DataLoader from 'dataloader';
import { type ColumnType, type Generated, type Kysely, type Transaction, sql } from 'kysely';
import type { Role } from './auth.ts';
import type { HubBuilder } from './builder.ts';
import type { SubgraphContext } from './context.ts';
import { refuse, type UserError } from './errors.ts';
import { databaseErrorFacts, isDatabaseError } from './logger.ts';
import { addUserErrorType, inTransaction } from './mutations.ts';

/**
 * 更正 — corrections with history. Records are never deleted: a user amends a record's descriptive
 * fields or voids it with a reason. Each correction appends one row to the subgraph's
 * `record_revision` table holding the values it replaced, so the old values stay readable as the
 * record's history, under the record's own read rule. A voided record stays in lists (marked
 * voided) and leaves counts, statistics and signals.
 */

export const REVISION_KINDS = ['AMEND', 'VOID'] as const;
export type RevisionKind = (typeof REVISION_KINDS)[number];

/** One field a correction changed: its value before and after, as text (null when empty). */
export interface FieldChange {
  field: string;
  before: string | null;
  after: string | null;
}

export interface RecordRevisionTable {
  id: Generated<number>;
  recordType: string;
  recordId: string;
  kind: RevisionKind;
  changes: ColumnType<FieldChange[], string, never>;
  reason: string | null;
  staffId: string;
  at: ColumnType<Date, never, never>;
}

export interface RevisionDatabase {
  recordRevision: RecordRevisionTable;
}

/** The columns a voidable record table carries (added by `createRecordRevisionsV1`). */
export interface VoidableColumns {
  voidedAt: ColumnType<Date | null, never, Date>;
  voidReason: ColumnType<string | null, never, string>;
  voidedBy: ColumnType<string | null, never, string>;
}

/** A record row as read: its void marks. */
export interface Voidable {
  voidedAt: Date | null;
  voidReason: string | null;
  voidedBy: string | null;
}

/**
 * Creates `record_revision` (append-only, like the audit log) and adds the void columns to each
 * named record table. Each subgraph's migration calls this one version with its own tables.
 */
export async function createRecordRevisionsV1(db: Kysely<any>, voidableTables: readonly string[]): Promise<void> {
  await db.schema
    .createTable('record_revision')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('record_type', 'text', (c) => c.notNull())
    .addColumn('record_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('AMEND', 'VOID')`))
    .addColumn('changes', 'jsonb', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('staff_id', 'text', (c) => c.notNull())
    .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('record_revision_void_reason', sql`kind <> 'VOID' or btrim(coalesce(reason, '')) <> ''`)
    .execute();
  await db.schema.createIndex('record_revision_record_idx').on('record_revision').columns(['record_type', 'record_id', 'id']).execute();
  await sql`
    create function record_revision_refuse_change() returns trigger language plpgsql as $$
    begin
      raise exception 'record_revision is append-only: % refused', tg_op using errcode = 'insufficient_privilege';
    end
    $$`.execute(db);
  await sql`create trigger record_revision_append_only before update or delete on record_revision for each row execute function record_revision_refuse_change()`.execute(
    db,
  );
  await sql`create trigger record_revision_no_truncate before truncate on record_revision for each statement execute function record_revision_refuse_change()`.execute(
    db,
  );
  for (const table of voidableTables) {
    await db.schema.alterTable(table).addColumn('voided_at', 'timestamptz').addColumn('void_reason', 'text').addColumn('voided_by', 'text').execute();
    await sql`alter table ${sql.table(table)} add constraint ${sql.id(`${table}_void_marks`)} check ((voided_at is null) = (void_reason is null) and (voided_at is null) = (voided_by is null))`.execute(
      db,
    );
  }
}

/** Appends one revision in the correction's transaction. */
export async function recordRevision(
  tx: Kysely<any>,
  revision: { recordType: string; recordId: string; kind: RevisionKind; changes: FieldChange[]; reason: string | null; staffId: string },
): Promise<void> {
  await (tx as Kysely<RevisionDatabase>)
    .insertInto('recordRevision')
    .values({ ...revision, changes: JSON.stringify(revision.changes) })
    .execute();
}

export type RevisionRow = Omit<RecordRevisionTable, 'id' | 'changes' | 'at'> & { id: number; changes: FieldChange[]; at: Date };

/** Revisions of many records in one statement, oldest first, grouped by `type\0id`. */
export async function findRevisions(db: Kysely<any>, keys: readonly { recordType: string; recordId: string }[]): Promise<RevisionRow[]> {
  if (keys.length === 0) return [];
  const rows = await (db as Kysely<RevisionDatabase>)
    .selectFrom('recordRevision')
    .selectAll()
    .where((eb) => eb.or(keys.map((k) => eb.and([eb('recordType', '=', k.recordType), eb('recordId', '=', k.recordId)]))))
    .orderBy('id')
    .execute();
  return rows as RevisionRow[];
}

// ─── GraphQL ────────────────────────────────────────────────────────────────────────────────────

/** How an amendable field is typed in the amend input and shown in the history. */
export type AmendableKind = 'text' | 'optionalText' | 'date' | 'optionalDate' | 'money' | 'optionalMoney' | 'int' | 'boolean' | { enum: any };

export interface AmendableField<Row> {
  /** Column (camelCase) the field is stored in; defaults to the input field's name. */
  column?: string;
  kind: AmendableKind;
  description: string;
  /** Checks and normalises the new value against the (locked) record; refuses with `refuse`. */
  check?: (value: any, row: Row, ctx: any, tx: Kysely<any>) => unknown | Promise<unknown>;
}

/** A record type that can be amended and voided: one small declaration per type. */
export interface CorrectableRecord<Row extends { id: string }> {
  /** GraphQL type name; also the audit log's record type. */
  typeName: string;
  /** Chinese name for messages. */
  what: string;
  ref: ObjectRef<any, Row>;
  /** Kysely table name (camelCase) holding the record; it has an `id` column and the void columns. */
  table: string;
  /** Field name of the record in the correction payload, e.g. `sanction`. */
  payloadField: string;
  /** Re-reads the record after the commit (through the request's loader or a repository function). */
  load: (id: string, ctx: any) => Promise<Row | null>;
  /** Roles that may write this record type: those that may create it, and leaders. */
  writeRoles: Role[];
  /** Refuses when the caller may not write this record (scopes: group, team, department). */
  mayWrite?: (row: Row, ctx: any, tx: Kysely<any>) => void | Promise<void>;
  /** The descriptive fields a user may amend (never workflow state); none: the record can only be voided. */
  fields: Record<string, AmendableField<Row>>;
}

const SCALAR_OF: Record<Exclude<AmendableKind, { enum: any }>, string> = {
  text: 'String',
  optionalText: 'String',
  date: 'Date',
  optionalDate: 'Date',
  money: 'Money',
  optionalMoney: 'Money',
  int: 'Int',
  boolean: 'Boolean',
};

const nullableKind = (kind: AmendableKind) => kind === 'optionalText' || kind === 'optionalDate' || kind === 'optionalMoney';

function asText(value: unknown): string | null {
  if (value == null) return null;
  if (value instanceof Date) return value.toISOString();
  return String(value);
}

function normaliseText(value: string, field: string[], what: string, optional: boolean): string | null {
  const text = value.trim();
  if (text === '') {
    if (optional) return null;
    refuse('BAD_USER_INPUT', field, `${what}不能为空 — ${field.at(-1)} must not be empty`);
  }
  if (text.length > 4000) refuse('BAD_USER_INPUT', field, `${what}过长（最多 4000 字） — ${field.at(-1)} is longer than 4000 characters`);
  return text;
}

type Ctx = SubgraphContext & { db: Kysely<any> };

const revisionLoaders = new WeakMap<object, DataLoader<string, RevisionRow[]>>();

/** The request's revision loader: one statement per request, whatever the number of records. */
function revisionsOf(ctx: Ctx, recordType: string, recordId: string): Promise<RevisionRow[]> {
  let loader = revisionLoaders.get(ctx);
  if (!loader) {
    loader = new DataLoader<string, RevisionRow[]>(async (keys) => {
      const parsed = keys.map((key) => {
        const [recordType, recordId] = key.split('\u0000') as [string, string];
        return { recordType, recordId };
      });
      const rows = await findRevisions(ctx.db, parsed);
      const byKey = new Map<string, RevisionRow[]>();
      for (const row of rows) {
        const key = `${row.recordType}\u0000${row.recordId}`;
        byKey.set(key, [...(byKey.get(key) ?? []), row]);
      }
      return keys.map((key) => byKey.get(key) ?? []);
    });
    revisionLoaders.set(ctx, loader);
  }
  return loader.load(`${recordType}\u0000${recordId}`);
}

/**
 * Registers the shared correction types of one subgraph (`Revision`, `RevisionChange`,
 * `RevisionKind`, `VoidRecordInput`) and returns `declare`, which adds to one record type its
 * `voided`/`voidedAt`/`voidReason`/`revisions` fields and its `amend<Type>`/`void<Type>` mutations.
 */
export function addCorrections(builder: HubBuilder) {
  const userError = addUserErrorType(builder);
  const kind = builder.enumType('RevisionKind', {
    description: '更正类别 — Kind of a correction.',
    values: {
      AMEND: { description: '更正 — Descriptive fields amended.' },
      VOID: { description: '作废 — Record voided; it stays readable and leaves counts and statistics.' },
    } as const,
  });
  const change = builder.objectRef<FieldChange>('RevisionChange').implement({
    shareable: true,
    description: '字段变更 — One field a correction changed, with its value before and after (as text).',
    fields: (t) => ({
      field: t.exposeString('field', { description: '字段名 — Name of the field.' }),
      before: t.exposeString('before', { nullable: true, description: '更正前的值 — Value before the correction.' }),
      after: t.exposeString('after', { nullable: true, description: '更正后的值 — Value after the correction.' }),
    }),
  });
  const revision = builder.objectRef<RevisionRow & { number: number }>('Revision').implement({
    shareable: true,
    description: '更正记录 — One correction of a record: who, when, why, and the values it replaced.',
    fields: (t) => ({
      number: t.exposeInt('number', { description: '序号（自 1 起） — Sequence number, from 1.' }),
      kind: t.field({ type: kind, description: '类别 — Amend or void.', resolve: (r) => r.kind }),
      at: t.field({ type: 'DateTime', description: '时间 — When.', resolve: (r) => r.at }),
      staffId: t.exposeID('staffId', { description: '更正人员编号 — Staff id of who corrected.' }),
      reason: t.exposeString('reason', { nullable: true, description: '理由（作废时必填） — Reason; required for a void.' }),
      changes: t.field({ type: [change], description: '字段变更 — Fields changed, with old and new values.', resolve: (r) => r.changes }),
    }),
  });
  const voidInput = builder.inputType('VoidRecordInput', {
    description: '作废记录 — Void a record with a reason; it stays readable, marked voided, and leaves counts and statistics.',
    fields: (t) => ({
      id: t.id({ description: '记录编号 — Id of the record.' }),
      reason: t.string({ description: '作废理由（必填） — Reason (required).' }),
    }),
  });

  function declare<Row extends { id: string }>(record: CorrectableRecord<Row>) {
    const { typeName, what, ref, table } = record;
    const voidable = ref as unknown as ObjectRef<any, Row & Voidable>;
    builder.objectFields(voidable, (t) => ({
      voided: t.boolean({ description: '是否已作废 — Whether the record was voided (it no longer counts).', resolve: (row) => row.voidedAt != null }),
      voidedAt: t.field({ type: 'DateTime', nullable: true, description: '作废时间 — When it was voided.', resolve: (row) => row.voidedAt ?? null }),
      voidReason: t.string({ nullable: true, description: '作废理由 — Why it was voided.', resolve: (row) => row.voidReason ?? null }),
      revisions: t.field({
        type: [revision],
        description: '更正历史（旧值） — Corrections of this record, oldest first, with the values they replaced.',
        resolve: async (row, _args, ctx) => (await revisionsOf(ctx as Ctx, typeName, row.id)).map((r, i) => ({ ...r, number: i + 1 })),
      }),
    }));

    const payload = builder.objectRef<{ id: string | null; errors: UserError[] }>(`${typeName}CorrectionPayload`).implement({
      description: `${what}更正结果 — The corrected ${typeName}, or why the correction was refused.`,
      fields: (t) => ({
        [record.payloadField]: t.field({
          type: ref,
          nullable: true,
          description: '更正后的记录（成功时） — The record, when the correction succeeded.',
          resolve: (p, _args, ctx) => (p.id ? record.load(p.id, ctx) : null) as never,
        }),
        errors: t.field({ type: [userError], description: '字段级错误 — Field-level refusals; empty on success.', resolve: (p) => p.errors }),
      }),
    });

    const amendable = Object.keys(record.fields).length > 0;
    const amendInput = !amendable
      ? null
      : builder.inputType(`Amend${typeName}Input`, {
          description: `更正${what} — Amend descriptive fields of a ${typeName}; only the fields given change. Workflow state is changed by its own mutations.`,
          fields: (t) => ({
            id: t.id({ description: '记录编号 — Id of the record.' }),
            correctionReason: t.string({ required: false, description: '更正理由 — Why it is corrected.' }),
            ...Object.fromEntries(
              Object.entries(record.fields).map(([name, field]) => [
                name,
                typeof field.kind === 'object'
                  ? t.field({ type: field.kind.enum, required: false, description: field.description })
                  : t.field({ type: SCALAR_OF[field.kind] as never, required: false, description: field.description }),
              ]),
            ),
          }),
        });

    const lock = async (tx: Transaction<any>, id: string | number): Promise<Row & Voidable> => {
      const text = String(id);
      const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(text);
      if (!uuid) refuse('BAD_USER_INPUT', ['input', 'id'], `${what}编号格式无效 — id is not a valid id`);
      const row = await tx
        .selectFrom(table as never)
        .selectAll()
        .where('id' as never, '=', text.toLowerCase() as never)
        .forUpdate()
        .executeTakeFirst();
      if (!row) refuse('NOT_FOUND', ['input', 'id'], `${what}不存在 — no such ${typeName}`);
      return row as Row & Voidable;
    };

    if (amendInput)
      builder.mutationField(`amend${typeName}`, (t) =>
        t.field({
          type: payload,
          description: `更正${what}（记录原值） — Amend a ${typeName}'s descriptive fields; the old values stay readable in its revisions. Who may create it may amend it; leaders too.`,
          authScopes: { role: record.writeRoles },
          args: { input: t.arg({ type: amendInput, required: true, description: '更正内容 — Correction.' }) },
          resolve: async (_root, { input }, rawCtx) => {
            const ctx = rawCtx as Ctx;
            const outcome = await inTransaction(ctx.db, async (tx: Transaction<any>) => {
              const row = await lock(tx, input.id as string);
              await record.mayWrite?.(row, ctx, tx);
              if (row.voidedAt != null) refuse('INVALID_TRANSITION', ['input', 'id'], `${what}已作废，不能更正 — a voided ${typeName} cannot be amended`);
              const changes: FieldChange[] = [];
              const set: Record<string, unknown> = {};
              for (const [name, field] of Object.entries(record.fields)) {
                let value = (input as Record<string, unknown>)[name];
                if (value === undefined) continue;
                const path = ['input', name];
                if (value === null && !nullableKind(field.kind))
                  refuse('BAD_USER_INPUT', path, `${field.description.split(' — ')[0]}不能为空 — ${name} cannot be cleared`);
                if (typeof value === 'string' && (field.kind === 'text' || field.kind === 'optionalText')) {
                  value = normaliseText(value, path, field.description.split(' — ')[0]!, field.kind === 'optionalText');
                }
                if (field.check) value = await field.check(value, row, ctx, tx);
                const column = field.column ?? name;
                const before = asText((row as unknown as Record<string, unknown>)[column]);
                const after = asText(value);
                if (before === after) continue;
                changes.push({ field: name, before, after });
                set[column] = value;
              }
              if (changes.length === 0) refuse('BAD_USER_INPUT', ['input'], '没有需要更正的字段 — no field differs from the record');
              const reason = input.correctionReason == null ? null : normaliseText(input.correctionReason, ['input', 'correctionReason'], '更正理由', true);
              try {
                await tx
                  .updateTable(table as never)
                  .set(set as never)
                  .where('id' as never, '=', row.id as never)
                  .execute();
              } catch (error) {
                // A rule the database keeps between the record's own fields (e.g. announced on or after the
                // decision): the amendment is refused as a conflict, not answered as an internal error.
                if (isDatabaseError(error) && error.code === '23514') {
                  const facts = databaseErrorFacts(error);
                  refuse(
                    'CONFLICT',
                    ['input'],
                    `更正后的记录与其其他字段冲突 — the amended record breaks a rule between its fields${facts.constraint ? ` (${facts.constraint})` : ''}`,
                  );
                }
                throw error;
              }
              await recordRevision(tx, { recordType: typeName, recordId: row.id, kind: 'AMEND', changes, reason, staffId: ctx.viewer.staffId });
              await ctx.audit.write(tx, { action: 'UPDATE', recordType: typeName, recordId: row.id });
              return row.id;
            });
            return { id: outcome.result, errors: outcome.errors };
          },
        }),
      );
    builder.mutationField(`void${typeName}`, (t) =>
      t.field({
        type: payload,
        description: `作废${what}（须说明理由） — Void a ${typeName} with a reason: it stays readable, marked voided, and leaves counts, statistics and signals. Who may create it may void it; leaders too.`,
        authScopes: { role: record.writeRoles },
        args: { input: t.arg({ type: voidInput, required: true, description: '作废理由 — Void.' }) },
        resolve: async (_root, { input }, rawCtx) => {
          const ctx = rawCtx as Ctx;
          const outcome = await inTransaction(ctx.db, async (tx: Transaction<any>) => {
            const row = await lock(tx, input.id);
            await record.mayWrite?.(row, ctx, tx);
            if (row.voidedAt != null) refuse('INVALID_TRANSITION', ['input', 'id'], `${what}已作废 — the ${typeName} is voided already`);
            const reason = normaliseText(input.reason, ['input', 'reason'], '作废理由', false)!;
            await tx
              .updateTable(table as never)
              .set({ voidedAt: sql`now()`, voidReason: reason, voidedBy: ctx.viewer.staffId } as never)
              .where('id' as never, '=', row.id as never)
              .execute();
            await recordRevision(tx, {
              recordType: typeName,
              recordId: row.id,
              kind: 'VOID',
              changes: [{ field: 'voided', before: 'false', after: 'true' }],
              reason,
              staffId: ctx.viewer.staffId,
            });
            await ctx.audit.write(tx, { action: 'UPDATE', recordType: typeName, recordId: row.id });
            return row.id;
          });
          return { id: outcome.result, errors: outcome.errors };
        },
      }),
    );
  }

  return { declare };
}

/** Reverts `createRecordRevisionsV1` (drops the history: for a development database only). */
export async function dropRecordRevisionsV1(db: Kysely<any>, voidableTables: readonly string[]): Promise<void> {
  for (const table of voidableTables) {
    await db.schema.alterTable(table).dropConstraint(`${table}_void_marks`).execute();
    await db.schema.alterTable(table).dropColumn('voided_at').dropColumn('void_reason').dropColumn('voided_by').execute();
  }
  await db.schema.dropTable('record_revision').execute();
  await sql`drop function record_revision_refuse_change()`.execute(db);
}
