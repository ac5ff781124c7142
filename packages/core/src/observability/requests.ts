import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type { Logger } from '../logger.ts';
import { NO_OPERATION, type ServiceMetrics } from './metrics.ts';
import { endRequestSpan, startRequestSpan, withContext } from './tracing.ts';
import { type RequestObservation, requestScope } from './request-scope.ts';

export { currentRequest, type RequestObservation } from './request-scope.ts';

const observations = new WeakMap<Request, RequestObservation>();

export function observationOf(req: Request): RequestObservation | undefined {
  return observations.get(req);
}

/** Notes a refusal answered before GraphQL ran (for metrics and the access log). */
export function noteRefusal(req: Request, code: string): void {
  observations.get(req)?.errorCodes.push(code);
}

const REQUEST_ID = /^[\w-]{1,64}$/;

function headerId(value: string | string[] | undefined): string | null {
  return typeof value === 'string' && REQUEST_ID.test(value) ? value : null;
}

export interface ObserveOptions {
  service: string;
  logger: Logger;
  metrics: ServiceMetrics;
  /**
   * Subgraphs: the caller is the gateway, whose `X-Request-Id` is the request id and whose
   * `X-Client-Request-Id` is the caller's own. Otherwise the service generates the id and keeps
   * the caller's `X-Request-Id` as client-supplied.
   */
  trustRequestIdHeader: boolean;
}

/**
 * First middleware of `/graphql`: gives the request its id and `X-Request-Id` header, starts its
 * span, and when the response is finished (or the client went away) writes the access-log line and
 * the metrics.
 */
export function observeRequests(options: ObserveOptions) {
  const { logger, metrics } = options;
  return (req: Request, res: Response, next: NextFunction) => {
    const supplied = headerId(req.headers['x-request-id']);
    const trusted = options.trustRequestIdHeader;
    const observation: RequestObservation = {
      requestId: (trusted && supplied) || randomUUID(),
      clientRequestId: trusted ? headerId(req.headers['x-client-request-id']) : supplied,
      operation: undefined,
      errorCodes: [],
      started: process.hrtime.bigint(),
      span: startRequestSpan(options.service, req.headers, trusted),
    };
    observations.set(req, observation);
    res.setHeader('X-Request-Id', observation.requestId);
    res.once('close', () => {
      const status = res.writableFinished ? res.statusCode : 499;
      const seconds = Number(process.hrtime.bigint() - observation.started) / 1e9;
      const operation = observation.operation === undefined ? NO_OPERATION : metrics.operationLabel(observation.operation);
      metrics.request(operation, status, seconds, observation.errorCodes);
      if (observation.span) endRequestSpan(observation.span.span, { status, operation, requestId: observation.requestId, errorCodes: observation.errorCodes });
      // The access log: names, codes and numbers only.
      logger.info(
        {
          access: true,
          requestId: observation.requestId,
          ...(observation.clientRequestId ? { clientRequestId: observation.clientRequestId } : {}),
          operation,
          ...(observation.operationType ? { operationType: observation.operationType } : {}),
          role: observation.roles?.length ? observation.roles.join(',') : null,
          status,
          durationMs: Math.round(seconds * 10_000) / 10,
          ...(observation.errorCodes.length ? { errorCodes: [...new Set(observation.errorCodes)] } : {}),
        },
        'request',
      );
    });
    activate(req, next);
  };
}

/** Runs `fn` in the request's scope (request id for log lines and statement counts, trace context). */
export function withinRequest<T>(req: Request, fn: () => T): T {
  const observation = observations.get(req);
  if (!observation) return fn();
  return requestScope.run(observation, () => withContext(observation.span?.context, fn));
}

/**
 * Makes the request's scope (request id for log lines, trace context) current for what `next`
 * starts. Called again right before GraphQL, because body parsing may resume in another context.
 */
export function activate(req: Request, next: NextFunction): void {
  const observation = observations.get(req);
  if (!observation) {
    next();
    return;
  }
  requestScope.run(observation, () => withContext(observation.span?.context, next));
}
