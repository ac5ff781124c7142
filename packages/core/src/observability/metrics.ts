import { timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express, Request, Response } from 'express';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Logger } from '../logger.ts';
import { envInt, envString, isDevelopment } from '../process.ts';

/**
 * 监控指标 — Prometheus metrics of one service (prom-client, text format at `/metrics`). Labels
 * carry operation names, error codes and subgraph names only: never variables, ids or values.
 */

/** Seconds; from a cached entity batch (~1 ms) to a subgraph timeout (10 s). */
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const SQL_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

/** Operation names become label values only when they look like names, and only so many of them. */
const OPERATION_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
export const MAX_OPERATION_LABELS = 200;
export const ANONYMOUS_OPERATION = '(anonymous)';
export const OTHER_OPERATION = '(other)';
/** A request refused before its document was read (401, 429, malformed body, untrusted document). */
export const NO_OPERATION = '(none)';

/**
 * Who may read `/metrics`:
 * - `port`: a separate listener (e.g. 9464) for the scrape network only; the service's own port
 *   then has no `/metrics` at all;
 * - `token`: `/metrics` on the service's port, with `Authorization: Bearer <token>`;
 * - `open`: `/metrics` on the service's port for anyone who reaches it (development default).
 * Production without a port or a token serves no metrics (safe default).
 */
export interface MetricsSettings {
  port?: number | undefined;
  host?: string | undefined;
  token?: string | undefined;
  open?: boolean | undefined;
}

/**
 * HUB_METRICS_PORT, HUB_METRICS_HOST (default: HOST), HUB_METRICS_TOKEN (or HUB_METRICS_TOKEN_FILE);
 * open on the service's port in development when no token is set.
 */
export function metricsSettingsFromEnv(): MetricsSettings {
  const port = envInt('HUB_METRICS_PORT', 0);
  const token = envString('HUB_METRICS_TOKEN');
  if (token !== undefined && Buffer.byteLength(token) < 16) throw new Error('HUB_METRICS_TOKEN must be at least 16 bytes');
  return { port: port || undefined, host: envString('HUB_METRICS_HOST') ?? envString('HOST'), token, open: isDevelopment() && !token };
}

export class ServiceMetrics {
  readonly registry = new Registry();
  readonly requests: Counter<'operation' | 'status'>;
  readonly errors: Counter<'operation' | 'code'>;
  readonly duration: Histogram<'operation'>;
  readonly statements: Histogram<'outcome'>;
  #operations = new Set<string>();

  readonly service: string;

  constructor(service: string) {
    this.service = service;
    this.registry.setDefaultLabels({ service });
    collectDefaultMetrics({ register: this.registry });
    this.requests = new Counter({
      name: 'hub_http_requests_total',
      help: 'GraphQL requests answered, by operation name and HTTP status.',
      labelNames: ['operation', 'status'],
      registers: [this.registry],
    });
    this.errors = new Counter({
      name: 'hub_graphql_errors_total',
      help: 'Errors in GraphQL responses (and refusals before GraphQL), by operation name and error code.',
      labelNames: ['operation', 'code'],
      registers: [this.registry],
    });
    this.duration = new Histogram({
      name: 'hub_http_request_duration_seconds',
      help: 'Time from request received to response sent, by operation name.',
      labelNames: ['operation'],
      buckets: LATENCY_BUCKETS,
      registers: [this.registry],
    });
    this.statements = new Histogram({
      name: 'hub_db_statement_duration_seconds',
      help: 'SQL statements sent to the database, by outcome (ok or error).',
      labelNames: ['outcome'],
      buckets: SQL_BUCKETS,
      registers: [this.registry],
    });
  }

  /** The label for an operation name: bounded in form and in number (a caller chooses the name). */
  operationLabel(name: string | null | undefined): string {
    if (!name) return ANONYMOUS_OPERATION;
    if (!OPERATION_NAME.test(name)) return OTHER_OPERATION;
    if (this.#operations.has(name)) return name;
    if (this.#operations.size >= MAX_OPERATION_LABELS) return OTHER_OPERATION;
    this.#operations.add(name);
    return name;
  }

  /** Records one answered request. */
  request(operation: string, status: number, seconds: number, errorCodes: readonly string[]): void {
    this.requests.inc({ operation, status: String(status) });
    this.duration.observe({ operation }, seconds);
    for (const code of errorCodes) this.errors.inc({ operation, code: /^[A-Z_]{1,40}$/.test(code) ? code : 'OTHER' });
  }

  /** A gauge read at scrape time. */
  gauge(
    name: string,
    help: string,
    labelNames: string[],
    collect: (set: (labels: Record<string, string>, value: number) => void) => void | Promise<void>,
  ): void {
    new Gauge({
      name,
      help,
      labelNames,
      registers: [this.registry],
      async collect() {
        this.reset();
        await collect((labels, value) => this.set(labels, value));
      },
    });
  }
}

function bearerMatches(header: string | undefined, token: string): boolean {
  if (!header?.startsWith('Bearer ')) return false;
  const given = Buffer.from(header.slice(7));
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

async function answer(metrics: ServiceMetrics, res: Response | http.ServerResponse): Promise<void> {
  const text = await metrics.registry.metrics();
  res.statusCode = 200;
  res.setHeader('Content-Type', metrics.registry.contentType);
  res.end(text);
}

/**
 * Serves `/metrics` as the settings say. Returns a function that closes the separate listener.
 */
export async function serveMetrics(app: Express, metrics: ServiceMetrics, settings: MetricsSettings, logger: Logger): Promise<() => Promise<void>> {
  if (settings.port) {
    const server = http.createServer((req, res) => {
      if (req.method === 'GET' && req.url?.split('?')[0] === '/metrics' && (!settings.token || bearerMatches(req.headers.authorization, settings.token))) {
        answer(metrics, res).catch(() => {
          res.statusCode = 500;
          res.end();
        });
        return;
      }
      res.statusCode = 404;
      res.end();
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(settings.port, settings.host ?? '127.0.0.1', () => resolve());
    });
    logger.info({ metricsPort: (server.address() as AddressInfo).port }, 'metrics served on a separate port');
    return () => new Promise<void>((resolve) => server.close(() => resolve()));
  }
  if (!settings.token && !settings.open) {
    app.get('/metrics', (_req: Request, res: Response) => {
      res.status(404).json({ error: '未开放 — metrics are off: set HUB_METRICS_PORT or HUB_METRICS_TOKEN' });
    });
    return async () => undefined;
  }
  app.get('/metrics', (req: Request, res: Response) => {
    if (settings.token && !bearerMatches(req.headers.authorization, settings.token)) {
      res.setHeader('WWW-Authenticate', 'Bearer');
      res.status(401).json({ error: '未认证 — metrics need the configured bearer token' });
      return;
    }
    answer(metrics, res).catch((error: unknown) => {
      logger.warn({ err: error }, 'metrics could not be collected');
      res.status(500).end();
    });
  });
  return async () => undefined;
}
