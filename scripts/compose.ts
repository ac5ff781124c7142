/**
 * npm run compose            prints each subgraph's SDL and composes supergraph.graphql offline.
 * npm run compose -- --check fails when the committed files differ from what the code produces.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { compose, readSubgraphConfig, ROOT, staleFiles } from './lib/composition.ts';

const check = process.argv.includes('--check');
const entries = await readSubgraphConfig();
const output = await compose(entries);

if (output.errors.length > 0) {
  console.error(`组合失败 — composition failed with ${output.errors.length} error(s):\n`);
  for (const error of output.errors) console.error(`  • ${error}\n`);
  process.exit(1);
}

if (check) {
  const stale = await staleFiles(output);
  if (stale.length > 0) {
    console.error(`Stale schema files (run \`npm run compose\` and commit them):\n${stale.map((f) => `  - ${f}`).join('\n')}`);
    process.exit(1);
  }
  console.log(`Schema files are up to date (${output.files.size} files, ${entries.length} subgraphs).`);
} else {
  for (const [file, content] of output.files) {
    await writeFile(path.join(ROOT, file), content);
    console.log(`wrote ${file}`);
  }
}
