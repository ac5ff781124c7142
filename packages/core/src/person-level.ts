import { defaultFieldResolver, type GraphQLField, type GraphQLSchema, isObjectType } from 'graphql';
import type { AuditRecorder } from './audit.ts';
import { rule as declareRule, ruleOf } from './policy.ts';

/**
 * 人员层级敏感字段 — person-level reads. A field whose authorization rule is wrapped in
 * `personLevel(rule)` is, by that rule, person-level: `auditPersonLevelReads` (run on every
 * subgraph's schema at start) makes each successful read of it append an audit record for the
 * parent record, and refuses it without a stated purpose when the service requires one. The
 * audited list is therefore the policy itself: a new field guarded by a person-level rule is
 * audited without anyone remembering to call `ctx.audit.read`.
 */

const PERSON_LEVEL = Symbol.for('hub.personLevel');

export interface PersonLevelMark {
  /** Audit record type; default: the parent GraphQL type's name. */
  recordType?: string | undefined;
  /** Audit record id from the parent object; default: its `id`. */
  recordId: (parent: any) => string;
  /** Whether a resolved value is a read to record (default: always); e.g. not an empty list. */
  recordWhen?: ((value: any) => boolean) | undefined;
}

export interface PersonLevelOptions {
  recordType?: string;
  recordId?: (parent: any) => string;
  recordWhen?: (value: any) => boolean;
}

/**
 * Marks an authorization rule (a scope map or a scope function) as person-level. The rule itself is
 * unchanged; use the result as the field's `authScopes`.
 */
export function personLevel<Rule extends object>(rule: Rule, options: PersonLevelOptions = {}): Rule {
  const mark: PersonLevelMark = {
    recordType: options.recordType,
    recordId: options.recordId ?? ((parent) => String(parent.id)),
    recordWhen: options.recordWhen,
  };
  const marked = (typeof rule === 'function' ? (...args: unknown[]) => (rule as (...a: unknown[]) => unknown)(...args) : { ...rule }) as Rule;
  Object.defineProperty(marked, PERSON_LEVEL, { value: mark, enumerable: false });
  // A named rule stays named: its refusals still say which rule refused.
  const meta = ruleOf(rule);
  return meta ? declareRule(meta, marked) : marked;
}

/**
 * A type's rule (a scope map, or a `(parent, ctx)` scope function as an object type's `authScopes`
 * takes it) as the person-level rule of one of the type's fields (`(parent, args, ctx)`): the field is
 * guarded by the same rule, and each read of it is audited like any `personLevel` field. For the
 * fields of a type whose content is person-level while its other fields (ids, dates, states) are not.
 */
export function personLevelOf<Parent, Ctx, Result>(
  typeRule: (parent: Parent, ctx: Ctx) => Result,
  options?: PersonLevelOptions,
): (parent: Parent, args: unknown, ctx: Ctx) => Result;
export function personLevelOf<Rule extends Record<string, unknown>>(typeRule: Rule, options?: PersonLevelOptions): Rule;
export function personLevelOf(typeRule: object, options: PersonLevelOptions = {}): object {
  if (typeof typeRule !== 'function') return personLevel(typeRule, options);
  const forField = (parent: unknown, _args: unknown, ctx: unknown) => (typeRule as (p: unknown, c: unknown) => unknown)(parent, ctx);
  const meta = ruleOf(typeRule);
  return personLevel(meta ? declareRule(meta, forField) : forField, options);
}

/** The person-level mark of a field's rule, if any (Pothos keeps field options in `extensions.pothosOptions`). */
export function personLevelMark(field: GraphQLField<unknown, unknown>): PersonLevelMark | undefined {
  const rule = (field.extensions as { pothosOptions?: { authScopes?: unknown } } | undefined)?.pothosOptions?.authScopes;
  return rule && (typeof rule === 'object' || typeof rule === 'function') ? (rule as { [PERSON_LEVEL]?: PersonLevelMark })[PERSON_LEVEL] : undefined;
}

/** Every field of the schema guarded by a person-level rule, as `Type.field`. */
export function personLevelFields(schema: GraphQLSchema): { type: string; field: string; mark: PersonLevelMark }[] {
  const found: { type: string; field: string; mark: PersonLevelMark }[] = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      const mark = personLevelMark(field);
      if (mark) found.push({ type: type.name, field: field.name, mark });
    }
  }
  return found.sort((a, b) => `${a.type}.${a.field}`.localeCompare(`${b.type}.${b.field}`));
}

const WRAPPED = Symbol.for('hub.personLevelAudited');

function isPromise(value: unknown): value is Promise<unknown> {
  return typeof (value as Promise<unknown> | null)?.then === 'function';
}

/**
 * Wraps every person-level field's resolver: after the field's own authorization passed and its
 * value resolved, the read is recorded (and refused without a purpose where one is required).
 * A refused read leaves no record; nothing sensitive is returned without one.
 */
export function auditPersonLevelReads(schema: GraphQLSchema): GraphQLSchema {
  for (const { type, field: name, mark } of personLevelFields(schema)) {
    const field = (schema.getType(type) as { getFields(): Record<string, GraphQLField<unknown, { audit: AuditRecorder }>> }).getFields()[name]!;
    if ((field as unknown as Record<symbol, boolean>)[WRAPPED]) continue;
    const original = field.resolve ?? defaultFieldResolver;
    const recordType = mark.recordType ?? type;
    field.resolve = (parent, args, ctx, info) => {
      const value = original(parent, args, ctx, info);
      const record = (resolved: unknown) => {
        if (mark.recordWhen && !mark.recordWhen(resolved)) return resolved;
        ctx.audit.personLevelRead(recordType, mark.recordId(parent), `${type}.${name}`);
        return resolved;
      };
      return isPromise(value) ? value.then(record) : record(value);
    };
    Object.defineProperty(field, WRAPPED, { value: true });
  }
  return schema;
}
