import { startTracing, stopOnSignals, subgraphConfigFromEnv } from '@hub/core';
import { createApp } from './app.ts';

try {
  const config = await subgraphConfigFromEnv('discipline', 4002);
  // OTLP traces only when OTEL_EXPORTER_OTLP_ENDPOINT (or …_TRACES_ENDPOINT) is set.
  const stopTracing = await startTracing('discipline', config.logger);
  const app = createApp(config);
  stopOnSignals(async () => {
    await app.stop();
    await stopTracing();
  }, config.logger);
  await app.start();
} catch (error) {
  console.error(`discipline cannot start: ${(error as Error).message}`);
  process.exit(1);
}
