import { allOf, sql, type Db, type RawBuilder } from '../db/sql.js';
import { hydrate } from '../graphql/node.js';
import type { OgpStatus } from './country.enums.js';
import { CountryNode } from './country.node.js';

/** Country columns under the alias `c`, named as CountryNode's properties. */
const countryColumns = sql`c.code, c.name, c.region, c.ogp_status as "ogpStatus", c.ogp_member_since::text as "ogpMemberSince"`;

/**
 * A country-code column (character(2)) is one of `codes`. Compared as
 * bpchar, the column's own type: against text[], PostgreSQL casts the
 * column instead, which neither its index nor its statistics serve (a
 * filtered library's count read every row of resource_country). Unbounded
 * bpchar, not character(2): a cast to that would cut a longer code to two
 * letters instead of matching nothing.
 */
export function countryCodeIn(column: RawBuilder<unknown>, codes: string[]): RawBuilder<unknown> {
  return sql`${column} = any(${codes}::bpchar[])`;
}

export interface CountryFilter {
  ogpStatuses?: OgpStatus[] | null;
  regions?: string[] | null;
}

/** All countries matching the filter, by name: a short, bounded list (ISO 3166 has 249 entries). */
export async function listCountries(db: Db, filter: CountryFilter = {}): Promise<CountryNode[]> {
  const where: RawBuilder<unknown>[] = [];
  if (filter.ogpStatuses) where.push(sql`c.ogp_status = any(${filter.ogpStatuses}::text[])`);
  if (filter.regions) where.push(sql`c.region = any(${filter.regions}::text[])`);
  const rows = await db.rows<CountryNode>(sql`
    select ${countryColumns} from country c
    where ${allOf(where)}
    order by c.name, c.code`);
  return rows.map((row) => hydrate(CountryNode, row));
}
