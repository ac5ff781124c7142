import type { ObjectRef } from '@pothos/core';
import type { Kysely, Transaction } from 'kysely';
import type { HubBuilder } from './builder.ts';
import { ERROR_CODES, USER_ERROR_CODES, type UserError, type UserErrorCode, UserInputRefusal } from './errors.ts';

/** The request context type of a subgraph's builder. */
type ContextOf<B> = B extends PothosSchemaTypes.SchemaBuilder<infer T> ? T['Context'] : never;

const userErrorTypes = new WeakMap<object, ObjectRef<any, UserError>>();

/**
 * The shared `UserError` type and its `UserErrorCode` enum (identical in every subgraph, so
 * shareable), registered once per builder.
 */
export function addUserErrorType(builder: HubBuilder): ObjectRef<any, UserError> {
  const known = userErrorTypes.get(builder);
  if (known) return known;
  const code = builder.enumType('UserErrorCode', {
    description: '输入错误类别 — Kind of refusal of a mutation input.',
    values: Object.fromEntries(USER_ERROR_CODES.map((c) => [c, { description: ERROR_CODES[c] }])) as Record<UserErrorCode, { description: string }>,
  });
  const ref = builder.objectRef<UserError>('UserError').implement({
    shareable: true,
    description: '字段级输入错误 — A field-level refusal of a mutation input.',
    fields: (t) => ({
      code: t.field({ type: code, description: '错误类别 — Kind of refusal.', resolve: (e) => e.code }),
      field: t.exposeStringList('field', { description: '相关输入字段路径 — Path of the input field concerned.' }),
      message: t.exposeString('message', { description: '说明 — Explanation for the user.' }),
    }),
  });
  userErrorTypes.set(builder, ref);
  return ref;
}

/** What a mutation resolver hands its payload: the id of the record written, or why it was refused. */
export interface MutationResult {
  id: string | null;
  errors: UserError[];
}

/**
 * The one mutation payload shape: `<Name> { <field>: <Type>, errors: [UserError!]! }`. The record is
 * loaded through the request's loaders after the transaction committed, so the caller sees what
 * was written.
 */
export function payloadType<B extends HubBuilder, T extends object>(
  builder: B,
  name: string,
  options: {
    field: string;
    type: ObjectRef<any, T>;
    description: string;
    load: (id: string, ctx: ContextOf<B>) => Promise<T | null>;
  },
) {
  const userError = addUserErrorType(builder);
  return builder.objectRef<MutationResult>(name).implement({
    description: options.description,
    fields: (t) => ({
      [options.field]: t.field({
        type: options.type,
        nullable: true,
        description: '结果记录（成功时） — The record, when the mutation succeeded.',
        // Generic over T, which Pothos cannot narrow here; the ref fixes the runtime shape.
        resolve: (p, _args, ctx) => (p.id ? options.load(p.id, ctx as ContextOf<B>) : null) as never,
      }),
      errors: t.field({ type: [userError], description: '字段级错误 — Field-level refusals; empty on success.', resolve: (p) => p.errors }),
    }),
  });
}

/**
 * Runs work in one transaction. A `refuse(...)` (or `UserErrors.throwIfAny()`) inside rolls
 * everything back and becomes the payload's `errors`; anything else is an internal error.
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

/**
 * The one mutation runner. `work` runs in one transaction, in this order: lock what it changes,
 * check the rules (collecting independent problems with `UserErrors`), write, record the audit
 * entry with `ctx.audit.write(tx, …)`, and return the id of the record for the payload. A refusal
 * anywhere rolls all of it back.
 */
export async function runMutation<DB>(db: Kysely<DB>, work: (tx: Transaction<DB>) => Promise<string>): Promise<MutationResult> {
  const outcome = await inTransaction(db, work);
  return { id: outcome.result, errors: outcome.errors };
}
