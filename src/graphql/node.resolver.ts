import { Arg, Ctx, ID, Query, Resolver } from 'type-graphql';
import type { RequestContext } from './context.js';
import { badUserInput } from './errors.js';
import { fetchNode, Node } from './node.js';

/** `nodes(ids:)` accepts as many IDs as a page holds. */
const MAX_NODE_IDS = 100;

@Resolver()
export class NodeResolver {
  @Query(() => Node, { nullable: true, description: 'Fetches any object by its global ID; null when it does not exist (or is not public). A malformed ID is a BAD_USER_INPUT error.' })
  node(@Ctx() context: RequestContext, @Arg('id', () => ID, { description: 'A global ID, as returned in an `id` field.' }) id: string): Promise<object | null> {
    return fetchNode(context, id);
  }

  @Query(() => [Node], { nullable: 'items', description: `Fetches up to ${MAX_NODE_IDS} objects by global ID, in the order given; null in the place of each that does not exist.` })
  nodes(
    @Ctx() context: RequestContext,
    @Arg('ids', () => [ID], { description: `Global IDs, at most ${MAX_NODE_IDS}.` }) ids: string[],
  ): Promise<(object | null)[]> {
    if (ids.length > MAX_NODE_IDS) throw badUserInput(`\`ids\` lists ${ids.length} IDs; at most ${MAX_NODE_IDS} are accepted.`, 'ids');
    return Promise.all(ids.map((id, index) => fetchNode(context, id, `ids[${index}]`)));
  }
}
