// Issue 10's measure, for test files: GraphQL documents written as strings (template or string
// literals starting with query/mutation/subscription/{), calls of query/mutateOk/querySubgraph whose
// answer is typed from a codegen'd document or has `any` in it (a string document's), and the `any`
// keywords written. Usage: npx node scripts/count-untyped-operations.cjs <test files…>
const ts = require('typescript');
const path = require('node:path');
const ROOT = path.join(__dirname, '..');
const files = process.argv.slice(2).map((f) => path.resolve(f));
const cfg = ts.getParsedCommandLineOfConfigFile(path.join(ROOT, 'tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic() {} });
const program = ts.createProgram(files, { ...cfg.options, noEmit: true });
const checker = program.getTypeChecker();
const isAny = (t, seen = new Set()) => {
  if (seen.has(t)) return false; seen.add(t);
  if (t.flags & ts.TypeFlags.Any) return true;
  if (t.isUnion?.() || t.isIntersection?.()) return t.types.some((x) => isAny(x, seen));
  const args = checker.getTypeArguments?.(t) ?? [];
  if (t.aliasTypeArguments?.some((x) => isAny(x, seen))) return true;
  if (args.some?.((x) => isAny(x, seen))) return true;
  for (const p of t.getProperties?.() ?? []) { if (p.name === 'data') { const pt = checker.getTypeOfSymbol(p); if (isAny(pt, seen)) return true; } }
  return false;
};
const docRe = /^\s*(query|mutation|subscription)\b|^\s*\{\s*[_a-zA-Z]/;
let T = { docs: 0, typed: 0, untyped: 0, any: 0 };
for (const f of files) {
  const sf = program.getSourceFile(f); const c = { docs: 0, typed: 0, untyped: 0, any: 0 };
  const visit = (n) => {
    if ((ts.isNoSubstitutionTemplateLiteral(n) || ts.isTemplateExpression(n) || ts.isStringLiteral(n))) {
      const text = ts.isTemplateExpression(n) ? n.head.text : n.text;
      if (docRe.test(text)) c.docs++;
    }
    if (n.kind === ts.SyntaxKind.AnyKeyword) c.any++;
    if (ts.isCallExpression(n)) {
      const e = n.expression; const name = ts.isPropertyAccessExpression(e) ? e.name.text : ts.isIdentifier(e) ? e.text : '';
      if (['query', 'mutateOk', 'querySubgraph'].includes(name) && n.arguments.length > 0) {
        const sig = checker.getResolvedSignature(n); const rt = sig && checker.getReturnTypeOfSignature(sig);
        const awaited = rt && (checker.getAwaitedType(rt) ?? rt);
        // A `query` that answers no GraphQL response (pg's, kysely's) is not counted.
        const text = awaited && checker.typeToString(awaited);
        const graphql = name !== 'query' || !text || /GraphQLResponse|data\??:/.test(text) || awaited.flags & ts.TypeFlags.Any;
        if (graphql) {
          if (awaited && isAny(awaited)) c.untyped++;
          else c.typed++;
        }
      }
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  console.log(`${String(c.docs).padStart(3)} string docs ${String(c.typed).padStart(3)} typed calls ${String(c.untyped).padStart(3)} untyped(any) calls ${String(c.any).padStart(3)} any  ${path.relative(ROOT, f)}`);
  for (const k in T) T[k] += c[k];
}
console.log(`${String(T.docs).padStart(3)} string docs ${String(T.typed).padStart(3)} typed calls ${String(T.untyped).padStart(3)} untyped(any) calls ${String(T.any).padStart(3)} any  TOTAL`);
