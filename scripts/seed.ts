/**
 * npm run seed -- --scale N — fills the three bodies' databases with a synthetic district N times the
 * demo's size, for benchmarks: the demo district itself plus N−1 remapped copies (packages/demo/src/scale.ts).
 * Uses <BODY>_DATABASE_URL when set, else the embedded databases under HUB_DATA_DIR (default data/),
 * migrating them first. Running it again with the same scale adds nothing.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createLogger, DEFAULT_DATA_DIR, openDatabase, type Database } from '@hub/core';
import { migrationFolder as disciplineMigrations } from '../subgraphs/discipline/src/db/migration-folder.ts';
import { loadDemoData as loadDisciplineDemo } from '../subgraphs/discipline/src/demo.ts';
import type { DisciplineDatabase } from '../subgraphs/discipline/src/db/database.ts';
import { migrationFolder as inspectionMigrations } from '../subgraphs/inspection/src/db/migration-folder.ts';
import { loadDemoData as loadInspectionDemo } from '../subgraphs/inspection/src/demo.ts';
import type { InspectionDatabase } from '../subgraphs/inspection/src/db/database.ts';
import { migrationFolder as stationedMigrations } from '../subgraphs/stationed/src/db/migration-folder.ts';
import { loadDemoData as loadStationedDemo } from '../subgraphs/stationed/src/demo.ts';
import type { StationedDatabase } from '../subgraphs/stationed/src/db/database.ts';
import { MAX_SCALE } from '../packages/demo/src/scale.ts';
import { ProgressBar } from './lib/progress.ts';
import { rowsPerCopy, seedDistrict } from './lib/seed-district.ts';

const BODIES = { inspection: 4001, discipline: 4002, stationed: 4003 } as const;
type Body = keyof typeof BODIES;

const USAGE = `usage: npm run seed -- --scale N    (N = 1 … ${MAX_SCALE}: the demo district and N−1 synthetic copies)`;

function parseScale(argv: string[]): number {
  let values: { scale?: string | undefined; help?: boolean | undefined };
  try {
    ({ values } = parseArgs({ args: argv, options: { scale: { type: 'string', short: 's' }, help: { type: 'boolean', short: 'h' } }, strict: true }));
  } catch (error) {
    fail(`${(error as Error).message}\n${USAGE}`);
  }
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const scale = Number(values.scale ?? '1');
  if (!Number.isInteger(scale) || scale < 1 || scale > MAX_SCALE)
    fail(`--scale must be a whole number from 1 to ${MAX_SCALE}, got "${values.scale}"\n${USAGE}`);
  return scale;
}

function fail(message: string): never {
  console.error(`✖ ${message}`);
  process.exit(1);
}

/** A service of the hub answering on this machine, if any (by its /health). */
async function runningService(body: Body): Promise<string | null> {
  const port = Number(process.env[`${body.toUpperCase()}_PORT`] || BODIES[body]);
  const host = process.env.HOST || '127.0.0.1';
  try {
    const response = await fetch(`http://${host}:${port}/health`, { signal: AbortSignal.timeout(1000) });
    const health = (await response.json()) as { service?: string };
    return health.service === body ? `http://${host}:${port}` : null;
  } catch {
    return null;
  }
}

/**
 * PGlite is one process's database: writing to a data folder that a running service holds would
 * corrupt it. PGlite keeps postmaster.pid in the folder while it is open.
 */
async function refuseIfInUse(body: Body, dataDir: string): Promise<void> {
  if (!existsSync(path.join(dataDir, 'postmaster.pid'))) return;
  const service = await runningService(body);
  if (service) {
    fail(
      `the ${body} service is running on ${dataDir} (${service}). PGlite databases belong to one process:\n` +
        `  stop the hub (Ctrl-C in the terminal running \`npm start\`), then run the seed again.`,
    );
  }
  fail(
    `${dataDir} is open in another process (postmaster.pid is present): stop whatever runs the hub on this data\n` +
      `  (npm start, a service, another seed) and try again. If nothing is running, a process crashed while it had the\n` +
      `  database open: remove ${path.join(dataDir, 'postmaster.pid')} and try again.`,
  );
}

const scale = parseScale(process.argv.slice(2));
const dataDir = path.resolve(process.env.HUB_DATA_DIR || DEFAULT_DATA_DIR);
const logger = createLogger({ name: 'seed', level: process.env.LOG_LEVEL || 'warn' });

const folders = { inspection: inspectionMigrations, discipline: disciplineMigrations, stationed: stationedMigrations };
const opened: Database<unknown>[] = [];
async function open<DB>(body: Body): Promise<Database<DB>> {
  const url = databaseUrl(body);
  const dir = path.join(dataDir, body);
  const database = await openDatabase<DB>({ url, dataDir: dir, migrationFolder: folders[body], logger, poolSize: 2 });
  opened.push(database as Database<unknown>);
  console.error(`${body}: ${url ? `PostgreSQL (${body.toUpperCase()}_DATABASE_URL)` : dir} — migrated`);
  return database;
}

const databaseUrl = (body: Body) => process.env[`${body.toUpperCase()}_DATABASE_URL`] || undefined;

// Before opening anything: a refusal must not leave one database opened and the others not.
for (const body of Object.keys(BODIES) as Body[]) {
  if (!databaseUrl(body)) await refuseIfInUse(body, path.join(dataDir, body));
}

const started = performance.now();
try {
  const inspection = await open<InspectionDatabase>('inspection');
  const discipline = await open<DisciplineDatabase>('discipline');
  const stationed = await open<StationedDatabase>('stationed');
  // Copy 0 is the demo district exactly as `npm start` loads it.
  await loadInspectionDemo(inspection);
  await loadDisciplineDemo(discipline);
  await loadStationedDemo(stationed);
  const total = rowsPerCopy(0) + (scale - 1) * rowsPerCopy(Math.min(1, scale - 1));
  const bar = new ProgressBar(process.stderr, total, `district ×${scale}`);
  await seedDistrict({ inspection: inspection.db, discipline: discipline.db, stationed: stationed.db }, scale, (rows) => bar.tick(rows));
  bar.done();
  console.error(`seeded a district ${scale}× the demo in ${((performance.now() - started) / 1000).toFixed(1)} s (rows that existed were left alone)`);
} catch (error) {
  console.error(`✖ seed failed: ${(error as Error).message}`);
  process.exitCode = 1;
} finally {
  for (const database of opened) await database.close();
}
