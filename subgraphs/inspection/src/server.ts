import { stopOnSignals, subgraphConfigFromEnv } from '@hub/core';
import { createApp } from './app.ts';

try {
  const config = await subgraphConfigFromEnv('inspection', 4001);
  const app = createApp(config);
  stopOnSignals(() => app.stop(), config.logger);
  await app.start();
} catch (error) {
  console.error(`inspection cannot start: ${(error as Error).message}`);
  process.exit(1);
}
