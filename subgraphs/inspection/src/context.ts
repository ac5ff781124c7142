import type { Database, SubgraphContext } from '@hub/core';
import type { InspectionDatabase } from './db/database.ts';
import { createLoaders, type Loaders } from './loaders.ts';

export interface Context extends SubgraphContext {
  db: Database<InspectionDatabase>['db'];
  loaders: Loaders;
}

export function createContext(database: Database<InspectionDatabase>, base: SubgraphContext): Context {
  return { ...base, db: database.db, loaders: createLoaders(database.db) };
}
