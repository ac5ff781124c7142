import { pino, type Logger as PinoLogger } from 'pino';

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

/** PostgreSQL puts row values in an error's detail ("Failing row contains …"): never log those parts. */
const UNSAFE_ERROR_FIELDS = ['detail', 'where', 'parameters', 'internalQuery', 'hint'];

function safeError(error: unknown) {
  const serialized = pino.stdSerializers.err(error as Error) as unknown as Record<string, unknown>;
  if (serialized && typeof serialized === 'object') for (const field of UNSAFE_ERROR_FIELDS) delete serialized[field];
  return serialized;
}

export function createLogger(options: { name: string; level?: string | undefined; destination?: NodeJS.WritableStream }): Logger {
  return pino(
    {
      name: options.name,
      level: options.level ?? 'info',
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      base: { service: options.name },
      timestamp: pino.stdTimeFunctions.isoTime,
      serializers: { err: safeError },
    },
    options.destination as pino.DestinationStream | undefined,
  );
}
