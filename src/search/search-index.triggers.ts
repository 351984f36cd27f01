import type { TriggerDef } from '@mikro-orm/core';

/**
 * What `hub_search_refresh` rebuilds: the documents of one kind, named by the
 * source table. `organization` also refreshes the organisation's people (their
 * groups come from its memberships), `person` the person's requests, and
 * `topic` everything tagged with the topic.
 */
export type SearchRefreshKind =
  | 'resource'
  | 'person'
  | 'organization'
  | 'peer_exchange_request'
  | 'webinar'
  | 'topic';

/**
 * A trigger that keeps the search index in step with a table: after every
 * insert, update or delete it asks the database to rebuild the search
 * documents of `kind` named by `column` (before and after the change, so a
 * row moved from one subject to another refreshes both). Declared on the
 * entities so the schema diff knows them; the refresh itself is one SQL
 * function (`hub_search_refresh`).
 */
export function refreshesSearch(kind: SearchRefreshKind, column = 'id'): TriggerDef {
  return {
    name: 'search_refresh',
    timing: 'after',
    events: ['insert', 'update', 'delete'],
    forEach: 'row',
    body: `perform hub_search_refresh('${kind}', array[new.${column}, old.${column}]); return null;`,
  };
}
