import { inTransaction, refuse, type UserError } from '@hub/core';
import type { ObjectRef } from '@pothos/core';
import type { Transaction } from 'kysely';
import { builder } from '../builder.ts';
import type { Context } from '../context.ts';
import type { InspectionDatabase } from '../db/database.ts';
import { isUuid } from '../deadlines.ts';
import { UserErrorRef } from './unit-mutations.ts';

export { inspectionRecordScopes, PLAN_READERS, RECORD_READERS, WRITERS } from '../policy.ts';

/** What a mutation resolver hands its payload: the id of the record, or why it was refused. */
export interface MutationResult {
  id: string | null;
  errors: UserError[];
}

/**
 * A mutation payload `{ <field>: <Type>, errors: [UserError!]! }`; the record is loaded through the
 * request's loaders after the transaction committed.
 */
export function payloadType<T extends object>(
  name: string,
  field: string,
  ref: ObjectRef<any, T>,
  load: (ctx: Context, id: string) => Promise<T | null>,
  description: string,
) {
  return builder.objectRef<MutationResult>(name).implement({
    description,
    fields: (t) => ({
      [field]: t.field({
        type: ref,
        nullable: true,
        description: '结果记录 — The record, when the step was accepted.',
        resolve: (p, _a, ctx) => (p.id ? load(ctx, p.id) : null) as never,
      }),
      errors: t.field({ type: [UserErrorRef], description: '字段级错误 — Field-level refusals; empty when accepted.', resolve: (p) => p.errors }),
    }),
  });
}

/** Runs one mutation step in one transaction; a refusal rolls it back and becomes `errors`. */
export async function runStep(ctx: Context, work: (tx: Transaction<InspectionDatabase>) => Promise<string>): Promise<MutationResult> {
  const outcome = await inTransaction(ctx.db, work);
  return { id: outcome.result, errors: outcome.errors };
}

/** Refuses an id that cannot name a record (all ids here are uuids). */
export function requireId(value: string | number, field: string[]): string {
  const id = String(value);
  if (!isUuid(id)) refuse('INVALID', field, `编号格式无效 — not a valid id: ${field[field.length - 1]}`);
  return id;
}

/** Trims a required text and refuses it when empty. */
export function requireText(value: string, field: string[], what: string): string {
  const text = value.trim();
  if (text === '') refuse('INVALID', field, `${what}不能为空 — ${field[field.length - 1]} must not be empty`);
  return text;
}

export function optionalText(value: string | null | undefined): string | null {
  const text = value?.trim() ?? '';
  return text === '' ? null : text;
}

/** An id used as a filter: one that is not a uuid matches nothing (the nil uuid stands in for it). */
export function idFilter(id: string | number | null | undefined): string | null {
  if (id == null) return null;
  return isUuid(String(id)) ? String(id) : '00000000-0000-0000-0000-000000000000';
}
