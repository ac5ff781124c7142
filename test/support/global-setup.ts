import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { findBinDir, startCluster } from '../../scripts/lib/postgres.ts';
import { ensureWebBuild } from '../../scripts/lib/web-build.ts';
import { cachedFolder, copyFolder, MIGRATION_FOLDERS, migrationsKey, ROOT } from './cache.ts';
import { removeMemoryTmpDir } from './memory-tmp.ts';
import { pgliteTemplate } from './pglite.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    postgres: { host: string; port: number; user: string };
  }
}

const CLUSTER_CACHE = path.join(ROOT, 'node_modules/.cache/hub-test-postgres');

/**
 * A stopped PostgreSQL cluster's data folder holding one migrated template database per subgraph
 * (`<body>_template`), kept between runs under node_modules/.cache and keyed by the server's binaries,
 * the cluster's settings (scripts/lib/postgres.ts, this file) and every migration and kit file. Each
 * run starts a copy of it: no initdb and no migrations unless one of these changed.
 */
async function migratedClusterData(): Promise<string> {
  const code = ['scripts/lib/postgres.ts', 'test/support/global-setup.ts'].map((file) => path.join(ROOT, file));
  const { readFile } = await import('node:fs/promises');
  const key = await migrationsKey(`postgres ${findBinDir()}`, ...(await Promise.all(code.map((file) => readFile(file, 'utf8')))));
  const ready = await cachedFolder(CLUSTER_CACHE, key, async (building) => {
    // The kit and the migrations are loaded only to build.
    const [{ default: pg }, { createLogger, openDatabase }] = await Promise.all([import('pg'), import('@hub/core')]);
    const cluster = await startCluster();
    try {
      const admin = new pg.Client({ connectionString: cluster.url('postgres') });
      await admin.connect();
      try {
        for (const body of Object.keys(MIGRATION_FOLDERS)) await admin.query(`create database ${body}_template`);
      } finally {
        await admin.end();
      }
      const logger = createLogger({ name: 'test-setup', level: 'silent' });
      // The three bodies' migrations run side by side.
      await Promise.all(
        Object.entries(MIGRATION_FOLDERS).map(async ([body, migrationFolder]) => {
          const database = await openDatabase({ url: cluster.url(`${body}_template`), dataDir: '', migrationFolder, logger });
          await database.close();
        }),
      );
      await cluster.shutdown();
      await copyFolder(cluster.dataDir, path.join(building, 'data'));
    } finally {
      await cluster.stop();
    }
  });
  return path.join(ready, 'data');
}

/**
 * One throwaway PostgreSQL cluster for the whole run, with a migrated template database per
 * subgraph; each test copies the templates into fresh databases.
 */
export default async function setup(project: TestProject) {
  // The migrated embedded-database templates (test/support/pglite.ts) and the migrated cluster, kept
  // between runs: built here when missing, side by side, so that no test's time limit pays for them.
  const template = pgliteTemplate();
  template.catch(() => undefined);
  const data = migratedClusterData();
  data.catch(() => undefined);
  // The web app is built once per run (when its sources changed), before any test serves it.
  ensureWebBuild();
  const cluster = await startCluster({ from: await data });
  try {
    await template;
  } catch (error) {
    await cluster.stop();
    removeMemoryTmpDir();
    throw error;
  }
  project.provide('postgres', { host: cluster.host, port: cluster.port, user: cluster.user });
  return async () => {
    await cluster.stop();
    removeMemoryTmpDir();
  };
}
