import { stopOnSignals, subgraphConfigFromEnv } from '@hub/core';
import { createApp } from './app.ts';

const config = subgraphConfigFromEnv('inspection', 4001);
const app = createApp(config);
stopOnSignals(() => app.stop(), config.logger);
await app.start();
