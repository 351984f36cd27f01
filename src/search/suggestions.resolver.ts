import { Arg, Ctx, Field, FieldResolver, Float, Int, ObjectType, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../graphql/context.js';
import type { MaybePromise } from '../graphql/reference-table.js';
import { badUserInput } from '../graphql/errors.js';
import { PeerExchangeRequestNode } from '../peer-exchange/peer-exchange.node.js';
import { PersonNode } from '../people/person.node.js';
import { personById } from '../people/person.queries.js';
import { ResourceNode } from '../resources/resource.node.js';
import { visibleResource } from '../resources/resource.policy.js';
import { TopicNode } from '../topics/topic.node.js';
import { withLoaded } from '../graphql/loaders.js';
import { topicsByKey } from '../topics/topic.queries.js';
import { suggestionsFor } from './suggestions.queries.js';

/** Suggestions are a short list to act on, not a directory to page through. */
const MAX_SUGGESTIONS = 20;
const DEFAULT_SUGGESTIONS = 5;

@ObjectType('SuggestedExpert', { description: 'A person who could help with a peer-exchange request, and why.' })
export class SuggestedExpert {
  sharedTopicKeys!: string[];

  @Field(() => PersonNode, { description: 'The person (open to peer exchange, from another organisation than the requester\'s).' })
  person!: PersonNode;

  @Field(() => Float, { description: 'One point per topic shared with the request, plus up to one for how much of its wording the person\'s profile shares; higher first.' })
  score!: number;
}

@ObjectType('SuggestedResource', { description: 'A resource that may help with a peer-exchange request, and why.' })
export class SuggestedResource {
  sharedTopicKeys!: string[];

  @Field(() => ResourceNode, { description: 'The resource (published, not submitted from the requester\'s organisation).' })
  resource!: ResourceNode;

  @Field(() => Float, { description: 'One point per topic shared with the request, plus up to one for how much of its wording the resource shares; higher first.' })
  score!: number;
}

const FIRST_DESCRIPTION = `How many to suggest, 1–${MAX_SUGGESTIONS}; ${DEFAULT_SUGGESTIONS} when omitted.`;

function checkFirst(first: number): number {
  if (!Number.isInteger(first) || first < 0 || first > MAX_SUGGESTIONS) {
    throw badUserInput(`\`first\` must be between 0 and ${MAX_SUGGESTIONS}.`, 'first');
  }
  return first;
}

@Resolver(() => PeerExchangeRequestNode)
export class PeerExchangeSuggestionsResolver {
  @FieldResolver(() => [SuggestedExpert], {
    description:
      'People who could help: open to peer exchange, outside the requester\'s organisation, ranked by the topics they share with the request, then by how much of its wording their profile shares. Candidates are the newest 500 people sharing a topic and the newest 500 whose profile has a word of the request\'s title.',
  })
  async suggestedExperts(
    @Root() request: PeerExchangeRequestNode,
    @Ctx() context: RequestContext,
    @Arg('first', () => Int, { defaultValue: DEFAULT_SUGGESTIONS, description: FIRST_DESCRIPTION }) first: number,
  ): Promise<SuggestedExpert[]> {
    const rows = await context.loaders.of(suggestionsFor, { kind: 'person', first: checkFirst(first) }).load(request.key);
    const people = await Promise.all(rows.map((row) => context.loaders.of(personById).load(row.key)));
    return withLoaded(rows, people, (person, row) => Object.assign(new SuggestedExpert(), { person, score: row.score, sharedTopicKeys: row.sharedTopicKeys }));
  }

  @FieldResolver(() => [SuggestedResource], {
    description:
      'Published resources that may help, not submitted from the requester\'s organisation, ranked by the topics they share with the request, then by how much of its wording they share. Candidates are the newest 500 resources sharing a topic and the newest 500 with a word of the request\'s title.',
  })
  async suggestedResources(
    @Root() request: PeerExchangeRequestNode,
    @Ctx() context: RequestContext,
    @Arg('first', () => Int, { defaultValue: DEFAULT_SUGGESTIONS, description: FIRST_DESCRIPTION }) first: number,
  ): Promise<SuggestedResource[]> {
    const rows = await context.loaders.of(suggestionsFor, { kind: 'resource', first: checkFirst(first) }).load(request.key);
    const resources = await Promise.all(rows.map((row) => visibleResource(context, row.key)));
    return withLoaded(rows, resources, (resource, row) =>
      Object.assign(new SuggestedResource(), { resource, score: row.score, sharedTopicKeys: row.sharedTopicKeys }),
    );
  }
}

@Resolver(() => SuggestedExpert)
export class SuggestedExpertResolver {
  @FieldResolver(() => [TopicNode], { description: 'The request\'s topics the person also works on, by name.' })
  sharedTopics(@Root() suggestion: SuggestedExpert, @Ctx() context: RequestContext): MaybePromise<TopicNode[]> {
    return topicsByKey(context.topics, suggestion.sharedTopicKeys);
  }
}

@Resolver(() => SuggestedResource)
export class SuggestedResourceResolver {
  @FieldResolver(() => [TopicNode], { description: 'The request\'s topics the resource is also about, by name.' })
  sharedTopics(@Root() suggestion: SuggestedResource, @Ctx() context: RequestContext): MaybePromise<TopicNode[]> {
    return topicsByKey(context.topics, suggestion.sharedTopicKeys);
  }
}

