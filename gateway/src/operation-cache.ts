import { createRequire } from 'node:module';
import type { DefinitionNode, DocumentNode } from 'graphql';

/**
 * 结果整形的操作缓存 — the federation `Operation` each executed document is shaped by, built once per
 * document instead of once per request.
 *
 * After the query plan ran, ApolloGateway's `executeQueryPlan` shapes the subgraphs' data into the
 * answer (`computeResponse`) by the request's operation as a federation-internals `Operation`, which
 * it builds from the operation and its fragments on every request (`operationFromDocument(apiSchema,
 * …, { validate: false })`): 7 % of the gateway's busy CPU per dossier, measured with `--cpu-prof`
 * under the bench. The shaping only reads it (variables and `@include`/`@skip` are applied from the
 * request's own variables), and Apollo Server hands every request of a document its one parsed
 * document from its document cache. So the `Operation` is kept per API schema and per operation node
 * (weakly: it goes with the document, and with the schema when the supergraph is reloaded), and used
 * again when the document's fragments are the same nodes too.
 *
 * federation-internals is pinned with `@apollo/gateway` (package.json, one copy): this replaces its
 * exported `operationFromDocument`, which the gateway reads from the module at every call. Calls of
 * any other shape (the planner's, with validation or an operation name) go to it unchanged.
 */

interface Options {
  operationName?: string;
  validate?: boolean;
}
type OperationFromDocument = (schema: object, document: DocumentNode, options?: Options) => unknown;

const require = createRequire(import.meta.url);
const operations = require('@apollo/federation-internals/dist/operations.js') as { operationFromDocument: OperationFromDocument };
const original = operations.operationFromDocument;

/** Per API schema, per operation node: the fragments it was built with and the `Operation`. */
const built = new WeakMap<object, WeakMap<DefinitionNode, { fragments: readonly DefinitionNode[]; operation: unknown }>>();
let builds = 0;

function sameNodes(a: readonly DefinitionNode[], b: readonly DefinitionNode[]): boolean {
  return a.length === b.length && a.every((node, i) => node === b[i]);
}

const cached: OperationFromDocument = (schema, document, options) => {
  const [node, ...fragments] = document.definitions;
  if (
    options?.validate !== false ||
    options.operationName !== undefined ||
    node?.kind !== 'OperationDefinition' ||
    typeof schema !== 'object' ||
    schema === null
  )
    return original(schema, document, options);
  let bySchema = built.get(schema);
  if (!bySchema) {
    bySchema = new WeakMap();
    built.set(schema, bySchema);
  }
  const known = bySchema.get(node);
  if (known && sameNodes(known.fragments, fragments)) return known.operation;
  builds++;
  const operation = original(schema, document, options);
  bySchema.set(node, { fragments, operation });
  return operation;
};

/** Installs the cache (once per process; the gateway's planner module does it when loaded). */
export function cacheShapingOperations(): void {
  operations.operationFromDocument = cached;
}

/** How many shaping operations were built so far (for the tests). */
export function shapingOperationsBuilt(): number {
  return builds;
}
