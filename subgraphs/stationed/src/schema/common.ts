import type { ObjectRef, SchemaTypes } from '@pothos/core';
import { addUserErrorType, inTransaction, refuse, type UserError } from '@hub/core';
import type { Transaction } from 'kysely';
import { builder } from '../builder.ts';
import type { Context } from '../context.ts';
import type { StationedDatabase } from '../db/database.ts';

type HubTypes = typeof builder extends PothosSchemaTypes.SchemaBuilder<infer T> ? T : SchemaTypes;

export const UserErrorRef = addUserErrorType(builder);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const isUuid = (value: string) => UUID.test(value);

/** Refuses an id that is not a uuid (every id in this hub is one) before it reaches SQL. */
export function requireUuid(value: string, field: string[], what: string): string {
  if (!isUuid(value)) refuse('INVALID', field, `${what}编号格式无效 — ${field.at(-1)} is not a valid id`);
  return value.toLowerCase();
}

/** Refuses empty free text; returns it trimmed. */
export function requireText(value: string, field: string[], what: string, max = 4000): string {
  const text = value.trim();
  if (text === '') refuse('INVALID', field, `${what}不能为空 — ${field.at(-1)} must not be empty`);
  if (text.length > max) refuse('INVALID', field, `${what}过长（最多 ${max} 字） — ${field.at(-1)} is longer than ${max} characters`);
  return text;
}

/** Refuses a date after today (records describe what happened). */
export function requireNotFuture(day: string, today: string, field: string[]): string {
  if (day > today) refuse('INVALID', field, `日期不能晚于今天 — ${field.at(-1)} lies in the future`);
  return day;
}

/**
 * A mutation payload type: `{ <field>: T, errors: [UserError!]! }`. The transaction returns the
 * record's id; `load` fetches the record after the commit.
 */
export function payloadType<T>(name: string, field: string, type: ObjectRef<HubTypes, T>, description: string, load: (id: string, ctx: Context) => Promise<T | null>) {
  return builder.objectRef<{ id: string | null; errors: UserError[] }>(name).implement({
    description,
    fields: (t) => ({
      [field]: t.field({
        type,
        nullable: true,
        description: '结果记录（成功时） — The record, when the mutation succeeded.',
        // Generic over T, which Pothos cannot narrow here; the ref fixes the runtime shape.
        resolve: (p, _args, ctx) => (p.id ? load(p.id, ctx) : null) as never,
      }),
      errors: t.field({ type: [UserErrorRef], description: '字段级错误 — Field-level refusals; empty on success.', resolve: (p) => p.errors }),
    }),
  });
}

/** Runs a mutation's transaction and shapes its payload. */
export async function mutate(ctx: Context, work: (tx: Transaction<StationedDatabase>) => Promise<string>) {
  const outcome = await inTransaction(ctx.db, work);
  return { id: outcome.result, errors: outcome.errors };
}
