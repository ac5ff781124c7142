import { fileURLToPath } from 'node:url';
import { createSubgraphApp, type SubgraphConfig } from '@hub/core';
import { createContext } from './context.ts';
import type { StationedDatabase } from './db/database.ts';
import { loadDemoData } from './demo.ts';
import { schema } from './schema/index.ts';

export { schema };
export const migrationFolder = fileURLToPath(new URL('./db/migrations', import.meta.url));

/** The stationed-supervision subgraph (派驻): groups, daily supervision, integrity files, escalations. */
export function createApp(config: SubgraphConfig) {
  return createSubgraphApp<StationedDatabase, ReturnType<typeof createContext>>(
    { name: 'stationed', schema, migrationFolder, context: createContext, loadDemoData },
    config,
  );
}
