import type { KeyObject } from 'node:crypto';
import { AuthenticationError, type Role, strayScopes, type Viewer, type ViewerScopes, viewerFromClaims } from '@hub/core';
import { createLocalJWKSet, errors, type JSONWebKeySet, jwtVerify, type JWTVerifyGetKey } from 'jose';

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
}

export const DEFAULT_MAX_TOKEN_LIFETIME_SECONDS = 12 * 3600;
export const MAX_CLOCK_SKEW_SECONDS = 60;

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

/** Verifies a caller's bearer token and returns the viewer it names; throws AuthenticationError. */
export function createTokenVerifier(settings: JwtSettings): (authorization: string | undefined) => Promise<Viewer> {
  const algorithms = algorithmsFor(settings.key);
  const key: Uint8Array | KeyObject | JWTVerifyGetKey =
    'secret' in settings.key ? settings.key.secret : 'publicKey' in settings.key ? settings.key.publicKey : createLocalJWKSet(settings.key.jwks);
  const maxLifetime = settings.maxLifetimeSeconds ?? DEFAULT_MAX_TOKEN_LIFETIME_SECONDS;
  const skew = settings.clockSkewSeconds ?? MAX_CLOCK_SKEW_SECONDS;
  if (!(maxLifetime > 0)) throw new Error('token policy: the maximum lifetime must be positive');
  if (!(skew >= 0 && skew <= MAX_CLOCK_SKEW_SECONDS)) throw new Error(`token policy: clock skew must be between 0 and ${MAX_CLOCK_SKEW_SECONDS} s`);
  return async (authorization) => {
    const match = /^Bearer\s+([A-Za-z0-9_\-.]+)$/.exec(authorization ?? '');
    if (!match) throw new AuthenticationError('a bearer token is required');
    try {
      const { payload } = await jwtVerify(match[1]!, key as Uint8Array, {
        issuer: settings.issuer,
        audience: settings.audience,
        algorithms,
        clockTolerance: skew,
        // With maxTokenAge, jose also refuses an iat in the future (beyond the skew).
        maxTokenAge: maxLifetime,
        requiredClaims: ['sub', 'exp', 'iat'],
      });
      if (payload.exp! - payload.iat! > maxLifetime) throw new AuthenticationError(`token lifetime exceeds ${maxLifetime} s`);
      const stray = strayScopes(payload);
      if (stray.length > 0) settings.onStrayScopes?.(stray);
      return viewerFromClaims(payload);
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
