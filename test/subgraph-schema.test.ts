import { printSubgraphSchema } from '@apollo/subgraph';
import { execute, type GraphQLSchema, parse, printSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import { FEDERATION_LINK, type HubBuilder } from '@hub/core';

/**
 * Each subgraph's schema (`toSubgraphSchema` in packages/core/src/builder.ts) is the one the Pothos
 * federation plugin's own `toSubGraphSchema` gives for the same builder: the same types, fields and
 * directives, the same `@link` imports, the same SDL — which `_service { sdl }` answers, printed on
 * the first request instead of at start.
 */
const BODIES = ['inspection', 'discipline', 'stationed'] as const;

function linkImports(schema: GraphQLSchema): string[] {
  const directives = (schema.extensions as { directives?: { name: string; args: { import: string[] } }[] }).directives ?? [];
  return directives.find((d) => d.name === 'link')!.args.import;
}

describe.each(BODIES)('%s subgraph schema', (body) => {
  it("is the federation plugin's schema, with the same SDL answered by _service", async () => {
    const { schema } = (await import(`../subgraphs/${body}/src/schema/index.ts`)) as { schema: GraphQLSchema };
    const { builder } = (await import(`../subgraphs/${body}/src/builder.ts`)) as { builder: HubBuilder };
    // inspection names its directives itself (an owned entity's @external field); the others leave
    // them to the builder, so the plugin computes them here as it did at every start.
    const plugin = builder.toSubGraphSchema({
      linkUrl: FEDERATION_LINK,
      ...(body === 'inspection' ? { federationDirectives: linkImports(schema) } : {}),
    });
    expect(linkImports(schema)).toEqual(linkImports(plugin));
    expect(printSchema(schema)).toBe(printSchema(plugin));
    const sdl = printSubgraphSchema(plugin);
    expect(printSubgraphSchema(schema)).toBe(sdl);
    const answer = await execute({ schema, document: parse('{ _service { sdl } }') });
    expect(answer.errors).toBeUndefined();
    expect((answer.data as { _service: { sdl: string } })._service.sdl).toBe(sdl);
    // The entity union lists the same types.
    expect(schema.getType('_Entity')?.toString()).toBe(plugin.getType('_Entity')?.toString());
    expect(Object.keys(schema.getQueryType()!.getFields())).toEqual(Object.keys(plugin.getQueryType()!.getFields()));
  });
});
