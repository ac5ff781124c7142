import { stopOnSignals, subgraphConfigFromEnv } from '@hub/core';
import { createApp } from './app.ts';

try {
  const config = await subgraphConfigFromEnv('discipline', 4002);
  const app = createApp(config);
  stopOnSignals(() => app.stop(), config.logger);
  await app.start();
} catch (error) {
  console.error(`discipline cannot start: ${(error as Error).message}`);
  process.exit(1);
}
