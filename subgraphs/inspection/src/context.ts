import type { Database, SubgraphContext } from '@hub/core';
import type { InspectionDatabase } from './db/database.ts';
import { createLoaders, type Loaders } from './loaders.ts';

export interface Context extends SubgraphContext {
  db: Database<InspectionDatabase>['db'];
  loaders: Loaders;
  /** Unit code → the stationed group overseeing it, as stationed told this request (see policy.ts). */
  coverage: Map<string, string>;
}

export function createContext(database: Database<InspectionDatabase>, base: SubgraphContext): Context {
  return { ...base, db: database.db, loaders: createLoaders(database.db), coverage: new Map() };
}
