import { createHash, type KeyObject, timingSafeEqual } from 'node:crypto';
import { createLocalJWKSet, createRemoteJWKSet, type JSONWebKeySet, jwtVerify, type JWTVerifyGetKey } from 'jose';

/**
 * 网关声明 — the hub gateway's signed claims, as a department's own subgraph verifies them.
 * Format: docs/gateway-claims.md. The only dependency is `jose`.
 *
 * ```ts
 * const verify = createClaimsVerifier({ audience: 'my-subgraph', jwks: new URL('https://hub.example/.well-known/jwks.json') });
 * const claims = await verify(request.headers['x-hub-claims'], rawBodyBytes); // throws ClaimsError (401)
 * ```
 */

/** HTTP header carrying the signed claims (a compact JWS). */
export const CLAIMS_HEADER = 'x-hub-claims';
/** `iss` of every claims token the gateway signs. */
export const CLAIMS_ISSUER = 'hub-gateway';
/** Signature algorithm (Ed25519). */
export const CLAIMS_ALGORITHM = 'EdDSA';
/** Longest accepted lifetime (`exp` − `iat`), and how long a `jti` is remembered. */
export const MAX_CLAIMS_LIFETIME_SECONDS = 30;
/** Where the gateway publishes its public key. */
export const JWKS_PATH = '/.well-known/jwks.json';

export interface HubScopes {
  stationedGroupIds: string[];
  inspectionTeamIds: string[];
  departmentIds: string[];
  zoneIds: string[];
}

/** The claims of a verified header. */
export interface HubClaims {
  /** Staff id of the caller. */
  sub: string;
  roles: string[];
  scopes: HubScopes;
  /** The caller's stated purpose of access (UTF-8), or null. */
  purpose: string | null;
  /**
   * Set when the caller is not a person but one of the hub's bodies calling as its service identity
   * (`roles` is then `["service"]`, `sub` is `service:<body>`, scopes are empty); null otherwise.
   */
  service: string | null;
  /** One-time id of this subgraph request. */
  jti: string;
  /** base64url(SHA-256(request body bytes)). */
  body_sha256: string;
  iss: string;
  /** The subgraph the claims were signed for. */
  aud: string;
  iat: number;
  exp: number;
}

/** Refusal of a request: answer it with HTTP 401. */
export class ClaimsError extends Error {
  override name = 'ClaimsError';
  readonly status = 401;
}

/** base64url(SHA-256(body)): the `body_sha256` claim of a request with this exact body. */
export function bodyDigest(body: string | Uint8Array): string {
  return createHash('sha256').update(body).digest('base64url');
}

/** Remembers one-time ids until they expire. `remember` returns false for an id already seen. */
export interface ReplayCache {
  remember(jti: string, expiresAtSeconds: number): boolean | Promise<boolean>;
}

/**
 * In-process replay cache. One process only: several instances of a subgraph behind a load
 * balancer need a shared cache (e.g. Redis `SET jti 1 NX EX 30`) passed as `replayCache`.
 */
export class MemoryReplayCache implements ReplayCache {
  readonly #seen = new Map<string, number>();
  #lastSweep = 0;

  remember(jti: string, expiresAtSeconds: number): boolean {
    const now = Date.now() / 1000;
    if (now - this.#lastSweep > 5) {
      this.#lastSweep = now;
      for (const [id, expires] of this.#seen) if (expires < now) this.#seen.delete(id);
    }
    const known = this.#seen.get(jti);
    if (known !== undefined && known >= now) return false;
    this.#seen.set(jti, expiresAtSeconds);
    return true;
  }

  get size(): number {
    return this.#seen.size;
  }
}

export interface ClaimsVerifierOptions {
  /** This subgraph's name, as the gateway signs it in `aud`. */
  audience: string;
  /** The gateway's public key: its JWKS URL, a JWKS document, or a key object. */
  jwks?: URL | JSONWebKeySet;
  publicKey?: KeyObject;
  /** Default `hub-gateway`. */
  issuer?: string;
  /** Default: a new MemoryReplayCache. */
  replayCache?: ReplayCache;
  /** Seconds of clock difference tolerated between gateway and subgraph (default 5). */
  clockToleranceSeconds?: number;
}

function stringList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'string');
}

function sameDigest(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Returns `verify(header, body)`: checks the signature, issuer, audience, lifetime (≤ 30 s), that
 * `body_sha256` is the digest of these exact body bytes and that `jti` was not seen before. Throws
 * ClaimsError otherwise. Pass the raw body bytes as received, before any JSON parsing.
 */
export function createClaimsVerifier(
  options: ClaimsVerifierOptions,
): (header: string | string[] | undefined | null, body: string | Uint8Array) => Promise<HubClaims> {
  let key: KeyObject | JWTVerifyGetKey;
  if (options.publicKey) key = options.publicKey;
  else if (options.jwks instanceof URL) key = createRemoteJWKSet(options.jwks);
  else if (options.jwks) key = createLocalJWKSet(options.jwks);
  else throw new Error('createClaimsVerifier: give jwks (URL or document) or publicKey');
  const replay = options.replayCache ?? new MemoryReplayCache();
  const tolerance = options.clockToleranceSeconds ?? 5;
  return async (header, body) => {
    if (typeof header !== 'string' || header === '') throw new ClaimsError('request did not come through the gateway');
    let payload: Record<string, unknown>;
    try {
      ({ payload } = await jwtVerify(header, key as KeyObject, {
        issuer: options.issuer ?? CLAIMS_ISSUER,
        audience: options.audience,
        algorithms: [CLAIMS_ALGORITHM],
        requiredClaims: ['sub', 'jti', 'iat', 'exp', 'body_sha256'],
        maxTokenAge: MAX_CLAIMS_LIFETIME_SECONDS,
        clockTolerance: tolerance,
      }));
    } catch {
      throw new ClaimsError('gateway signature missing, invalid or expired');
    }
    const { iat, exp, jti, body_sha256: digest } = payload as { iat: number; exp: number; jti: unknown; body_sha256: unknown };
    if (exp - iat > MAX_CLAIMS_LIFETIME_SECONDS) throw new ClaimsError('claims live longer than 30 seconds');
    if (typeof jti !== 'string' || jti.length < 16 || jti.length > 64) throw new ClaimsError('claims carry no usable one-time id');
    if (typeof digest !== 'string' || !sameDigest(digest, bodyDigest(body))) throw new ClaimsError('claims were signed for a different request body');
    // Remembered until exp plus the tolerated clock difference: as long as the header could pass.
    if (!(await replay.remember(jti, exp + tolerance))) throw new ClaimsError('claims already used (replay)');
    const scopes = (payload.scopes ?? {}) as Record<string, unknown>;
    const list = (name: string) => (stringList(scopes[name]) ? (scopes[name] as string[]) : []);
    if (!stringList(payload.roles)) throw new ClaimsError('claims carry no roles');
    return {
      sub: payload.sub as string,
      roles: payload.roles,
      scopes: {
        stationedGroupIds: list('stationedGroupIds'),
        inspectionTeamIds: list('inspectionTeamIds'),
        departmentIds: list('departmentIds'),
        zoneIds: list('zoneIds'),
      },
      purpose: typeof payload.purpose === 'string' ? payload.purpose : null,
      service: typeof payload.service === 'string' ? payload.service : null,
      jti,
      body_sha256: digest,
      iss: payload.iss as string,
      aud: options.audience,
      iat,
      exp,
    };
  };
}
