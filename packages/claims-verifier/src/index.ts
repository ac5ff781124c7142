import { createHash, type KeyObject, timingSafeEqual } from 'node:crypto';
import { createLocalJWKSet, createRemoteJWKSet, decodeJwt, errors, type JSONWebKeySet, jwtVerify, type JWTVerifyGetKey } from 'jose';

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

/**
 * Why a header was refused, for the subgraph's log (never sent to the caller beyond the message, and
 * never with the token): each check of docs/gateway-claims.md has its own code.
 */
export type ClaimsRefusal =
  | 'missing' // no header: the request did not come through the gateway
  | 'malformed' // not a compact JWS / JWT
  | 'algorithm' // alg other than EdDSA
  | 'unknown_key' // kid not in the gateway's JWKS
  | 'signature' // signature does not verify
  | 'issuer'
  | 'audience' // signed for another subgraph
  | 'claim_missing' // sub, jti, iat, exp or body_sha256 absent
  | 'expired' // exp passed (beyond the clock tolerance)
  | 'too_old' // iat older than 30 s (beyond the clock tolerance)
  | 'not_yet_valid' // iat or nbf in the future (beyond the clock tolerance)
  | 'lifetime' // exp − iat > 30 s
  | 'jti' // no usable one-time id
  | 'body_digest' // body_sha256 is not the digest of the body received
  | 'replay' // jti seen before
  | 'roles' // roles not a list of strings
  | 'unverifiable'; // the key could not be obtained (JWKS unreachable) or another failure

/** Refusal of a request: answer it with HTTP 401. `reason` says which check failed (for the log). */
export class ClaimsError extends Error {
  override name = 'ClaimsError';
  readonly status = 401;
  readonly reason: ClaimsRefusal;
  /**
   * For a lifetime refusal: the header's age (`now − iat`, seconds, the subgraph's clock), which tells
   * a slow request from clocks that differ. Never the token or the caller's identity.
   */
  readonly ageSeconds: number | undefined;

  constructor(message: string, reason: ClaimsRefusal = 'unverifiable', ageSeconds?: number) {
    super(message);
    this.reason = reason;
    this.ageSeconds = ageSeconds;
  }
}

/** The refusal code of an error thrown by jose's `jwtVerify`. */
function refusalOf(error: unknown): ClaimsRefusal {
  if (error instanceof errors.JWTExpired) return error.claim === 'iat' ? 'too_old' : 'expired';
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.reason === 'missing') return 'claim_missing';
    if (error.claim === 'iss') return 'issuer';
    if (error.claim === 'aud') return 'audience';
    if (error.claim === 'iat' || error.claim === 'nbf') return 'not_yet_valid';
    return 'malformed';
  }
  if (error instanceof errors.JOSEAlgNotAllowed) return 'algorithm';
  if (error instanceof errors.JWKSNoMatchingKey) return 'unknown_key';
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'signature';
  if (error instanceof errors.JWSInvalid || error instanceof errors.JWTInvalid) return 'malformed';
  return 'unverifiable';
}

/** `now − iat` of a header whose lifetime check failed (read without verifying; only for the log). */
function ageOf(header: string): number | undefined {
  try {
    const { iat } = decodeJwt(header);
    return typeof iat === 'number' ? Math.round(Date.now() / 1000 - iat) : undefined;
  } catch {
    return undefined;
  }
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
    if (typeof header !== 'string' || header === '') throw new ClaimsError('request did not come through the gateway', 'missing');
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
    } catch (error) {
      const reason = refusalOf(error);
      const lifetime = reason === 'expired' || reason === 'too_old' || reason === 'not_yet_valid';
      throw new ClaimsError('gateway signature missing, invalid or expired', reason, lifetime ? ageOf(header) : undefined);
    }
    const { iat, exp, jti, body_sha256: digest } = payload as { iat: number; exp: number; jti: unknown; body_sha256: unknown };
    if (exp - iat > MAX_CLAIMS_LIFETIME_SECONDS) throw new ClaimsError('claims live longer than 30 seconds', 'lifetime');
    if (typeof jti !== 'string' || jti.length < 16 || jti.length > 64) throw new ClaimsError('claims carry no usable one-time id', 'jti');
    if (typeof digest !== 'string' || !sameDigest(digest, bodyDigest(body)))
      throw new ClaimsError('claims were signed for a different request body', 'body_digest');
    // Remembered until exp plus the tolerated clock difference: as long as the header could pass.
    if (!(await replay.remember(jti, exp + tolerance))) throw new ClaimsError('claims already used (replay)', 'replay');
    const scopes = (payload.scopes ?? {}) as Record<string, unknown>;
    const list = (name: string) => (stringList(scopes[name]) ? (scopes[name] as string[]) : []);
    if (!stringList(payload.roles)) throw new ClaimsError('claims carry no roles', 'roles');
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
