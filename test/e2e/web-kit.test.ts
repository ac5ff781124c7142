/**
 * What the gateway offers browser front ends: the CORS allow-list (off by default; the preflight is
 * answered before authentication for listed origins only) and the web app under /app/, whose
 * development sign-in list does not exist unless configured.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCorsOrigins } from '../../gateway/src/web.ts';
import { freshDatabases, type Hub, startHub } from '../support/hub.ts';

const LISTED = 'https://portal.yunxi.example';
const UNLISTED = 'https://elsewhere.example';
const STATISTICS = JSON.stringify({ query: '{ statistics(year: 2020) { year } }' });

let withCors: Hub;
let plain: Hub;
beforeAll(async () => {
  withCors = await startHub({ databases: await freshDatabases() }, { corsOrigins: [LISTED, 'http://localhost:5173'] });
  plain = await startHub({ databases: await freshDatabases() });
});
afterAll(async () => {
  await withCors?.stop();
  await plain?.stop();
});

const preflight = (hub: Hub, origin: string) =>
  fetch(hub.url, {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type,x-access-purpose' },
  });

describe('CORS allow-list', () => {
  it("answers a listed origin's preflight before any token, with the headers the hub reads", async () => {
    const response = await preflight(withCors, LISTED);
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe(LISTED);
    const allowed = response.headers.get('access-control-allow-headers')!.toLowerCase();
    for (const header of ['authorization', 'content-type', 'x-access-purpose']) expect(allowed).toContain(header);
    expect(response.headers.get('vary')).toMatch(/origin/i);
  });

  it('lets a listed origin query with its token, and says so in the answer', async () => {
    const token = await withCors.tokenFor({ role: 'analyst' });
    const response = await fetch(withCors.url, {
      method: 'POST',
      headers: { origin: LISTED, 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: STATISTICS,
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe(LISTED);
    // The page may read the request id (to quote it when reporting a problem).
    expect(response.headers.get('access-control-expose-headers')?.toLowerCase()).toContain('x-request-id');
    expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(await response.json()).toEqual({ data: { statistics: { year: 2020 } } });
  });

  it('gives an unlisted origin no CORS headers (the browser blocks it), preflight or not', async () => {
    const response = await preflight(withCors, UNLISTED);
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
    expect(response.status).toBe(401);
    const token = await withCors.tokenFor({ role: 'analyst' });
    const post = await fetch(withCors.url, {
      method: 'POST',
      headers: { origin: UNLISTED, 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: STATISTICS,
    });
    expect(post.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('is off by default: no origin gets CORS headers', async () => {
    const response = await preflight(plain, LISTED);
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
    expect(response.status).toBe(401);
  });

  it('HUB_CORS_ORIGINS takes exact origins only', () => {
    expect(parseCorsOrigins(undefined)).toEqual([]);
    expect(parseCorsOrigins(' ')).toEqual([]);
    expect(parseCorsOrigins('https://a.example, http://localhost:5173')).toEqual(['https://a.example', 'http://localhost:5173']);
    expect(() => parseCorsOrigins('https://a.example/')).toThrow(/not an origin/);
    expect(() => parseCorsOrigins('*')).toThrow(/not an origin/);
    expect(() => parseCorsOrigins('https://a.example/app')).toThrow(/not an origin/);
    expect(() => parseCorsOrigins('file:///tmp')).toThrow(/not an origin/);
  });
});

describe('the web app under /app/', () => {
  it('is served with a policy that allows only this origin, and without a sign-in list unless one is configured', async () => {
    const origin = new URL(plain.url).origin;
    const page = await fetch(`${origin}/app/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    const csp = page.headers.get('content-security-policy')!;
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    expect(await page.text()).toContain('<div id="root">');
    expect((await fetch(`${origin}/app`, { redirect: 'manual' })).headers.get('location')).toBe('/app/');
    const identities = await fetch(`${origin}/app/dev-identities.json`);
    expect(identities.status).toBe(404);
    expect(await identities.json()).toEqual({ identities: [] });
    expect((await fetch(`${origin}/app/assets/missing.js`)).status).toBe(404);
  });
});
