import { createSubgraphApp, type Database, type SubgraphConfig } from '@hub/core';
import { createContext } from './context.ts';
import type { StationedDatabase } from './db/database.ts';
import { schema } from './schema/index.ts';
import { migrationFolder } from './db/migration-folder.ts';

export { schema };
export { migrationFolder };

/** The demo district's loader, imported only when the demo is asked for (HUB_DEMO_DATA=1), never in production. */
const loadDemoData = async (database: Database<StationedDatabase>) => (await import('./demo.ts')).loadDemoData(database);

/** The stationed-supervision subgraph (派驻): groups, daily supervision, integrity files, escalations. */
export function createApp(config: SubgraphConfig) {
  return createSubgraphApp<StationedDatabase, ReturnType<typeof createContext>>(
    { name: 'stationed', schema, migrationFolder, context: createContext, loadDemoData },
    config,
  );
}
