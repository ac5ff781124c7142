import { createPublicKey, generateKeyPairSync, type KeyObject, randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { jwtVerify, SignJWT } from 'jose';

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
}

export class AuthenticationError extends Error {
  override name = 'AuthenticationError';
}

const SCOPE_KEYS = ['stationedGroupIds', 'inspectionTeamIds', 'departmentIds', 'zoneIds'] as const;

/**
 * Roles whose work a scope belongs to. DESIGN §6: "A scope (group, team, department, zone) grants
 * nothing without the role that uses it" — a scope the caller holds without one of these roles is
 * dropped when the token is read, so no rule downstream can be satisfied by it.
 */
export const SCOPE_ROLES = {
  stationedGroupIds: ['stationed_officer'],
  inspectionTeamIds: ['inspection_officer'],
  departmentIds: ['petition_officer', 'case_manager', 'case_officer', 'trial_officer', 'conduct_officer'],
  zoneIds: ['case_officer'],
} as const satisfies Record<(typeof SCOPE_KEYS)[number], readonly Role[]>;

function stringList(value: unknown, what: string): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string' && v.length > 0 && v.length <= 128)) {
    throw new AuthenticationError(`${what} must be a list of strings`);
  }
  return value as string[];
}

/** Reads the viewer from verified JWT claims: `sub`, `roles`, and `scopes`. */
export function viewerFromClaims(claims: Record<string, unknown>): Viewer {
  if (typeof claims.sub !== 'string' || claims.sub === '') throw new AuthenticationError('token has no subject (staff id)');
  const roles = stringList(claims.roles, 'roles');
  const unknown = roles.filter((role) => !(ROLES as readonly string[]).includes(role));
  if (unknown.length > 0) throw new AuthenticationError(`token names unknown roles: ${unknown.join(', ')}`);
  if (roles.length === 0) throw new AuthenticationError('token grants no role');
  const rawScopes = (claims.scopes ?? {}) as Record<string, unknown>;
  if (typeof rawScopes !== 'object' || Array.isArray(rawScopes)) throw new AuthenticationError('scopes must be an object');
  const scopes = Object.fromEntries(
    SCOPE_KEYS.map((key) => {
      const values = stringList(rawScopes[key], `scopes.${key}`);
      const used = (SCOPE_ROLES[key] as readonly Role[]).some((role) => (roles as Role[]).includes(role));
      return [key, used ? values : []];
    }),
  ) as unknown as ViewerScopes;
  return { staffId: claims.sub, roles: roles as Role[], scopes };
}

// ─── Gateway → subgraph claims ──────────────────────────────────────────────────────────────────

/** Header carrying the gateway-signed claims to a subgraph. */
export const CLAIMS_HEADER = 'x-hub-claims';
/** Header carrying the caller's stated purpose of access (URL-encoded UTF-8). */
export const PURPOSE_HEADER = 'x-access-purpose';
const GATEWAY_ISSUER = 'hub-gateway';
const CLAIMS_LIFETIME_SECONDS = 60;

export interface ForwardedIdentity {
  viewer: Viewer;
  purpose: string | null;
}

/** The gateway signs the verified identity for one subgraph (the audience), valid one minute. */
export async function signGatewayClaims(privateKey: KeyObject, identity: ForwardedIdentity, audience: string): Promise<string> {
  return new SignJWT({ roles: identity.viewer.roles, scopes: identity.viewer.scopes, purpose: identity.purpose })
    .setProtectedHeader({ alg: 'EdDSA', typ: 'JWT' })
    .setSubject(identity.viewer.staffId)
    .setIssuer(GATEWAY_ISSUER)
    .setAudience(audience)
    .setIssuedAt()
    .setExpirationTime(`${CLAIMS_LIFETIME_SECONDS}s`)
    .sign(privateKey);
}

/** A subgraph accepts only claims the gateway signed for it, and not expired. */
export async function verifyGatewayClaims(publicKey: KeyObject, token: string, audience: string): Promise<ForwardedIdentity> {
  let payload: Record<string, unknown>;
  try {
    ({ payload } = await jwtVerify(token, publicKey, { issuer: GATEWAY_ISSUER, audience, algorithms: ['EdDSA'], maxTokenAge: CLAIMS_LIFETIME_SECONDS + 5 }));
  } catch {
    throw new AuthenticationError('gateway signature missing, invalid or expired');
  }
  const purpose = typeof payload.purpose === 'string' ? payload.purpose : null;
  return { viewer: viewerFromClaims(payload), purpose };
}

/** Decodes and bounds the purpose header: at most 200 characters, control characters removed. */
export function readPurpose(header: string | string[] | undefined): string | null {
  if (typeof header !== 'string' || header.trim() === '') return null;
  let text: string;
  try {
    text = decodeURIComponent(header);
  } catch {
    text = header;
  }
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

/** Issues a development token for a role (signed with the local dev issuer secret). */
export async function issueDevToken(
  keys: Pick<DevKeys, 'issuerSecret'>,
  subject: { staffId: string; roles: Role[]; scopes?: Partial<ViewerScopes>; name?: string },
  lifetime = '30d',
  issuer: { issuer: string; audience: string } = { issuer: DEV_ISSUER, audience: DEV_AUDIENCE },
): Promise<string> {
  return new SignJWT({ roles: subject.roles, scopes: subject.scopes ?? {}, name: subject.name, dev: true })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(subject.staffId)
    .setIssuer(issuer.issuer)
    .setAudience(issuer.audience)
    .setIssuedAt()
    .setExpirationTime(lifetime)
    .sign(keys.issuerSecret);
}
