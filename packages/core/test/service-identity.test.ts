import { generateKeyPairSync } from 'node:crypto';
import { MemoryReplayCache } from '@hub/claims-verifier';
import { describe, expect, it } from 'vitest';
import { AuthenticationError, createGatewayClaimsVerifier, signGatewayClaims } from '../src/auth.ts';
import { serviceBodyMatches, serviceViewer, signServiceAssertion, verifyServiceAssertion } from '../src/service-identity.ts';

const gateway = generateKeyPairSync('ed25519');
const inspection = generateKeyPairSync('ed25519');
const discipline = generateKeyPairSync('ed25519');
const keys = { inspection: inspection.publicKey, discipline: discipline.publicKey };
const BODY = JSON.stringify({
  query: 'query ReferenceCheckDiscipline($staffIds: [String!]) { disciplineReferences(staffIds: $staffIds) { staff { id } } }',
  variables: { staffIds: ['x'] },
});

describe('service assertions (subgraph → gateway)', () => {
  it('name the calling body once, for the body they were signed over', async () => {
    const replay = new MemoryReplayCache();
    const assertion = await signServiceAssertion(inspection.privateKey, 'inspection', BODY);
    const verified = await verifyServiceAssertion(keys, assertion, replay);
    expect(verified.body).toBe('inspection');
    expect(serviceBodyMatches(verified, Buffer.from(BODY))).toBe(true);
    expect(serviceBodyMatches(verified, Buffer.from(BODY.replace('x', 'y')))).toBe(false);
    await expect(verifyServiceAssertion(keys, assertion, replay)).rejects.toThrow(/replay/);
  });

  it('refuse a key the gateway does not hold for any body, and a body signing as another', async () => {
    const stranger = generateKeyPairSync('ed25519');
    await expect(
      verifyServiceAssertion(keys, await signServiceAssertion(stranger.privateKey, 'inspection', BODY), new MemoryReplayCache()),
    ).rejects.toBeInstanceOf(AuthenticationError);
    await expect(
      verifyServiceAssertion(keys, await signServiceAssertion(inspection.privateKey, 'discipline', BODY), new MemoryReplayCache()),
    ).rejects.toBeInstanceOf(AuthenticationError);
  });

  it("are checked against the claimed body's key only, and refused for a body the gateway knows no key of", async () => {
    const replay = new MemoryReplayCache();
    // The last body listed is verified as well as the first.
    const fromDiscipline = await verifyServiceAssertion(keys, await signServiceAssertion(discipline.privateKey, 'discipline', BODY), replay);
    expect(fromDiscipline.body).toBe('discipline');
    // A body without a key, an empty or inherited name, garbage: refused, never an error of another kind.
    const stationed = generateKeyPairSync('ed25519');
    for (const token of [
      await signServiceAssertion(stationed.privateKey, 'stationed', BODY),
      await signServiceAssertion(stationed.privateKey, '', BODY),
      await signServiceAssertion(stationed.privateKey, 'constructor', BODY),
      await signServiceAssertion(stationed.privateKey, '__proto__', BODY),
      'not.a.token',
      '',
    ]) {
      await expect(verifyServiceAssertion(keys, token, replay)).rejects.toThrow(/service assertion invalid, expired or from an unknown body/);
    }
  });
});

describe('gateway claims of a service identity (gateway → subgraph)', () => {
  it('carry roles ["service"] and the body, bound to the request body and used once', async () => {
    const header = await signGatewayClaims(gateway.privateKey, { viewer: serviceViewer('inspection'), purpose: '引用核验' }, 'discipline', BODY);
    const verify = createGatewayClaimsVerifier(gateway.publicKey, 'discipline');
    const identity = await verify(header, BODY);
    expect(identity.viewer).toEqual({
      staffId: 'service:inspection',
      roles: [],
      scopes: { stationedGroupIds: [], inspectionTeamIds: [], departmentIds: [], zoneIds: [] },
      service: 'inspection',
    });
    expect(identity.purpose).toBe('引用核验');
    await expect(verify(header, BODY)).rejects.toThrow(/replay/);
    const other = await signGatewayClaims(gateway.privateKey, { viewer: serviceViewer('inspection'), purpose: null }, 'discipline', BODY);
    await expect(verify(other, `${BODY} `)).rejects.toBeInstanceOf(AuthenticationError);
    // The refusal names the check that failed, for the subgraph's log (the header itself is never logged).
    await expect(verify(header, BODY)).rejects.toMatchObject({ reason: 'claims_replay' });
    await expect(verify(other, `${BODY} `)).rejects.toMatchObject({ reason: 'claims_body_digest' });
    await expect(verify(undefined, BODY)).rejects.toMatchObject({ reason: 'claims_missing' });
    const forInspection = await signGatewayClaims(gateway.privateKey, { viewer: serviceViewer('discipline'), purpose: null }, 'inspection', BODY);
    await expect(verify(forInspection, BODY)).rejects.toMatchObject({ reason: 'claims_audience' });
  });

  it("a user's claims never become a service identity", async () => {
    const header = await signGatewayClaims(
      gateway.privateKey,
      {
        viewer: { staffId: 'staff-1', roles: ['leader'], scopes: { stationedGroupIds: [], inspectionTeamIds: [], departmentIds: [], zoneIds: [] } },
        purpose: null,
      },
      'discipline',
      BODY,
    );
    const identity = await createGatewayClaimsVerifier(gateway.publicKey, 'discipline')(header, BODY);
    expect(identity.viewer.service).toBeUndefined();
    expect(identity.viewer.roles).toEqual(['leader']);
  });
});
