import { createSubgraphApp, type Database, startOutboxDispatcher, type SubgraphConfig } from '@hub/core';
import { calendarHealth, startCalendarWatch } from './calendar.ts';
import { createContext } from './context.ts';
import type { DisciplineDatabase } from './db/database.ts';
import { schema } from './schema/index.ts';
import { DISCIPLINE_TOPICS } from './outbox.ts';
import { migrationFolder } from './db/migration-folder.ts';

export { schema };
export { migrationFolder };

/** The demo district's loader, imported only when the demo is asked for (HUB_DEMO_DATA=1), never in production. */
const loadDemoData = async (database: Database<DisciplineDatabase>) => (await import('./demo.ts')).loadDemoData(database);

/** The discipline and supervision subgraph (纪律 + 监察): petitions, clues, cases, sanctions. */
export function createApp(config: SubgraphConfig) {
  return createSubgraphApp<DisciplineDatabase, ReturnType<typeof createContext>>(
    {
      name: 'discipline',
      schema,
      migrationFolder,
      context: createContext,
      loadDemoData,
      onStart: startCalendarWatch,
      health: calendarHealth,
      outbox: true,
      background: (database, { graph, logger, outbox }) =>
        startOutboxDispatcher(database.db, graph, logger, { source: 'discipline', topics: DISCIPLINE_TOPICS, ...outbox }),
    },
    config,
  );
}
