import type { EntityManager } from '@mikro-orm/postgresql';
import { WorkingGroup } from '../groups/working-group.entity.js';
import { Person } from '../people/person.entity.js';
import { Activity } from './activity.entity.js';

export interface ActivityRecord {
  groupKeys: string[];
  actorKey: string | null;
  action: string;
  subjectType: string;
  subjectKey: string;
  summary?: Record<string, unknown>;
}

/**
 * Records an action in the trail of each group it concerns (one row per
 * group, none when it concerns no group), in the caller's transaction.
 */
export function recordActivity(em: EntityManager, record: ActivityRecord): void {
  for (const groupKey of record.groupKeys.length ? record.groupKeys : [null]) {
    em.create(Activity, {
      workingGroup: groupKey ? em.getReference(WorkingGroup, groupKey) : null,
      actor: record.actorKey ? em.getReference(Person, record.actorKey) : null,
      action: record.action,
      subjectType: record.subjectType,
      subjectKey: record.subjectKey,
      summary: record.summary ?? {},
    });
  }
}
