import SchemaBuilder from '@pothos/core';
import DirectivesPlugin from '@pothos/plugin-directives';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import FederationPlugin from '@pothos/plugin-federation';
import RelayPlugin from '@pothos/plugin-relay';
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

/**
 * The subgraph schema. `federationDirectives` lists the directives the `@link` imports, when the
 * builder cannot tell them all (an owned entity's `@external` field for a `@requires`).
 */
export function toSubgraphSchema(builder: HubBuilder, options: { federationDirectives?: string[] } = {}) {
  return builder.toSubGraphSchema({ linkUrl: FEDERATION_LINK, ...options });
}
