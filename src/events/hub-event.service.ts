import type { EntityManager } from '@mikro-orm/postgresql';
import { WorkingGroup } from '../groups/working-group.entity.js';
import { HubEvent } from './hub-event.entity.js';
import { markEventsWritten } from './wakeups.js';

export interface HubEventRecord {
  /** What happened, e.g. `webinar.scheduled`. */
  type: string;
  /** The group the event concerns; null for hub-wide events. */
  groupKey: string | null;
  /** The GraphQL type name and key of the object the event is about. */
  subjectType: string;
  subjectKey: string;
}

/**
 * Any constant shared by every writer of hub_event: the key of the
 * transaction-scoped advisory lock that orders their commits.
 */
const HUB_EVENT_LOCK = 4_815_162_342;

/**
 * Records a durable event in the caller's transaction (so a change that rolls
 * back leaves no event) and returns its sequence number. Call it LAST in the
 * transaction, after every other write.
 *
 * Readers follow hub_event in `sequence` order and resume after the last
 * number they saw, so a number must never become visible after a higher one
 * did. A bigserial alone does not promise that: two transactions may draw 10
 * and 11 and commit 11 first, and a reader at that moment would skip 10 for
 * good. Each writer therefore takes a transaction-scoped advisory lock before
 * drawing its number and keeps it until it commits or rolls back, so numbers
 * are drawn in commit order. (Rolled-back transactions still leave gaps in
 * the numbering; readers must expect gaps, never late arrivals.)
 *
 * Whoever holds that lock must never wait for another transaction, or two
 * writers could deadlock (one holding the lock, the other a row the first
 * needs). So every other write is flushed first, and the group row the event
 * refers to is key-share locked (as the foreign key check will need) before
 * taking the lock; after it, only the event row itself is written.
 */
export async function recordHubEvent(em: EntityManager, record: HubEventRecord): Promise<string> {
  if (!em.isInTransaction()) throw new Error('recordHubEvent() must run inside the transaction of the change it announces');
  await em.flush();
  if (record.groupKey) await em.execute('select 1 from working_group where id = ? for key share', [record.groupKey]);
  await em.execute('select pg_advisory_xact_lock(?)', [HUB_EVENT_LOCK]);
  const event = em.create(HubEvent, {
    type: record.type,
    workingGroup: record.groupKey ? em.getReference(WorkingGroup, record.groupKey) : null,
    subjectType: record.subjectType,
    subjectKey: record.subjectKey,
  });
  await em.flush();
  markEventsWritten(em);
  return event.sequence;
}
