import type { KeyObject } from 'node:crypto';
import { createPublicKey } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { IncomingHttpHeaders } from 'node:http';
import { envString, type ForwardedIdentity, type Logger, loadDevServicePublicKeys, readPurpose, PURPOSE_HEADER, SERVICE_ASSERTION_HEADER, serviceViewer, verifyServiceAssertion } from '@hub/core';

/** Bodies that run a subgraph and may call the graph as their service identity. */
export const SERVICE_BODIES = ['inspection', 'discipline', 'stationed'] as const;

/**
 * A request carrying a subgraph's service assertion is authenticated as that body's service
 * identity (and logged: which body, which operation); any other request returns undefined and goes
 * through the caller-token check. A present but bad assertion is refused, never downgraded.
 */
export async function authenticateService(headers: IncomingHttpHeaders, keys: Record<string, KeyObject>, logger: Logger): Promise<ForwardedIdentity | undefined> {
  const assertion = headers[SERVICE_ASSERTION_HEADER];
  if (assertion === undefined) return undefined;
  const body = await verifyServiceAssertion(keys, String(assertion));
  logger.info({ service: body }, 'service identity call');
  return { viewer: serviceViewer(body), purpose: readPurpose(headers[PURPOSE_HEADER]) };
}

/**
 * Public service keys: `HUB_SERVICE_PUBLIC_KEY_<BODY>_FILE` (PEM) for each body. In development,
 * without them, each body's key under the data folder is used (created on first use).
 */
export async function servicePublicKeysFromEnv(development: boolean, dataDir: string): Promise<Record<string, KeyObject>> {
  const keys: Record<string, KeyObject> = {};
  for (const body of SERVICE_BODIES) {
    const file = envString(`HUB_SERVICE_PUBLIC_KEY_${body.toUpperCase()}_FILE`);
    if (file) keys[body] = createPublicKey(await readFile(file, 'utf8'));
  }
  const missing = SERVICE_BODIES.filter((body) => !keys[body]);
  if (missing.length === 0) return keys;
  if (!development) {
    throw new Error(`NODE_ENV=production: set ${missing.map((b) => `HUB_SERVICE_PUBLIC_KEY_${b.toUpperCase()}_FILE`).join(', ')} (each body's Ed25519 service public key, PEM).`);
  }
  return { ...(await loadDevServicePublicKeys(dataDir, missing)), ...keys };
}
