import { readFileSync } from 'node:fs';
import {
  buildSchema,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLOutputType,
  type GraphQLSchema,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
} from 'graphql';
import { ROLES, type Role } from '@hub/core';
import type { Hub } from '../support/hub.ts';

/** A small seeded generator (mulberry32), so a failing run can be repeated. */
export function random(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)]!;
  return { next, int, pick, chance: (p: number) => next() < p };
}
type Random = ReturnType<typeof random>;

export const API_SCHEMA: GraphQLSchema = buildSchema(readFileSync(new URL('../../api-schema.graphql', import.meta.url), 'utf8'));

const HOSTILE_STRINGS = [
  '',
  '\u0000',
  'a\u0000b',
  "' or 1=1 --",
  '"; drop table petition; --',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a hostile string sent as it is
  '${jndi:ldap://x}',
  '<script>alert(1)</script>',
  '\ud800',
  '長'.repeat(3000),
  'x'.repeat(70_000),
  '../../etc/passwd',
  '%00%ff',
  '11340499MB0020001A',
  '2024-02-30',
  '2024-01-01T00:00:00+08:00',
  '99999999999999999999.999',
  '-1',
  'NaN',
  '00000000-0000-0000-0000-000000000000',
  '__proto__',
];

function hostileScalar(r: Random): unknown {
  switch (r.int(9)) {
    case 0:
      return r.pick(HOSTILE_STRINGS);
    case 1:
      return r.pick([0, -1, 1, 2 ** 31, -(2 ** 31) - 1, 2 ** 53 + 1, 1e308, -0, 0.5]);
    case 2:
      return r.pick([true, false, null]);
    case 3:
      return [r.pick(HOSTILE_STRINGS), 1, null];
    case 4:
      return { __proto__: { polluted: true }, constructor: { prototype: { x: 1 } } };
    case 5:
      return JSON.parse('{"__proto__": {"isAdmin": true}}');
    case 6: {
      let nested: unknown = 'deep';
      for (let i = 0; i < 200; i++) nested = { a: nested };
      return nested;
    }
    case 7:
      return Array.from({ length: 2000 }, (_, i) => i);
    default:
      return `fuzz-${r.int(1e9)}`;
  }
}

/** A value for an input type: mostly well-formed, sometimes hostile. */
function inputValue(type: GraphQLInputType, r: Random, depth = 0): unknown {
  if (r.chance(0.15) || depth > 4) return hostileScalar(r);
  if (isNonNullType(type)) return inputValue(type.ofType, r, depth);
  if (isListType(type)) return Array.from({ length: r.int(3) }, () => inputValue(type.ofType, r, depth + 1));
  if (isEnumType(type)) return r.chance(0.9) ? r.pick(type.getValues()).value : 'NOT_A_VALUE';
  if (isInputObjectType(type)) {
    const out: Record<string, unknown> = {};
    for (const field of Object.values(type.getFields())) if (isNonNullType(field.type) || r.chance(0.5)) out[field.name] = inputValue(field.type, r, depth + 1);
    if (r.chance(0.1)) out.unexpected = r.pick(HOSTILE_STRINGS);
    return out;
  }
  if (isScalarType(type)) {
    switch (type.name) {
      case 'Int':
        return r.pick([1, 5, 2020, 2024, -1, 0, 101, 2 ** 31 - 1]);
      case 'Boolean':
        return r.chance(0.5);
      case 'UnitCode':
        return r.pick(['11340499MB0020001A', '91340400MA2N0J5R4U', 'x']);
      case 'Date':
        return r.pick(['2024-03-01', '2020-01-01', '2024-13-01']);
      case 'DateTime':
        return r.pick(['2024-03-01T09:00:00+08:00', '2024-03-01']);
      case 'Money':
        return r.pick(['1.00', '0', '-5.5', '1e9']);
      default:
        return r.pick(HOSTILE_STRINGS.slice(0, 8).concat(['00000000-0000-4000-8000-000000000001']));
    }
  }
  return null;
}

function selection(type: GraphQLOutputType, r: Random, depth: number): string {
  const named = getNamedType(type);
  if (isLeafType(named)) return '';
  if (!isObjectType(named) || depth > 3) return '{ __typename }';
  const fields = Object.values(named.getFields());
  const chosen = Array.from({ length: 1 + r.int(3) }, () => r.pick(fields));
  const parts = chosen.map((field) => `${field.name}${argumentsFor(field, r)} ${selection(field.type, r, depth + 1)}`);
  return `{ __typename ${parts.join(' ')} }`;
}

function argumentsFor(field: GraphQLField<unknown, unknown>, r: Random): string {
  const args = field.args.filter((arg) => isNonNullType(arg.type) || r.chance(0.3));
  if (args.length === 0) return '';
  return `(${args.map((arg) => `${arg.name}: ${JSON.stringify(inputValue(arg.type, r))?.replace(/"(\w+)":/g, '$1:') ?? 'null'}`).join(', ')})`;
}

/** A random operation over the API schema, with variables for one root field. */
function schemaOperation(r: Random): { query: string; variables?: unknown; operationName?: string } {
  const mutation = r.chance(0.3);
  const root = (mutation ? API_SCHEMA.getMutationType() : API_SCHEMA.getQueryType())!;
  const field = r.pick(Object.values(root.getFields()));
  if (r.chance(0.5) && field.args.length > 0) {
    const defs = field.args.map((arg) => `$${arg.name}: ${String(arg.type)}`).join(', ');
    const args = field.args.map((arg) => `${arg.name}: $${arg.name}`).join(', ');
    const variables = Object.fromEntries(field.args.map((arg) => [arg.name, inputValue(arg.type, r)]));
    return {
      query: `${mutation ? 'mutation' : 'query'} Fuzz(${defs}) { ${field.name}(${args}) ${selection(field.type, r, 1)} }`,
      variables,
      operationName: r.chance(0.9) ? 'Fuzz' : 'Other',
    };
  }
  return { query: `${mutation ? 'mutation' : ''} { ${field.name}${argumentsFor(field, r)} ${selection(field.type, r, 1)} }` };
}

const TOKENS = [
  '{',
  '}',
  '(',
  ')',
  '[',
  ']',
  ':',
  '$',
  '...',
  '@',
  '!',
  '=',
  '|',
  '&',
  'query',
  'mutation',
  'subscription',
  'fragment',
  'on',
  'units',
  'unit',
  'petitions',
  'edges',
  'node',
  '__schema',
  '__type',
  '__typename',
  'first:',
  '100',
  '"x"',
  '"""',
  '#',
  '\n',
  'null',
  'true',
  '1e999',
  'code:',
  '$v',
  '@include(if: true)',
  '@skip',
  'directive',
  'schema',
  'extend',
  'type',
];

function tokenSoup(r: Random): string {
  return Array.from({ length: 1 + r.int(60) }, () => r.pick(TOKENS)).join(' ');
}

function nestedQuery(r: Random): string {
  const depth = 5 + r.int(40);
  return `{ ${'units(first: 100) { edges { node { subUnits { '.repeat(depth)}code${' } } } }'.repeat(depth)} }`;
}

export type FuzzRequest = { role: Role | 'anonymous' | 'bad-token'; body: string; contentType: string; headers: Record<string, string> };

export function fuzzRequest(r: Random, trustedDocuments: string[]): FuzzRequest {
  // Half the requests from the ad-hoc roles, so random documents get past the trusted-document check.
  const role = r.chance(0.05) ? r.pick(['anonymous', 'bad-token'] as const) : r.chance(0.5) ? r.pick(['leader', 'analyst'] as const) : r.pick(ROLES);
  const headers: Record<string, string> = {};
  if (r.chance(0.2)) headers['x-access-purpose'] = r.pick(['%E6%A0%B8%E6%9F%A5', '%ZZ', 'x'.repeat(5000), '%00%0a']);
  if (r.chance(0.2)) headers['x-request-id'] = r.pick(['abc', 'x'.repeat(500), '../../', '']);
  let payload: unknown;
  switch (r.int(8)) {
    case 0: {
      // Malformed JSON.
      const text = JSON.stringify(schemaOperation(r));
      const broken = r.pick([
        text.slice(0, r.int(text.length)),
        `${text}}`,
        text.replace(/"/g, "'"),
        '\u0000',
        '[',
        'null',
        '"query"',
        '{"query": {"a": 1}}',
        '{"query": "{ __typename }", "variables": "x"}',
        '{"__proto__": {"query": "{ __typename }"}}',
      ]);
      return {
        role,
        body: broken,
        contentType: r.chance(0.9) ? 'application/json' : r.pick(['text/plain', 'application/x-www-form-urlencoded', 'application/graphql']),
        headers,
      };
    }
    case 1:
      payload = { query: tokenSoup(r) };
      break;
    case 2:
      payload = { query: nestedQuery(r) };
      break;
    case 3: {
      const document = r.pick(trustedDocuments);
      const variableNames = [...document.matchAll(/\$(\w+):/g)].map((m) => m[1]!);
      payload = { query: document, variables: Object.fromEntries(variableNames.map((name) => [name, hostileScalar(r)])) };
      break;
    }
    case 4:
      payload = {
        extensions: { persistedQuery: r.pick([{ version: 1, sha256Hash: 'f'.repeat(64) }, { version: 1 }, null, 'x', { version: 1, sha256Hash: { $ne: 1 } }]) },
        query: r.chance(0.5) ? '{ __typename }' : undefined,
      };
      break;
    default:
      payload = schemaOperation(r);
  }
  return { role, body: JSON.stringify(payload), contentType: 'application/json', headers };
}

/** Sends `count` fuzzed requests, `concurrency` at a time; returns the status counts. */
export async function fuzz(hub: Hub, options: { seed: number; count: number; concurrency: number; trustedDocuments: string[] }) {
  const r = random(options.seed);
  const tokens = new Map<string, string>();
  for (const role of ROLES) tokens.set(role, await hub.tokenFor({ role, staffId: `fuzz-${role}` }, 3600));
  const statuses = new Map<number, number>();
  const serverErrors: { request: FuzzRequest; status: number; body: string }[] = [];
  const requests = Array.from({ length: options.count }, () => fuzzRequest(r, options.trustedDocuments));
  let next = 0;
  const worker = async () => {
    while (next < requests.length) {
      const request = requests[next++]!;
      const headers: Record<string, string> = { 'content-type': request.contentType, ...request.headers };
      if (request.role === 'bad-token') headers.authorization = 'Bearer eyJhbGciOiJub25lIn0.e30.';
      else if (request.role !== 'anonymous') headers.authorization = `Bearer ${tokens.get(request.role)!}`;
      let status: number;
      let body = '';
      try {
        const response = await fetch(hub.url, { method: 'POST', headers, body: request.body });
        status = response.status;
        body = await response.text();
      } catch (error) {
        status = 599; // the connection failed: counted as a server failure, with the reason
        const cause = (error as { cause?: { code?: string; message?: string } }).cause;
        body = `${(error as Error).message}: ${cause?.code ?? ''} ${cause?.message ?? ''}`;
      }
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
      if (status >= 500) serverErrors.push({ request, status, body: body.slice(0, 300) });
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  return { statuses: Object.fromEntries([...statuses].sort(([a], [b]) => a - b)), serverErrors };
}
