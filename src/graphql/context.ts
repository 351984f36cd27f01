import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { Roles } from '../auth/roles.js';
import { authenticate } from '../auth/viewer.js';
import { createDb, type Db } from '../db/sql.js';
import { Loaders } from './loaders.js';

/** What every resolver receives: one per GraphQL request, shared by HTTP and WebSocket. */
export interface RequestContext {
  /** The request's own entity manager, for writes (each mutation runs in a transaction on it). */
  em: EntityManager;
  /** Plain-row reads for the read path. */
  db: Db;
  loaders: Loaders;
  /** Who is asking, and what they are in each group. */
  roles: Roles;
}

/**
 * A fresh context: its own entity manager fork, its own (empty) DataLoader
 * caches, and the viewer from the `Authorization` header (a bad token throws
 * UNAUTHENTICATED).
 */
export async function createRequestContext(orm: MikroORM, authorization?: string): Promise<RequestContext> {
  const em = orm.em.fork();
  const db = createDb(em);
  const viewer = await authenticate(db, authorization);
  return { em, db, loaders: new Loaders(db), roles: new Roles(db, viewer) };
}
