import { isoTimestamp, sql } from '../db/sql.js';
import { OrderDirection, orderingOf } from '../graphql/order.js';
import { defineChildConnection } from '../graphql/pagination/resolve.js';

/** A group's activity trail, newest first. */
export const groupActivity = defineChildConnection('workingGroup.activity', () => ({
  from: sql`activity ac`,
  parentColumn: sql`ac.working_group_id`,
  parentType: 'uuid',
  where: [],
  select: sql`ac.id as key, ac.actor_id as "actorKey", ac.action, ac.subject_type as "subjectType", ac.subject_key as "subjectKey",
    ac.summary, ${isoTimestamp(sql`ac.created_at`)} as "occurredAt"`,
  ordering: orderingOf('activity', 'occurredAt', OrderDirection.DESC, [
    { expression: sql`ac.created_at`, type: 'timestamptz' },
    { expression: sql`ac.id`, type: 'uuid' },
  ]),
}));
