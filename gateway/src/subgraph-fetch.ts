import type { KeyObject } from 'node:crypto';
import { CLAIMS_HEADER, type ForwardedIdentity, signGatewayClaims } from '@hub/core';

/** Carries the identity from `willSendRequest` to the fetcher, which signs it; never sent. */
export const UNSIGNED_IDENTITY_HEADER = 'x-hub-identity-unsigned';

type Init = RequestInit & { headers: Record<string, string>; body: string };
export type SubgraphFetch = (url: string, init: Init) => Promise<Response>;

interface Waiting {
  init: Init;
  resolve: (response: Response) => void;
  reject: (error: unknown) => void;
}

/**
 * The fetcher of every subgraph request. Claims are signed over the exact body bytes sent (a fresh
 * one-time id each), and a request gives up after `timeoutMs`.
 *
 * Fetches that one gateway request makes to the same subgraph in the same turn of the event loop —
 * the query plan's parallel entity fetches, e.g. a unit's and its sub-units' — go as one batched HTTP
 * request (a JSON array of operations, which the subgraphs accept) under one signature. The subgraph
 * runs them side by side with one context, so its DataLoaders load the unit and its sub-units in one
 * statement each; each fetch gets its own answer back. Fetches of different gateway requests (another
 * request id or identity) are never batched together.
 */
export function subgraphFetcher(
  timeoutMs: number,
  privateKey: KeyObject,
  audience: string,
  /** Wraps each HTTP request actually sent (metrics, tracing); `headers` may be amended before `send`. */
  around: (headers: Record<string, string>, send: () => Promise<Response>) => Promise<Response> = (_headers, send) => send(),
): SubgraphFetch {
  const queues = new Map<string, Waiting[]>();

  const send = async (url: string, init: Init, body: string): Promise<Response> => {
    const headers = { ...init.headers };
    const identity = headers[UNSIGNED_IDENTITY_HEADER];
    delete headers[UNSIGNED_IDENTITY_HEADER];
    if (identity) headers[CLAIMS_HEADER] = await signGatewayClaims(privateKey, JSON.parse(decodeURIComponent(identity)) as ForwardedIdentity, audience, body);
    return around(headers, () => fetch(url, { ...init, headers, body, signal: AbortSignal.timeout(timeoutMs) }));
  };

  const flush = async (url: string, waiting: Waiting[]) => {
    if (waiting.length === 1) {
      const [one] = waiting as [Waiting];
      return send(url, one.init, one.init.body).then(one.resolve, one.reject);
    }
    try {
      const response = await send(url, waiting[0]!.init, `[${waiting.map((w) => w.init.body).join(',')}]`);
      const text = await response.text();
      let parts: unknown;
      try {
        parts = JSON.parse(text);
      } catch {
        parts = undefined;
      }
      const contentType = response.headers.get('content-type') ?? 'application/json';
      if (Array.isArray(parts) && parts.length === waiting.length) {
        // An answer with data is the operation's own success; one without takes the batch's status.
        waiting.forEach((w, i) => {
          const part = parts[i] as { data?: unknown };
          const status = part && typeof part === 'object' && part.data !== undefined ? 200 : response.status;
          w.resolve(new Response(JSON.stringify(part), { status, headers: { 'content-type': contentType } }));
        });
      } else {
        // Refused as a whole (e.g. 401): every fetch receives the refusal.
        for (const w of waiting)
          w.resolve(new Response(text, { status: response.status, statusText: response.statusText, headers: { 'content-type': contentType } }));
      }
    } catch (error) {
      for (const w of waiting) w.reject(error);
    }
  };

  return (url, init) => {
    const key = `${url}\n${init.headers['x-request-id'] ?? ''}\n${init.headers[UNSIGNED_IDENTITY_HEADER] ?? ''}`;
    if (!init.headers['x-request-id'] || init.method !== 'POST') return send(url, init, init.body);
    return new Promise<Response>((resolve, reject) => {
      const queue = queues.get(key);
      if (queue) {
        queue.push({ init, resolve, reject });
        return;
      }
      queues.set(key, [{ init, resolve, reject }]);
      setImmediate(() => {
        const waiting = queues.get(key)!;
        queues.delete(key);
        void flush(url, waiting);
      });
    });
  };
}
