import { type Database, type SubgraphContext, todayInShanghai } from '@hub/core';
import type { StationedDatabase } from './db/database.ts';
import { createLoaders, type Loaders } from './loaders.ts';

export interface Context extends SubgraphContext {
  db: Database<StationedDatabase>['db'];
  loaders: Loaders;
  /** The day this request is answered for (Asia/Shanghai). */
  today: string;
  /** Unit code → teams inspecting it now (进驻 to 移交), as inspection told this request (see policy.ts). */
  inspectingTeams: Map<string, string[]>;
}

export function createContext(database: Database<StationedDatabase>, base: SubgraphContext): Context {
  const today = todayInShanghai();
  return { ...base, db: database.db, today, loaders: createLoaders(database.db, today), inspectingTeams: new Map() };
}
