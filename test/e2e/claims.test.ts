import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDepartmentSubgraph } from '@hub/example-department-subgraph';
import { freshDatabases, type Hub, startHub } from '../support/hub.ts';
import { randomUnitCode, seed } from '../support/seed.ts';
import { UnitPetitionCountsDocument } from '../operations/generated.ts';
import { observeSentRequests, type SentRequest } from '../../gateway/src/subgraph-fetch.ts';

let hub: Hub;
const unitCode = randomUnitCode();

beforeAll(async () => {
  hub = await startHub({ databases: await freshDatabases() });
  await seed(hub)
    .units([{ code: unitCode, name: '声明绑定测试单位' }])
    .petitions(unitCode, [{ receivedOn: '2023-03-01', category: 'HEDONISM' }]);
});
afterAll(async () => {
  await hub?.stop();
});

/** Runs one gateway request and returns every subgraph request the gateway sent for it. */
async function captureSubgraphRequests(run: () => Promise<unknown>) {
  const sent: SentRequest[] = [];
  const stop = observeSentRequests((request) => {
    if (Object.values(hub.subgraphUrls).includes(request.url)) sent.push(request);
  });
  try {
    await run();
  } finally {
    stop();
  }
  return sent;
}

const post = (url: string, headers: Record<string, string>, body: string) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

describe('gateway claims are bound to the request', () => {
  it('serves its public key as a JWKS; every subgraph request carries fresh claims for its own body', async () => {
    const jwks = (await (await fetch(new URL('/.well-known/jwks.json', hub.url))).json()) as {
      keys: { kty: string; crv: string; kid: string; alg: string; use: string; d?: string }[];
    };
    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0]).toMatchObject({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA', use: 'sig', kid: expect.any(String) });
    expect(jwks.keys[0]!.d).toBeUndefined();

    const sent = await captureSubgraphRequests(() => hub.query(UnitPetitionCountsDocument, {}, { as: { role: 'inspection_officer' } }));
    expect(sent.length).toBeGreaterThanOrEqual(2);
    const payloads = sent.map((r) => JSON.parse(Buffer.from(r.headers['x-hub-claims']!.split('.')[1]!, 'base64url').toString()) as Record<string, any>);
    expect(new Set(payloads.map((p) => p.jti)).size).toBe(sent.length);
    for (const [i, payload] of payloads.entries()) {
      expect(payload.exp - payload.iat).toBeLessThanOrEqual(30);
      expect(payload.body_sha256).toBe((await import('node:crypto')).createHash('sha256').update(sent[i]!.body).digest('base64url'));
    }
    expect(sent.some((r) => 'x-hub-identity-unsigned' in r.headers)).toBe(false);
  });

  it("replaying an inspection officer's discipline header, with a hand-made _entities body or the same body, is 401", async () => {
    const sent = await captureSubgraphRequests(() =>
      hub.query(UnitPetitionCountsDocument, {}, { as: { role: 'inspection_officer', scopes: { inspectionTeamIds: ['team-x'] } } }),
    );
    const discipline = sent.find((r) => r.url === hub.subgraphUrls.discipline);
    expect(discipline, 'the gateway asked discipline').toBeDefined();
    const header = { 'x-hub-claims': discipline!.headers['x-hub-claims']! };
    const handMade = JSON.stringify({
      query: `query($r: [_Any!]!) { _entities(representations: $r) { ... on Unit { petitionSummary { count } } } }`,
      variables: { r: [{ __typename: 'Unit', code: unitCode, activeInspectionTeamIds: ['team-x'] }] },
    });
    const forged = await post(hub.subgraphUrls.discipline, header, handMade);
    expect(forged.status).toBe(401);
    expect(JSON.stringify(await forged.json())).toMatch(/different request body/);
    const replayed = await post(hub.subgraphUrls.discipline, header, discipline!.body);
    expect(replayed.status).toBe(401);
    expect(JSON.stringify(await replayed.json())).toMatch(/already used/);
    // Discipline logs each refusal as a warning naming the failed check — never the header.
    const refusals = hub.logLines.filter((line) => line.includes('request refused: not authenticated') && line.includes('"name":"discipline"'));
    const codes = refusals.map((line) => JSON.parse(line) as { level: number; reasonCode?: string });
    expect(codes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ level: 40, reasonCode: 'claims_body_digest' }),
        expect.objectContaining({ level: 40, reasonCode: 'claims_replay' }),
      ]),
    );
    for (const line of refusals) expect(line).not.toContain(header['x-hub-claims'].split('.')[2]!);
  });
});

describe('a department subgraph on another GraphQL server verifies the claims with @hub/claims-verifier', () => {
  it("answers the gateway's claims once, for their body only, fetching the key from the published JWKS", async () => {
    const department = await startDepartmentSubgraph({ jwks: new URL('/.well-known/jwks.json', hub.url), audience: 'department' });
    try {
      const body = JSON.stringify({ query: '{ whoAmI { staffId roles purpose } }' });
      const identity = {
        viewer: {
          staffId: 'staff-dept-1',
          roles: ['case_officer' as const],
          scopes: { stationedGroupIds: [], inspectionTeamIds: [], departmentIds: ['d2'], zoneIds: [] },
        },
        purpose: '线索处置',
      };
      const claims = await hub.signClaims(identity, 'department', body);
      const ok = await post(department.url, { 'x-hub-claims': claims }, body);
      expect(ok.status).toBe(200);
      expect(await ok.json()).toEqual({ data: { whoAmI: { staffId: 'staff-dept-1', roles: ['case_officer'], purpose: '线索处置' } } });

      expect((await post(department.url, { 'x-hub-claims': claims }, body)).status).toBe(401);
      const other = await hub.signClaims(identity, 'department', body);
      expect((await post(department.url, { 'x-hub-claims': other }, JSON.stringify({ query: '{ whoAmI { roles } }' }))).status).toBe(401);
      expect((await post(department.url, { 'x-hub-claims': await hub.signClaims(identity, 'discipline', body) }, body)).status).toBe(401);
      expect((await post(department.url, {}, body)).status).toBe(401);
    } finally {
      await department.stop();
    }
  });
});
