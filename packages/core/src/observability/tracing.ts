import { context, type Context, propagation, ROOT_CONTEXT, type Span, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { Logger } from '../logger.ts';
import { envString } from '../process.ts';

/**
 * 链路追踪 — OpenTelemetry traces, off unless an OTLP endpoint is configured
 * (`OTEL_EXPORTER_OTLP_ENDPOINT` or `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`, OTLP over HTTP with JSON).
 * Off, the SDK is not even loaded: the hub's code calls the `@opentelemetry/api` no-op tracer and
 * skips its own span work behind one boolean. Spans carry operation names, subgraph names, HTTP
 * statuses, SQLSTATEs and SQL text with `$n` placeholders: never variables, parameters or values.
 */

const TRACER = 'jixun-hub';
let enabled = false;

export function tracingEnabled(): boolean {
  return enabled;
}

/** Where spans go, from the standard OpenTelemetry variables; undefined: tracing off. */
export function otlpTracesUrl(): string | undefined {
  if (envString('OTEL_SDK_DISABLED') === 'true' || envString('OTEL_TRACES_EXPORTER') === 'none') return undefined;
  const traces = envString('OTEL_EXPORTER_OTLP_TRACES_ENDPOINT');
  if (traces) return traces;
  const base = envString('OTEL_EXPORTER_OTLP_ENDPOINT');
  return base ? `${base.replace(/\/+$/, '')}/v1/traces` : undefined;
}

/**
 * Starts exporting this process's spans when an endpoint is configured (call once, first thing in a
 * service's entry point). Returns a function that flushes and stops the exporter.
 */
export async function startTracing(serviceName: string, logger: Logger): Promise<() => Promise<void>> {
  const url = otlpTracesUrl();
  if (!url) return async () => undefined;
  const [{ NodeTracerProvider }, { BatchSpanProcessor }, { OTLPTraceExporter }, { resourceFromAttributes }] = await Promise.all([
    import('@opentelemetry/sdk-trace-node'),
    import('@opentelemetry/sdk-trace-base'),
    import('@opentelemetry/exporter-trace-otlp-http'),
    import('@opentelemetry/resources'),
  ]);
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': envString('OTEL_SERVICE_NAME') ?? `hub-${serviceName}`, 'service.namespace': 'jixun-hub' }),
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url }))],
  });
  // Registers the provider, the W3C trace-context propagator and the async-hooks context manager.
  provider.register();
  enabled = true;
  logger.info({ otlpTracesUrl: url }, 'OpenTelemetry traces exported');
  return async () => {
    enabled = false;
    await provider.shutdown().catch(() => undefined);
  };
}

function tracer() {
  return trace.getTracer(TRACER);
}

/**
 * The server span of one GraphQL request. The gateway starts a new trace (a caller's `traceparent`
 * is not trusted); a subgraph continues the gateway's.
 */
export function startRequestSpan(
  service: string,
  headers: Record<string, string | string[] | undefined>,
  continueTrace: boolean,
): { span: Span; context: Context } | undefined {
  if (!enabled) return undefined;
  const parent = continueTrace ? propagation.extract(ROOT_CONTEXT, headers) : ROOT_CONTEXT;
  const span = tracer().startSpan(
    'POST /graphql',
    { kind: SpanKind.SERVER, attributes: { 'http.request.method': 'POST', 'url.path': '/graphql', 'hub.service': service } },
    parent,
  );
  return { span, context: trace.setSpan(parent, span) };
}

export function endRequestSpan(span: Span, facts: { status: number; operation: string; requestId: string; errorCodes: readonly string[] }): void {
  span.setAttributes({
    'http.response.status_code': facts.status,
    'graphql.operation.name': facts.operation,
    'hub.request_id': facts.requestId,
  });
  if (facts.errorCodes.length) span.setAttribute('hub.error_codes', [...new Set(facts.errorCodes)]);
  if (facts.status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
  span.end();
}

/** Runs `fn` with `ctx` as the active context (for the rest of the request's async work). */
export function withContext<T>(ctx: Context | undefined, fn: () => T): T {
  return ctx ? context.with(ctx, fn) : fn();
}

/**
 * The gateway's fetch from one subgraph: a client span (child of the gateway's own `gateway.fetch`
 * span) whose `traceparent` goes with the request. `headers` is changed in place.
 */
export async function tracedSubgraphFetch<R extends { status: number }>(
  subgraph: string,
  headers: Record<string, string>,
  fetch: () => Promise<R>,
): Promise<R> {
  if (!enabled) return fetch();
  return tracer().startActiveSpan(
    `POST ${subgraph}`,
    { kind: SpanKind.CLIENT, attributes: { 'hub.subgraph': subgraph, 'http.request.method': 'POST' } },
    async (span) => {
      propagation.inject(context.active(), headers);
      try {
        const response = await fetch();
        span.setAttribute('http.response.status_code', response.status);
        if (response.status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
        return response;
      } catch (error) {
        span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).name === 'TimeoutError' ? 'timeout' : 'fetch failed' });
        throw error;
      } finally {
        span.end();
      }
    },
  );
}

/**
 * One SQL statement, recorded after it ran (from kysely's log event): a client span under the
 * request's span, named by verb and table, with the statement's text (placeholders, never values)
 * and, on failure, only its SQLSTATE.
 */
export function recordStatementSpan(sqlText: string, durationMs: number, sqlState: string | undefined, failed: boolean): void {
  if (!enabled) return;
  const end = Date.now();
  const verb = /^\s*(\w+)/.exec(sqlText)?.[1]?.toUpperCase() ?? 'SQL';
  // Kysely quotes the tables it names; `extract(year from x)` is not a table.
  const table =
    /\b(?:insert\s+into|update|delete\s+from|from)\s+"([A-Za-z_][A-Za-z0-9_]*)"/i.exec(sqlText)?.[1] ??
    /\b(?:insert\s+into|update|delete\s+from|from)\s+([A-Za-z_][A-Za-z0-9_]*)/i.exec(sqlText)?.[1];
  const span = tracer().startSpan(table ? `${verb} ${table}` : verb, {
    kind: SpanKind.CLIENT,
    startTime: end - durationMs,
    attributes: {
      'db.system.name': 'postgresql',
      'db.operation.name': verb,
      ...(table ? { 'db.collection.name': table } : {}),
      'db.query.text': sqlText.length > 4000 ? `${sqlText.slice(0, 4000)}…` : sqlText,
    },
  });
  if (failed) {
    if (sqlState) span.setAttribute('db.response.status_code', sqlState);
    span.setStatus({ code: SpanStatusCode.ERROR });
  }
  span.end(end);
}
