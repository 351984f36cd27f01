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
  /**
   * The statement's rows. With `prepared`, it runs as a named statement even
   * on a Db that does not prepare all of its statements: for a statement of
   * few shapes whose plan need not follow its values.
   */
  rows<Row>(query: RawBuilder<Row>, options?: { prepared?: boolean }): Promise<Row[]>;
  /** The statement as it would be sent, text and parameters: what identifies its result for a cache. */
  statementOf(query: RawBuilder<unknown>): { text: string; values: readonly unknown[] };
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
    async rows<Row>(query: RawBuilder<Row>, options: { prepared?: boolean } = {}) {
      const compiled = query.compile(kysely);
      if (prepared || options.prepared) prepareStatement(compiled.sql);
      const result = await kysely.executeQuery(compiled);
      return result.rows as Row[];
    },
    statementOf(query: RawBuilder<unknown>) {
      const compiled = query.compile(kysely);
      return { text: compiled.sql, values: compiled.parameters };
    },
  };
}

/**
 * The keys of a batched read (one DataLoader batch) as rows `<alias>(key)`,
 * for `from`. A batch holds one key or a page's worth, and hub_batch says one:
 * with `unnest`'s estimate for an array it cannot see (ten), PostgreSQL's
 * plan cache judged a prepared statement's generic plan several times dearer
 * than custom ones and planned every execution anew, which on a partner's
 * group page took longer than executing (see prepared-statements.ts).
 */
export function batchOf(keys: readonly unknown[], type: string, alias = 'batch'): RawBuilder<unknown> {
  return sql`hub_batch(${keys}::${sql.raw(type)}[]) as ${sql.ref(alias)}(key)`;
}

/** `column` is one of a batch's keys (see batchOf). */
export function inBatch(column: RawBuilder<unknown>, keys: readonly unknown[], type = 'uuid'): RawBuilder<unknown> {
  return sql`${column} in (select batch.key from ${batchOf(keys, type)})`;
}

/**
 * Rows of a table that names things (tags them, lists them…) kept by a
 * filter: `select <owner> from <from> where <where>` are the things kept.
 */
export interface NamingRows {
  from: RawBuilder<unknown>;
  /** The column naming the thing (its id). */
  owner: RawBuilder<unknown>;
  where: RawBuilder<unknown>;
}

/** The condition "named by one of these rows" on the row whose id is `ownerId`. */
export function namedBy(rows: NamingRows, ownerId: RawBuilder<unknown>): RawBuilder<unknown> {
  return sql`exists (select 1 from ${rows.from} where ${rows.owner} = ${ownerId} and ${rows.where})`;
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
