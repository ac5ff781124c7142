import { defaultFieldResolver, GraphQLError, type GraphQLSchema, isObjectType } from 'graphql';
import { badUserInput, refuse } from './errors.ts';

/**
 * Control characters no text input may carry: C0 except tab, line feed and carriage return, DEL, and
 * C1. NUL in particular cannot be stored in PostgreSQL text.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;

export function hasControlCharacter(value: string): boolean {
  return CONTROL.test(value);
}

/** Longest free text a field takes unless it says otherwise. */
export const DEFAULT_TEXT_MAX = 4000;

/**
 * A required free-text input: trimmed; refused (`BAD_USER_INPUT`, naming the field, never echoing the
 * value) when empty, longer than `max` characters, or carrying control characters.
 */
export function requireText(value: string, field: string[], what: string, max = DEFAULT_TEXT_MAX): string {
  const name = field.at(-1);
  if (hasControlCharacter(value)) refuse('BAD_USER_INPUT', field, `${what}含有控制字符 — ${name} contains a control character`);
  const text = value.trim();
  if (text === '') refuse('BAD_USER_INPUT', field, `${what}不能为空 — ${name} must not be empty`);
  if ([...text].length > max) refuse('BAD_USER_INPUT', field, `${what}过长（最多 ${max} 字） — ${name} is longer than ${max} characters`);
  return text;
}

/** An optional free-text input: trimmed, null when empty; control characters refused. */
export function optionalText(value: string | null | undefined, field: string[] = ['input'], what = '', max = DEFAULT_TEXT_MAX): string | null {
  if (value == null || value.trim() === '') return null;
  return requireText(value, field, what, max);
}

/** Where in a field's coerced arguments a string carries a control character, or null. */
function findControlCharacter(value: unknown, path: (string | number)[]): (string | number)[] | null {
  if (typeof value === 'string') return hasControlCharacter(value) ? path : null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findControlCharacter(value[i], [...path, i]);
      if (found) return found;
    }
    return null;
  }
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    for (const [key, item] of Object.entries(value)) {
      const found = findControlCharacter(item, [...path, key]);
      if (found) return found;
    }
  }
  return null;
}

/**
 * Refuses control characters (NUL included) in every text a field's arguments carry — literals and
 * variables alike, input objects and lists included — before any resolver or database sees them:
 * a `BAD_USER_INPUT` error at that field, naming the argument path, never echoing the value.
 * Applied once to each subgraph's schema by the shared bootstrap.
 */
const guarded = new WeakSet<GraphQLSchema>();

export function refuseControlCharactersInArguments(schema: GraphQLSchema): GraphQLSchema {
  if (guarded.has(schema)) return schema;
  guarded.add(schema);
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      if (field.args.length === 0) continue;
      const resolve = field.resolve ?? defaultFieldResolver;
      field.resolve = (source, args, context, info) => {
        const found = findControlCharacter(args, []);
        if (found) {
          const name = found.join('.');
          throw badUserInput(found, `${name} 含有控制字符 — ${name} contains a control character`);
        }
        return resolve(source, args, context, info);
      };
    }
  }
  return schema;
}

/** Shortest and longest text a search takes: two characters find a Chinese name, a hundred a phrase. */
export const SEARCH_TEXT_MIN = 2;
export const SEARCH_TEXT_MAX = 100;

/**
 * 全文检索 — a search text of a list filter, checked (trimmed, 2–100 characters; `BAD_USER_INPUT`
 * naming the argument, never echoing the text), as the pattern of a `like` that finds it anywhere:
 * substring (n-gram) matching, the same on PostgreSQL and PGlite, which a `pg_trgm` GIN index speeds
 * up where the database has one. Absent or empty: null (no condition).
 */
export function searchPattern(value: string | null | undefined, argumentName: string): string | null {
  if (value == null) return null;
  const text = value.trim();
  if (text === '') return null;
  const length = [...text].length;
  if (length < SEARCH_TEXT_MIN || length > SEARCH_TEXT_MAX) {
    throw new GraphQLError(
      `检索词须为 ${SEARCH_TEXT_MIN}–${SEARCH_TEXT_MAX} 个字 — ${argumentName} must be ${SEARCH_TEXT_MIN} to ${SEARCH_TEXT_MAX} characters`,
      {
        extensions: { code: 'BAD_USER_INPUT', argumentName },
      },
    );
  }
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * A description or message in the project's form, Chinese then English (`中文 — English`). Long texts
 * are written in parts (the English in pieces joined by a space), so that no line runs past the width.
 */
export function bilingual(zh: string, ...en: string[]): string {
  return `${zh} — ${en.join(' ')}`;
}
