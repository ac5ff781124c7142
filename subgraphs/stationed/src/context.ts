import { type BaseContext, type Database, type RequestInfo, todayInShanghai } from '@hub/core';
import type { StationedDatabase } from './db/database.ts';
import { createLoaders, type Loaders } from './loaders.ts';

export interface Context extends BaseContext {
  db: Database<StationedDatabase>['db'];
  loaders: Loaders;
  /** The day this request is answered for (Asia/Shanghai). */
  today: string;
}

export function createContext(database: Database<StationedDatabase>, request: RequestInfo): Context {
  const today = todayInShanghai();
  return { requestId: request.requestId, log: request.log, db: database.db, today, loaders: createLoaders(database.db, today) };
}
