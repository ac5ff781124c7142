/**
 * npm run check-rules [-- --scale N] — proves that no record of the demo district (packages/demo, as
 * `npm start` loads it) or of a seeded district (`npm run seed -- --scale N`, default 2: the demo and
 * one synthetic copy) breaks a date, order, role or recusal rule the hub enforces on new input, or a
 * cross-body rule (a feedback meeting's commission leader; a stationed group's briefing on a unit it oversaw).
 * Builds the databases in a throwaway folder, so it never touches data/ — or, when <BODY>_DATABASE_URL
 * are set (as for `npm run seed`), in those PostgreSQL databases. Exit code 1 on any violation.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createLogger, openDatabase, todayInShanghai } from '@hub/core';
import { MAX_SCALE } from '../packages/demo/src/scale.ts';
import { migrationFolder as disciplineMigrations } from '../subgraphs/discipline/src/db/migration-folder.ts';
import type { DisciplineDatabase } from '../subgraphs/discipline/src/db/database.ts';
import { loadDemoData as loadDisciplineDemo } from '../subgraphs/discipline/src/demo.ts';
import { migrationFolder as inspectionMigrations } from '../subgraphs/inspection/src/db/migration-folder.ts';
import type { InspectionDatabase } from '../subgraphs/inspection/src/db/database.ts';
import { loadDemoData as loadInspectionDemo } from '../subgraphs/inspection/src/demo.ts';
import { migrationFolder as stationedMigrations } from '../subgraphs/stationed/src/db/migration-folder.ts';
import type { StationedDatabase } from '../subgraphs/stationed/src/db/database.ts';
import { loadDemoData as loadStationedDemo } from '../subgraphs/stationed/src/demo.ts';
import { checkRules } from './lib/check-rules.ts';
import { seedDistrict } from './lib/seed-district.ts';

const { values } = parseArgs({ options: { scale: { type: 'string', short: 's' } }, strict: true });
const scale = Number(values.scale ?? '2');
if (!Number.isInteger(scale) || scale < 1 || scale > MAX_SCALE) {
  console.error(`✖ --scale must be a whole number from 1 to ${MAX_SCALE}`);
  process.exit(2);
}

const logger = createLogger({ name: 'check-rules', level: process.env.LOG_LEVEL || 'warn' });
const dir = await mkdtemp(path.join(tmpdir(), 'hub-check-rules-'));
let exitCode = 0;
try {
  const inspection = await openDatabase<InspectionDatabase>({
    url: process.env.INSPECTION_DATABASE_URL || undefined,
    dataDir: path.join(dir, 'inspection'),
    migrationFolder: inspectionMigrations,
    logger,
    poolSize: 2,
  });
  const discipline = await openDatabase<DisciplineDatabase>({
    url: process.env.DISCIPLINE_DATABASE_URL || undefined,
    dataDir: path.join(dir, 'discipline'),
    migrationFolder: disciplineMigrations,
    logger,
    poolSize: 2,
  });
  const stationed = await openDatabase<StationedDatabase>({
    url: process.env.STATIONED_DATABASE_URL || undefined,
    dataDir: path.join(dir, 'stationed'),
    migrationFolder: stationedMigrations,
    logger,
    poolSize: 2,
  });
  try {
    await loadInspectionDemo(inspection);
    await loadDisciplineDemo(discipline);
    await loadStationedDemo(stationed);
    await seedDistrict({ inspection: inspection.db, discipline: discipline.db, stationed: stationed.db }, scale, () => {});
    const violations = await checkRules({ inspection: inspection.db, discipline: discipline.db, stationed: stationed.db }, todayInShanghai());
    for (const v of violations) console.log(`  ✖ ${v.body} ${v.record} ${v.id} ${v.field}: ${v.message}`);
    console.log(`demo district + seed ×${scale}: ${violations.length} rule violation(s).`);
    exitCode = violations.length === 0 ? 0 : 1;
  } finally {
    for (const database of [inspection, discipline, stationed]) await database.close();
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}
process.exit(exitCode);
