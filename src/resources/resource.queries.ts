import { countryCodeIn } from '../countries/country.queries.js';
import { inBatch, isoTimestamp, sql, type RawBuilder } from '../db/sql.js';
import { byKey, defineLoader } from '../graphql/loaders.js';
import { hydrate } from '../graphql/node.js';
import { orderingOf, type OrderDirection } from '../graphql/order.js';
import type { ListQuery } from '../graphql/pagination/page.js';
import { defineChildConnection } from '../graphql/pagination/resolve.js';
import type { ResourceKind } from './resource.enums.js';
import { taggedWithAnyOf, topicKeysOf } from '../topics/topic.queries.js';
import { ResourceNode } from './resource.node.js';

/**
 * Resource columns under the alias `r`, named as ResourceNode's properties.
 * A row carries the keys of its topics and countries, which the server keeps
 * in memory: a page of resources costs no statement for them.
 */
export const resourceColumns = sql`
  r.id as key, r.title, r.summary, r.url, r.kind, r.language, r.published_on::text as "publishedOn", r.status,
  r.submitted_by_id as "submittedByKey", ${topicKeysOf('resource', sql`r.id`)} as "topicKeys",
  array(select rc.country_code from resource_country rc where rc.resource_id = r.id) as "countryCodes"`;

/** Only published resources are public; every read of resources applies this. */
export const resourceIsPublic = sql`r.status = 'published'`;

/**
 * Resources by id whatever their status, with the groups that list them:
 * callers decide visibility with resourcePolicy.canView (see visibleResource).
 */
export const resourceById = defineLoader<string, ResourceNode | null>('resource.byId', async (db, ids) => {
  const rows = await db.rows<ResourceNode>(sql`
    select ${resourceColumns},
      array(select gr.working_group_id from group_resource gr where gr.resource_id = r.id order by gr.working_group_id) as "groupKeys"
    from resource r where ${inBatch(sql`r.id`, ids)}`);
  return byKey(rows.map((row) => hydrate(ResourceNode, row)), ids, (resource) => resource.key);
});

export interface ResourceFilterValues {
  kinds?: ResourceKind[] | null;
  languages?: string[] | null;
  topics?: string[] | null;
  countryCodes?: string[] | null;
  groupSlugs?: string[] | null;
}

/** The conditions a resource filter puts on `r` (published ones only); shared by every list of resources. */
export function resourceConditions(filter: ResourceFilterValues): RawBuilder<unknown>[] {
  const where: RawBuilder<unknown>[] = [resourceIsPublic];
  if (filter.kinds) where.push(sql`r.kind = any(${filter.kinds}::text[])`);
  if (filter.languages) where.push(sql`r.language = any(${filter.languages}::text[])`);
  if (filter.topics) where.push(taggedWithAnyOf('resource', sql`r.id`, filter.topics));
  if (filter.countryCodes) {
    where.push(sql`exists (
      select 1 from resource_country rc where rc.resource_id = r.id and ${countryCodeIn(sql`rc.country_code`, filter.countryCodes)})`);
  }
  if (filter.groupSlugs) {
    where.push(sql`exists (
      select 1 from group_resource gr join working_group g on g.id = gr.working_group_id
      where gr.resource_id = r.id and g.slug = any(${filter.groupSlugs}::text[]))`);
  }
  return where;
}

export enum ResourceOrderField {
  PUBLISHED_ON = 'publishedOn',
  TITLE = 'title',
}

const resourceOrderColumns = {
  [ResourceOrderField.PUBLISHED_ON]: { expression: sql`r.published_on`, type: 'date' },
  [ResourceOrderField.TITLE]: { expression: sql`r.title`, type: 'text' },
} as const;

export function resourceList(filter: ResourceFilterValues, field: ResourceOrderField, direction: OrderDirection): ListQuery {
  return {
    from: sql`resource r`,
    where: resourceConditions(filter),
    select: resourceColumns,
    ordering: orderingOf('resource', field, direction, [resourceOrderColumns[field], { expression: sql`r.id`, type: 'uuid' }]),
  };
}

/** A group's curated list: featured first, then the group's position, then newest. */
export const curatedResources = defineChildConnection('workingGroup.resources', (params: { filter: ResourceFilterValues }) => ({
  from: sql`group_resource gr join resource r on r.id = gr.resource_id`,
  parentColumn: sql`gr.working_group_id`,
  parentType: 'uuid',
  where: resourceConditions(params.filter),
  select: sql`${resourceColumns}, gr.featured, gr.position, ${isoTimestamp(sql`gr.added_at`)} as "addedAt"`,
  ordering: {
    name: 'curatedResource',
    keys: [
      { expression: sql`gr.featured`, direction: 'desc', type: 'bool' },
      { expression: sql`gr.position`, direction: 'asc', type: 'int' },
      { expression: sql`r.published_on`, direction: 'desc', type: 'date' },
      { expression: sql`r.id`, direction: 'desc', type: 'uuid' },
    ],
  },
}));

