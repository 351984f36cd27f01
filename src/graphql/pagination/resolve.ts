import type { GraphQLResolveInfo } from 'graphql';
import type { RequestContext } from '../context.js';
import { selectsField } from '../selection.js';
import { defineLoader } from '../loaders.js';
import { toEdges, toPageInfo, type EdgeData, type EdgeShape, type PageInfo } from './connection.js';
import { countChildRows, countRows, fetchChildPages, fetchPage, type ChildListQuery, type ListQuery, type Page } from './page.js';
import { toPageRequest, type ConnectionArguments, type PageRequest } from './page-request.js';

/** A connection class: `new XConnection(edges, pageInfo, countTotal)`. */
export type ConnectionClass<TEdge, TConnection> = new (
  edges: TEdge[],
  pageInfo: PageInfo,
  count: () => Promise<number>,
) => TConnection;

type Row = Record<string, unknown>;

/** Resolves a top-level connection: one statement for the page, one more only if `totalCount` is asked for. */
export async function resolveConnection<TEdge extends EdgeShape<unknown>, TConnection>(
  context: RequestContext,
  query: ListQuery,
  args: ConnectionArguments,
  toEdge: (row: Row) => EdgeData<TEdge>,
  Connection: ConnectionClass<TEdge, TConnection>,
): Promise<TConnection> {
  const page = await fetchPage<Row>(context.db, query, toPageRequest(args, query.ordering.name));
  let total: Promise<number> | undefined;
  const count = () => (context.counts ? context.counts.count(context.db, query) : countRows(context.db, query));
  return new Connection(toEdges(page, toEdge), toPageInfo(page), () => (total ??= count()));
}

/**
 * A connection that hangs off a parent (a group's members…). Its pages and
 * counts load through DataLoaders keyed by the list's parameters and the page
 * request, so the same field on 50 parents costs one statement, not 50.
 * `build` turns the (JSON) parameters into the SQL of the list.
 */
export function defineChildConnection<Params>(name: string, build: (params: Params) => ChildListQuery) {
  const pages = defineLoader<string, Page<Row> & { total?: number }, { params: Params; request: PageRequest; withTotals: boolean }>(
    `${name}.page`,
    (db, parentKeys, { params, request, withTotals }) => fetchChildPages<Row>(db, build(params), request, parentKeys, { withTotals }),
  );
  const counts = defineLoader<string, number, Params>(`${name}.count`, (db, parentKeys, params) =>
    countChildRows(db, build(params), parentKeys),
  );
  return {
    async resolve<TEdge extends EdgeShape<unknown>, TConnection>(
      context: RequestContext,
      parentKey: string,
      params: Params,
      args: ConnectionArguments,
      toEdge: (row: Row) => EdgeData<TEdge>,
      Connection: ConnectionClass<TEdge, TConnection>,
      info?: GraphQLResolveInfo,
    ): Promise<TConnection> {
      const request = toPageRequest(args, build(params).ordering.name);
      // A query that asks for the page and its totalCount gets both from one statement.
      const withTotals = info !== undefined && selectsField(info, 'totalCount');
      const page = await context.loaders.of(pages, { params, request, withTotals }).load(parentKey);
      const totals = context.loaders.of(counts, params);
      if (page.total !== undefined) totals.prime(parentKey, page.total);
      return new Connection(toEdges(page, toEdge), toPageInfo(page), () => totals.load(parentKey));
    },
  };
}
