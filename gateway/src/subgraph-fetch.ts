import type { KeyObject } from 'node:crypto';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { STATUS_CODES } from 'node:http';
import { CLAIMS_HEADER, type ForwardedIdentity, signGatewayClaims } from '@hub/core/serving';
import { Agent, request } from 'undici';
import { mergeEntityFetches } from './entity-batch.ts';

/** Carries the identity from `willSendRequest` to the fetcher, which signs it; never sent. */
export const UNSIGNED_IDENTITY_HEADER = 'x-hub-identity-unsigned';

type Init = { method?: string; headers: Record<string, string>; body: string };

/**
 * A subgraph's HTTP answer as the gateway reads it (`RemoteGraphQLDataSource`: `ok`, `status`,
 * `statusText`, `headers.get`, `json`, `text`). The body is already read; an operation of a batched
 * request carries its own part, parsed once.
 */
export class SubgraphResponse {
  readonly ok: boolean;
  readonly statusText: string;
  readonly redirected = false;
  bodyUsed = false;
  readonly headers: Headers;
  readonly url: string;
  readonly status: number;
  private readonly body: { text: string } | { value: unknown };

  constructor(url: string, status: number, contentType: string, body: { text: string } | { value: unknown }) {
    this.url = url;
    this.status = status;
    this.body = body;
    this.ok = status >= 200 && status < 300;
    this.statusText = STATUS_CODES[status] ?? '';
    this.headers = new Headers({ 'content-type': contentType });
  }

  async json(): Promise<unknown> {
    this.bodyUsed = true;
    return 'value' in this.body ? this.body.value : JSON.parse(this.body.text);
  }

  async text(): Promise<string> {
    this.bodyUsed = true;
    return 'value' in this.body ? JSON.stringify(this.body.value) : this.body.text;
  }

  async arrayBuffer(): Promise<ArrayBuffer> {
    const bytes = new TextEncoder().encode(await this.text());
    return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  }

  clone(): SubgraphResponse {
    return new SubgraphResponse(this.url, this.status, this.headers.get('content-type') ?? 'application/json', this.body);
  }
}

/** An HTTP answer read whole. */
interface Answer {
  status: number;
  contentType: string;
  text: string;
}

/** Wraps each HTTP request actually sent (metrics, tracing); `headers` may be amended before `send`. */
export type Around = (headers: Record<string, string>, send: () => Promise<Answer>) => Promise<Answer>;

export type SubgraphFetch = (url: string, init: Init) => Promise<SubgraphResponse>;

/**
 * Connections to the subgraphs, kept alive between requests. undici's `request` rather than the
 * global `fetch`: the gateway reads every answer whole, and WHATWG streams and `Response` objects
 * around each body were a tenth of its CPU per dossier (measured with `--cpu-prof` under the bench).
 * As with `fetch`, the number of connections per subgraph is not capped.
 */
const subgraphAgent = new Agent({ keepAliveTimeout: 4_000 });

interface Waiting {
  init: Init;
  resolve: (response: SubgraphResponse) => void;
  reject: (error: unknown) => void;
}

/**
 * The fetcher of every subgraph request. Claims are signed over the exact body bytes sent (a fresh
 * one-time id each), and a request gives up after `timeoutMs`.
 *
 * Fetches that one gateway request makes to the same subgraph in the same turn of the event loop —
 * the query plan's parallel entity fetches, e.g. a unit's and its sub-units' — go as one batched HTTP
 * request under one signature; each fetch gets its own answer back. Entity fetches asking the same of
 * different entities become one operation over all their representations (`mergeEntityFetches`);
 * what remains goes as a JSON array of operations, which the subgraphs accept and run side by side
 * with one context, so their DataLoaders still load together. Fetches of different gateway requests (another
 * request id or identity) are never batched together.
 */
export function subgraphFetcher(timeoutMs: number, privateKey: KeyObject, audience: string, around: Around = (_headers, send) => send()): SubgraphFetch {
  const queues = new Map<string, Waiting[]>();

  /** One HTTP request, its whole body read (the timeout covers both); `body` is the exact bytes signed. */
  const send = async (url: string, init: Init, body: string): Promise<Answer> => {
    const headers = { ...init.headers };
    const identity = headers[UNSIGNED_IDENTITY_HEADER];
    delete headers[UNSIGNED_IDENTITY_HEADER];
    if (identity) headers[CLAIMS_HEADER] = await signGatewayClaims(privateKey, JSON.parse(decodeURIComponent(identity)) as ForwardedIdentity, audience, body);
    return around(headers, async () => {
      const response = await request(url, {
        method: (init.method ?? 'POST') as 'POST',
        headers,
        body,
        dispatcher: subgraphAgent,
        signal: AbortSignal.timeout(timeoutMs),
      });
      const contentType = response.headers['content-type'];
      return {
        status: response.statusCode,
        contentType: (Array.isArray(contentType) ? contentType[0] : contentType) ?? 'application/json',
        text: await response.body.text(),
      };
    });
  };

  const flush = async (url: string, waiting: Waiting[]) => {
    if (waiting.length === 1) {
      const [one] = waiting as [Waiting];
      return send(url, one.init, one.init.body).then(
        ({ status, contentType, text }) => one.resolve(new SubgraphResponse(url, status, contentType, { text })),
        one.reject,
      );
    }
    try {
      const merged = mergeEntityFetches(waiting.map((w) => w.init.body));
      const single = merged.bodies.length === 1;
      const { status, contentType, text } = await send(url, waiting[0]!.init, single ? merged.bodies[0]! : `[${merged.bodies.join(',')}]`);
      let answers: unknown;
      try {
        answers = JSON.parse(text);
      } catch {
        answers = undefined;
      }
      if (single && answers !== null && typeof answers === 'object' && !Array.isArray(answers)) answers = [answers];
      if (Array.isArray(answers) && answers.length === merged.bodies.length) {
        // An answer with data is the operation's own success; one without takes the batch's status.
        merged.split(answers).forEach((part, i) => {
          const partStatus = part && typeof part === 'object' && (part as { data?: unknown }).data !== undefined ? 200 : status;
          waiting[i]!.resolve(new SubgraphResponse(url, partStatus, contentType, { value: part }));
        });
      } else {
        // Refused as a whole (e.g. 401): every fetch receives the refusal.
        for (const w of waiting) w.resolve(new SubgraphResponse(url, status, contentType, { text }));
      }
    } catch (error) {
      for (const w of waiting) w.reject(error);
    }
  };

  return (url, init) => {
    const key = `${url}\n${init.headers['x-request-id'] ?? ''}\n${init.headers[UNSIGNED_IDENTITY_HEADER] ?? ''}`;
    if (!init.headers['x-request-id'] || init.method !== 'POST')
      return send(url, init, init.body).then(({ status, contentType, text }) => new SubgraphResponse(url, status, contentType, { text }));
    return new Promise<SubgraphResponse>((resolve, reject) => {
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

/** An HTTP request as it was sent: its URL, its headers (lower-case names) and the exact body. */
export interface SentRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
}

/**
 * Calls `listener` with every HTTP request undici creates in this process — the gateway's subgraph
 * requests among them — from undici's diagnostics channel (`undici:request:create`); returns the
 * function that stops listening. For the tests and the bench, which check what the gateway sent.
 */
export function observeSentRequests(listener: (request: SentRequest) => void): () => void {
  const onCreate = (message: unknown) => {
    const { request } = message as { request: { origin: string; path: string; headers: string[]; body: unknown } };
    const headers: Record<string, string> = {};
    for (let i = 0; i < request.headers.length; i += 2) headers[request.headers[i]!.toLowerCase()] = request.headers[i + 1]!;
    const body = request.body == null ? '' : Buffer.isBuffer(request.body) ? request.body.toString('utf8') : String(request.body);
    listener({ url: `${request.origin}${request.path}`, headers, body });
  };
  subscribe('undici:request:create', onCreate);
  return () => unsubscribe('undici:request:create', onCreate);
}
