// Codegen schema loader: one subgraph's own executable schema (pointer `subgraph:<body>`), as the
// gateway sees it — `_entities` and `_Any` included, which the printed subgraph SDL leaves out — so
// the documents of that subgraph's tests (subgraphs/<body>/test/operations/) are typed against it.
const path = require('node:path');
const { buildSchema } = require('graphql');

module.exports = async function loadSubgraphSchema(pointer) {
  const body = /^subgraph:(\w+)$/.exec(pointer)?.[1];
  if (!body) throw new Error(`codegen-subgraph-schema: expected "subgraph:<body>", got ${pointer}`);
  const app = await import(path.join(__dirname, '..', 'subgraphs', body, 'src', 'app.ts'));
  // Printed with the graphql module the subgraph was built with, rebuilt with codegen's own.
  const { printSchema } = await import('graphql');
  return buildSchema(printSchema(app.schema));
};
