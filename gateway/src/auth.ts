import type { KeyObject } from 'node:crypto';
import { AuthenticationError, type Role, type Viewer, viewerFromClaims } from '@hub/core';
import { createLocalJWKSet, errors, type JSONWebKeySet, jwtVerify, type JWTVerifyGetKey } from 'jose';

/** How the gateway checks callers' tokens: issuer, audience and one kind of key. */
export interface JwtSettings {
  issuer: string;
  audience: string;
  key: { secret: Uint8Array } | { publicKey: KeyObject } | { jwks: JSONWebKeySet };
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

/** Verifies a caller's bearer token and returns the viewer it names; throws AuthenticationError. */
export function createTokenVerifier(settings: JwtSettings): (authorization: string | undefined) => Promise<Viewer> {
  const algorithms = algorithmsFor(settings.key);
  const key: Uint8Array | KeyObject | JWTVerifyGetKey =
    'secret' in settings.key ? settings.key.secret : 'publicKey' in settings.key ? settings.key.publicKey : createLocalJWKSet(settings.key.jwks);
  return async (authorization) => {
    const match = /^Bearer\s+([A-Za-z0-9_\-.]+)$/.exec(authorization ?? '');
    if (!match) throw new AuthenticationError('a bearer token is required');
    try {
      const { payload } = await jwtVerify(match[1]!, key as Uint8Array, {
        issuer: settings.issuer,
        audience: settings.audience,
        algorithms,
        clockTolerance: 5,
        requiredClaims: ['sub', 'exp'],
      });
      return viewerFromClaims(payload);
    } catch (error) {
      if (error instanceof AuthenticationError) throw error;
      if (error instanceof errors.JWTExpired) throw new AuthenticationError('token expired');
      if (error instanceof errors.JWTClaimValidationFailed && error.claim === 'aud') throw new AuthenticationError('token is for another audience');
      throw new AuthenticationError('token invalid');
    }
  };
}

/** Roles allowed to introspect the schema outside development (analysts write ad-hoc queries). */
export const DEFAULT_INTROSPECTION_ROLES: Role[] = ['analyst', 'leader'];
