import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { createLogger, openDatabase } from '@hub/core';
import { migrationFolder as disciplineMigrations } from '../../subgraphs/discipline/src/app.ts';
import { migrationFolder as inspectionMigrations } from '../../subgraphs/inspection/src/app.ts';
import { migrationFolder as stationedMigrations } from '../../subgraphs/stationed/src/app.ts';
import { startCluster } from '../../scripts/lib/postgres.ts';
import { ensureWebBuild } from '../../scripts/lib/web-build.ts';
import { pgliteTemplate } from './pglite.ts';

export const MIGRATIONS = {
  inspection: inspectionMigrations,
  discipline: disciplineMigrations,
  stationed: stationedMigrations,
} as const;

declare module 'vitest' {
  export interface ProvidedContext {
    postgres: { host: string; port: number; user: string };
  }
}

/**
 * One throwaway PostgreSQL cluster for the whole run, with a migrated template database per
 * subgraph; each test copies the templates into fresh databases.
 */
export default async function setup(project: TestProject) {
  // The web app is built once per run (when its sources changed), before any test serves it.
  ensureWebBuild();
  // The migrated embedded-database templates (test/support/pglite.ts), kept between runs: built here
  // when missing, meanwhile the cluster starts, so that no test's time limit pays for building them.
  const template = pgliteTemplate();
  template.catch(() => undefined);
  const cluster = await startCluster();
  const logger = createLogger({ name: 'test-setup', level: 'silent' });
  const admin = new pg.Client({ connectionString: cluster.url('postgres') });
  await admin.connect();
  try {
    for (const body of Object.keys(MIGRATIONS)) await admin.query(`create database ${body}_template`);
    // The three bodies' migrations run side by side.
    await Promise.all(
      Object.entries(MIGRATIONS).map(async ([body, migrationFolder]) => {
        const database = await openDatabase({ url: cluster.url(`${body}_template`), dataDir: '', migrationFolder, logger });
        await database.close();
      }),
    );
  } finally {
    await admin.end();
  }
  try {
    await template;
  } catch (error) {
    await cluster.stop();
    throw error;
  }
  project.provide('postgres', { host: cluster.host, port: cluster.port, user: cluster.user });
  return async () => {
    await cluster.stop();
  };
}
