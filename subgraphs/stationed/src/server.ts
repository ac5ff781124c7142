import { stopOnSignals, subgraphConfigFromEnv } from '@hub/core';
import { createApp } from './app.ts';

try {
  const config = await subgraphConfigFromEnv('stationed', 4003);
  const app = createApp(config);
  stopOnSignals(() => app.stop(), config.logger);
  await app.start();
} catch (error) {
  console.error(`stationed cannot start: ${(error as Error).message}`);
  process.exit(1);
}
