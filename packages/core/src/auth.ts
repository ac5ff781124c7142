import { createPublicKey, generateKeyPairSync, type KeyObject, randomBytes, randomUUID, sign } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  bodyDigest,
  CLAIMS_ALGORITHM,
  CLAIMS_HEADER as CLAIMS_HEADER_NAME,
  CLAIMS_ISSUER,
  ClaimsError,
  createClaimsVerifier,
  MAX_CLAIMS_LIFETIME_SECONDS,
  type ReplayCache,
} from '@hub/claims-verifier';
import { calculateJwkThumbprint, exportJWK, SignJWT } from 'jose';

/** Roles of DESIGN §6. */
export const ROLES = [
  'leader',
  'petition_officer',
  'case_manager',
  'case_officer',
  'trial_officer',
  'conduct_officer',
  'inspection_officer',
  'stationed_officer',
  'analyst',
] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_NAMES: Record<Role, string> = {
  leader: '委领导 — commission leadership',
  petition_officer: '信访室 — petition office',
  case_manager: '案件监督管理室 — case management office',
  case_officer: '纪检监察室/协作区 — supervision office or collaboration zone',
  trial_officer: '案件审理室 — case trial office',
  conduct_officer: '党风政风监督室 — conduct supervision office',
  inspection_officer: '巡察办/巡察组 — inspection office or team',
  stationed_officer: '派驻纪检组 — stationed group',
  analyst: '统计分析 — analyst (aggregates only)',
};

/** What the caller belongs to, as stated by the identity provider. */
export interface ViewerScopes {
  /** 派驻纪检组 the caller is a member of. */
  stationedGroupIds: string[];
  /** 巡察组 the caller is a member of. */
  inspectionTeamIds: string[];
  /** Commission departments (信访室, 第N纪检监察室, …) the caller works in. */
  departmentIds: string[];
  /** 办案协作区 the caller is a member of. */
  zoneIds: string[];
}

export interface Viewer {
  staffId: string;
  roles: Role[];
  scopes: ViewerScopes;
  /** Set when the caller is a body's service identity (see service-identity.ts), not a person. */
  service?: string | undefined;
}

export class AuthenticationError extends Error {
  override name = 'AuthenticationError';
  /** Which check refused the request (logged; e.g. a claims refusal's code), when known. */
  readonly reason: string | undefined;
  /** Details safe to log beside the reason (never a token, never a record value). */
  readonly details: Record<string, unknown> | undefined;

  constructor(message: string, reason?: string, details?: Record<string, unknown>) {
    super(message);
    this.reason = reason;
    this.details = details;
  }
}

const SCOPE_KEYS = ['stationedGroupIds', 'inspectionTeamIds', 'departmentIds', 'zoneIds'] as const;

/** Longest `sub` (staff id) and scope id; ids are printable, without spaces. */
export const MAX_ID_LENGTH = 128;
/** Most entries of one scope list (or of roles). */
export const MAX_SCOPE_ENTRIES = 32;
const PRINTABLE_ID = /^[\x21-\x7e]+$/;

function stringList(value: unknown, what: string): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string' && v.length > 0 && v.length <= MAX_ID_LENGTH && PRINTABLE_ID.test(v))) {
    throw new AuthenticationError(`${what} must be a list of ids (printable, at most ${MAX_ID_LENGTH} characters)`);
  }
  if (value.length > MAX_SCOPE_ENTRIES) throw new AuthenticationError(`${what} has more than ${MAX_SCOPE_ENTRIES} entries`);
  return value as string[];
}

/**
 * Roles whose work a scope belongs to. DESIGN §6: "A scope (group, team, department, zone) grants
 * nothing without the role that uses it". Such a scope is dropped wherever claims are read
 * (`viewerFromClaims`), so no rule can be satisfied by it; the gateway logs the token issuer's
 * mistake (`strayScopes`) and answers with what the roles alone may read.
 */
export const SCOPE_ROLES: Readonly<Record<keyof ViewerScopes, readonly Role[]>> = {
  stationedGroupIds: ['stationed_officer'],
  inspectionTeamIds: ['inspection_officer'],
  departmentIds: ['petition_officer', 'case_manager', 'case_officer', 'trial_officer', 'conduct_officer'],
  zoneIds: ['case_officer'],
};

/** Whether one of `roles` is a role that uses the `scope` kind. */
function scopeUsedBy(scope: keyof ViewerScopes, roles: readonly unknown[]): boolean {
  return SCOPE_ROLES[scope].some((role) => roles.includes(role));
}

/** The scope kinds of verified token claims that no role of the token uses (they will be ignored). */
export function strayScopes(claims: Record<string, unknown>): (keyof ViewerScopes)[] {
  const roles = Array.isArray(claims.roles) ? (claims.roles as unknown[]) : [];
  const rawScopes = claims.scopes !== null && typeof claims.scopes === 'object' ? (claims.scopes as Record<string, unknown>) : {};
  return SCOPE_KEYS.filter((scope) => {
    const values = rawScopes[scope];
    return Array.isArray(values) && values.length > 0 && !scopeUsedBy(scope, roles);
  });
}

/** Reads the viewer from verified JWT claims: `sub`, `roles`, and `scopes`. */
export function viewerFromClaims(claims: Record<string, unknown>): Viewer {
  if (typeof claims.sub !== 'string' || claims.sub === '') throw new AuthenticationError('token has no subject (staff id)');
  if (claims.sub.length > MAX_ID_LENGTH || !PRINTABLE_ID.test(claims.sub)) {
    throw new AuthenticationError(`token subject must be a printable id of at most ${MAX_ID_LENGTH} characters`);
  }
  const roles = stringList(claims.roles, 'roles');
  const unknown = roles.filter((role) => !(ROLES as readonly string[]).includes(role));
  if (unknown.length > 0) throw new AuthenticationError(`token names unknown roles: ${unknown.join(', ')}`);
  if (roles.length === 0) throw new AuthenticationError('token grants no role');
  const rawScopes = (claims.scopes ?? {}) as Record<string, unknown>;
  if (typeof rawScopes !== 'object' || Array.isArray(rawScopes)) throw new AuthenticationError('scopes must be an object');
  const scopes = Object.fromEntries(
    SCOPE_KEYS.map((key) => {
      const values = stringList(rawScopes[key], `scopes.${key}`);
      return [key, scopeUsedBy(key, roles) ? values : []];
    }),
  ) as unknown as ViewerScopes;
  return { staffId: claims.sub, roles: roles as Role[], scopes };
}

// ─── Gateway → subgraph claims ──────────────────────────────────────────────────────────────────

/** Header carrying the gateway-signed claims to a subgraph (format: docs/gateway-claims.md). */
export const CLAIMS_HEADER = CLAIMS_HEADER_NAME;
/** Header carrying the caller's stated purpose of access (URL-encoded UTF-8). */
export const PURPOSE_HEADER = 'x-access-purpose';

/** The role a body's service identity carries in the gateway's claims (never a user role). */
export const SERVICE_CLAIMS_ROLE = 'service';

export interface ForwardedIdentity {
  viewer: Viewer;
  purpose: string | null;
}

/**
 * The gateway signs the verified identity for one subgraph request: the audience is the subgraph,
 * `body_sha256` binds it to the exact request body, `jti` makes it single-use, valid 30 seconds. A
 * body's service identity is signed as `roles: ["service"]` with `service: "<body>"` and no scopes.
 *
 * A compact JWS (EdDSA, Ed25519) signed with `node:crypto`'s synchronous `sign`: the same token jose's
 * SignJWT makes (Ed25519 signatures are deterministic; subgraphs verify with jose), at a third of its
 * CPU (0.09 against 0.28 ms measured; jose signs through WebCrypto's asynchronous jobs), four times
 * per dossier.
 */
export async function signGatewayClaims(privateKey: KeyObject, identity: ForwardedIdentity, audience: string, body: string | Uint8Array): Promise<string> {
  const service = identity.viewer.service;
  const who = service
    ? { roles: [SERVICE_CLAIMS_ROLE], scopes: { stationedGroupIds: [], inspectionTeamIds: [], departmentIds: [], zoneIds: [] }, service }
    : { roles: identity.viewer.roles, scopes: identity.viewer.scopes };
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error('the gateway signs claims with an Ed25519 key (EdDSA)');
  const now = Math.floor(Date.now() / 1000);
  const header = { alg: CLAIMS_ALGORITHM, typ: 'JWT', kid: await gatewayKeyId(privateKey) };
  const payload = {
    ...who,
    purpose: identity.purpose,
    body_sha256: bodyDigest(body),
    sub: identity.viewer.staffId,
    iss: CLAIMS_ISSUER,
    aud: audience,
    jti: randomUUID(),
    iat: now,
    exp: now + MAX_CLAIMS_LIFETIME_SECONDS,
  };
  const input = `${Buffer.from(JSON.stringify(header)).toString('base64url')}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}`;
  return `${input}.${sign(null, Buffer.from(input), privateKey).toString('base64url')}`;
}

const keyIds = new WeakMap<KeyObject, Promise<string>>();

/** The gateway key's id: its RFC 7638 thumbprint, the `kid` of the JWKS entry and of every header. */
export function gatewayKeyId(key: KeyObject): Promise<string> {
  let id = keyIds.get(key);
  if (!id) {
    id = exportJWK(key.type === 'private' ? createPublicKey(key) : key).then((jwk) => calculateJwkThumbprint(jwk));
    keyIds.set(key, id);
  }
  return id;
}

/** The gateway's public key as a JWKS document (served at /.well-known/jwks.json). */
export async function gatewayJwks(key: KeyObject): Promise<{ keys: Record<string, unknown>[] }> {
  const jwk = await exportJWK(key.type === 'private' ? createPublicKey(key) : key);
  return { keys: [{ ...jwk, kid: await gatewayKeyId(key), alg: CLAIMS_ALGORITHM, use: 'sig' }] };
}

/** A subgraph's check of the gateway's claims (signature, audience, body digest, one-time id). */
export function createGatewayClaimsVerifier(publicKey: KeyObject, audience: string, replayCache?: ReplayCache) {
  const verify = createClaimsVerifier({ publicKey, audience, replayCache });
  return async (header: string | string[] | undefined, body: string | Uint8Array): Promise<ForwardedIdentity & { jti: string }> => {
    let claims: Awaited<ReturnType<typeof verify>>;
    try {
      claims = await verify(header, body);
    } catch (error) {
      if (error instanceof ClaimsError)
        throw new AuthenticationError(error.message, `claims_${error.reason}`, error.ageSeconds === undefined ? undefined : { ageSeconds: error.ageSeconds });
      throw error;
    }
    // Only the gateway signs these claims, so only it can name a service identity.
    if (claims.service !== null) {
      if (!/^[a-z][a-z0-9-]{0,31}$/.test(claims.service) || claims.roles.join() !== SERVICE_CLAIMS_ROLE)
        throw new AuthenticationError('service claims malformed', 'claims_service');
      return {
        viewer: {
          staffId: `service:${claims.service}`,
          roles: [],
          scopes: { stationedGroupIds: [], inspectionTeamIds: [], departmentIds: [], zoneIds: [] },
          service: claims.service,
        },
        purpose: claims.purpose,
        jti: claims.jti,
      };
    }
    return { viewer: viewerFromClaims(claims as unknown as Record<string, unknown>), purpose: claims.purpose, jti: claims.jti };
  };
}

/**
 * Decodes and bounds the purpose header: at most 200 characters, control characters removed. The
 * documented form is percent-encoded UTF-8 (`encodeURIComponent('巡前通报准备')`), which every
 * client can send; raw UTF-8 bytes (curl, some proxies) arrive as Latin-1 characters and are
 * decoded back when they form valid UTF-8.
 */
export function readPurpose(header: string | string[] | undefined): string | null {
  if (typeof header !== 'string' || header.trim() === '') return null;
  let text = header;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the ISO-8859-1 range is what is tested
  if (/[\u0080-\u00ff]/.test(text) && !/[^\u0000-\u00ff]/.test(text)) {
    const utf8 = Buffer.from(text, 'latin1').toString('utf8');
    if (!utf8.includes('\ufffd')) text = utf8;
  }
  try {
    text = decodeURIComponent(text);
  } catch {
    // Not percent-encoded: taken as it is.
  }
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is removed
  text = text.replace(/[\u0000-\u001f\u007f]/g, ' ').trim();
  return text === '' ? null : text.slice(0, 200);
}

// ─── Keys ───────────────────────────────────────────────────────────────────────────────────────

export interface DevKeys {
  /** HS256 secret of the local development token issuer. */
  issuerSecret: Uint8Array;
  gatewayPrivateKey: KeyObject;
  gatewayPublicKey: KeyObject;
  dir: string;
}

export const DEV_ISSUER = 'hub-dev-issuer';
export const DEV_AUDIENCE = 'hub';

async function readOrCreate(file: string, create: () => string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  try {
    await writeFile(file, create(), { flag: 'wx', mode: 0o600 });
  } catch (error) {
    // Another service created it at the same moment: use theirs.
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  return readFile(file, 'utf8');
}

/**
 * Development only: a token-issuer secret and the gateway's Ed25519 key pair, created on first use
 * under `<dataDir>/keys` (git-ignored) and reused afterwards.
 */
export async function loadDevKeys(dataDir: string): Promise<DevKeys> {
  const dir = path.join(dataDir, 'keys');
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const secret = await readOrCreate(path.join(dir, 'dev-issuer.secret'), () => randomBytes(32).toString('base64url'));
  const privatePem = await readOrCreate(path.join(dir, 'gateway-ed25519.pem'), () =>
    generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  );
  const { createPrivateKey } = await import('node:crypto');
  const gatewayPrivateKey = createPrivateKey(privatePem);
  return {
    issuerSecret: new TextEncoder().encode(secret.trim()),
    gatewayPrivateKey,
    gatewayPublicKey: createPublicKey(gatewayPrivateKey),
    dir,
  };
}

/**
 * `iat` and `exp` from one reading of the clock. jose reads the clock once for `setIssuedAt()` and again
 * for a relative `setExpirationTime('12h')`: when a second began between the two, the token lived one
 * second longer than asked, and a verifier that bounds the lifetime (the gateway's 12 hours, a service
 * assertion's 30 seconds) refused it.
 */
export function tokenTimes(lifetimeSeconds: number): { iat: number; exp: number } {
  const iat = Math.floor(Date.now() / 1000);
  return { iat, exp: iat + lifetimeSeconds };
}

/** Issues a development token for a role (signed with the local dev issuer secret), valid `lifetimeSeconds` (default 12 hours). */
export async function issueDevToken(
  keys: Pick<DevKeys, 'issuerSecret'>,
  subject: { staffId: string; roles: Role[]; scopes?: Partial<ViewerScopes>; name?: string },
  lifetimeSeconds = 12 * 3600,
  issuer: { issuer: string; audience: string } = { issuer: DEV_ISSUER, audience: DEV_AUDIENCE },
): Promise<string> {
  const { iat, exp } = tokenTimes(lifetimeSeconds);
  return new SignJWT({ roles: subject.roles, scopes: subject.scopes ?? {}, name: subject.name, dev: true })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(subject.staffId)
    .setIssuer(issuer.issuer)
    .setAudience(issuer.audience)
    .setIssuedAt(iat)
    .setExpirationTime(exp)
    .sign(keys.issuerSecret);
}
