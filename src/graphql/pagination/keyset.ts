import { sql, type RawBuilder } from '../../db/sql.js';
import { badUserInput } from '../errors.js';

/** The PostgreSQL types sort keys come in; cursor values are checked and cast to them. */
export type SortKeyType = 'text' | 'uuid' | 'date' | 'timestamptz' | 'int' | 'bool' | 'real';

/** One column of an ordering. Sort keys are never null, so comparisons stay total. */
export interface SortKey {
  expression: RawBuilder<unknown>;
  direction: 'asc' | 'desc';
  type: SortKeyType;
}

/**
 * A total order over a list: the last key must be unique (an id), so that
 * every item has exactly one position and keyset pages neither skip nor repeat.
 */
export interface Ordering {
  /** Names the order inside cursors, e.g. `resource:publishedOn:desc`. */
  name: string;
  keys: SortKey[];
}

const valueChecks: Record<SortKeyType, (value: unknown) => boolean> = {
  text: (value) => typeof value === 'string',
  uuid: (value) => typeof value === 'string' && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(value),
  date: (value) => typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(value)),
  timestamptz: (value) =>
    typeof value === 'string' && /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d{1,6})?([+-]\d{2}(:?\d{2})?|Z)?$/.test(value),
  int: (value) => Number.isSafeInteger(value),
  bool: (value) => typeof value === 'boolean',
  // A relevance score: a float4 travels as its shortest exact decimal, so it compares equal when it comes back.
  real: (value) => typeof value === 'number' && Number.isFinite(value),
};

/**
 * Columns `_k0`, `_k1`, … carrying the sort-key values each row's cursor is
 * made of. Dates and timestamps travel as PostgreSQL's own text: a JavaScript
 * Date would round microseconds away, and the next page would repeat rows.
 */
export function selectSortKeys(ordering: Ordering): RawBuilder<unknown> {
  return sql.join(
    ordering.keys.map((key, index) => {
      const value = key.type === 'date' || key.type === 'timestamptz' ? sql`${key.expression}::text` : key.expression;
      return sql`${value} as ${sql.ref(`_k${index}`)}`;
    }),
  );
}

/** Reads a row's sort-key values back, in the order of the keys. */
export function sortKeyValues(ordering: Ordering, row: Record<string, unknown>): unknown[] {
  return ordering.keys.map((_, index) => row[`_k${index}`]);
}

/** ORDER BY for the ordering, reversed when reading backward (the page is flipped back afterwards). */
export function orderByClause(ordering: Ordering, backward: boolean): RawBuilder<unknown> {
  return sql.join(
    ordering.keys.map((key) => {
      const ascending = (key.direction === 'asc') !== backward;
      return sql`${key.expression} ${sql.raw(ascending ? 'asc' : 'desc')}`;
    }),
  );
}

/**
 * The rows strictly after the cursor in reading order. With every key in the
 * same direction this is one row comparison, which PostgreSQL answers from a
 * matching index; mixed directions expand to (a > x) or (a = x and b > y) ….
 */
export function afterCursor(ordering: Ordering, cursor: unknown[], backward: boolean): RawBuilder<unknown> {
  if (cursor.length !== ordering.keys.length || ordering.keys.some((key, i) => !valueChecks[key.type](cursor[i]))) {
    throw badUserInput(`\`${backward ? 'before' : 'after'}\` is not a cursor this API issued.`, backward ? 'before' : 'after');
  }
  const values = ordering.keys.map((key, i) => sql`${cursor[i]}::${sql.raw(key.type)}`);
  const operator = (key: SortKey) => sql.raw((key.direction === 'asc') !== backward ? '>' : '<');
  const uniform = ordering.keys.every((key) => key.direction === ordering.keys[0].direction);
  if (uniform) {
    const columns = sql.join(ordering.keys.map((key) => key.expression));
    return sql`(${columns}) ${operator(ordering.keys[0])} (${sql.join(values)})`;
  }
  const alternatives = ordering.keys.map((key, i) => {
    const equalities = ordering.keys.slice(0, i).map((earlier, j) => sql`${earlier.expression} = ${values[j]}`);
    return sql`(${sql.join([...equalities, sql`${key.expression} ${operator(key)} ${values[i]}`], sql` and `)})`;
  });
  return sql`(${sql.join(alternatives, sql` or `)})`;
}
