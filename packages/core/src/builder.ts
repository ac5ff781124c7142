import { printSubgraphSchema } from '@apollo/subgraph';
import { EntityType, entitiesField, serviceField } from '@apollo/subgraph/dist/types.js';
import SchemaBuilder from '@pothos/core';
import DirectivesPlugin from '@pothos/plugin-directives';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import FederationPlugin, { hasResolvableKey } from '@pothos/plugin-federation';
import RelayPlugin from '@pothos/plugin-relay';
import {
  type GraphQLFieldConfigMap,
  GraphQLList,
  GraphQLNonNull,
  GraphQLObjectType,
  GraphQLSchema,
  GraphQLUnionType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  lexicographicSortSchema,
} from 'graphql';
import type { HubAuthScopes, SubgraphContext } from './context.ts';
import { forbiddenError, REFUSABLE_NULLABLE_PLUGIN } from './policy.ts';
import { hubScalars, type HubScalars } from './scalars.ts';

/** Federation spec every subgraph links. */
export const FEDERATION_LINK = 'https://specs.apollo.dev/federation/v2.11';

export interface HubSchemaTypes<Ctx extends SubgraphContext> {
  Context: Ctx;
  AuthScopes: HubAuthScopes;
  Scalars: HubScalars;
  DefaultFieldNullability: false;
  DefaultInputFieldRequiredness: true;
  Connection: { totalCount: () => Promise<number> };
}

/**
 * The Pothos builder every subgraph starts from: federation, cursor connections with a lazy
 * `totalCount`, the hub's scalars, non-null fields by default. It defines no domain types.
 */
export function createSubgraphBuilder<Ctx extends SubgraphContext>() {
  const builder = new SchemaBuilder<HubSchemaTypes<Ctx>>({
    // Auth first, so no other plugin's wrapper runs before the check; federation last.
    // The nullable pass sees every field last, after relay has added its connection fields.
    plugins: [ScopeAuthPlugin, RelayPlugin, DirectivesPlugin, FederationPlugin, REFUSABLE_NULLABLE_PLUGIN],
    scopeAuth: {
      authScopes: (ctx) => ({
        role: (wanted) => (Array.isArray(wanted) ? wanted : [wanted]).some((role) => ctx.viewer.roles.includes(role)),
        stationedGroup: (id) => ctx.viewer.scopes.stationedGroupIds.includes(id),
        inspectionTeam: (ids) => (Array.isArray(ids) ? ids : [ids]).some((id) => ctx.viewer.scopes.inspectionTeamIds.includes(id)),
        department: (id) => ctx.viewer.scopes.departmentIds.includes(id),
        zone: (id) => ctx.viewer.scopes.zoneIds.includes(id),
        service: (bodies) => ctx.viewer.service !== undefined && (Array.isArray(bodies) ? bodies : [bodies]).includes(ctx.viewer.service),
      }),
      unauthorizedError: (_parent, _ctx, info, result) => forbiddenError(info, result.message),
    },
    defaultFieldNullability: false,
    defaultInputFieldRequiredness: true,
    relay: {
      clientMutationId: 'omit',
      cursorType: 'String',
      nodeQueryOptions: false,
      nodesQueryOptions: false,
      pageInfoTypeOptions: {
        shareable: true,
        description: '分页信息 — Cursor pagination state of a connection.',
      },
      hasNextPageFieldOptions: { description: '是否还有下一页 — Whether more items follow.' },
      hasPreviousPageFieldOptions: { description: '是否还有上一页 — Whether items precede.' },
      startCursorFieldOptions: { description: '首项游标 — Cursor of the first item.' },
      endCursorFieldOptions: { description: '末项游标 — Cursor of the last item.' },
      firstArgOptions: { description: '取前 N 项（最多 100） — Number of items after the cursor (at most 100).' },
      afterArgOptions: { description: '从此游标之后开始 — Start after this cursor.' },
      lastArgOptions: { description: '取后 N 项（最多 100） — Number of items before the cursor (at most 100).' },
      beforeArgOptions: { description: '到此游标之前为止 — End before this cursor.' },
      edgesFieldOptions: { description: '边 — Edges of this page.' },
      pageInfoFieldOptions: { description: '分页信息 — Pagination state.' },
      cursorFieldOptions: { description: '游标 — Opaque cursor of this edge.' },
      nodeFieldOptions: { description: '节点 — The item.' },
    },
  });
  for (const [name, scalar] of Object.entries(hubScalars)) {
    builder.addScalarType(name as keyof HubScalars, scalar);
  }
  builder.globalConnectionField('totalCount', (t) =>
    t.int({
      description: '符合条件的总数 — Number of items matching the filter, across all pages.',
      resolve: (connection) => connection.totalCount(),
    }),
  );
  return builder;
}

export type HubBuilder = ReturnType<typeof createSubgraphBuilder<any>>;

/** The directives the federation plugin puts on types, fields and values (its `getUsedDirectives` records these). */
const PLUGIN_DIRECTIVES = new Set([
  'key',
  'interfaceObject',
  'extends',
  'requires',
  'external',
  'provides',
  'override',
  'inaccessible',
  'shareable',
  'authenticated',
  'requiresScopes',
  'policy',
  'cost',
  'listSize',
  'tag',
]);

function directiveNames(extensions: { directives?: unknown } | null | undefined): string[] {
  const directives = extensions?.directives;
  if (!directives) return [];
  return Array.isArray(directives) ? directives.map((d: { name: string }) => d.name) : Object.keys(directives);
}

/** The federation directives a built schema uses, as the plugin names them for the `@link` import. */
function usedFederationDirectives(schema: GraphQLSchema): string[] {
  const used = new Set<string>();
  const note = (extensions: { directives?: unknown } | null | undefined) => {
    for (const name of directiveNames(extensions)) if (PLUGIN_DIRECTIVES.has(name)) used.add(name);
  };
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith('__')) continue;
    note(type.extensions);
    if (isObjectType(type) || isInterfaceType(type)) {
      for (const field of Object.values(type.getFields())) {
        note(field.extensions);
        for (const arg of field.args) note(arg.extensions);
      }
    }
    if (isInputObjectType(type)) for (const field of Object.values(type.getFields())) note(field.extensions);
    if (isEnumType(type)) for (const value of type.getValues()) note(value.extensions);
  }
  return [...used].map((d) => `@${d}`).sort();
}

/**
 * The subgraph schema. `federationDirectives` lists the directives the `@link` imports, when the
 * builder cannot tell them all (an owned entity's `@external` field for a `@requires`).
 *
 * What the federation plugin's `toSubGraphSchema` builds (the same schema, `_entities` and `_service`
 * added to Query, sorted), except that `_service { sdl }` is printed when first asked for instead of
 * at every start: printing a subgraph schema builds and validates it again in Apollo's federation
 * library (about 0.3 s of CPU per service start), and only composition tools ask for it.
 * test/subgraph-schema.test.ts checks that both give the same schema and SDL.
 */
export function toSubgraphSchema(builder: HubBuilder, options: { federationDirectives?: string[] } = {}): GraphQLSchema {
  const federationDirectives = options.federationDirectives ?? usedFederationDirectives(builder.toSchema());
  const schema = builder.toSchema({
    extensions: { directives: [{ name: 'link', args: { url: FEDERATION_LINK, import: federationDirectives } }] },
  });
  const queryType = schema.getQueryType();
  const types = schema.getTypeMap();
  const entityTypes = Object.values(types).filter((type) => isObjectType(type) && hasResolvableKey(type)) as GraphQLObjectType[];
  let sdl: string | undefined;
  const newQuery: GraphQLObjectType = new GraphQLObjectType({
    name: queryType?.name ?? 'Query',
    description: queryType?.description,
    astNode: queryType?.astNode,
    extensions: queryType?.extensions,
    fields: () => {
      const updatedEntityType = new GraphQLUnionType({
        ...EntityType.toConfig(),
        types: entityTypes.map((type) => (type === queryType ? newQuery : type)),
      });
      return {
        ...(entityTypes.length > 0 && { _entities: { ...entitiesField, type: new GraphQLNonNull(new GraphQLList(updatedEntityType)) } }),
        _service: {
          ...serviceField,
          resolve: () => {
            sdl ??= printSubgraphSchema(sorted);
            return { sdl };
          },
        },
        ...(queryType?.toConfig().fields as GraphQLFieldConfigMap<unknown, unknown> | undefined),
      };
    },
  });
  const sorted = lexicographicSortSchema(
    new GraphQLSchema({
      query: newQuery,
      mutation: schema.getMutationType(),
      subscription: schema.getSubscriptionType(),
      extensions: schema.extensions,
      directives: schema.getDirectives(),
      extensionASTNodes: schema.extensionASTNodes,
      types: [...Object.values(types).filter((type) => type.name !== 'Query'), newQuery],
    }),
  );
  return sorted;
}
