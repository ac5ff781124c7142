import { pino, type Logger as PinoLogger } from 'pino';
import { currentRequest } from './observability/request-scope.ts';

export type Logger = PinoLogger;

/**
 * Paths that never reach a log line: bearer tokens, signed gateway claims, cookies and anything a
 * caller may send as reporter identity.
 */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-hub-claims"]',
  'headers.authorization',
  'headers["x-hub-claims"]',
  'authorization',
  'token',
  'password',
  'secret',
  '*.token',
  '*.password',
  '*.secret',
  '*.reporter',
  'reporter',
  'variables',
  '*.variables',
];

const SQLSTATE = /^[0-9A-Z]{5}$/;
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_$]{0,62}$/;

/**
 * What a database error may say in a log line (an allow-list): its SQLSTATE and the names of the
 * schema objects involved. Everything else a driver attaches — message, detail ("Failing row
 * contains …"), where, hint, PGlite's `query` and `params` — can quote a record and is left out.
 */
export interface DatabaseErrorFacts {
  type: 'DatabaseError';
  sqlState: string;
  constraint?: string;
  table?: string;
  column?: string;
  schema?: string;
}

/** True for an error raised by PostgreSQL or PGlite (it carries a SQLSTATE and a severity). */
export function isDatabaseError(error: unknown): error is { code: string } {
  if (!error || typeof error !== 'object') return false;
  const e = error as Record<string, unknown>;
  return typeof e.code === 'string' && SQLSTATE.test(e.code) && (typeof e.severity === 'string' || e.constructor?.name === 'DatabaseError');
}

export function databaseErrorFacts(error: { code: string }): DatabaseErrorFacts {
  const e = error as Record<string, unknown>;
  const facts: DatabaseErrorFacts = { type: 'DatabaseError', sqlState: error.code };
  for (const key of ['constraint', 'table', 'column', 'schema'] as const) {
    const value = e[key];
    if (typeof value === 'string' && IDENTIFIER.test(value)) facts[key] = value;
  }
  return facts;
}

function innerError(error: object): unknown {
  const e = error as { originalError?: unknown; cause?: unknown };
  return e.originalError ?? e.cause;
}

/**
 * The error serializer of every log line: an allow-list. A database error (or any error wrapping
 * one, whose message usually repeats the database's) is reduced to its SQLSTATE and object names;
 * other errors keep type, code, message and stack, which come from code, not from records.
 */
export function serializeError(error: unknown, depth = 0): Record<string, unknown> {
  if (!error || typeof error !== 'object') return { type: typeof error };
  if (isDatabaseError(error)) return { ...databaseErrorFacts(error) };
  const inner = innerError(error);
  const cause = inner !== undefined && inner !== error && depth < 4 ? serializeError(inner, depth + 1) : undefined;
  const type = (error as Error).name ?? error.constructor?.name ?? 'Error';
  if (cause && containsDatabaseError(cause)) return { type, cause };
  const out: Record<string, unknown> = { type };
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && code.length <= 64) out.code = code;
  if (typeof (error as Error).message === 'string') out.message = (error as Error).message;
  if (typeof (error as Error).stack === 'string') out.stack = (error as Error).stack;
  if (cause) out.cause = cause;
  return out;
}

function containsDatabaseError(serialized: Record<string, unknown>): boolean {
  if (serialized.type === 'DatabaseError') return true;
  const cause = serialized.cause as Record<string, unknown> | undefined;
  return cause !== undefined && containsDatabaseError(cause);
}

/** Names the table a SQL statement writes or reads first, for a log line (never the statement itself). */
export function statementTable(sqlText: string): string | undefined {
  const match = /\b(?:insert\s+into|update|delete\s+from|from)\s+"?([A-Za-z_][A-Za-z0-9_]*)"?/i.exec(sqlText);
  return match?.[1];
}

const WARN = 40;

/**
 * Every warning or error logged while a request is served names the request (its id, and the
 * caller's own id beside it), even from code that logs through the service's root logger.
 */
function requestIdOnProblems(merge: object, level: number, logger: PinoLogger): object {
  if (level < WARN) return {};
  const request = currentRequest();
  if (!request || 'requestId' in merge || 'requestId' in logger.bindings()) return {};
  return request.clientRequestId ? { requestId: request.requestId, clientRequestId: request.clientRequestId } : { requestId: request.requestId };
}

export function createLogger(options: { name: string; level?: string | undefined; destination?: NodeJS.WritableStream }): Logger {
  return pino(
    {
      name: options.name,
      level: options.level ?? 'info',
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      base: { service: options.name },
      timestamp: pino.stdTimeFunctions.isoTime,
      serializers: { err: serializeError, error: serializeError },
      mixin: requestIdOnProblems,
    },
    options.destination as pino.DestinationStream | undefined,
  );
}
