/**
 * npm run bench — load test through the gateway on real PostgreSQL: a throwaway cluster, a
 * synthetic registry, then autocannon against typical queries. Prints throughput and latency and
 * exits non-zero when a target is missed. Options: --units N (default 2000), --seconds S (default 10).
 */
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import pg from 'pg';
import { makeUscc } from '@hub/core';
import { insertPetitions } from '../subgraphs/discipline/src/db/petitions.ts';
import { insertUnits } from '../subgraphs/inspection/src/db/units.ts';
import { insertGroup } from '../subgraphs/stationed/src/db/groups.ts';
import { BODIES, startHub } from './lib/local-hub.ts';
import { startCluster } from './lib/postgres.ts';

const { values } = parseArgs({ options: { units: { type: 'string', default: '2000' }, seconds: { type: 'string', default: '10' } } });
const unitCount = Number(values.units);
const seconds = Number(values.seconds);

/** Targets on this project's reference machine (2 cores): latency at the 99th percentile, and throughput. */
const TARGETS = {
  'unit overview, 50 units across 3 subgraphs': { p99Ms: 300, minRps: 50 },
  'one unit by code': { p99Ms: 100, minRps: 200 },
} as const;

const cluster = await startCluster();
const admin = new pg.Client({ connectionString: cluster.url('postgres') });
await admin.connect();
for (const body of BODIES) await admin.query(`create database bench_${body}`);
await admin.end();

const hub = await startHub(
  { databases: Object.fromEntries(BODIES.map((b) => [b, cluster.url(`bench_${b}`)])) as Record<(typeof BODIES)[number], string> },
  { logLevel: 'warn' },
);
let failed = false;
try {
  process.stdout.write(`Seeding ${unitCount} units with petitions and stationed coverage … `);
  const codes = Array.from({ length: unitCount }, (_, i) => makeUscc('11', '340499', `BN${String(i).padStart(6, '0')}`));
  for (let i = 0; i < codes.length; i += 500) {
    const slice = codes.slice(i, i + 500);
    await insertUnits(hub.inspection.database.db, slice.map((code, j) => ({ code, name: `基准单位${i + j}`, kind: 'VILLAGE', level: 'VILLAGE', township: `镇${(i + j) % 12}`, parentCode: null })));
    await insertPetitions(
      hub.discipline.database.db,
      slice.flatMap((code, j) => Array.from({ length: (i + j) % 5 }, (_, k) => ({ receivedOn: `202${k % 4}-0${(k % 9) + 1}-15`, channel: 'LETTER' as const, category: 'HEDONISM' as const, named: false, subjectUnitCode: code, summary: '基准' }))),
    );
  }
  for (let g = 0; g < 10; g++) {
    await insertGroup(hub.stationed.database.db, { id: crypto.randomUUID(), name: `基准派驻组${g}` }, codes.filter((_, i) => i % 10 === g).map((unitCode) => ({ unitCode, startOn: '2020-01-01', endOn: null })));
  }
  console.log('done.');

  const token = await hub.tokenFor({ role: 'analyst' });
  const scenarios = [
    {
      name: 'unit overview, 50 units across 3 subgraphs' as const,
      body: { query: `{ units(first: 50) { totalCount edges { node { code name petitionSummary { year category count } stationedGroup { name } } } } }` },
    },
    { name: 'one unit by code' as const, body: { query: `query($c: UnitCode!) { unit(code: $c) { name petitionSummary { count } stationedGroup { name } } }`, variables: { c: codes[Math.floor(unitCount / 2)] } } },
  ];
  for (const scenario of scenarios) {
    const warm = await hub.query(scenario.body.query, scenario.body.variables, { as: { token } });
    if (warm.errors) throw new Error(`${scenario.name}: ${JSON.stringify(warm.errors)}`);
    const result = await autocannon({
      url: hub.url,
      method: 'POST',
      connections: 10,
      duration: seconds,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(scenario.body),
    });
    const target = TARGETS[scenario.name];
    const ok = result.latency.p99 <= target.p99Ms && result.requests.average >= target.minRps && result.non2xx === 0 && result.errors === 0;
    failed ||= !ok;
    console.log(
      `${ok ? 'PASS' : 'MISS'}  ${scenario.name}: ${result.requests.average.toFixed(0)} req/s (target ≥ ${target.minRps}), ` +
        `latency p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms (target ≤ ${target.p99Ms}), ${result.non2xx} non-2xx, ${result.errors} errors`,
    );
  }
} finally {
  await hub.stop();
  await cluster.stop();
}
process.exit(failed ? 1 : 0);
