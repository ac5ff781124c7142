import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { exportJWK, SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { bodyDigest, ClaimsError, createClaimsVerifier, MemoryReplayCache } from '../src/index.ts';

const { privateKey, publicKey } = generateKeyPairSync('ed25519');
const BODY = JSON.stringify({ query: '{ whoAmI { staffId } }' });

function claims(
  body: string,
  overrides: { aud?: string; iss?: string; lifetime?: number; iatOffset?: number; jti?: string | null; key?: typeof privateKey; digest?: string } = {},
) {
  const now = Math.floor(Date.now() / 1000) + (overrides.iatOffset ?? 0);
  const payload: Record<string, unknown> = {
    roles: ['leader'],
    scopes: { departmentIds: ['d1'] },
    purpose: '巡前通报',
    body_sha256: overrides.digest ?? bodyDigest(body),
  };
  if (overrides.jti !== null) payload.jti = overrides.jti ?? randomUUID();
  return new SignJWT(payload)
    .setProtectedHeader({ alg: 'EdDSA' })
    .setSubject('staff-1')
    .setIssuer(overrides.iss ?? 'hub-gateway')
    .setAudience(overrides.aud ?? 'department')
    .setIssuedAt(now)
    .setExpirationTime(now + (overrides.lifetime ?? 30))
    .sign(overrides.key ?? privateKey);
}

describe('claims verifier', () => {
  it("accepts the gateway's claims for this body once, from a JWKS document", async () => {
    const verify = createClaimsVerifier({ audience: 'department', jwks: { keys: [{ ...(await exportJWK(publicKey)), alg: 'EdDSA' }] } });
    const header = await claims(BODY);
    const result = await verify(header, Buffer.from(BODY));
    expect(result).toMatchObject({ sub: 'staff-1', roles: ['leader'], purpose: '巡前通报', aud: 'department', scopes: { departmentIds: ['d1'], zoneIds: [] } });
    await expect(verify(header, BODY)).rejects.toThrow(/replay/);
  });

  it('refuses another body, another audience or issuer, another key, a missing jti, a long lifetime, an expired header', async () => {
    const verify = createClaimsVerifier({ audience: 'department', publicKey });
    // Each refusal names the check that failed (the subgraph logs it; the token is never logged).
    const refusals: [Promise<string>, string, string][] = [
      [claims(BODY), BODY.replace('staffId', 'roles'), 'body_digest'],
      [claims(BODY, { aud: 'discipline' }), BODY, 'audience'],
      [claims(BODY, { iss: 'someone' }), BODY, 'issuer'],
      [claims(BODY, { key: generateKeyPairSync('ed25519').privateKey }), BODY, 'signature'],
      [claims(BODY, { jti: null }), BODY, 'claim_missing'],
      [claims(BODY, { lifetime: 3600 }), BODY, 'lifetime'],
      [claims(BODY, { iatOffset: -120 }), BODY, 'expired'],
      [claims(BODY, { iatOffset: -36, lifetime: 60 }), BODY, 'too_old'],
      [claims(BODY, { iatOffset: 60 }), BODY, 'not_yet_valid'],
      [claims(BODY, { digest: 'not-a-digest' }), BODY, 'body_digest'],
      [Promise.resolve('not.a.token'), BODY, 'malformed'],
    ];
    for (const [header, body, reason] of refusals) {
      const error = await verify(await header, body).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(ClaimsError);
      expect((error as ClaimsError).status).toBe(401);
      expect((error as ClaimsError).reason).toBe(reason);
    }
    // A lifetime refusal carries the header's age, which tells a slow request from clocks that differ.
    const old = await verify(await claims(BODY, { iatOffset: -120 }), BODY).catch((e: ClaimsError) => e);
    expect((old as ClaimsError).ageSeconds).toBeGreaterThanOrEqual(119);
    const replayed = await claims(BODY);
    await verify(replayed, BODY);
    await expect(verify(replayed, BODY)).rejects.toMatchObject({ reason: 'replay' });
    await expect(verify(undefined, BODY)).rejects.toMatchObject({ reason: 'missing' });
    await expect(verify(undefined, BODY)).rejects.toThrow(/did not come through the gateway/);
  });

  it('a refused body does not use up the one-time id', async () => {
    const verify = createClaimsVerifier({ audience: 'department', publicKey });
    const header = await claims(BODY);
    await expect(verify(header, '{}')).rejects.toThrow(/different request body/);
    await expect(verify(header, BODY)).resolves.toMatchObject({ sub: 'staff-1' });
  });

  it('the replay cache forgets ids once they expire', () => {
    const cache = new MemoryReplayCache();
    const now = Date.now() / 1000;
    expect(cache.remember('a', now + 30)).toBe(true);
    expect(cache.remember('a', now + 30)).toBe(false);
    expect(cache.remember('b', now - 1)).toBe(true);
    expect(cache.remember('b', now + 30)).toBe(true);
  });
});
