import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { Roles } from '../auth/roles.js';
import { authenticate, type Viewer } from '../auth/viewer.js';
import type { CountryNode } from '../countries/country.node.js';
import type { TopicNode } from '../topics/topic.node.js';
import type { AnchorshipNode, WorkingGroupNode } from '../groups/group.node.js';
import type { CountCache } from './pagination/count-cache.js';
import type { ReferenceTable } from './reference-table.js';
import type { HubEventBus } from '../events/event-bus.js';
import { createDb, type Db } from '../db/sql.js';
import { Loaders } from './loaders.js';

/** What every request of one server shares. */
export interface SharedServices {
  /** Committed hub events, for subscriptions. */
  events: HubEventBus;
  /** Every country by code, kept in memory by the server. */
  countries: ReferenceTable<CountryNode>;
  /** Every topic by id, kept in memory by the server. */
  topics: ReferenceTable<TopicNode>;
  /** Every working group by id, kept in memory by the server (mutations check theirs in their transaction: workingGroupById). */
  workingGroups: ReferenceTable<WorkingGroupNode>;
  /** Every group's current anchors by seat (anchorSeat), with their organisations, kept in memory by the server. */
  currentAnchors: ReferenceTable<AnchorshipNode>;
  /** The counts of top-level lists, kept until a write is committed; null when the shared caches are off (RESPONSE_CACHE_MB=0). */
  counts: CountCache | null;
}

/** What every resolver receives: one per GraphQL request, shared by HTTP and WebSocket. */
export interface RequestContext extends SharedServices {
  /** The request's own entity manager, for writes (each mutation runs in a transaction on it). */
  em: EntityManager;
  /** Plain-row reads for the read path. */
  db: Db;
  loaders: Loaders;
  /** Who is asking, and what they are in each group. */
  roles: Roles;
  /** False once a resolver read what is the caller's own (see forbidReuse in cache-policy.ts). */
  reusable: boolean;
}

export interface ContextOptions extends SharedServices {
  /** The raw `Authorization` header (HTTP), or a viewer already authenticated (WebSocket, at connection_init). */
  authorization?: string;
  viewer?: Viewer | null;
}

/**
 * A fresh context: its own entity manager fork, its own (empty) DataLoader
 * caches, and the viewer from the `Authorization` header (a bad token throws
 * UNAUTHENTICATED).
 */
export async function createRequestContext(orm: MikroORM, options: ContextOptions): Promise<RequestContext> {
  const em = orm.em.fork();
  const db = createDb(em);
  const viewer = options.viewer !== undefined ? options.viewer : await authenticate(db, options.authorization);
  return contextOn(em, db, viewer, options);
}

/**
 * The context of a long-lived subscription. Subscriptions only read, so
 * they share one entity manager and one SQL handle per instance instead of
 * a fork each: thousands of idle subscribers then cost little memory. Their
 * DataLoader caches are renewed for every event they deliver.
 */
export function createSubscriptionContext(shared: { em: EntityManager; db: Db } & SharedServices, viewer: Viewer | null): RequestContext {
  return contextOn(shared.em, shared.db, viewer, shared);
}

function contextOn(em: EntityManager, db: Db, viewer: Viewer | null, { events, countries, topics, workingGroups, currentAnchors, counts }: SharedServices): RequestContext {
  // Loaders run the same few statement shapes on every page: as prepared statements.
  return { em, db, loaders: new Loaders(createDb(em, { prepared: true })), roles: new Roles(db, viewer), reusable: true, events, countries, topics, workingGroups, currentAnchors, counts };
}
