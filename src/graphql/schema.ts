import 'reflect-metadata';
import type { GraphQLSchema } from 'graphql';
import { buildSchema, type PubSub } from 'type-graphql';
import { ActivityEntryResolver } from '../activity/activity.resolver.js';
import { AccessTokenResolver } from '../auth/access-token.resolver.js';
import { ViewerGroupResolver, ViewerResolver } from '../auth/viewer.resolver.js';
import { CountryResolver } from '../countries/country.resolver.js';
import { GroupMutations } from '../groups/group.mutations.js';
import { AnchorshipResolver, PriorityAreaResolver, WorkingGroupResolver, WorkingGroupViewerResolver } from '../groups/group.resolver.js';
import { OrganizationResolver } from '../organizations/organization.resolver.js';
import {
  PeerExchangeOfferResolver,
  PeerExchangeRequestResolver,
  PeerExchangeStatusChangeResolver,
} from '../peer-exchange/peer-exchange.resolver.js';
import { PeerExchangeMutations } from '../peer-exchange/peer-exchange.mutations.js';
import { PersonMutations } from '../people/person.mutations.js';
import { PersonResolver } from '../people/person.resolver.js';
import { ResourceMutations } from '../resources/resource.mutations.js';
import { ResourceResolver } from '../resources/resource.resolver.js';
import { ExpertMatchReasonsResolver, SearchFacetsResolver, SearchResolver, SearchResultConnectionResolver } from '../search/search.resolver.js';
import { PeerExchangeSuggestionsResolver, SuggestedExpertResolver, SuggestedResourceResolver } from '../search/suggestions.resolver.js';
import { TopicResolver } from '../topics/topic.resolver.js';
import { WebinarMutations } from '../webinars/webinar.mutations.js';
import { WebinarSubscriptions } from '../webinars/webinar.subscriptions.js';
import { WebinarResolver } from '../webinars/webinar.resolver.js';
import { NodeResolver } from './node.resolver.js';
import { RateLimitResolver } from '../ratelimits/rate-limit.resolver.js';
import { ApiKeyResolver } from '../partners/api-key.resolver.js';

export const resolvers = [
  NodeResolver,
  RateLimitResolver,
  ApiKeyResolver,
  ViewerResolver,
  ViewerGroupResolver,
  AccessTokenResolver,
  WorkingGroupResolver,
  WorkingGroupViewerResolver,
  GroupMutations,
  ActivityEntryResolver,
  AnchorshipResolver,
  PriorityAreaResolver,
  OrganizationResolver,
  PersonResolver,
  PersonMutations,
  ResourceResolver,
  ResourceMutations,
  PeerExchangeRequestResolver,
  PeerExchangeOfferResolver,
  PeerExchangeStatusChangeResolver,
  PeerExchangeMutations,
  WebinarResolver,
  WebinarMutations,
  WebinarSubscriptions,
  CountryResolver,
  TopicResolver,
  SearchResolver,
  SearchResultConnectionResolver,
  SearchFacetsResolver,
  ExpertMatchReasonsResolver,
  PeerExchangeSuggestionsResolver,
  SuggestedExpertResolver,
  SuggestedResourceResolver,
] as const;

/**
 * type-graphql insists on a PubSub once a schema has subscriptions. Ours read
 * committed events from the HubEventBus through their own `subscribe`
 * functions and use no topics, so this one refuses to be used.
 */
const noTopics: PubSub = {
  publish() {
    throw new Error('Subscriptions read the HubEventBus; there are no pub/sub topics.');
  },
  subscribe() {
    throw new Error('Subscriptions read the HubEventBus; there are no pub/sub topics.');
  },
};

let schema: Promise<GraphQLSchema> | undefined;

/** The hub's GraphQL schema, built once per process from the decorated classes. */
export function hubSchema(): Promise<GraphQLSchema> {
  schema ??= buildSchema({
    resolvers,
    // Inputs are checked by the scalars and the services, not class-validator.
    validate: false,
    // Nullability is spelled out on each field.
    nullableByDefault: false,
    pubSub: noTopics,
  }).then((built) => {
    built.getQueryType()!.description =
      'The entry points for reading the hub: working groups and their members, people, resources, webinars and peer-exchange requests, plus `node(id:)` for any object by its global ID.';
    const mutationType = built.getMutationType();
    if (mutationType) {
      mutationType.description =
        'Changes, for signed-in people (send `Authorization: Bearer <access token>`). Each takes one `input` and returns a payload with the changed object and `userErrors`; when there are user errors nothing was written. Not being signed in is an UNAUTHENTICATED error, not being allowed a FORBIDDEN one.';
    }
    const subscriptionType = built.getSubscriptionType();
    if (subscriptionType) {
      subscriptionType.description =
        'Live events over WebSocket (graphql-ws protocol) at the same URL as HTTP. Send your access token in `connection_init` as `{ "authorization": "Bearer <token>" }` (optional: webinar events are public).';
    }
    return built;
  });
  return schema;
}
