import { countryCodeIn } from '../countries/country.queries.js';
import { inBatch, isoTimestamp, namedBy, sql, type NamingRows, type RawBuilder } from '../db/sql.js';
import { byKey, defineLoader } from '../graphql/loaders.js';
import { hydrate } from '../graphql/node.js';
import { orderingOf, type OrderDirection } from '../graphql/order.js';
import type { ListQuery } from '../graphql/pagination/page.js';
import { defineChildConnection } from '../graphql/pagination/resolve.js';
import type { ResourceKind } from './resource.enums.js';
import { taggingsWithAnyOf, topicKeysOf } from '../topics/topic.queries.js';
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
  for (const { rows } of namingFilters(filter)) where.push(namedBy(rows, sql`r.id`));
  return where;
}

/**
 * The filters answered by the tables that name resources (topics,
 * countries, groups), each with how many values it asks for.
 */
function namingFilters(filter: ResourceFilterValues): { rows: NamingRows; values: number }[] {
  const filters: { rows: NamingRows; values: number }[] = [];
  if (filter.topics) filters.push({ rows: taggingsWithAnyOf('resource', filter.topics), values: filter.topics.length });
  if (filter.countryCodes) {
    const rows = { from: sql`resource_country rc`, owner: sql`rc.resource_id`, where: countryCodeIn(sql`rc.country_code`, filter.countryCodes) };
    filters.push({ rows, values: filter.countryCodes.length });
  }
  if (filter.groupSlugs) {
    const rows = {
      from: sql`group_resource gr join working_group g on g.id = gr.working_group_id`,
      owner: sql`gr.resource_id`,
      where: sql`g.slug = any(${filter.groupSlugs}::text[])`,
    };
    filters.push({ rows, values: filter.groupSlugs.length });
  }
  return filters;
}

/**
 * How many published resources a filter on topics, countries or groups
 * alone keeps, counted from those tables: the resources they name, less the
 * few not published (resource_unpublished_idx). Counted the usual way, it
 * reads every published resource to keep those named (at the medium scale,
 * 95,000 to keep 5,000 to 15,000), in two to four times as long.
 * Undefined when the filter names a kind or a language, or nothing: the
 * resource's own indexes count those.
 */
function countOfNamed(filter: ResourceFilterValues): RawBuilder<{ count: string }> | undefined {
  const filters = namingFilters(filter);
  if (filter.kinds || filter.languages || filters.length === 0) return undefined;
  const named = filters.map(({ rows }) => sql`select ${rows.owner} from ${rows.from} where ${rows.where}`);
  return sql<{ count: string }>`select count(*) as count from (${eachOnce(named, filters[0].values)}) m(id)
    where not exists (select 1 from resource r where r.id = m.id and not (${resourceIsPublic}))`;
}

/**
 * The resources the `named` sets all hold, each once. INTERSECT keeps each
 * once; a single set needs DISTINCT only when it asks for several values,
 * since each table holds a resource once per value.
 */
function eachOnce(named: RawBuilder<unknown>[], values: number): RawBuilder<unknown> {
  if (named.length > 1) return sql.join(named, sql` intersect `);
  return values > 1 ? sql`select distinct * from (${named[0]}) named` : named[0];
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
    count: countOfNamed(filter),
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

