import path from 'node:path';
import { createLogger, envInt, envString, isDevelopment, stopOnSignals } from '@hub/core';
import { createGateway, DEFAULT_SUPERGRAPH } from './app.ts';

/** `<NAME>_SUBGRAPH_URL` overrides the routing URL of subgraph `<name>`. */
function subgraphUrlsFromEnv(): Record<string, string> {
  const urls: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    const match = /^([A-Z][A-Z0-9_]*)_SUBGRAPH_URL$/.exec(key);
    if (match && value) urls[match[1]!.toLowerCase()] = value;
  }
  return urls;
}

const logger = createLogger({ name: 'gateway', level: envString('LOG_LEVEL') });
const gateway = createGateway({
  port: envInt('GATEWAY_PORT', 4000),
  host: envString('HOST'),
  supergraphPath: path.resolve(envString('SUPERGRAPH_PATH') ?? DEFAULT_SUPERGRAPH),
  subgraphUrls: subgraphUrlsFromEnv(),
  subgraphTimeoutMs: envInt('SUBGRAPH_TIMEOUT_MS', 10_000),
  development: isDevelopment(),
  logger,
});
stopOnSignals(() => gateway.stop(), logger);
await gateway.start();
