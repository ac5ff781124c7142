import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { jwtVerify, SignJWT } from 'jose';
import { AuthenticationError, type Viewer } from './auth.ts';

/**
 * 服务身份 — service identity. A subgraph that must look at another body's record (to verify a
 * reference before it writes, or to deliver an outbox event) calls the gateway's `/graphql` like any
 * client, but with a short-lived assertion signed by its own Ed25519 service key instead of a user's
 * token. The gateway knows each body's public service key; it verifies the assertion and signs claims
 * naming the calling body (`service: '<body>'`, role `service`) for the owning subgraph. A service
 * identity holds no user role: it reaches only the fields that allow the `service` auth scope for its
 * body (existence and state lookups, event delivery), and everything it does is audited by the
 * calling and the answering subgraph.
 */

/** Header carrying a subgraph's signed service assertion to the gateway. */
export const SERVICE_ASSERTION_HEADER = 'x-hub-service-assertion';
/** The role name service identities carry in gateway-signed claims. */
export const SERVICE_ROLE = 'service';
const SERVICE_AUDIENCE = 'hub-gateway';
const ASSERTION_LIFETIME_SECONDS = 60;

/** Staff id under which a service identity appears in audit logs: `service:<body>`. */
export const serviceStaffId = (body: string) => `service:${body}`;

/** A viewer that is a body's service identity, not a person. */
export function serviceViewer(body: string): Viewer {
  return { staffId: serviceStaffId(body), roles: [], scopes: { stationedGroupIds: [], inspectionTeamIds: [], departmentIds: [], zoneIds: [] }, service: body };
}

/** A subgraph signs an assertion of its own identity for the gateway, valid one minute. */
export async function signServiceAssertion(privateKey: KeyObject, body: string): Promise<string> {
  return new SignJWT({})
    .setProtectedHeader({ alg: 'EdDSA', typ: 'JWT' })
    .setIssuer(serviceStaffId(body))
    .setSubject(serviceStaffId(body))
    .setAudience(SERVICE_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(`${ASSERTION_LIFETIME_SECONDS}s`)
    .sign(privateKey);
}

/**
 * The gateway checks a service assertion against the public keys of the bodies it knows and returns
 * the calling body; throws AuthenticationError.
 */
export async function verifyServiceAssertion(publicKeys: Record<string, KeyObject>, token: string): Promise<string> {
  for (const [body, key] of Object.entries(publicKeys)) {
    try {
      await jwtVerify(token, key, { issuer: serviceStaffId(body), subject: serviceStaffId(body), audience: SERVICE_AUDIENCE, algorithms: ['EdDSA'], maxTokenAge: ASSERTION_LIFETIME_SECONDS + 5 });
      return body;
    } catch {
      // Not this body's key; try the next.
    }
  }
  throw new AuthenticationError('service assertion invalid, expired or from an unknown body');
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
