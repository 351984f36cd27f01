import type { TestHub } from './test-hub.js';

/** Every table a write can touch. */
const TABLES = [
  'resource', 'resource_topic', 'resource_country', 'resource_status_change', 'group_resource', 'priority_area', 'anchorship',
  'curator_appointment', 'membership', 'organization', 'person', 'person_topic', 'access_token', 'activity', 'hub_event',
  'peer_exchange_request', 'peer_exchange_offer', 'peer_exchange_status_change', 'webinar', 'webinar_speaker', 'webinar_topic',
  'search_document',
];

/**
 * A digest of every row of every writable table: equal before and after a
 * refused request proves it changed nothing at all.
 */
export async function databaseFingerprint(hub: TestHub): Promise<Record<string, string>> {
  const parts = TABLES.map((table) => `select '${table}' as name, md5(coalesce(string_agg(t::text, '|' order by t::text), '')) as digest from ${table} t`);
  const rows = await hub.sql(parts.join(' union all '));
  return Object.fromEntries(rows.map((row: { name: string; digest: string }) => [row.name, row.digest]));
}
