import { Migration } from '@mikro-orm/migrations';

/**
 * hub_search_estimate: how many documents PostgreSQL's statistics say match
 * a text query, so a search for rare words goes straight to the full-text
 * index (see expectedMatches in src/search/search.queries.ts).
 */
export class Migration20261202193000 extends Migration {

  override name = 'Migration20261202193000';

  override up(): void | Promise<void> {
    // The planner's own row estimate (its lexeme frequencies, prefixes included), read from
    // EXPLAIN, which a function may run only when declared volatile.
    this.addSql(`create function hub_search_estimate(query tsquery) returns float8 language plpgsql volatile as $$
declare
  plan json;
begin
  execute format('explain (format json) select 1 from search_document where document @@ %L::tsquery', query::text) into plan;
  return (plan->0->'Plan'->>'Plan Rows')::float8;
end
$$;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop function hub_search_estimate(tsquery);`);
  }

}
