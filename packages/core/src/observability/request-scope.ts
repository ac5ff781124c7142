import { AsyncLocalStorage } from 'node:async_hooks';
import type { Context, Span } from '@opentelemetry/api';

/**
 * 请求观测 — one GraphQL request as the service observes it: its id (returned as `X-Request-Id`), the
 * operation name, the caller's role, the error codes, and at the end one access-log line, the
 * request metrics and the end of its span. No variables and no record values are ever kept here.
 */
export interface RequestObservation {
  /** The service's request id (the gateway generates it; a subgraph takes the gateway's). */
  requestId: string;
  /** The caller's own `X-Request-Id`, kept beside it as client-supplied. */
  clientRequestId: string | null;
  operation: string | null | undefined;
  operationType?: string | undefined;
  roles?: readonly string[] | undefined;
  errorCodes: string[];
  readonly started: bigint;
  span?: { span: Span; context: Context } | undefined;
}

export const requestScope = new AsyncLocalStorage<RequestObservation>();

/** The request being served in this async context, if any (for log lines outside the request's logger). */
export function currentRequest(): RequestObservation | undefined {
  return requestScope.getStore();
}
