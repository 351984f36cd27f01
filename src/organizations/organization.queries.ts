import { countryCodeIn } from '../countries/country.queries.js';
import { inBatch, sql, type RawBuilder } from '../db/sql.js';
import { byKey, defineLoader } from '../graphql/loaders.js';
import { hydrate } from '../graphql/node.js';
import { orderingOf, type OrderDirection } from '../graphql/order.js';
import type { ListQuery } from '../graphql/pagination/page.js';
import type { OrganizationKind } from './organization.enums.js';
import { OrganizationNode } from './organization.node.js';

/** Organisation columns under the alias `o`, named as OrganizationNode's properties. */
export const organizationColumns = sql`o.id as key, o.name, o.kind, o.country_code as "countryCode", o.website`;

export const organizationById = defineLoader<string, OrganizationNode | null>('organization.byId', async (db, ids) => {
  const rows = await db.rows<OrganizationNode>(sql`select ${organizationColumns} from organization o where ${inBatch(sql`o.id`, ids)}`);
  return byKey(rows.map((row) => hydrate(OrganizationNode, row)), ids, (organization) => organization.key);
});

export interface OrganizationFilterValues {
  countryCodes?: string[] | null;
  kinds?: OrganizationKind[] | null;
  groupSlugs?: string[] | null;
}

/** The conditions an organisation filter puts on `o`; shared by every list of organisations. */
export function organizationConditions(filter: OrganizationFilterValues): RawBuilder<unknown>[] {
  const where: RawBuilder<unknown>[] = [];
  if (filter.countryCodes) where.push(countryCodeIn(sql`o.country_code`, filter.countryCodes));
  if (filter.kinds) where.push(sql`o.kind = any(${filter.kinds}::text[])`);
  if (filter.groupSlugs) {
    where.push(sql`exists (
      select 1 from membership m join working_group g on g.id = m.working_group_id
      where m.organization_id = o.id and m.left_on is null and g.slug = any(${filter.groupSlugs}::text[]))`);
  }
  return where;
}

/** Organisations by name (the only order offered: it is what directories show). */
export function organizationOrdering(direction: OrderDirection) {
  return orderingOf('organization', 'name', direction, [
    { expression: sql`o.name`, type: 'text' },
    { expression: sql`o.id`, type: 'uuid' },
  ]);
}

export function organizationList(filter: OrganizationFilterValues, direction: OrderDirection): ListQuery {
  return {
    from: sql`organization o`,
    where: organizationConditions(filter),
    select: organizationColumns,
    ordering: organizationOrdering(direction),
  };
}
