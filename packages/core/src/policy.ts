import type { SchemaTypes } from '@pothos/core';
import SchemaBuilder, { BasePlugin, type PothosOutputFieldConfig } from '@pothos/core';
import { GraphQLError, type GraphQLResolveInfo, type GraphQLSchema, isNonNullType, isObjectType, responsePathAsArray } from 'graphql';

/**
 * A named need-to-know rule of DESIGN §6, as a subgraph's `src/policy.ts` declares it. The scopes are
 * what Pothos's scope-auth evaluates; the rest is for people (the refusal message names the rule) and
 * for tools (the audit coverage check reads `personLevel`).
 */
export interface RuleMeta {
  /** The rule's name in the domain's words, e.g. `readCaseRecords`. */
  name: string;
  /** What the rule allows, in Chinese (used in refusals). */
  zh: string;
  /** What the rule allows, in English (used in refusals). */
  en: string;
  /** The DESIGN §6 sentence the rule implements. */
  design: string;
  /** The rule guards person-level sensitive content (reads are audited). */
  personLevel?: boolean;
}

const rules = new WeakMap<object, RuleMeta>();

/**
 * Declares a rule: returns `scopes` unchanged (a scope map or a scope function, as `authScopes`
 * takes it) and remembers its meaning, so a refusal can name it.
 */
export function rule<S extends object>(meta: RuleMeta, scopes: S): S {
  rules.set(scopes, meta);
  return scopes;
}

/** The rule a scope map or scope function was declared as, if it was declared through `rule`. */
export function ruleOf(scopes: unknown): RuleMeta | undefined {
  return scopes !== null && (typeof scopes === 'object' || typeof scopes === 'function') ? rules.get(scopes as object) : undefined;
}

/** The rule guarding a field of the executing schema: the field's own, else its type's. */
function ruleForField(info: GraphQLResolveInfo, typeRefused: boolean): RuleMeta | undefined {
  const field = info.parentType.getFields()[info.fieldName];
  const fieldScopes = (field?.extensions as { pothosOptions?: { authScopes?: unknown } } | undefined)?.pothosOptions?.authScopes;
  const typeScopes = (info.parentType.extensions as { pothosOptions?: { authScopes?: unknown } } | undefined)?.pothosOptions?.authScopes;
  return typeRefused ? (ruleOf(typeScopes) ?? ruleOf(fieldScopes)) : (ruleOf(fieldScopes) ?? ruleOf(typeScopes));
}

/**
 * The one refusal every subgraph gives (DESIGN §6): `FORBIDDEN`, naming the path and, Chinese then
 * English, the rule that refused. Used as the scope-auth plugin's `unauthorizedError`.
 */
export function forbiddenError(info: GraphQLResolveInfo, message: string): GraphQLError {
  const path = responsePathAsArray(info.path).join('.');
  const typeRefused = message.startsWith('Not authorized to read fields for');
  const meta = ruleForField(info, typeRefused);
  const where = `${info.parentType.name}.${info.fieldName}`;
  const [zh, en] = info.parentType.name === 'Mutation' ? ['无权执行', 'not authorized to run'] : ['无权读取', 'not authorized to read'];
  const text = meta ? `${zh} ${path}（${where}）：${meta.zh} — ${en} ${path} (${where}): ${meta.en}` : `${zh} ${path}（${where}） — ${en} ${path} (${where})`;
  return new GraphQLError(text, { extensions: { code: 'FORBIDDEN', ...(meta ? { rule: meta.name } : {}) } });
}

// ─── Refusable fields are nullable ──────────────────────────────────────────────────────────────

const pluginName = 'refusableNullable';

/**
 * DESIGN §3 "answers never blank": a field a role may be refused (it or the type it returns carries
 * scopes) and a field that returns another body's entity is nullable, so a refusal or an unavailable
 * body nulls that field only and never its parents.
 */
export class RefusableNullablePlugin<Types extends SchemaTypes> extends BasePlugin<Types> {
  /**
   * Whether `field` is one this subgraph adds to an entity another body defines (`@extends`), other
   * than the fields of its `@key` (they identify the entity and stay non-null).
   */
  private extendsOtherBody(typeName: string, field: string): boolean {
    const config = this.buildCache.getTypeConfig(typeName);
    const raw = (config.pothosOptions as { directives?: unknown }).directives;
    const directives = Array.isArray(raw) ? (raw as { name: string; args?: { fields?: unknown } }[]) : [];
    if (!directives.some((d) => d.name === 'extends')) return false;
    const keys = directives.filter((d) => d.name === 'key').flatMap((d) => String(d.args?.fields ?? '').split(/[\s{}]+/));
    return !keys.includes(field);
  }

  override onOutputFieldConfig(fieldConfig: PothosOutputFieldConfig<Types>): PothosOutputFieldConfig<Types> {
    if (fieldConfig.kind === 'ExternalEntity' || fieldConfig.type.nullable === true) return fieldConfig;
    const options = fieldConfig.pothosOptions as { authScopes?: unknown };
    // A field this subgraph adds to another body's entity is answered by another fetch than the
    // entity's own: when this body is down, the field is null and the entity stands.
    let refusable = options.authScopes !== undefined || this.extendsOtherBody(fieldConfig.parentType, fieldConfig.name);
    const named = fieldConfig.type.kind === 'List' ? fieldConfig.type.type : fieldConfig.type;
    if (!refusable && named.kind === 'Object') {
      try {
        const target = this.buildCache.getTypeConfig(named.ref);
        const targetOptions = target.pothosOptions as { authScopes?: unknown; directives?: unknown };
        const directives = Array.isArray(targetOptions.directives) ? (targetOptions.directives as { name: string }[]) : [];
        refusable = targetOptions.authScopes !== undefined || directives.some((d) => d.name === 'extends');
      } catch {
        // A type the cache cannot name yet: leave the field as declared.
      }
    }
    if (!refusable) return fieldConfig;
    return { ...fieldConfig, type: { ...fieldConfig.type, nullable: true } };
  }
}

declare global {
  export namespace PothosSchemaTypes {
    interface Plugins<Types extends SchemaTypes> {
      refusableNullable: RefusableNullablePlugin<Types>;
    }
  }
}

try {
  SchemaBuilder.registerPlugin(pluginName, RefusableNullablePlugin);
} catch (error) {
  // This module evaluated again against the same Pothos (test runners isolate modules): the plugin
  // registered first is the same code.
  if (!String((error as Error).message).includes('multiple implementations')) throw error;
}
/** The plugin's name, for the builder's plugin list. */
export const REFUSABLE_NULLABLE_PLUGIN = pluginName;

/** Field names of every object type of a schema, with the scopes that guard each (for tests). */
export function fieldScopes(schema: GraphQLSchema) {
  const out: { type: string; field: string; fieldScopes: unknown; typeScopes: unknown; nullable: boolean }[] = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    const typeScopes = (type.extensions as { pothosOptions?: { authScopes?: unknown } }).pothosOptions?.authScopes;
    for (const field of Object.values(type.getFields())) {
      const own = (field.extensions as { pothosOptions?: { authScopes?: unknown } }).pothosOptions?.authScopes;
      out.push({ type: type.name, field: field.name, fieldScopes: own, typeScopes, nullable: !isNonNullType(field.type) });
    }
  }
  return out;
}
