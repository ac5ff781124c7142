import { spawnSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { SignJWT } from 'jose';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signGatewayClaims } from '@hub/core';
import { freshDatabases, type Hub, startHub, TEST_AUDIENCE, TEST_ISSUER } from '../support/hub.ts';
import { expectNoLeaks, markSecret } from '../support/leaks.ts';
import { randomUnitCode, seed } from '../support/seed.ts';

const ROOT = new URL('../..', import.meta.url).pathname;

let hub: Hub;
const unitCode = randomUnitCode();

beforeAll(async () => {
  hub = await startHub({ databases: await freshDatabases() }, { limits: { maxDepth: 6, maxCost: 400 } });
  await seed(hub)
    .units([{ code: unitCode, name: '安全测试单位' }])
    .petitions(unitCode, [
      { receivedOn: '2021-03-01', category: 'HEDONISM' },
      { receivedOn: '2021-04-01', category: 'INTEGRITY' },
    ]);
});
afterAll(async () => {
  await hub?.stop();
});

const UNITS = `{ units(first: 1) { totalCount } }`;

async function sign(claims: Record<string, unknown>, options: { issuer?: string; audience?: string; expires?: number | string; secret?: Uint8Array } = {}) {
  const token = await new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject('staff-x')
    .setIssuer(options.issuer ?? TEST_ISSUER)
    .setAudience(options.audience ?? TEST_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(options.expires ?? '5m')
    .sign(options.secret ?? hub.issuerSecret);
  markSecret(token);
  return token;
}

describe('the gateway authenticates every caller', () => {
  const refused = async (token: string | null) => {
    const response = await hub.post({ query: UNITS }, { as: token === null ? 'anonymous' : { token } });
    const body = (await response.json()) as { errors: { message: string; extensions: { code: string } }[]; data?: unknown };
    return { status: response.status, body };
  };

  it('refuses an anonymous request with 401', async () => {
    const { status, body } = await refused(null);
    expect(status).toBe(401);
    expect(body.errors[0]!.extensions.code).toBe('UNAUTHENTICATED');
    expect(body.data).toBeUndefined();
  });

  it('refuses expired, tampered, wrong-audience, wrong-issuer, unsigned and foreign-key tokens', async () => {
    const valid = await sign({ roles: ['leader'] });
    const [header, payload, signature] = valid.split('.');
    const tamperedPayload = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(payload!, 'base64url').toString()), roles: ['leader', 'petition_officer'] }),
    ).toString('base64url');
    const unsigned = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${payload}.`;
    const cases: [string, string, RegExp][] = [
      ['expired', await sign({ roles: ['leader'] }, { expires: Math.floor(Date.now() / 1000) - 60 }), /expired/],
      ['tampered', `${header}.${tamperedPayload}.${signature}`, /invalid/],
      ['wrong audience', await sign({ roles: ['leader'] }, { audience: 'another-system' }), /audience/],
      ['wrong issuer', await sign({ roles: ['leader'] }, { issuer: 'someone-else' }), /invalid/],
      ['unsigned', unsigned, /invalid|bearer/],
      ['signed with another key', await sign({ roles: ['leader'] }, { secret: new Uint8Array(32).fill(7) }), /invalid/],
      ['unknown role', await sign({ roles: ['superuser'] }), /unknown roles/],
      ['no role', await sign({ roles: [] }), /no role/],
    ];
    for (const [name, token, reason] of cases) {
      const { status, body } = await refused(token);
      expect(status, name).toBe(401);
      expect(body.errors[0]!.extensions.code, name).toBe('UNAUTHENTICATED');
      expect(body.errors[0]!.message, name).toMatch(reason);
    }
    expect((await refused(valid)).status).toBe(200);
  });

  it('serves the GraphiQL page and /health without a token', async () => {
    const page = await fetch(hub.url.replace(/\/graphql$/, '/'), { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    const health = await fetch(hub.url.replace(/\/graphql$/, '/health'));
    expect(health.status).toBe(200);
  });

  it('refuses a request body over the size limit', async () => {
    const response = await hub.post({ query: `{ __typename }`, variables: { padding: 'x'.repeat(300 * 1024) } });
    expect(response.status).toBe(413);
  });
});

describe('subgraphs trust only the gateway', () => {
  const direct = async (body: 'inspection' | 'discipline', query: string, claims?: string, variables?: Record<string, unknown>) => {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (claims) headers['x-hub-claims'] = claims;
    const response = await fetch(hub.subgraphUrls[body], { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
    return { status: response.status, body: (await response.json()) as { data?: any; errors?: { extensions?: { code?: string } }[] } };
  };
  const identity = (role: 'leader' | 'analyst' | 'stationed_officer') => ({
    viewer: { staffId: `staff-${role}`, roles: [role], scopes: { stationedGroupIds: [], inspectionTeamIds: [], departmentIds: [], zoneIds: [] } },
    purpose: null,
  });
  const ENTITIES = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Unit { petitionSummary { count } } } }`;

  it('refuses requests without gateway claims, _entities and _service included', async () => {
    for (const query of [UNITS, `{ _service { sdl } }`, ENTITIES]) {
      const { status, body } = await direct('inspection', query, undefined, { r: [{ __typename: 'Unit', code: unitCode }] });
      expect(status, query).toBe(401);
      expect(body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    }
  });

  it('refuses claims signed by another key, meant for another subgraph, or expired', async () => {
    const body = JSON.stringify({ query: UNITS });
    const foreign = generateKeyPairSync('ed25519').privateKey;
    const forged = await signGatewayClaims(foreign, identity('leader'), 'inspection', body);
    expect((await direct('inspection', UNITS, forged)).status).toBe(401);
    const forDiscipline = await hub.signClaims(identity('leader'), 'discipline', body);
    expect((await direct('inspection', UNITS, forDiscipline)).status).toBe(401);
    const forInspection = await hub.signClaims(identity('leader'), 'inspection', body);
    expect((await direct('inspection', UNITS, forInspection)).status).toBe(200);
    const [h, p, s] = forInspection.split('.');
    const stretched = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(p!, 'base64url').toString()), exp: 4102444800 })).toString('base64url');
    expect((await direct('inspection', UNITS, `${h}.${stretched}.${s}`)).status).toBe(401);
  });

  it('applies to _entities the same rule as to the field that returns the data', async () => {
    const variables = { r: [{ __typename: 'Unit', code: unitCode }] };
    const body = JSON.stringify({ query: ENTITIES, variables });
    const denied = await direct('discipline', ENTITIES, await hub.signClaims(identity('stationed_officer'), 'discipline', body), variables);
    expect(denied.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(JSON.stringify(denied.body.data)).not.toContain('count');
    const allowed = await direct('discipline', ENTITIES, await hub.signClaims(identity('analyst'), 'discipline', body), variables);
    expect(allowed.body.errors).toBeUndefined();
    expect(allowed.body.data._entities[0].petitionSummary.map((row: { count: number }) => row.count)).toEqual([1, 1]);
  });
});

describe('query limits', () => {
  it('rejects an over-deep query with a clear error', async () => {
    const deep = `{ unit(code: "${unitCode}") { parent { parent { parent { parent { parent { parent { code } } } } } } } }`;
    const response = await hub.query(deep);
    expect(response.data ?? null).toBeNull();
    expect(response.errors?.[0]?.message).toMatch(/depth limit/i);
  });

  it('rejects an over-costly query with a clear error', async () => {
    const fields = 'code name kind level township';
    const costly = `{ a: units(first: 100) { edges { node { ${fields} subUnits { ${fields} subUnits { ${fields} } } } } } b: units(first: 100) { edges { node { ${fields} subUnits { ${fields} } } } } }`;
    const response = await hub.query(costly);
    expect(response.data ?? null).toBeNull();
    expect(response.errors?.[0]?.message).toMatch(/cost/i);
  });

  it('answers a normal query under the same limits', async () => {
    expect((await hub.query(`{ unit(code: "${unitCode}") { name parent { name } } }`)).errors).toBeUndefined();
  });

  it('allows introspection only to the roles that need it, and suggests no field names', async () => {
    const introspect = `{ __schema { queryType { name } } }`;
    expect((await hub.query(introspect, undefined, { as: { role: 'analyst' } })).data?.__schema.queryType.name).toBe('Query');
    const denied = await hub.query(introspect, undefined, { as: { role: 'case_officer' } });
    expect(denied.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const typo = await hub.query(`{ unitz(code: "${unitCode}") { name } }`);
    expect(typo.errors?.[0]?.message).not.toMatch(/Did you mean|unit\b/);
  });
});

describe('audit log', () => {
  it('records sensitive reads with who, role, operation, record and the stated purpose', async () => {
    const read = await hub.query(
      `query ReadPetitions($code: UnitCode!) { petitions(first: 10, filter: { unitCode: $code }) { edges { node { id summary } } } }`,
      { code: unitCode },
      { as: { role: 'petition_officer', staffId: 'staff-petition-7' }, purpose: '巡前通报准备（第九轮）' },
    );
    expect(read.errors).toBeUndefined();
    const ids = read.data.petitions.edges.map((e: { node: { id: string } }) => e.node.id).sort();
    expect(ids).toHaveLength(2);

    const log = await hub.query(
      `query($id: String!) { disciplineAuditLog(first: 10, filter: { staffId: $id }) { totalCount edges { node { action recordType recordId recordIds roles purpose operationName operationType } } } }`,
      { id: 'staff-petition-7' },
    );
    expect(log.errors).toBeUndefined();
    // One entry for the request, naming both petitions it read.
    expect(log.data.disciplineAuditLog.totalCount).toBe(1);
    const entries = log.data.disciplineAuditLog.edges.map((e: { node: any }) => e.node);
    expect(entries[0].recordId).toBeNull();
    expect([...entries[0].recordIds].sort()).toEqual(ids);
    // Searching by either record finds the entry.
    for (const id of ids) {
      const byRecord = await hub.query(`query($id: String!) { disciplineAuditLog(first: 10, filter: { recordId: $id }) { totalCount } }`, { id });
      expect(byRecord.data.disciplineAuditLog.totalCount).toBe(1);
    }
    for (const entry of entries) {
      expect(entry).toMatchObject({
        action: 'READ',
        recordType: 'Petition',
        roles: ['petition_officer'],
        purpose: '巡前通报准备（第九轮）',
        operationType: 'query',
      });
      expect(entry.operationName).toMatch(/^ReadPetitions/);
    }
  });

  it('records every mutation in its own transaction', async () => {
    const code = randomUnitCode();
    const result = await hub.query(
      `mutation($input: RegisterUnitInput!) { registerUnit(input: $input) { unit { code } errors { code field message } } }`,
      { input: { code, name: '新登记单位', kind: 'PUBLIC_INSTITUTION', level: 'TOWNSHIP', parentCode: unitCode } },
      { as: { role: 'inspection_officer', staffId: 'staff-xcb-1' }, purpose: '名录维护' },
    );
    expect(result.data.registerUnit).toEqual({ unit: { code }, errors: [] });
    const refused = await hub.query(
      `mutation($input: RegisterUnitInput!) { registerUnit(input: $input) { unit { code } errors { code field } } }`,
      { input: { code, name: '重复', kind: 'VILLAGE', level: 'VILLAGE' } },
      { as: { role: 'inspection_officer', staffId: 'staff-xcb-1' } },
    );
    expect(refused.data.registerUnit).toEqual({ unit: null, errors: [{ code: 'ALREADY_EXISTS', field: ['input', 'code'] }] });

    const log = await hub.query(
      `{ inspectionAuditLog(first: 5, filter: { staffId: "staff-xcb-1" }) { edges { node { action recordType recordId purpose operationType } } } }`,
    );
    // The refused registration rolled back and left no record.
    expect(log.data.inspectionAuditLog.edges.map((e: { node: unknown }) => e.node)).toEqual([
      { action: 'CREATE', recordType: 'Unit', recordId: code, purpose: '名录维护', operationType: 'mutation' },
    ]);
  });

  it('is append-only in the database itself: UPDATE, DELETE and TRUNCATE are refused', async () => {
    const db = hub.inspection.database.db;
    const before = await sql<{ n: number }>`select count(*)::int as n from audit_log`.execute(db);
    expect(before.rows[0]!.n).toBeGreaterThan(0);
    await expect(sql`update audit_log set purpose = 'changed'`.execute(db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from audit_log`.execute(db)).rejects.toThrow(/append-only/);
    await expect(sql`truncate audit_log`.execute(db)).rejects.toThrow(/append-only/);
    const after = await sql<{
      n: number;
      changed: number;
    }>`select count(*)::int as n, count(*) filter (where purpose = 'changed')::int as changed from audit_log`.execute(db);
    expect(after.rows[0]).toEqual({ n: before.rows[0]!.n, changed: 0 });
  });
});

describe('secrets stay out of logs and responses', () => {
  it('the leak check notices a secret in a log line', () => {
    const planted = `planted-secret-${Math.random().toString(36).slice(2)}`;
    markSecret(planted);
    expect(() => expectNoLeaks({ logLines: [`{"msg":"oops ${planted}"}`], responses: [] })).toThrow(/log line contains a secret/);
  });

  it('no token, key or marked secret appears in any log line or response of this suite', () => {
    expect(hub.logLines.some((line) => line.includes('not authenticated'))).toBe(true);
    expectNoLeaks(hub);
  });
});

describe('production mode without keys', () => {
  const run = (script: string) =>
    spawnSync(process.execPath, [script], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, NODE_ENV: 'production', HUB_DATA_DIR: '/nonexistent-hub-data' },
      encoding: 'utf8',
      timeout: 60_000,
    });

  it('the gateway refuses to start, saying which keys to configure', () => {
    const result = run('gateway/src/server.ts');
    expect(result.status).toBe(1);
    expect(result.stdout + result.stderr).toMatch(/HUB_JWT_ISSUER, HUB_JWT_AUDIENCE and one of HUB_JWT_SECRET/);
  });

  it('a subgraph refuses to start without the gateway public key', () => {
    const result = run('subgraphs/discipline/src/server.ts');
    expect(result.status).toBe(1);
    expect(result.stdout + result.stderr).toMatch(/HUB_GATEWAY_PUBLIC_KEY_FILE/);
  });
});
