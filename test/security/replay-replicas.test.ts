/**
 * A captured gateway claims header serves one request in the whole deployment, not one per process:
 * two processes of the discipline subgraph on one PostgreSQL database (two replicas behind a load
 * balancer) share the one-time ids, so a header accepted by replica 1 is refused by replica 2. On the
 * embedded database (one process) a replay is refused as before, and still after a restart.
 */
import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signGatewayClaims } from '@hub/core';
import { freePort } from '../../scripts/lib/postgres.ts';
import { ServiceProcesses, serviceIdentityEnv } from '../../scripts/lib/services.ts';
import { freshDatabases } from '../support/hub.ts';
import { pgliteDataDir } from '../support/pglite.ts';

const services = new ServiceProcesses();
const { privateKey, publicKey } = generateKeyPairSync('ed25519');
let dir: string;
let embeddedDir: string | undefined;
let base: NodeJS.ProcessEnv;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'hub-replay-replicas-'));
  await writeFile(path.join(dir, 'gateway-public.pem'), publicKey.export({ type: 'spki', format: 'pem' }));
  const identity = serviceIdentityEnv(dir, ['discipline'], 'http://127.0.0.1:9/graphql');
  base = {
    PATH: process.env.PATH,
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    HUB_DATA_DIR: dir,
    HUB_GATEWAY_PUBLIC_KEY_FILE: path.join(dir, 'gateway-public.pem'),
    HUB_OUTBOX_INTERVAL_MS: '600000',
    // The run's cache of compiled code (vitest.config.ts): each of the four starts loads discipline anew.
    ...(process.env.NODE_COMPILE_CACHE ? { NODE_COMPILE_CACHE: process.env.NODE_COMPILE_CACHE } : {}),
    ...identity.subgraph('discipline'),
  };
});
afterAll(async () => {
  await services.stopAll();
  await rm(dir, { recursive: true, force: true });
  if (embeddedDir) await rm(embeddedDir, { recursive: true, force: true });
});

const BODY = JSON.stringify({ query: '{ __typename }' });
const identity = {
  viewer: { staffId: 'staff-leader', roles: ['leader' as const], scopes: { stationedGroupIds: [], inspectionTeamIds: [], departmentIds: [], zoneIds: [] } },
  purpose: '重放测试 — replay test',
};

async function send(port: number, header: string, body = BODY) {
  const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-hub-claims': header },
    body,
  });
  return { status: response.status, text: await response.text() };
}

async function startDiscipline(name: string, env: NodeJS.ProcessEnv): Promise<number> {
  const port = await freePort();
  services.serve(name, 'discipline', { ...base, ...env, DISCIPLINE_PORT: String(port) });
  await services.waitHealthy(port, name, 120_000);
  return port;
}

async function stop(name: string) {
  const child = services.children.get(name)!;
  if (child.exitCode !== null) return;
  await new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

describe('one-time ids shared by the replicas of a body', () => {
  it('on PostgreSQL: a header accepted by replica 1 is refused by replica 2 (and by replica 1)', async () => {
    const { discipline } = await freshDatabases();
    const [one, two] = await Promise.all([
      startDiscipline('discipline-1', { DISCIPLINE_DATABASE_URL: discipline }),
      startDiscipline('discipline-2', { DISCIPLINE_DATABASE_URL: discipline }),
    ]);
    try {
      const header = await signGatewayClaims(privateKey, identity, 'discipline', BODY);
      const first = await send(one, header);
      expect(first).toEqual({ status: 200, text: expect.stringContaining('"__typename":"Query"') });
      const replayed = await send(two, header);
      expect(replayed.status).toBe(401);
      expect(replayed.text).toMatch(/already used/);
      expect((await send(one, header)).status).toBe(401);
      // Replica 2 answers headers it has not seen: the refusal was the replay, not the replica.
      expect((await send(two, await signGatewayClaims(privateKey, identity, 'discipline', BODY))).status).toBe(200);
      // The other way round, too.
      const second = await signGatewayClaims(privateKey, identity, 'discipline', BODY);
      expect((await send(two, second)).status).toBe(200);
      expect((await send(one, second)).status).toBe(401);
      // A mutation's id is recorded before it runs: replayed at the other replica, it does not run.
      const MUTATION = JSON.stringify({ query: 'mutation { __typename }' });
      const change = await signGatewayClaims(privateKey, identity, 'discipline', MUTATION);
      expect(await send(one, change, MUTATION)).toEqual({ status: 200, text: expect.stringContaining('"__typename":"Mutation"') });
      const replayedChange = await send(two, change, MUTATION);
      expect(replayedChange.status).toBe(401);
      expect(replayedChange.text).toMatch(/already used/);
      expect(replayedChange.text).not.toContain('"data"');
    } finally {
      await Promise.all([stop('discipline-1'), stop('discipline-2')]);
    }
  }, 240_000);

  it('on the embedded database: a replay to the one process is refused, and still after it restarts', async () => {
    // A migrated embedded database copied from the run's template (test/support/pglite.ts): creating
    // one in the child process (initdb and every migration in WebAssembly) is not what is tested here.
    embeddedDir = await pgliteDataDir(['discipline']);
    const env = { HUB_EMBEDDED_DATABASE: '1', HUB_DATA_DIR: embeddedDir };
    const port = await startDiscipline('embedded-1', env);
    const header = await signGatewayClaims(privateKey, identity, 'discipline', BODY);
    try {
      expect((await send(port, header)).status).toBe(200);
      const replayed = await send(port, header);
      expect(replayed.status).toBe(401);
      expect(replayed.text).toMatch(/already used/);
    } finally {
      await stop('embedded-1');
    }
    // A new process on the same data (the header is still within its 30 seconds): the id was kept.
    const restarted = await startDiscipline('embedded-2', env);
    try {
      const replayed = await send(restarted, header);
      expect(replayed.status).toBe(401);
      expect(replayed.text).toMatch(/already used/);
    } finally {
      await stop('embedded-2');
    }
  }, 240_000);
});
