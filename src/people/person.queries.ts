import { countryCodeIn } from '../countries/country.queries.js';
import { inBatch, sql, type RawBuilder } from '../db/sql.js';
import { byKey, defineLoader, groupedByKey } from '../graphql/loaders.js';
import { hydrate } from '../graphql/node.js';
import { orderingOf, type OrderDirection } from '../graphql/order.js';
import type { ListQuery } from '../graphql/pagination/page.js';
import { taggedWithAnyOf, topicKeysOf } from '../topics/topic.queries.js';
import { PersonNode } from './person.node.js';

/** Person columns under the alias `p`, named as PersonNode's properties. The e-mail is never selected. */
export const personColumns = sql`
  p.id as key, p.name, p.title, p.organization_id as "organizationKey", p.country_code as "countryCode",
  p.languages, p.expertise, p.open_to_peer_exchange as "openToPeerExchange", ${topicKeysOf('person', sql`p.id`)} as "topicKeys"`;

export const personById = defineLoader<string, PersonNode | null>('person.byId', async (db, ids) => {
  const rows = await db.rows<PersonNode>(sql`select ${personColumns} from person p where ${inBatch(sql`p.id`, ids)}`);
  return byKey(rows.map((row) => hydrate(PersonNode, row)), ids, (person) => person.key);
});

export interface PersonFilterValues {
  countryCodes?: string[] | null;
  organizationKeys?: string[] | null;
  languages?: string[] | null;
  topics?: string[] | null;
  groupSlugs?: string[] | null;
  openToPeerExchange?: boolean | null;
}

/** The conditions a people filter puts on `p`; shared by every list of people. */
export function personConditions(filter: PersonFilterValues): RawBuilder<unknown>[] {
  const where: RawBuilder<unknown>[] = [];
  if (filter.countryCodes) where.push(countryCodeIn(sql`p.country_code`, filter.countryCodes));
  if (filter.organizationKeys) where.push(sql`p.organization_id = any(${filter.organizationKeys}::uuid[])`);
  if (filter.languages) where.push(sql`p.languages && ${filter.languages}::text[]`);
  if (filter.openToPeerExchange != null) where.push(sql`p.open_to_peer_exchange = ${filter.openToPeerExchange}`);
  if (filter.topics) where.push(taggedWithAnyOf('person', sql`p.id`, filter.topics));
  if (filter.groupSlugs) {
    where.push(sql`exists (
      select 1 from membership m join working_group g on g.id = m.working_group_id
      where m.organization_id = p.organization_id and m.left_on is null and g.slug = any(${filter.groupSlugs}::text[]))`);
  }
  return where;
}

export function personOrdering(direction: OrderDirection) {
  return orderingOf('person', 'name', direction, [
    { expression: sql`p.name`, type: 'text' },
    { expression: sql`p.id`, type: 'uuid' },
  ]);
}

export function personList(filter: PersonFilterValues, direction: OrderDirection): ListQuery {
  return { from: sql`person p`, where: personConditions(filter), select: personColumns, ordering: personOrdering(direction) };
}

/** Contact e-mails, for the few who may see them (personPolicy.canSeeContact). */
export const emailOfPerson = defineLoader<string, string | null>('person.email', async (db, ids) => {
  const rows = await db.rows<{ key: string; email: string }>(sql`select p.id as key, p.email from person p where ${inBatch(sql`p.id`, ids)}`);
  return byKey(rows, ids, (row) => row.key).map((row) => row?.email ?? null);
});

/** The groups each person takes part in through their organisation. */
export const groupKeysOfPerson = defineLoader<string, string[]>('person.groups', async (db, ids) => {
  const rows = await db.rows<{ key: string; groupKey: string }>(sql`
    select p.id as key, m.working_group_id as "groupKey"
    from person p join membership m on m.organization_id = p.organization_id and m.left_on is null
    where ${inBatch(sql`p.id`, ids)}`);
  return groupedByKey(rows, ids, (row) => row.key).map((list) => list.map((row) => row.groupKey));
});
