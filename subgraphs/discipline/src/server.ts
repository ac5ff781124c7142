import { stopOnSignals, subgraphConfigFromEnv } from '@hub/core';
import { createApp } from './app.ts';

const config = subgraphConfigFromEnv('discipline', 4002);
const app = createApp(config);
stopOnSignals(() => app.stop(), config.logger);
await app.start();
