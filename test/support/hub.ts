import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { createLogger, type SubgraphApp, type SubgraphConfig } from '@hub/core';
import { createGateway } from '../../gateway/src/app.ts';
import { createApp as createDiscipline } from '../../subgraphs/discipline/src/app.ts';
import { createApp as createInspection } from '../../subgraphs/inspection/src/app.ts';
import { createApp as createStationed } from '../../subgraphs/stationed/src/app.ts';
import type { DisciplineDatabase } from '../../subgraphs/discipline/src/db/database.ts';
import type { InspectionDatabase } from '../../subgraphs/inspection/src/db/database.ts';
import type { StationedDatabase } from '../../subgraphs/stationed/src/db/database.ts';

export const BODIES = ['inspection', 'discipline', 'stationed'] as const;
export type Body = (typeof BODIES)[number];

const logLevel = process.env.TEST_LOG_LEVEL ?? 'silent';

/** Fresh databases for one test, copied from the migrated templates of the run's cluster. */
export async function freshDatabases(): Promise<Record<Body, string>> {
  const { host, port, user } = inject('postgres');
  const url = (db: string) => `postgres://${user}@${host}:${port}/${db}`;
  const admin = new pg.Client({ connectionString: url('postgres') });
  await admin.connect();
  try {
    const suffix = randomBytes(6).toString('hex');
    const urls = {} as Record<Body, string>;
    for (const body of BODIES) {
      const name = `${body}_${suffix}`;
      await admin.query(`create database ${name} template ${body}_template`);
      urls[body] = url(name);
    }
    return urls;
  } finally {
    await admin.end();
  }
}

export interface GraphQLResponse<Data = any> {
  data?: Data | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
}

export interface Hub extends AsyncDisposable {
  url: string;
  inspection: SubgraphApp<InspectionDatabase>;
  discipline: SubgraphApp<DisciplineDatabase>;
  stationed: SubgraphApp<StationedDatabase>;
  subgraphUrls: Record<Body, string>;
  query<Data = any>(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<GraphQLResponse<Data>>;
  stop(): Promise<void>;
}

export type HubStorage = { databases: Record<Body, string> } | { dataDir: string };

/** Starts the three subgraphs and the gateway in this process, on free ports. */
export async function startHub(storage: HubStorage, options: { demo?: boolean } = {}): Promise<Hub> {
  const config = (body: Body): SubgraphConfig => ({
    port: 0,
    host: '127.0.0.1',
    databaseUrl: 'databases' in storage ? storage.databases[body] : undefined,
    dataDir: 'dataDir' in storage ? storage.dataDir : '',
    development: false,
    demo: options.demo ?? false,
    logger: createLogger({ name: body, level: logLevel }),
  });
  const inspection = createInspection(config('inspection'));
  const discipline = createDiscipline(config('discipline'));
  const stationed = createStationed(config('stationed'));
  const apps = { inspection, discipline, stationed };
  const started: { stop(): Promise<void> }[] = [];
  try {
    const subgraphUrls = {} as Record<Body, string>;
    for (const body of BODIES) {
      const service = await apps[body].start();
      started.push(apps[body]);
      subgraphUrls[body] = service.url;
    }
    const gateway = createGateway({
      port: 0,
      host: '127.0.0.1',
      supergraphPath: new URL('../../supergraph.graphql', import.meta.url).pathname,
      subgraphUrls,
      subgraphTimeoutMs: 10_000,
      development: false,
      logger: createLogger({ name: 'gateway', level: logLevel }),
    });
    const service = await gateway.start();
    started.push(gateway);
    const stop = async () => {
      for (const app of started.reverse()) await app.stop();
      started.length = 0;
    };
    return {
      url: service.url,
      ...apps,
      subgraphUrls,
      async query(query, variables, headers) {
        const response = await fetch(service.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers },
          body: JSON.stringify({ query, variables }),
        });
        return (await response.json()) as GraphQLResponse;
      },
      stop,
      [Symbol.asyncDispose]: stop,
    };
  } catch (error) {
    for (const app of started.reverse()) await app.stop().catch(() => undefined);
    throw error;
  }
}
