import { Arg, Ctx, Query, Resolver } from 'type-graphql';
import type { RequestContext } from '../graphql/context.js';
import { registerNodeType } from '../graphql/node.js';
import { TopicNode } from './topic.node.js';
import { listTopics, topicBySlug } from './topic.queries.js';

registerNodeType('Topic', async (context, id) => context.topics.get(id));

@Resolver(() => TopicNode)
export class TopicResolver {
  @Query(() => [TopicNode], { description: 'The whole topic vocabulary, by name. Use the slugs in the `topics` filters of other lists.' })
  topics(@Ctx() context: RequestContext): Promise<TopicNode[]> {
    return listTopics(context.db);
  }

  @Query(() => TopicNode, { nullable: true, description: 'One topic by slug; null when there is none.' })
  topic(@Ctx() context: RequestContext, @Arg('slug', { description: 'The topic\'s slug, e.g. `open-contracting`.' }) slug: string): Promise<TopicNode | null> {
    return context.loaders.of(topicBySlug).load(slug);
  }
}
