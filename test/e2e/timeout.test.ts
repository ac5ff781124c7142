import { generateKeyPairSync, randomBytes } from 'node:crypto';
import net from 'node:net';
import { expect, it } from 'vitest';
import { createLogger, issueDevToken } from '@hub/core';
import { createGateway, DEFAULT_LIMITS } from '../../gateway/src/app.ts';
import { createTokenVerifier, DEFAULT_INTROSPECTION_ROLES } from '../../gateway/src/auth.ts';

it('gives up on a subgraph that does not answer within the per-request time limit', async () => {
  // A "subgraph" that accepts connections and never answers.
  const sockets = new Set<net.Socket>();
  const silent = net.createServer((socket) => sockets.add(socket));
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(silent.address() as net.AddressInfo).port}/graphql`;
  const secret = randomBytes(32);
  const gateway = createGateway({
    port: 0,
    host: '127.0.0.1',
    supergraphPath: new URL('../../supergraph.graphql', import.meta.url).pathname,
    subgraphUrls: { inspection: url, discipline: url, stationed: url },
    subgraphTimeoutMs: 300,
    development: false,
    logger: createLogger({ name: 'gateway', level: 'silent' }),
    verifyToken: createTokenVerifier({ issuer: 't', audience: 'hub', key: { secret } }),
    gatewayPrivateKey: generateKeyPairSync('ed25519').privateKey,
    limits: DEFAULT_LIMITS,
    introspectionRoles: DEFAULT_INTROSPECTION_ROLES,
    servicePublicKeys: {},
  });
  const service = await gateway.start();
  try {
    const token = await issueDevToken({ issuerSecret: secret }, { staffId: 's', roles: ['leader'] }, 300, { issuer: 't', audience: 'hub' });
    const started = performance.now();
    const response = await fetch(service.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: '{ units(first: 1) { totalCount } }' }),
    });
    const elapsed = performance.now() - started;
    const body = (await response.json()) as { errors?: { message: string }[] };
    expect(body.errors?.length).toBeGreaterThan(0);
    expect(elapsed).toBeLessThan(5_000);
  } finally {
    await gateway.stop();
    for (const socket of sockets) socket.destroy();
    silent.close();
  }
});
