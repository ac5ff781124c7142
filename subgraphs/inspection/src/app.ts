import { createSubgraphApp, type Database, startOutboxDispatcher, type SubgraphConfig } from '@hub/core';
import { createContext } from './context.ts';
import type { InspectionDatabase } from './db/database.ts';
import { schema } from './schema/index.ts';
import { INSPECTION_TOPICS } from './outbox.ts';
import { migrationFolder } from './db/migration-folder.ts';

export { schema };
export { migrationFolder };

/** The demo district's loader, imported only when the demo is asked for (HUB_DEMO_DATA=1), never in production. */
const loadDemoData = async (database: Database<InspectionDatabase>) => (await import('./demo.ts')).loadDemoData(database);

/** The inspection subgraph (巡察): unit registry, rounds, teams, findings, transfers, rectification. */
export function createApp(config: SubgraphConfig) {
  return createSubgraphApp<InspectionDatabase, ReturnType<typeof createContext>>(
    {
      name: 'inspection',
      schema,
      migrationFolder,
      context: createContext,
      loadDemoData,
      outbox: true,
      background: (database, { graph, logger, outbox }) =>
        startOutboxDispatcher(database.db, graph, logger, { source: 'inspection', topics: INSPECTION_TOPICS, ...outbox }),
    },
    config,
  );
}
