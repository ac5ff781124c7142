/**
 * npm run check-references — lists every dangling cross-body reference of a RUNNING hub, walking the
 * graph through the gateway as a commission leader. Exit code 1 when any reference dangles.
 *
 *   --url <gateway GraphQL URL>   default http://127.0.0.1:$GATEWAY_PORT/graphql (4000)
 *   --token <leader token>        default $HUB_TOKEN, else a development leader token signed with the
 *                                 local development key under $HUB_DATA_DIR (default data/), as npm start does
 */
import { parseArgs } from 'node:util';
import { DEFAULT_DATA_DIR, issueDevToken, loadDevKeys, PURPOSE_HEADER } from '@hub/core';
import { checkReferences } from './lib/check-references.ts';

const { values } = parseArgs({ options: { url: { type: 'string' }, token: { type: 'string' } }, strict: true });
const url = values.url ?? `http://${process.env.HOST || '127.0.0.1'}:${process.env.GATEWAY_PORT || '4000'}/graphql`;
const token =
  values.token ??
  process.env.HUB_TOKEN ??
  (await issueDevToken(await loadDevKeys(process.env.HUB_DATA_DIR || DEFAULT_DATA_DIR), { staffId: 'dev-reference-check', roles: ['leader'] }, 600));

const report = await checkReferences(async (query, variables) => {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${token}`,
      [PURPOSE_HEADER]: encodeURIComponent('跨单位引用一致性检查 — reference consistency check'),
    },
    body: JSON.stringify({ query, variables }),
  }).catch(() => {
    console.error(`✖ 无法连接网关 — cannot reach the gateway at ${url}: is the hub running? (npm start, or --url)`);
    process.exit(2);
  });
  return (await response.json()) as never;
});

const total = Object.values(report.checked).reduce((n, count) => n + count, 0);
for (const [kind, count] of Object.entries(report.checked).sort()) console.log(`  ${kind.padEnd(42)} ${count}`);
console.log(`${total} cross-body references checked, ${report.dangling.length} dangling.`);
for (const ref of report.dangling) console.log(`  ✖ ${ref.from} → ${ref.target} ${ref.id}`);
process.exit(report.dangling.length === 0 ? 0 : 1);
