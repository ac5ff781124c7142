import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject, randomUUID, timingSafeEqual } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { bodyDigest, type ReplayCache } from '@hub/claims-verifier';
import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, type GraphQLSchema, Kind } from 'graphql';
import { decodeJwt, jwtVerify, SignJWT } from 'jose';
import { AuthenticationError, tokenTimes, type Viewer } from './auth.ts';

/**
 * 服务身份 — service identity. A subgraph that must look at another body's record (to verify a
 * reference before it writes, or to deliver an outbox event) calls the gateway's `/graphql` like any
 * client, but with a one-time assertion signed by its own Ed25519 service key over the request body
 * instead of a user's token. The gateway knows each body's public service key; it verifies the assertion and signs claims
 * naming the calling body (`service: '<body>'`, role `service`) for the owning subgraph. A service
 * identity holds no user role: it reaches only the fields that allow the `service` auth scope for its
 * body (existence and state lookups, event delivery), and everything it does is audited by the
 * calling and the answering subgraph.
 */

/** Header carrying a subgraph's signed service assertion to the gateway. */
export const SERVICE_ASSERTION_HEADER = 'x-hub-service-assertion';
const SERVICE_AUDIENCE = 'hub-gateway';

/** Staff id under which a service identity appears in audit logs: `service:<body>`. */
export const serviceStaffId = (body: string) => `service:${body}`;

/** A viewer that is a body's service identity, not a person. */
export function serviceViewer(body: string): Viewer {
  return { staffId: serviceStaffId(body), roles: [], scopes: { stationedGroupIds: [], inspectionTeamIds: [], departmentIds: [], zoneIds: [] }, service: body };
}

/** Longest life of a service assertion; its one-time id is remembered this long. */
export const ASSERTION_LIFETIME_SECONDS = 30;

/**
 * A subgraph signs an assertion of its own identity for one call to the gateway: bound to the exact
 * request body (`body_sha256`, as the gateway's own claims are), single-use (`jti`), valid 30 seconds.
 */
export async function signServiceAssertion(privateKey: KeyObject, body: string, requestBody: string | Uint8Array): Promise<string> {
  const { iat, exp } = tokenTimes(ASSERTION_LIFETIME_SECONDS);
  return new SignJWT({ body_sha256: bodyDigest(requestBody) })
    .setProtectedHeader({ alg: 'EdDSA', typ: 'JWT' })
    .setIssuer(serviceStaffId(body))
    .setSubject(serviceStaffId(body))
    .setAudience(SERVICE_AUDIENCE)
    .setJti(randomUUID())
    .setIssuedAt(iat)
    .setExpirationTime(exp)
    .sign(privateKey);
}

/** A verified assertion: the calling body and the digest of the body it was signed for. */
export interface VerifiedServiceAssertion {
  body: string;
  bodySha256: string;
}

/**
 * The gateway checks a service assertion against the public keys of the bodies it knows: signature,
 * issuer, audience, lifetime (≤ 30 s) and a one-time id not seen before (`replay`). Returns the calling
 * body and the body digest the caller must still match (`serviceBodyMatches`); throws
 * AuthenticationError.
 */
export async function verifyServiceAssertion(publicKeys: Record<string, KeyObject>, token: string, replay: ReplayCache): Promise<VerifiedServiceAssertion> {
  // The body the assertion claims to come from picks the one key to try: a signature is checked
  // once, not once per body until one fits (a failed Ed25519 check cost as much as a good one, and
  // an assertion from the last body listed paid for every other first). What is accepted is the
  // same: only a body's own key verifies its assertions, and the issuer is checked again by jose.
  const body = claimedBody(token);
  const key = body !== undefined && Object.hasOwn(publicKeys, body) ? publicKeys[body] : undefined;
  if (body === undefined || key === undefined) throw new AuthenticationError(INVALID_ASSERTION);
  let payload: Record<string, unknown>;
  try {
    ({ payload } = await jwtVerify(token, key, {
      issuer: serviceStaffId(body),
      subject: serviceStaffId(body),
      audience: SERVICE_AUDIENCE,
      algorithms: ['EdDSA'],
      requiredClaims: ['jti', 'iat', 'exp', 'body_sha256'],
      maxTokenAge: ASSERTION_LIFETIME_SECONDS,
      clockTolerance: 5,
    }));
  } catch {
    throw new AuthenticationError(INVALID_ASSERTION);
  }
  const { iat, exp, jti, body_sha256: digest } = payload as { iat: number; exp: number; jti: unknown; body_sha256: unknown };
  if (exp - iat > ASSERTION_LIFETIME_SECONDS) throw new AuthenticationError('service assertion lives longer than 30 seconds');
  if (typeof jti !== 'string' || jti.length < 16 || jti.length > 64) throw new AuthenticationError('service assertion carries no usable one-time id');
  if (typeof digest !== 'string') throw new AuthenticationError('service assertion is not bound to a request body');
  if (!(await replay.remember(`${body}:${jti}`, exp + 5))) throw new AuthenticationError('service assertion already used (replay)');
  return { body, bodySha256: digest };
}

const INVALID_ASSERTION = 'service assertion invalid, expired or from an unknown body';

/** The body named by an assertion's (not yet verified) issuer, `service:<body>`; undefined when there is none. */
function claimedBody(token: string): string | undefined {
  let issuer: unknown;
  try {
    issuer = decodeJwt(token).iss;
  } catch {
    return undefined;
  }
  if (typeof issuer !== 'string' || !issuer.startsWith(serviceStaffId(''))) return undefined;
  const body = issuer.slice(serviceStaffId('').length);
  return body.length > 0 ? body : undefined;
}

/** Whether the request body received is the one the assertion was signed for. */
export function serviceBodyMatches(assertion: VerifiedServiceAssertion, requestBody: string | Uint8Array): boolean {
  const a = Buffer.from(assertion.bodySha256);
  const b = Buffer.from(bodyDigest(requestBody));
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Development only: each body's service key pair, created on first use under `<dataDir>/keys`. */
export async function loadDevServiceKey(dataDir: string, body: string): Promise<KeyObject> {
  const dir = path.join(dataDir, 'keys');
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const file = path.join(dir, `service-${body}-ed25519.pem`);
  try {
    return createPrivateKey(await readFile(file, 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  try {
    await writeFile(file, generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  return createPrivateKey(await readFile(file, 'utf8'));
}

/** Development only: the public service keys of the given bodies (created on first use). */
export async function loadDevServicePublicKeys(dataDir: string, bodies: readonly string[]): Promise<Record<string, KeyObject>> {
  const keys: Record<string, KeyObject> = {};
  for (const body of bodies) keys[body] = createPublicKey(await loadDevServiceKey(dataDir, body));
  return keys;
}

/**
 * The root fields a service identity may call: those whose authorization names the `service`
 * scope (the owner lookups and event consumers). Read from the fields' Pothos options.
 */
export function serviceRootFields(schema: GraphQLSchema): Set<string> {
  const fields = new Set<string>();
  for (const type of [schema.getQueryType(), schema.getMutationType()]) {
    for (const [name, field] of Object.entries(type?.getFields() ?? {})) {
      const scopes = (field.extensions as { pothosOptions?: { authScopes?: unknown } } | undefined)?.pothosOptions?.authScopes;
      if (scopes && typeof scopes === 'object' && 'service' in scopes) fields.add(name);
    }
  }
  return fields;
}

/**
 * A service identity reaches nothing but its lookups and consumers: an operation of a service
 * identity that selects any other root field (a public one, `_entities` or `_service` included) is
 * refused as a whole with FORBIDDEN, whatever the field's own rule would allow.
 */
export function serviceIdentityGuard<Ctx extends { viewer: Viewer }>(schema: GraphQLSchema): ApolloServerPlugin<Ctx> {
  const allowed = serviceRootFields(schema);
  return {
    async requestDidStart({ contextValue }) {
      if (contextValue.viewer.service === undefined) return;
      return {
        async didResolveOperation({ operation }) {
          const refused =
            !operation ||
            operation.selectionSet.selections.some(
              (selection) => selection.kind !== Kind.FIELD || (selection.name.value !== '__typename' && !allowed.has(selection.name.value)),
            );
          if (refused) {
            throw new GraphQLError('服务身份只能调用引用核验与事件接收 — a service identity may call only reference lookups and event consumers', {
              extensions: { code: 'FORBIDDEN' },
            });
          }
        },
      };
    },
  };
}
