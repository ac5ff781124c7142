// Codegen plugin: the trusted-documents manifest of operations/ (SHA-256 of the canonical document
// → document), read by the gateway (gateway/src/trusted-documents.ts, which canonicalizes alike).
const { createHash } = require('node:crypto');
const { Kind, print, visit } = require('graphql');

/** An operation with the fragments it uses (sorted by name), printed. */
function canonical(operation, fragments) {
  const used = new Map();
  const pending = [operation];
  while (pending.length > 0) {
    visit(pending.pop(), {
      FragmentSpread(node) {
        const name = node.name.value;
        if (used.has(name)) return;
        const fragment = fragments.get(name);
        if (!fragment) throw new Error(`fragment ${name} is not defined in operations/`);
        used.set(name, fragment);
        pending.push(fragment);
      },
    });
  }
  const sorted = [...used.values()].sort((a, b) => a.name.value.localeCompare(b.name.value));
  return print({ kind: Kind.DOCUMENT, definitions: [operation, ...sorted] });
}

module.exports = {
  plugin(_schema, documents) {
    const definitions = documents.flatMap((file) => file.document.definitions);
    const fragments = new Map(definitions.filter((d) => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]));
    const manifest = {};
    for (const operation of definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION)) {
      const text = canonical(operation, fragments);
      manifest[createHash('sha256').update(text, 'utf8').digest('hex')] = text;
    }
    const sorted = Object.fromEntries(Object.entries(manifest).sort(([a], [b]) => a.localeCompare(b)));
    return `${JSON.stringify(sorted, null, 2)}\n`;
  },
};
