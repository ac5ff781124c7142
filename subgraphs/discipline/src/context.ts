import type { BaseContext, Database, RequestInfo } from '@hub/core';
import type { DisciplineDatabase } from './db/database.ts';
import { createLoaders, type Loaders } from './loaders.ts';

export interface Context extends BaseContext {
  db: Database<DisciplineDatabase>['db'];
  loaders: Loaders;
}

export function createContext(database: Database<DisciplineDatabase>, request: RequestInfo): Context {
  return { requestId: request.requestId, log: request.log, db: database.db, loaders: createLoaders(database.db) };
}
