import { ArgsType, Field, Int, ObjectType, type ClassType } from 'type-graphql';
import type { Page } from './page.js';
import { MAX_PAGE_SIZE, DEFAULT_PAGE_SIZE } from './page-request.js';

@ArgsType()
export class ConnectionArgs {
  @Field(() => Int, {
    nullable: true,
    description: `Return the first n items (0–${MAX_PAGE_SIZE}) after \`after\`. Without \`first\` or \`last\`, a page holds ${DEFAULT_PAGE_SIZE} items.`,
  })
  first?: number | null;

  @Field(() => String, { nullable: true, description: 'Return items after this cursor (an `endCursor` or edge `cursor` from an earlier page).' })
  after?: string | null;

  @Field(() => Int, { nullable: true, description: `Return the last n items (0–${MAX_PAGE_SIZE}) before \`before\`.` })
  last?: number | null;

  @Field(() => String, { nullable: true, description: 'Return items before this cursor (a `startCursor` or edge `cursor` from an earlier page).' })
  before?: string | null;
}

@ObjectType({ description: 'Where a page sits in its list, and the cursors to move from it.' })
export class PageInfo {
  @Field({ description: 'True when more items follow this page (ask again with `after: endCursor`).' })
  hasNextPage!: boolean;

  @Field({ description: 'True when items precede this page (ask again with `before: startCursor`).' })
  hasPreviousPage!: boolean;

  @Field(() => String, { nullable: true, description: 'The cursor of the first item of the page; null when the page is empty.' })
  startCursor!: string | null;

  @Field(() => String, { nullable: true, description: 'The cursor of the last item of the page; null when the page is empty.' })
  endCursor!: string | null;
}

/** What every edge has; edges with data about the relationship add fields. */
export interface EdgeShape<TNode> {
  cursor: string;
  node: TNode;
}

/** Base class of the edge types: `class WorkingGroupEdge extends EdgeType(WorkingGroupNode) {}`. */
export function EdgeType<TNode extends object>(NodeClass: ClassType<TNode>) {
  @ObjectType()
  abstract class Edge implements EdgeShape<TNode> {
    @Field({ description: 'Opaque position of this item; pass it as `after` or `before` to page from here.' })
    cursor!: string;

    @Field(() => NodeClass, { description: 'The item at the end of the edge.' })
    node!: TNode;
  }
  return Edge;
}

/**
 * Base class of the connection types. `totalCount` is counted only when a
 * query asks for it: counting is a separate statement partners often skip.
 */
export function ConnectionType<TNode extends object, TEdge extends EdgeShape<TNode>>(
  NodeClass: ClassType<TNode>,
  EdgeClass: ClassType<TEdge>,
) {
  @ObjectType()
  abstract class Connection {
    @Field(() => [EdgeClass], { description: 'The items of this page with their cursors, in the list\'s order.' })
    edges: TEdge[];

    @Field(() => PageInfo, { description: 'Cursors and whether more items precede or follow this page.' })
    pageInfo: PageInfo;

    private readonly count: () => Promise<number>;

    constructor(edges: TEdge[], pageInfo: PageInfo, count: () => Promise<number>) {
      this.edges = edges;
      this.pageInfo = pageInfo;
      this.count = count;
    }

    @Field(() => [NodeClass], { description: 'The items of this page, without cursors (a shortcut for `edges { node }`).' })
    get nodes(): TNode[] {
      return this.edges.map((edge) => edge.node);
    }

    @Field(() => Int, { description: 'How many items the whole list holds with the filters applied, across all pages.' })
    totalCount(): Promise<number> {
      return this.count();
    }
  }
  return Connection;
}

/** An edge as a resolver builds it: everything but its cursor, which the page supplies. */
export type EdgeData<TEdge> = Omit<TEdge, 'cursor'>;

/** Turns a page of rows into edges with the given node (and edge data) for each row. */
export function toEdges<Row, TEdge extends EdgeShape<unknown>>(page: Page<Row>, toEdge: (row: Row) => EdgeData<TEdge>): TEdge[] {
  return page.rows.map((row, index) => withCursor(toEdge(row), () => page.cursorAt(index)));
}

/** `edge` with its `cursor`, encoded only if a query reads it. */
export function withCursor<TEdge extends EdgeShape<unknown>>(edge: EdgeData<TEdge>, cursor: () => string): TEdge {
  return Object.defineProperty(edge, 'cursor', { get: cursor, enumerable: true }) as TEdge;
}

export function toPageInfo(page: Page<unknown>): PageInfo {
  const last = page.rows.length - 1;
  return {
    hasNextPage: page.hasNextPage,
    hasPreviousPage: page.hasPreviousPage,
    get startCursor() {
      return last >= 0 ? page.cursorAt(0) : null;
    },
    get endCursor() {
      return last >= 0 ? page.cursorAt(last) : null;
    },
  };
}
