import type { EntityManager } from '@mikro-orm/postgresql';
import { sql, type RawBuilder } from 'kysely';
import { prepareStatement } from './prepared-statements.js';

export { sql, type RawBuilder };

/**
 * The read side's door to PostgreSQL: plain rows from hand-written SQL (built
 * with Kysely's `sql` tag, so every value is a bound parameter). Reads skip the
 * ORM's entity hydration, which costs more than the query itself on hot paths;
 * writes go through MikroORM entities.
 */
export interface Db {
  rows<Row>(query: RawBuilder<Row>): Promise<Row[]>;
}

/**
 * A Db running on the entity manager's connection (and its transaction, if
 * one is open). With `prepared`, every statement runs as a named statement
 * (see prepared-statements.ts): for the loaders, whose statements have a
 * fixed shape and run on every page.
 */
export function createDb(em: EntityManager, { prepared = false } = {}): Db {
  const kysely = em.getKysely();
  return {
    async rows<Row>(query: RawBuilder<Row>) {
      const compiled = query.compile(kysely);
      if (prepared) prepareStatement(compiled.sql);
      const result = await kysely.executeQuery(compiled);
      return result.rows as Row[];
    },
  };
}

/** `a and b and …`; `true` when there is no condition. */
export function allOf(conditions: RawBuilder<unknown>[]): RawBuilder<unknown> {
  return conditions.length ? sql.join(conditions, sql` and `) : sql`true`;
}

/**
 * A timestamptz as an ISO 8601 / RFC 3339 string in UTC with milliseconds,
 * the form the DateTime scalar publishes. (The ORM's pool hands timestamps
 * over as PostgreSQL text, which is not RFC 3339.)
 */
export function isoTimestamp(expression: RawBuilder<unknown>): RawBuilder<string> {
  return sql<string>`to_char((${expression}) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
}
