import { allOf, batchOf, inBatch, sql, type Db, type RawBuilder } from '../../db/sql.js';
import { afterCursor, orderByClause, selectSortKeys, sortKeyValues, type Ordering } from './keyset.js';
import { encodeCursor, type PageRequest } from './page-request.js';

/**
 * A list as SQL pieces: which rows (`from` + `where`), which columns, in
 * which order. The pagination functions below put the pieces together.
 */
export interface ListQuery {
  /** Tables and joins, e.g. sql`resource r`. */
  from: RawBuilder<unknown>;
  /** Conditions, all of which must hold (filters, visibility). */
  where: RawBuilder<unknown>[];
  /** The columns of a row, aliased to the node's property names. */
  select: RawBuilder<unknown>;
  ordering: Ordering;
  /**
   * True when a condition compares with the current time (upcoming
   * webinars): the list changes without any write, so its count is never
   * kept (see CountCache).
   */
  readsClock?: boolean;
  /**
   * A statement giving the same count as counting `from` … `where`, for
   * lists whose rows are cheaper to count another way (see resourceList).
   */
  count?: RawBuilder<{ count: string }>;
}

/** A list that belongs to a parent row (a group's members, a request's offers). */
export interface ChildListQuery extends ListQuery {
  /** The column naming the parent, compared to the parent keys. */
  parentColumn: RawBuilder<unknown>;
  /** The parent key's PostgreSQL type. */
  parentType: 'uuid' | 'text';
  /**
   * Fewer tables than `from` to count the rows in, when they give the same
   * count: what is left out is a join to the one row a foreign key names
   * (it neither drops nor repeats a row) that no condition reads. A group's
   * thousand members are counted in an index of memberships rather than
   * joined to every organisation first.
   */
  countFrom?: RawBuilder<unknown>;
}

/** One page of rows, and the cursor of each. */
export interface Page<Row> {
  rows: Row[];
  /**
   * The cursor of `rows[index]`, encoded when asked for: most queries
   * select no cursor, and a group page would otherwise encode some seventy.
   */
  cursorAt(index: number): string;
  hasNextPage: boolean;
  hasPreviousPage: boolean;
}

type Rowish = Record<string, unknown>;

/** Reads one page of a top-level list: one statement, `size + 1` rows to learn whether more follow. */
export async function fetchPage<Row extends Rowish>(db: Db, query: ListQuery, request: PageRequest): Promise<Page<Row>> {
  const rows = await db.rows<Row>(sql`
    select ${query.select}, ${selectSortKeys(query.ordering)}
    from ${query.from}
    where ${conditions(query, request)}
    order by ${orderByClause(query.ordering, request.backward)}
    limit ${request.size + 1}`);
  return toPage(query.ordering, rows, request);
}

/**
 * Reads the same page of a child list for many parents in ONE statement: a
 * LATERAL subquery runs the keyset page per parent, so each parent gets its
 * own first N (a plain LIMIT over the batch would not). Returns pages in the
 * order of `parentKeys`. With `withTotals`, each parent's count of rows
 * (regardless of the page) rides in the same statement.
 */
export async function fetchChildPages<Row extends Rowish>(
  db: Db,
  query: ChildListQuery,
  request: PageRequest,
  parentKeys: readonly string[],
  { withTotals = false } = {},
): Promise<(Page<Row> & { total?: number })[]> {
  // The page size is written into the text, not bound: these statements are prepared, and with
  // the size unknown PostgreSQL costs a generic plan for a tenth of all rows and keeps planning anew.
  const page = sql`(
      select true as "_row", ${query.select}, ${selectSortKeys(query.ordering)}
      from ${query.from}
      where ${query.parentColumn} = parent.key and ${conditions(query, request)}
      order by ${orderByClause(query.ordering, request.backward)}
      limit ${sql.lit(request.size + 1)}
    ) as page`;
  const rows = await db.rows<Row & { _parent: string; _row: boolean | null; _total?: string }>(
    withTotals
      ? sql`
        select parent.key as "_parent", totals.count as "_total", page.*
        from ${batchOf(parentKeys, query.parentType, 'parent')}
        cross join lateral (
          select count(*) as count from ${query.countFrom ?? query.from} where ${query.parentColumn} = parent.key and ${allOf(query.where)}
        ) as totals
        left join lateral ${page} on true`
      : sql`
        select parent.key as "_parent", page.*
        from ${batchOf(parentKeys, query.parentType, 'parent')}
        cross join lateral ${page}`,
  );
  const byParent = groupBy(rows, (row) => row._parent);
  return parentKeys.map((key) => {
    const fetched = byParent.get(key) ?? [];
    // A parent without rows still has its total: one row whose page columns are null.
    const result: Page<Row> & { total?: number } = toPage(query.ordering, fetched.filter((row) => row._row), request);
    if (withTotals) result.total = Number(fetched[0]?._total ?? 0);
    return result;
  });
}

/** How many rows the list has, regardless of the page. */
export async function countRows(db: Db, query: ListQuery): Promise<number> {
  const [row] = await db.rows<{ count: string }>(countStatement(query));
  return Number(row.count);
}

/** The statement countRows runs. */
export function countStatement(query: ListQuery): RawBuilder<{ count: string }> {
  return query.count ?? sql<{ count: string }>`select count(*) as count from ${query.from} where ${allOf(query.where)}`;
}

/** How many rows each parent's list has, in one statement; in the order of `parentKeys`. */
export async function countChildRows(db: Db, query: ChildListQuery, parentKeys: readonly string[]): Promise<number[]> {
  const rows = await db.rows<{ parent: string; count: string }>(sql`
    select ${query.parentColumn} as parent, count(*) as count
    from ${query.countFrom ?? query.from}
    where ${inBatch(query.parentColumn, parentKeys, query.parentType)} and ${allOf(query.where)}
    group by 1`);
  const counts = new Map(rows.map((row) => [String(row.parent), Number(row.count)]));
  return parentKeys.map((key) => counts.get(key) ?? 0);
}

/** The list's conditions plus, when paging from a cursor, "after the cursor". */
export function conditions(query: Pick<ListQuery, 'where' | 'ordering'>, request: PageRequest): RawBuilder<unknown> {
  const where = request.cursor ? [...query.where, afterCursor(query.ordering, request.cursor, request.backward)] : query.where;
  return allOf(where);
}

/** A page from the `size + 1` rows fetched in reading order: the extra row only says that more follow. */
export function toPage<Row extends Rowish>(ordering: Ordering, fetched: Row[], request: PageRequest): Page<Row> {
  const more = fetched.length > request.size;
  const rows = more ? fetched.slice(0, request.size) : fetched;
  if (request.backward) rows.reverse();
  return {
    rows,
    cursorAt: (index) => encodeCursor(ordering.name, sortKeyValues(ordering, rows[index])),
    // Reading forward, rows before the `after` cursor exist (the cursor's own item at least); backward, the mirror.
    hasNextPage: request.backward ? request.cursor !== undefined : more,
    hasPreviousPage: request.backward ? more : request.cursor !== undefined,
  };
}

function groupBy<T>(items: T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}
