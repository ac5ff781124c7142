import { fieldScopes } from '@hub/core';
import { type GraphQLObjectType, type GraphQLSchema, getNamedType, isObjectType, isUnionType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { PUBLIC_FIELDS as DISCIPLINE_PUBLIC } from '../../subgraphs/discipline/src/policy.ts';
import { schema as discipline } from '../../subgraphs/discipline/src/schema/index.ts';
import { PUBLIC_FIELDS as INSPECTION_PUBLIC } from '../../subgraphs/inspection/src/policy.ts';
import { schema as inspection } from '../../subgraphs/inspection/src/schema/index.ts';
import { PUBLIC_FIELDS as STATIONED_PUBLIC } from '../../subgraphs/stationed/src/policy.ts';
import { schema as stationed } from '../../subgraphs/stationed/src/schema/index.ts';

/**
 * Deny by default (DESIGN §6, issue 10): every field of every built subgraph schema is guarded by its
 * own scope, by its type's scope, or by inheritance — its type is reached only through guarded
 * fields (connections, payloads, counts), and is not an entity `_entities` could fetch directly — or
 * it is on the subgraph's reviewed public list in `src/policy.ts`.
 */
export function unguardedFields(schema: GraphQLSchema, publicFields: Record<string, string>): string[] {
  const all = fieldScopes(schema).filter((f) => !f.type.startsWith('_') && !f.field.startsWith('_'));
  const entities = new Set<string>();
  const entityUnion = schema.getType('_Entity');
  if (isUnionType(entityUnion)) for (const t of entityUnion.getTypes()) entities.add(t.name);
  const returning = new Map<string, { type: string; field: string }[]>();
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      if (field.name.startsWith('_')) continue;
      const target = getNamedType(field.type).name;
      returning.set(target, [...(returning.get(target) ?? []), { type: type.name, field: field.name }]);
    }
  }
  const byKey = new Map(all.map((f) => [`${f.type}.${f.field}`, f]));
  const typeScoped = new Set(all.filter((f) => f.typeScopes !== undefined).map((f) => f.type));
  const returns = (type: string, field: string) => getNamedType((schema.getType(type) as GraphQLObjectType).getFields()[field]!.type).name;
  const guardedType = new Map<string, boolean>();
  const fieldGuarded = (type: string, field: string): boolean => {
    const f = byKey.get(`${type}.${field}`);
    // A field returning a type with its own scope is refused by that scope (the type's rule).
    return (
      f !== undefined &&
      (f.fieldScopes !== undefined ||
        f.typeScopes !== undefined ||
        guardedType.get(type) === true ||
        typeScoped.has(returns(type, field)) ||
        `${type}.${field}` in publicFields)
    );
  };
  // Fixpoint: a type inherits when every field returning it is guarded.
  for (let changed = true; changed; ) {
    changed = false;
    for (const type of new Set(all.map((f) => f.type))) {
      if (guardedType.get(type) || entities.has(type) || type === 'Query' || type === 'Mutation') continue;
      const parents = returning.get(type) ?? [];
      if (parents.length > 0 && parents.every((p) => fieldGuarded(p.type, p.field))) {
        guardedType.set(type, true);
        changed = true;
      }
    }
  }
  return all.filter((f) => !fieldGuarded(f.type, f.field)).map((f) => `${f.type}.${f.field}`);
}

describe('deny by default: every field has a scope, inherits one, or is on the reviewed public list', () => {
  for (const [name, schema, list] of [
    ['inspection', inspection, INSPECTION_PUBLIC],
    ['discipline', discipline, DISCIPLINE_PUBLIC],
    ['stationed', stationed, STATIONED_PUBLIC],
  ] as const) {
    it(name, () => {
      expect(unguardedFields(schema, list)).toEqual([]);
    });
    it(`${name}: the public list names only fields that exist and says why`, () => {
      const fields = new Set(fieldScopes(schema).map((f) => `${f.type}.${f.field}`));
      for (const [field, reason] of Object.entries(list)) {
        expect(fields.has(field), field).toBe(true);
        expect(reason.length, field).toBeGreaterThan(5);
      }
    });
  }
});
