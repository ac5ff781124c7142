import type { KeyObject } from 'node:crypto';
import { createPublicKey } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Request } from 'express';
import { MemoryReplayCache, type ReplayCache } from '@hub/claims-verifier';
import {
  envString,
  type ForwardedIdentity,
  type Logger,
  loadDevServicePublicKeys,
  PURPOSE_HEADER,
  readPurpose,
  SERVICE_ASSERTION_HEADER,
  serviceBodyMatches,
  serviceViewer,
  type VerifiedServiceAssertion,
  verifyServiceAssertion,
} from '@hub/core/serving';

/** Bodies that run a subgraph and may call the graph as their service identity. */
export const SERVICE_BODIES = ['inspection', 'discipline', 'stationed'] as const;

/** The service assertions accepted: verifies each one, remembers its one-time id. */
export interface ServiceIdentities {
  /**
   * A request carrying a subgraph's service assertion is authenticated as that body's service
   * identity (and logged); any other request returns undefined and goes through the caller-token
   * check. A present but bad or replayed assertion is refused, never downgraded.
   */
  authenticate(req: Request): Promise<ForwardedIdentity | undefined>;
  /** After the body is read: whether a service request's body is the one its assertion covers (true for other requests). */
  bodyMatches(req: Request, rawBody: Buffer): boolean;
}

/**
 * The assertions' one-time ids are remembered in this process only (the gateway has no database):
 * with several gateway replicas a captured assertion can be replayed once to each other replica
 * within its 30 seconds — see docs/gateway-claims.md, "Service assertions at the gateway".
 */
export function createServiceIdentities(keys: Record<string, KeyObject>, logger: Logger, replay: ReplayCache = new MemoryReplayCache()): ServiceIdentities {
  const assertions = new WeakMap<Request, VerifiedServiceAssertion>();
  return {
    async authenticate(req) {
      const header = req.headers[SERVICE_ASSERTION_HEADER];
      if (header === undefined) return undefined;
      const assertion = await verifyServiceAssertion(keys, String(header), replay);
      assertions.set(req, assertion);
      logger.info({ service: assertion.body }, 'service identity call');
      return { viewer: serviceViewer(assertion.body), purpose: readPurpose(req.headers[PURPOSE_HEADER]) };
    },
    bodyMatches(req, rawBody) {
      const assertion = assertions.get(req);
      return assertion === undefined || serviceBodyMatches(assertion, rawBody);
    },
  };
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
    throw new Error(
      `NODE_ENV=production: set ${missing.map((b) => `HUB_SERVICE_PUBLIC_KEY_${b.toUpperCase()}_FILE`).join(', ')} (each body's Ed25519 service public key, PEM).`,
    );
  }
  return { ...(await loadDevServicePublicKeys(dataDir, missing)), ...keys };
}
