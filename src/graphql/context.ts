import type { MikroORM } from '@mikro-orm/postgresql';
import { createDb, type Db } from '../db/sql.js';
import { Loaders } from './loaders.js';

/** What every resolver receives: one per GraphQL request, shared by HTTP and WebSocket. */
export interface RequestContext {
  db: Db;
  loaders: Loaders;
}

/** A fresh context: its own entity manager fork and its own (empty) DataLoader caches. */
export function createRequestContext(orm: MikroORM): RequestContext {
  const db = createDb(orm.em.fork());
  return { db, loaders: new Loaders(db) };
}
