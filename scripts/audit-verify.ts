/**
 * npm run audit:verify — recomputes each body's audit-log hash chain and names the first broken row.
 * Reads <BODY>_AUDIT_DATABASE_URL, else <BODY>_DATABASE_URL (any role that may SELECT audit_log and
 * audit_chain_head), else the embedded database under HUB_DATA_DIR (default data/; stop the hub
 * first: an embedded database has one user at a time). Exits 1 when any chain is broken.
 * `--body NAME` checks one body only.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createLogger, DEFAULT_DATA_DIR, openDatabase, verifyAuditChain } from '@hub/core';

const BODIES = ['inspection', 'discipline', 'stationed'] as const;

const { values } = parseArgs({ args: process.argv.slice(2), options: { body: { type: 'string', multiple: true } }, strict: true });
const bodies = values.body ?? [...BODIES];
for (const body of bodies) {
  if (!(BODIES as readonly string[]).includes(body)) {
    console.error(`✖ unknown body "${body}" (one of ${BODIES.join(', ')})`);
    process.exit(2);
  }
}

const dataDir = path.resolve(process.env.HUB_DATA_DIR || DEFAULT_DATA_DIR);
const logger = createLogger({ name: 'audit-verify', level: 'silent' });
let broken = 0;
for (const body of bodies) {
  const prefix = body.toUpperCase();
  const url = process.env[`${prefix}_AUDIT_DATABASE_URL`] || process.env[`${prefix}_DATABASE_URL`] || undefined;
  const dir = path.join(dataDir, body);
  if (!url && !existsSync(dir)) {
    console.log(`- ${body}: no database (${dir} does not exist)`);
    continue;
  }
  const database = await openDatabase({ url, dataDir: dir, migrationFolder: '', logger, poolSize: 1, migrate: false });
  try {
    const report = await verifyAuditChain(database.db);
    if (report.broken) {
      broken++;
      const row = report.broken.id === null ? `seq ${report.broken.seq}` : `row id ${report.broken.id} (seq ${report.broken.seq})`;
      console.log(`✖ ${body}: chain broken at ${row}: ${report.broken.reason}; ${report.rows} rows before it hold`);
    } else {
      console.log(`✔ ${body}: ${report.rows} rows, chain intact; head seq ${report.head.seq} hash ${report.head.hash}`);
    }
  } catch (error) {
    broken++;
    const code = (error as { code?: unknown }).code;
    console.log(`✖ ${body}: cannot read the audit log${typeof code === 'string' ? ` (SQLSTATE ${code})` : ''}`);
  } finally {
    await database.close();
  }
}
process.exit(broken > 0 ? 1 : 0);
