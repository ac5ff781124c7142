import { generateKeyPairSync } from 'node:crypto';
import { decodeJwt } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { issueDevToken } from '../src/auth.ts';
import { ASSERTION_LIFETIME_SECONDS, signServiceAssertion } from '../src/service-identity.ts';

/**
 * A token's `iat` and `exp` come from one reading of the clock: a second that begins while the token
 * is built does not lengthen its life (a verifier bounding the lifetime refused those tokens).
 */
const RealDate = globalThis.Date;
afterEach(() => {
  globalThis.Date = RealDate;
});

/** A clock 0.1 s before a second begins that moves on 0.2 s at every reading. */
function tickingClock() {
  let ms = 1_800_000_000_900;
  const next = () => {
    const now = ms;
    ms += 200;
    return now;
  };
  class TickingDate extends RealDate {
    constructor(...args: unknown[]) {
      if (args.length === 0) super(next());
      else super(...(args as [number]));
    }
    static override now() {
      return next();
    }
  }
  globalThis.Date = TickingDate as DateConstructor;
}

describe('token lifetimes', () => {
  it('a development token lives exactly its lifetime', async () => {
    tickingClock();
    const token = await issueDevToken({ issuerSecret: new TextEncoder().encode('x'.repeat(32)) }, { staffId: 's', roles: ['leader'] }, 12 * 3600);
    const { iat, exp } = decodeJwt(token);
    expect(exp! - iat!).toBe(12 * 3600);
  });

  it('a service assertion lives exactly its 30 seconds', async () => {
    tickingClock();
    const { privateKey } = generateKeyPairSync('ed25519');
    const token = await signServiceAssertion(privateKey, 'discipline', '{}');
    const { iat, exp } = decodeJwt(token);
    expect(exp! - iat!).toBe(ASSERTION_LIFETIME_SECONDS);
  });
});
