import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { print } from 'graphql';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { UnitOverviewDocument, type UnitOverviewQuery } from '@hub/client';
import { ALL_UNITS, CASEWORK_2020, PETITIONS } from '@hub/demo';
import { issueDevToken, loadDevKeys, ROLES, type Role } from '@hub/core';
import { freePort } from '../../scripts/lib/postgres.ts';

const ROOT = new URL('../..', import.meta.url).pathname;

interface Running {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

/** Runs `npm start`'s script exactly as a user would, on free ports and a temporary data folder. */
async function startHub(env: Record<string, string>): Promise<Running> {
  const child = spawn(process.execPath, ['scripts/start.ts'], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const deadline = Date.now() + 200_000;
  while (!output.includes('Press Ctrl-C to stop.')) {
    if (child.exitCode !== null) throw new Error(`npm start exited early:\n${output}`);
    if (Date.now() > deadline) throw new Error(`npm start not ready after 200 s:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { child, output: () => output, exited };
}

async function isListening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Processes (other than ours) whose environment names this run's data folder. */
async function processesUsing(dataDir: string): Promise<number[]> {
  const pids: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    const environ = await readFile(`/proc/${entry}/environ`, 'utf8').catch(() => '');
    if (environ.split('\0').includes(`HUB_DATA_DIR=${dataDir}`)) pids.push(Number(entry));
  }
  return pids;
}

/** The one process of this run whose command line runs `script`. */
async function serviceProcess(dataDir: string, script: string): Promise<number> {
  const matches: number[] = [];
  for (const pid of await processesUsing(dataDir)) {
    const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
    if (cmdline.split('\0').some((arg) => arg.endsWith(script))) matches.push(pid);
  }
  expect(matches, `processes running ${script}`).toHaveLength(1);
  return matches[0]!;
}

async function waitForOutput(hub: Running, text: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!hub.output().includes(text)) {
    if (hub.child.exitCode !== null) throw new Error(`npm start exited:\n${hub.output()}`);
    if (Date.now() > deadline) throw new Error(`no "${text}" after ${timeoutMs / 1000} s:\n${hub.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

// Each test starts four real processes and, the first time, creates three embedded databases and loads
// the demo district: give it more than the default minute on a busy two-core machine.
describe('npm start (embedded PGlite, demo data)', { timeout: 240_000 }, () => {
  let dataDir: string;
  let env: Record<string, string>;
  let ports: number[];

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'hub-start-'));
    ports = [await freePort(), await freePort(), await freePort(), await freePort()];
    env = {
      HUB_DATA_DIR: dataDir,
      GATEWAY_PORT: String(ports[0]),
      INSPECTION_PORT: String(ports[1]),
      DISCIPLINE_PORT: String(ports[2]),
      STATIONED_PORT: String(ports[3]),
    };
  });
  afterAll(async () => {
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  const overview = async () => {
    const response = await fetch(`http://127.0.0.1:${ports[0]}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await devToken('analyst')}` },
      body: JSON.stringify({ query: print(UnitOverviewDocument), variables: { first: 50 } }),
    });
    const body = (await response.json()) as { data: UnitOverviewQuery; errors?: unknown };
    expect(body.errors).toBeUndefined();
    return body.data;
  };

  /** A development token as `npm start` prints it, signed with the key it created in the data folder. */
  const devToken = async (role: Role) => issueDevToken(await loadDevKeys(dataDir), { staffId: `dev-${role}`, roles: [role] });

  let running: Running | undefined;
  /** The first test's hub, left running for the next test to kill outright (each start costs four processes). */
  let handedOver: Running | undefined;
  afterEach(() => {
    // A failed test must not leave the hub running for the next one.
    if (running && running !== handedOver && running.child.exitCode === null) running.child.kill('SIGKILL');
  });
  afterAll(() => {
    if (handedOver && handedOver.child.exitCode === null) handedOver.child.kill('SIGKILL');
  });

  const stop = async (hub: Running) => {
    hub.child.kill('SIGINT');
    expect(await hub.exited).toBe(0);
    expect(hub.output()).toContain('All services stopped.');
    for (const port of ports) expect(await isListening(port), `port ${port} still open`).toBe(false);
    expect(await processesUsing(dataDir)).toEqual([]);
  };

  let firstAnswer: UnitOverviewQuery;

  it('starts every service, loads the demo district and answers the generated typed query', async () => {
    const hub = await startHub({ ...env, HUB_DEMO_DATA: '1' });
    running = hub;
    expect(hub.output()).toContain(`http://localhost:${ports[0]}/graphql`);
    expect(hub.output()).toMatch(/first query answered [\d.]+ s after start/);
    expect(hub.output()).toMatch(/DEVELOPMENT ONLY/);
    for (const role of ROLES) expect(hub.output()).toContain(`  ${role}`);

    firstAnswer = await overview();
    expect(firstAnswer.units.totalCount).toBe(ALL_UNITS.length);
    const units = firstAnswer.units.edges.map((edge) => edge.node);
    const donghu = units.find((unit) => unit.name === '中共云溪区东湖镇委员会')!;
    const petitionsAboutDonghu = [...PETITIONS, ...CASEWORK_2020.petitions].filter((p) => p.subjectUnitCode === donghu.code).length;
    expect(donghu.petitionSummary!.reduce((sum, row) => sum + row.count, 0)).toBe(petitionsAboutDonghu);
    expect(units.find((unit) => unit.name === '云溪区民政局党组')!.stationedGroup?.name).toBe('区纪委监委派驻第一纪检组');

    // A browser gets GraphiQL, with everything inlined: no script or style from elsewhere.
    const page = await fetch(`http://127.0.0.1:${ports[0]}/`, { headers: { accept: 'text/html' } });
    expect(page.headers.get('content-type')).toContain('text/html');
    const html = await page.text();
    expect(html).toContain('GraphiQL');
    expect(html).not.toMatch(/<(script|link)[^>]+(src|href)=["']?(https?:)?\/\//i);

    // The web app, beside GraphiQL: its URL printed, its page and scripts served from /app/, its
    // development sign-in offering the demo staff in each role with tokens the gateway accepts.
    expect(hub.output()).toContain(`http://localhost:${ports[0]}/app/`);
    const app = await fetch(`http://127.0.0.1:${ports[0]}/app/`);
    expect(app.status).toBe(200);
    const appHtml = await app.text();
    expect(app.headers.get('content-security-policy')).toContain("connect-src 'self'");
    expect(appHtml).not.toMatch(/<(script|link)[^>]+(src|href)=["']?(https?:)?\/\//i);
    const script = /<script[^>]+src="(\/app\/assets\/[^"]+\.js)"/.exec(appHtml)?.[1];
    expect(script).toBeDefined();
    expect((await fetch(`http://127.0.0.1:${ports[0]}${script}`)).status).toBe(200);
    const { identities } = (await (await fetch(`http://127.0.0.1:${ports[0]}/app/dev-identities.json`)).json()) as {
      identities: { role: string; token: string }[];
    };
    expect(new Set(identities.map((i) => i.role))).toEqual(new Set(ROLES));
    const asTeamMember = await fetch(`http://127.0.0.1:${ports[0]}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${identities.find((i) => i.role === 'inspection_officer')!.token}` },
      body: JSON.stringify({ query: '{ units(first: 1) { totalCount } }' }),
    });
    expect(asTeamMember.status).toBe(200);

    handedOver = hub;
  });

  it('stops every service when the supervisor itself is killed outright', async () => {
    // The first test's hub, or (when that test failed before handing it over) one of its own.
    const hub = handedOver ?? (await startHub({ ...env, HUB_DEMO_DATA: '0' }));
    running = hub;
    // The supervisor and its four services.
    expect(await processesUsing(dataDir)).toHaveLength(5);
    hub.child.kill('SIGKILL');
    await hub.exited;
    const deadline = Date.now() + 20_000;
    while ((await processesUsing(dataDir)).length > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 250));
    expect(await processesUsing(dataDir)).toEqual([]);
    for (const port of ports) expect(await isListening(port), `port ${port} still open`).toBe(false);
  });

  // One start serves all three: coming back on the data the first hub left is checked before a service
  // is killed, and the supervisor's own Ctrl-C after the restarts (restarted services included) at the
  // end (each start costs four processes).
  it('comes back with the same data after a stop, without loading the demo again; restarts a service that dies, says so, and the hub answers again; Ctrl-C stops every service', async () => {
    const hub = await startHub({ ...env, HUB_DEMO_DATA: '0' });
    running = hub;
    expect(await overview()).toEqual(firstAnswer);
    const discipline = await serviceProcess(dataDir, 'subgraphs/discipline/src/server.ts');
    process.kill(discipline, 'SIGKILL');
    await waitForOutput(hub, 'discipline is back on port', 90_000);
    expect(hub.output()).toMatch(/discipline exited unexpectedly \(SIGKILL\); restarting in 1 s/);
    expect(hub.child.exitCode).toBeNull();
    const restarted = await serviceProcess(dataDir, 'subgraphs/discipline/src/server.ts');
    expect(restarted).not.toBe(discipline);
    expect(await overview()).toEqual(firstAnswer);

    // The gateway too; the subgraphs stay as they were.
    const gateway = await serviceProcess(dataDir, 'gateway/src/server.ts');
    process.kill(gateway, 'SIGKILL');
    await waitForOutput(hub, 'gateway is back on port', 60_000);
    expect(await serviceProcess(dataDir, 'subgraphs/discipline/src/server.ts')).toBe(restarted);
    expect(await overview()).toEqual(firstAnswer);
    await stop(hub);
  });
});
