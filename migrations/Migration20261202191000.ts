import { Migration } from '@mikro-orm/migrations';

/**
 * hub_batch: the keys of a batched read as rows, declared to be one row (see
 * batchOf in src/db/sql.ts): PostgreSQL then keeps one generic plan for the
 * read path's prepared statements instead of planning each execution anew.
 */
export class Migration20261202191000 extends Migration {

  override name = 'Migration20261202191000';

  override up(): void | Promise<void> {
    // plpgsql, so the planner takes the declared estimate (SQL functions are inlined into unnest).
    this.addSql(`create function hub_batch(keys anyarray) returns setof anyelement
  language plpgsql immutable strict parallel safe rows 1 as $$
begin
  return query select unnest(keys);
end
$$;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop function hub_batch(anyarray);`);
  }

}
