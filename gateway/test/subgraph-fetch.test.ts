import { generateKeyPairSync } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { CLAIMS_HEADER, type ForwardedIdentity } from '@hub/core';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SubgraphResponse, subgraphFetcher, UNSIGNED_IDENTITY_HEADER } from '../src/subgraph-fetch.ts';

/** A stand-in subgraph: records each HTTP request and answers every operation with its own name. */
const received: { body: unknown; claims: string }[] = [];
let status = 200;
let refuseWhole = false;
let url = '';
const server = http.createServer((req, res) => {
  let text = '';
  req.on('data', (chunk) => (text += chunk));
  req.on('end', () => {
    type Op = { operationName: string; variables?: { representations?: { code: string }[] } };
    const body = JSON.parse(text) as Op | Op[];
    received.push({ body, claims: String(req.headers[CLAIMS_HEADER]) });
    const answer = (op: Op) => {
      if (op.operationName === 'Refused') return { errors: [{ message: 'no' }] };
      const representations = op.variables?.representations;
      if (!representations) return { data: { name: op.operationName } };
      // Entity fetches: each unit's name, and a unit named "secret" refused.
      const refused = representations.flatMap((r, i) => (r.code === 'secret' ? [{ message: 'refused', path: ['_entities', i, 'name'] }] : []));
      return {
        data: { _entities: representations.map((r) => (r.code === 'secret' ? null : { name: `${op.operationName}:${r.code}` })) },
        ...(refused.length > 0 ? { errors: refused } : {}),
      };
    };
    res.writeHead(refuseWhole ? 401 : status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(refuseWhole ? { errors: [{ message: 'not authenticated' }] } : Array.isArray(body) ? body.map(answer) : answer(body)));
  });
});

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const { privateKey } = generateKeyPairSync('ed25519');
const identity = (staffId: string): ForwardedIdentity => ({
  viewer: { staffId, roles: ['leader'], scopes: {} } as unknown as ForwardedIdentity['viewer'],
  purpose: null,
});
const init = (operationName: string, requestId: string, who: ForwardedIdentity) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', 'x-request-id': requestId, [UNSIGNED_IDENTITY_HEADER]: encodeURIComponent(JSON.stringify(who)) },
  body: JSON.stringify({ operationName, query: `query ${operationName} { __typename }` }),
});
const nameOf = async (response: SubgraphResponse) => ((await response.json()) as { data: { name: string } }).data.name;

describe('subgraph fetches of one gateway request', () => {
  it('go to a subgraph as one batched request, signed over the batch, each fetch receiving its own answer', async () => {
    received.length = 0;
    const fetcher = subgraphFetcher(5_000, privateKey, 'discipline');
    const leader = identity('leader-1');
    const [a, b] = await Promise.all([fetcher(url, init('A', 'req-1', leader)), fetcher(url, init('B', 'req-1', leader))]);
    expect([await nameOf(a), await nameOf(b)]).toEqual(['A', 'B']);
    expect(received).toHaveLength(1);
    const batch = received[0]!;
    expect((batch.body as { operationName: string }[]).map((op) => op.operationName)).toEqual(['A', 'B']);
    const claims = decodeJwt(batch.claims);
    expect(claims.aud).toBe('discipline');
    expect(claims.sub).toBe('leader-1');
    expect(JSON.stringify(received)).not.toContain(UNSIGNED_IDENTITY_HEADER);
  });

  it('merge entity fetches asking the same of different units into one operation, each fetch receiving its own entities and errors', async () => {
    received.length = 0;
    const fetcher = subgraphFetcher(5_000, privateKey, 'discipline');
    const leader = identity('leader-1');
    const entities = (operationName: string, codes: string[]) => ({
      ...init(operationName, 'req-6', leader),
      body: JSON.stringify({
        operationName,
        query: `query ${operationName}($representations:[_Any!]!){_entities(representations:$representations){...on Unit{name}}}`,
        variables: { representations: codes.map((code) => ({ __typename: 'Unit', code })) },
      }),
    });
    const [unit, subUnits] = await Promise.all([
      fetcher(url, entities('D__discipline__1', ['U1'])),
      fetcher(url, entities('D__discipline__2', ['U2', 'secret', 'U3'])),
    ]);
    expect(received).toHaveLength(1);
    expect(Array.isArray(received[0]!.body)).toBe(false);
    expect(await unit.json()).toEqual({ data: { _entities: [{ name: 'D__discipline__1:U1' }] } });
    expect(await subUnits.json()).toEqual({
      data: { _entities: [{ name: 'D__discipline__1:U2' }, null, { name: 'D__discipline__1:U3' }] },
      errors: [{ message: 'refused', path: ['_entities', 1, 'name'] }],
    });
  });

  it('never share a request with another gateway request or another caller', async () => {
    received.length = 0;
    const fetcher = subgraphFetcher(5_000, privateKey, 'discipline');
    await Promise.all([
      fetcher(url, init('A', 'req-1', identity('leader-1'))),
      fetcher(url, init('B', 'req-2', identity('leader-1'))),
      fetcher(url, init('C', 'req-1', identity('leader-2'))),
    ]);
    expect(received).toHaveLength(3);
    expect(received.every((r) => !Array.isArray(r.body))).toBe(true);
    expect(received.map((r) => decodeJwt(r.claims).sub).sort()).toEqual(['leader-1', 'leader-1', 'leader-2']);
  });

  it('give an operation without data the batch status, and a batch refused as a whole to every fetch', async () => {
    const fetcher = subgraphFetcher(5_000, privateKey, 'discipline');
    const leader = identity('leader-1');
    const [ok, refused] = await Promise.all([fetcher(url, init('A', 'req-3', leader)), fetcher(url, init('Refused', 'req-3', leader))]);
    expect(ok.status).toBe(200);
    expect(refused.status).toBe(200);
    expect(await refused.json()).toEqual({ errors: [{ message: 'no' }] });
    status = 401;
    try {
      const both = await Promise.all([fetcher(url, init('A', 'req-4', leader)), fetcher(url, init('Refused', 'req-4', leader))]);
      expect(both.map((r) => r.status)).toEqual([200, 401]);
      refuseWhole = true;
      const refusals = await Promise.all([fetcher(url, init('A', 'req-5', leader)), fetcher(url, init('B', 'req-5', leader))]);
      expect(refusals.map((r) => r.status)).toEqual([401, 401]);
      for (const r of refusals) expect(await r.json()).toEqual({ errors: [{ message: 'not authenticated' }] });
    } finally {
      status = 200;
      refuseWhole = false;
    }
  });
});
