import type { KeyObject } from 'node:crypto';
import { JWKS_PATH } from '@hub/claims-verifier';
import { gatewayJwks } from '@hub/core/serving';
import type { Express } from 'express';

/**
 * Publishes the public half of the key the gateway signs subgraph claims with, so a department's
 * own subgraph can verify them (docs/gateway-claims.md). Public by nature: no authentication.
 */
export function mountJwks(app: Express, privateKey: KeyObject): void {
  const document = gatewayJwks(privateKey);
  app.get(JWKS_PATH, async (_req, res) => {
    res.setHeader('Cache-Control', 'public, max-age=300');
    res.json(await document);
  });
}
