import type { Database, SubgraphContext } from '@hub/core';
import type { DisciplineDatabase } from './db/database.ts';
import { createLoaders, type Loaders } from './loaders.ts';

export interface Context extends SubgraphContext {
  db: Database<DisciplineDatabase>['db'];
  loaders: Loaders;
  /** Clues this request reached through the caller's own team's transfer (see policy.ts). */
  ownTransferClues: Set<string>;
}

export function createContext(database: Database<DisciplineDatabase>, base: SubgraphContext): Context {
  return { ...base, db: database.db, loaders: createLoaders(database.db), ownTransferClues: new Set() };
}
