import { SignJWT } from 'jose';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createTokenVerifier, type JwtSettings } from '../src/auth.ts';

const secret = new Uint8Array(32).fill(5);
const ISSUER = 'test-issuer';
const AUDIENCE = 'hub';
const SKEW = 60;

/** A token signed with `secret`; times in seconds since the epoch. */
function sign(claims: Record<string, unknown>, times: { iat: number; exp: number; nbf?: number }, alg = 'HS256', key = secret) {
  const jwt = new SignJWT(claims)
    .setProtectedHeader({ alg })
    .setSubject('staff-1')
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt(times.iat)
    .setExpirationTime(times.exp);
  if (times.nbf !== undefined) jwt.setNotBefore(times.nbf);
  return jwt.sign(key);
}

function verifier(settings: Partial<JwtSettings> = {}) {
  return createTokenVerifier({ issuer: ISSUER, audience: AUDIENCE, key: { secret }, clockSkewSeconds: SKEW, ...settings });
}

/** What a verification answers: the viewer's staff id, or the refusal's message. */
async function outcome(verify: (authorization: string) => Promise<{ staffId: string }>, token: string): Promise<string> {
  return verify(`Bearer ${token}`).then(
    (viewer) => `ok ${viewer.staffId}`,
    (error: Error) => `refused: ${error.message}`,
  );
}

const T0 = 1_900_000_000;
const at = (seconds: number) => vi.setSystemTime(seconds * 1000);

describe('the bearer-token verifier remembers verified tokens', () => {
  let signatureChecks: ReturnType<typeof vi.spyOn>;
  beforeEach(() => {
    // Only Date is faked: WebCrypto's jobs and the promises still run.
    vi.useFakeTimers({ toFake: ['Date'] });
    at(T0);
    signatureChecks = vi.spyOn(crypto.subtle, 'verify');
  });
  afterEach(() => {
    signatureChecks.mockRestore();
    vi.useRealTimers();
  });

  it('checks the signature once for a token sent again', async () => {
    const verify = verifier();
    const token = await sign({ roles: ['leader'] }, { iat: T0, exp: T0 + 3600 });
    expect(await outcome(verify, token)).toBe('ok staff-1');
    expect(await outcome(verify, token)).toBe('ok staff-1');
    expect(signatureChecks).toHaveBeenCalledTimes(1);
    // Each answer is a viewer of its own.
    const [a, b] = [await verify(`Bearer ${token}`), await verify(`Bearer ${token}`)];
    expect(a).toEqual(b);
    expect(a).not.toBe(b);
  });

  it('refuses a remembered token once it expires, at the same instant as a full verification, and forgets it', async () => {
    const cached = verifier();
    const token = await sign({ roles: ['leader'] }, { iat: T0, exp: T0 + 120 });
    expect(await outcome(cached, token)).toBe('ok staff-1');
    // Within the clock tolerance after exp the token still stands; at exp + tolerance it does not.
    for (const [time, expected] of [
      [T0 + 120 + SKEW - 1, 'ok staff-1'],
      [T0 + 120 + SKEW, 'refused: token expired'],
    ] as const) {
      at(time);
      expect(await outcome(cached, token), `at +${time - T0} s`).toBe(expected);
      expect(await outcome(verifier({ cacheSize: 0 }), token), `jose at +${time - T0} s`).toBe(expected);
    }
    const checks = signatureChecks.mock.calls.length;
    // Forgotten: going back in time, the token is verified in full again.
    at(T0 + 10);
    expect(await outcome(cached, token)).toBe('ok staff-1');
    expect(signatureChecks.mock.calls.length).toBe(checks + 1);
  });

  it('refuses a remembered token when the clock goes back before its iat (beyond the tolerance), as jose does', async () => {
    const cached = verifier();
    const token = await sign({ roles: ['leader'] }, { iat: T0, exp: T0 + 600 });
    expect(await outcome(cached, token)).toBe('ok staff-1');
    for (const [time, expected] of [
      [T0 - SKEW, 'ok staff-1'],
      [T0 - SKEW - 1, 'refused: token issued in the future or too long ago'],
    ] as const) {
      at(time);
      expect(await outcome(cached, token), `at ${time - T0} s`).toBe(expected);
      expect(await outcome(verifier({ cacheSize: 0 }), token), `jose at ${time - T0} s`).toBe(expected);
    }
  });

  it('refuses a remembered token before its nbf (beyond the tolerance), as jose does', async () => {
    const cached = verifier();
    const token = await sign({ roles: ['leader'] }, { iat: T0 - 100, exp: T0 + 600, nbf: T0 });
    expect(await outcome(cached, token)).toBe('ok staff-1');
    at(T0 - SKEW - 1);
    expect(await outcome(cached, token)).toBe('refused: token invalid');
    expect(await outcome(verifier({ cacheSize: 0 }), token)).toBe('refused: token invalid');
  });

  it('refuses a token with a bad signature after the good one was remembered', async () => {
    const verify = verifier();
    const token = await sign({ roles: ['leader'] }, { iat: T0, exp: T0 + 3600 });
    expect(await outcome(verify, token)).toBe('ok staff-1');
    const [header, payload, signature] = token.split('.') as [string, string, string];
    const flipped = `${signature.slice(0, -2)}${signature.at(-2) === 'A' ? 'B' : 'A'}${signature.at(-1)}`;
    expect(await outcome(verify, `${header}.${payload}.${flipped}`)).toBe('refused: token invalid');
    const otherKey = await sign({ roles: ['leader'] }, { iat: T0, exp: T0 + 3600 }, 'HS256', new Uint8Array(32).fill(6));
    expect(otherKey.split('.').slice(0, 2)).toEqual([header, payload]);
    expect(await outcome(verify, otherKey)).toBe('refused: token invalid');
    expect(await outcome(verify, otherKey)).toBe('refused: token invalid');
    // Refusals are not remembered: each was checked.
    expect(signatureChecks).toHaveBeenCalledTimes(4);
  });

  it('never remembers a refusal', async () => {
    const verify = verifier();
    const unknownRole = await sign({ roles: ['superuser'] }, { iat: T0, exp: T0 + 3600 });
    expect(await outcome(verify, unknownRole)).toBe('refused: token names unknown roles: superuser');
    expect(await outcome(verify, unknownRole)).toBe('refused: token names unknown roles: superuser');
    const tooLong = await sign({ roles: ['leader'] }, { iat: T0, exp: T0 + 13 * 3600 });
    expect(await outcome(verify, tooLong)).toBe('refused: token lifetime exceeds 43200 s');
    expect(await outcome(verify, tooLong)).toBe('refused: token lifetime exceeds 43200 s');
    expect(signatureChecks).toHaveBeenCalledTimes(4);
  });

  it('keeps at most cacheSize tokens, the oldest evicted first', async () => {
    const verify = verifier({ cacheSize: 3 });
    const tokens = await Promise.all([1, 2, 3, 4, 5].map((n) => sign({ roles: ['leader'], n }, { iat: T0, exp: T0 + 3600 })));
    for (const token of tokens) expect(await outcome(verify, token)).toBe('ok staff-1');
    expect(signatureChecks).toHaveBeenCalledTimes(5);
    // 3, 4 and 5 are remembered …
    for (const token of tokens.slice(2)) expect(await outcome(verify, token)).toBe('ok staff-1');
    expect(signatureChecks).toHaveBeenCalledTimes(5);
    // … 1 and 2 were evicted: verified in full again (and each evicts the oldest in turn).
    expect(await outcome(verify, tokens[0]!)).toBe('ok staff-1');
    expect(await outcome(verify, tokens[1]!)).toBe('ok staff-1');
    expect(signatureChecks).toHaveBeenCalledTimes(7);
    // Now 5, 1 and 2 are remembered: 5 is not checked again, 3 (evicted by 1) is.
    expect(await outcome(verify, tokens[4]!)).toBe('ok staff-1');
    expect(signatureChecks).toHaveBeenCalledTimes(7);
    expect(await outcome(verify, tokens[2]!)).toBe('ok staff-1');
    expect(signatureChecks).toHaveBeenCalledTimes(8);
  });

  it('drops expired tokens from the cache even when they are not sent again', async () => {
    const verify = verifier({ cacheSize: 2 });
    const shortLived = await sign({ roles: ['leader'], n: 1 }, { iat: T0, exp: T0 + 60 });
    const longLived = await sign({ roles: ['leader'], n: 2 }, { iat: T0, exp: T0 + 3600 });
    expect(await outcome(verify, shortLived)).toBe('ok staff-1');
    expect(await outcome(verify, longLived)).toBe('ok staff-1');
    at(T0 + 600);
    // The sweep drops the expired token, so a newcomer does not evict the long-lived one.
    expect(await outcome(verify, await sign({ roles: ['leader'], n: 3 }, { iat: T0 + 600, exp: T0 + 3600 }))).toBe('ok staff-1');
    const checks = signatureChecks.mock.calls.length;
    expect(await outcome(verify, longLived)).toBe('ok staff-1');
    expect(signatureChecks.mock.calls.length).toBe(checks);
  });

  it('still reports stray scopes when a remembered token is sent again', async () => {
    const onStrayScopes = vi.fn();
    const verify = verifier({ onStrayScopes });
    const token = await sign({ roles: ['leader'], scopes: { zoneIds: ['z1'] } }, { iat: T0, exp: T0 + 3600 });
    const first = await verify(`Bearer ${token}`);
    const second = await verify(`Bearer ${token}`);
    expect(signatureChecks).toHaveBeenCalledTimes(1);
    expect(onStrayScopes.mock.calls).toEqual([[['zoneIds']], [['zoneIds']]]);
    expect(second).toEqual(first);
    expect(second.scopes.zoneIds).toEqual([]);
  });

  it('accepts HS384 and HS512 tokens with the shared secret, and refuses a token signed for another algorithm', async () => {
    const verify = verifier();
    for (const alg of ['HS384', 'HS512']) expect(await outcome(verify, await sign({ roles: ['leader'] }, { iat: T0, exp: T0 + 3600 }, alg))).toBe('ok staff-1');
    const hs256 = await sign({ roles: ['leader'] }, { iat: T0, exp: T0 + 3600 });
    const [, payload, signature] = hs256.split('.');
    const relabelled = `${Buffer.from(JSON.stringify({ alg: 'HS512' })).toString('base64url')}.${payload}.${signature}`;
    expect(await outcome(verify, relabelled)).toBe('refused: token invalid');
  });
});
