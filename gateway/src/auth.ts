import type { KeyObject } from 'node:crypto';
import { AuthenticationError, type Role, strayScopes, type Viewer, type ViewerScopes, viewerFromClaims } from '@hub/core/serving';
import { createLocalJWKSet, errors, type JSONWebKeySet, type JWTPayload, jwtVerify, type JWTVerifyGetKey } from 'jose';

/** How the gateway checks callers' tokens: issuer, audience and one kind of key. */
export interface JwtSettings {
  issuer: string;
  audience: string;
  key: { secret: Uint8Array } | { publicKey: KeyObject } | { jwks: JSONWebKeySet };
  /** Longest a token may live (exp − iat, and age); default 12 h. */
  maxLifetimeSeconds?: number;
  /** Clock difference tolerated with the issuer; at most 60 s (default). */
  clockSkewSeconds?: number;
  /** Told of scope kinds a token carries without a role that uses them (they are ignored). */
  onStrayScopes?: (scopes: (keyof ViewerScopes)[]) => void;
  /** How many verified tokens are remembered (the oldest goes first); default 4096, 0 remembers none. */
  cacheSize?: number;
}

export const DEFAULT_MAX_TOKEN_LIFETIME_SECONDS = 12 * 3600;
export const MAX_CLOCK_SKEW_SECONDS = 60;
export const DEFAULT_TOKEN_CACHE_SIZE = 4096;

const HMAC_HASHES: Record<string, string> = { HS256: 'SHA-256', HS384: 'SHA-384', HS512: 'SHA-512' };

/**
 * A shared secret as a key resolver handing jose one WebCrypto key per algorithm, imported once:
 * given the bytes, jose imports the key anew on every verification.
 */
function secretKeyResolver(secret: Uint8Array): JWTVerifyGetKey {
  const imported = new Map<string, Promise<CryptoKey>>();
  const bytes = new Uint8Array(secret);
  return (header) => {
    const hash = HMAC_HASHES[header.alg ?? ''];
    // jose refuses other algorithms before asking for the key (`algorithms`); this is a second lock.
    if (!hash) throw new errors.JOSEAlgNotAllowed('"alg" (Algorithm) Header Parameter value not allowed');
    let key = imported.get(header.alg!);
    if (!key) {
      key = crypto.subtle.importKey('raw', bytes, { name: 'HMAC', hash }, false, ['verify']);
      imported.set(header.alg!, key);
    }
    return key;
  };
}

/**
 * The time-dependent checks of jose's `jwtVerify` (jose 6, `validateClaimsSet`), in its order and
 * with its errors, for a token whose signature and other claims were verified earlier.
 */
function checkTimes(payload: JWTPayload, now: number, tolerance: number, maxTokenAge: number): void {
  if (payload.nbf !== undefined && payload.nbf > now + tolerance)
    throw new errors.JWTClaimValidationFailed('"nbf" claim timestamp check failed', payload, 'nbf', 'check_failed');
  if (payload.exp! <= now - tolerance) throw new errors.JWTExpired('"exp" claim timestamp check failed', payload, 'exp', 'check_failed');
  const age = now - payload.iat!;
  if (age - tolerance > maxTokenAge) throw new errors.JWTExpired('"iat" claim timestamp check failed (too far in the past)', payload, 'iat', 'check_failed');
  if (age < -tolerance)
    throw new errors.JWTClaimValidationFailed('"iat" claim timestamp check failed (it should be in the past)', payload, 'iat', 'check_failed');
}

function algorithmsFor(key: JwtSettings['key']): string[] {
  if ('secret' in key) return ['HS256', 'HS384', 'HS512'];
  if ('jwks' in key) return ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];
  switch (key.publicKey.asymmetricKeyType) {
    case 'rsa':
      return ['RS256', 'RS384', 'RS512'];
    case 'rsa-pss':
      return ['PS256', 'PS384', 'PS512'];
    case 'ec':
      return ['ES256', 'ES384', 'ES512'];
    case 'ed25519':
      return ['EdDSA'];
    default:
      throw new Error(`unsupported public key type ${key.publicKey.asymmetricKeyType}`);
  }
}

/**
 * Verifies a caller's bearer token and returns the viewer it names; throws AuthenticationError.
 *
 * Clients send the same token for hours, so verified tokens are remembered (by the exact token
 * string, at most `cacheSize`, the oldest evicted first): a remembered token skips the signature and
 * the fixed claims (issuer, audience, algorithm) but passes every time-dependent check again exactly
 * as jose would (nbf, exp and iat against the clock tolerance and the maximum age), and the lifetime
 * check; a token that fails one is forgotten. Refusals are never remembered. Any other string —
 * another signature too — is verified in full.
 */
export function createTokenVerifier(settings: JwtSettings): (authorization: string | undefined) => Promise<Viewer> {
  const algorithms = algorithmsFor(settings.key);
  const key: KeyObject | JWTVerifyGetKey =
    'secret' in settings.key
      ? secretKeyResolver(settings.key.secret)
      : 'publicKey' in settings.key
        ? settings.key.publicKey
        : createLocalJWKSet(settings.key.jwks);
  const maxLifetime = settings.maxLifetimeSeconds ?? DEFAULT_MAX_TOKEN_LIFETIME_SECONDS;
  const skew = settings.clockSkewSeconds ?? MAX_CLOCK_SKEW_SECONDS;
  const cacheSize = settings.cacheSize ?? DEFAULT_TOKEN_CACHE_SIZE;
  if (!(maxLifetime > 0)) throw new Error('token policy: the maximum lifetime must be positive');
  if (!(skew >= 0 && skew <= MAX_CLOCK_SKEW_SECONDS)) throw new Error(`token policy: clock skew must be between 0 and ${MAX_CLOCK_SKEW_SECONDS} s`);
  if (!(Number.isInteger(cacheSize) && cacheSize >= 0)) throw new Error('token policy: the token cache size must be a whole number');
  /** Verified payloads by token, oldest first (a Map keeps insertion order). */
  const verified = new Map<string, JWTPayload>();
  let lastSweep = 0;

  const remember = (token: string, payload: JWTPayload, now: number) => {
    if (cacheSize === 0) return;
    // Expired entries go once a minute, the oldest whenever the cache is full.
    if (now - lastSweep >= 60) {
      lastSweep = now;
      for (const [cached, { exp }] of verified) if (exp! <= now - skew) verified.delete(cached);
    }
    while (verified.size >= cacheSize) verified.delete(verified.keys().next().value!);
    verified.set(token, payload);
  };

  return async (authorization) => {
    const match = /^Bearer\s+([A-Za-z0-9_\-.]+)$/.exec(authorization ?? '');
    if (!match) throw new AuthenticationError('a bearer token is required');
    const token = match[1]!;
    try {
      let payload = verified.get(token);
      if (payload) {
        try {
          checkTimes(payload, Math.floor(Date.now() / 1000), skew, maxLifetime);
        } catch (error) {
          verified.delete(token);
          throw error;
        }
      } else {
        ({ payload } = await jwtVerify(token, key as KeyObject, {
          issuer: settings.issuer,
          audience: settings.audience,
          algorithms,
          clockTolerance: skew,
          // With maxTokenAge, jose also refuses an iat in the future (beyond the skew).
          maxTokenAge: maxLifetime,
          requiredClaims: ['sub', 'exp', 'iat'],
        }));
      }
      if (payload.exp! - payload.iat! > maxLifetime) throw new AuthenticationError(`token lifetime exceeds ${maxLifetime} s`);
      const stray = strayScopes(payload);
      if (stray.length > 0) settings.onStrayScopes?.(stray);
      const viewer = viewerFromClaims(payload);
      if (!verified.has(token)) remember(token, payload, Math.floor(Date.now() / 1000));
      return viewer;
    } catch (error) {
      if (error instanceof AuthenticationError) throw error;
      if (error instanceof errors.JWTExpired) throw new AuthenticationError('token expired');
      if (error instanceof errors.JWTClaimValidationFailed && error.claim === 'aud') throw new AuthenticationError('token is for another audience');
      if (error instanceof errors.JWTClaimValidationFailed && error.claim === 'iat')
        throw new AuthenticationError('token issued in the future or too long ago');
      if (error instanceof errors.JWTClaimValidationFailed && error.reason === 'missing') throw new AuthenticationError(`token has no ${error.claim} claim`);
      throw new AuthenticationError('token invalid');
    }
  };
}

/** Roles allowed to introspect the schema outside development (analysts write ad-hoc queries). */
export const DEFAULT_INTROSPECTION_ROLES: Role[] = ['analyst', 'leader'];
