import { Arg, Args, Ctx, Field, FieldResolver, InputType, Query, Resolver, Root } from 'type-graphql';
import { WorkingGroupNode } from '../groups/group.node.js';
import { workingGroupByKey } from '../groups/group.queries.js';
import type { RequestContext } from '../graphql/context.js';
import type { MaybePromise } from '../graphql/reference-table.js';
import { filterValues } from '../graphql/filters.js';
import { hydrate, registerNodeType } from '../graphql/node.js';
import { OrderDirection } from '../graphql/order.js';
import { ConnectionArgs } from '../graphql/pagination/connection.js';
import { resolveConnection } from '../graphql/pagination/resolve.js';
import { CountryCode } from '../graphql/scalars.js';
import { PersonNode } from '../people/person.node.js';
import { personById } from '../people/person.queries.js';
import { TopicNode } from '../topics/topic.node.js';
import { topicsByKey } from '../topics/topic.queries.js';
import { PeerExchangeFormat, PeerExchangeStatus } from './peer-exchange.enums.js';
import {
  PeerExchangeOfferNode,
  PeerExchangeRequestConnection,
  PeerExchangeRequestNode,
  PeerExchangeStatusChange,
} from './peer-exchange.node.js';
import { offerById, offersOf, requestById, requestList, statusHistoryOf } from './peer-exchange.queries.js';

registerNodeType('PeerExchangeRequest', (context, id) => context.loaders.of(requestById).load(id));
registerNodeType('PeerExchangeOffer', (context, id) => context.loaders.of(offerById).load(id));

@InputType({ description: 'Narrows a group\'s peer-exchange requests. Each field takes alternatives (any may match); all fields given must hold.' })
export class GroupPeerExchangeFilter {
  @Field(() => [PeerExchangeStatus], { nullable: true, description: 'Only requests with one of these statuses (e.g. OPEN to find where help is wanted).' })
  statuses?: PeerExchangeStatus[] | null;

  @Field(() => [PeerExchangeFormat], { nullable: true, description: 'Only requests for one of these formats.' })
  formats?: PeerExchangeFormat[] | null;

  @Field(() => [String], { nullable: true, description: 'Only requests about at least one of these topics (by slug).' })
  topics?: string[] | null;

  @Field(() => [CountryCode], { nullable: true, description: 'Only requests from reformers in one of these countries.' })
  countryCodes?: string[] | null;
}

@InputType({ description: 'Narrows the list of peer-exchange requests. Each field takes alternatives (any may match); all fields given must hold.' })
export class PeerExchangeFilter extends GroupPeerExchangeFilter {
  @Field(() => [String], { nullable: true, description: 'Only requests posted in one of these working groups (by slug).' })
  groupSlugs?: string[] | null;
}

@InputType({ description: 'The order of a list of peer-exchange requests. Requests sort by when they were posted.' })
export class PeerExchangeOrder {
  @Field(() => OrderDirection, { description: 'DESC for newest first, ASC for oldest first.' })
  direction!: OrderDirection;
}

@Resolver(() => PeerExchangeRequestNode)
export class PeerExchangeRequestResolver {
  @Query(() => PeerExchangeRequestConnection, { description: 'Requests for peer exchange and technical assistance across all groups, newest first.' })
  peerExchangeRequests(
    @Ctx() context: RequestContext,
    @Args(() => ConnectionArgs) page: ConnectionArgs,
    @Arg('filter', () => PeerExchangeFilter, { nullable: true, description: 'Which requests to list; all when omitted.' })
    filter?: PeerExchangeFilter | null,
    @Arg('orderBy', () => PeerExchangeOrder, { nullable: true, description: 'Sort order; newest first when omitted.' })
    orderBy?: PeerExchangeOrder | null,
  ): Promise<PeerExchangeRequestConnection> {
    const query = requestList(filterValues(filter), orderBy?.direction ?? OrderDirection.DESC);
    return resolveConnection(
      context,
      query,
      page,
      (row) => ({ node: hydrate(PeerExchangeRequestNode, row) }),
      PeerExchangeRequestConnection,
    );
  }

  @FieldResolver(() => PersonNode, { description: 'The reformer asking for help.' })
  async requester(@Root() request: PeerExchangeRequestNode, @Ctx() context: RequestContext): Promise<PersonNode> {
    return (await context.loaders.of(personById).load(request.requesterKey))!;
  }

  @FieldResolver(() => WorkingGroupNode, { nullable: true, description: 'The working group the request was posted in; null for requests to the whole hub.' })
  workingGroup(@Root() request: PeerExchangeRequestNode, @Ctx() context: RequestContext): Promise<WorkingGroupNode | null> | null {
    return request.workingGroupKey ? workingGroupByKey(context, request.workingGroupKey) : null;
  }

  @FieldResolver(() => [TopicNode], { description: 'Topics the request is about, by name.' })
  topics(@Root() request: PeerExchangeRequestNode, @Ctx() context: RequestContext): MaybePromise<TopicNode[]> {
    return topicsByKey(context.topics, request.topicKeys);
  }

  @FieldResolver(() => [PeerExchangeOfferNode], { description: 'Offers of help, oldest first.' })
  offers(@Root() request: PeerExchangeRequestNode, @Ctx() context: RequestContext): Promise<PeerExchangeOfferNode[]> {
    return context.loaders.of(offersOf).load(request.key);
  }

  @FieldResolver(() => [PeerExchangeStatusChange], { description: 'Every status the request went through, oldest first, starting with OPEN.' })
  statusHistory(@Root() request: PeerExchangeRequestNode, @Ctx() context: RequestContext): Promise<PeerExchangeStatusChange[]> {
    return context.loaders.of(statusHistoryOf).load(request.key);
  }
}

@Resolver(() => PeerExchangeOfferNode)
export class PeerExchangeOfferResolver {
  @FieldResolver(() => PeerExchangeRequestNode, { description: 'The request the offer answers.' })
  async request(@Root() offer: PeerExchangeOfferNode, @Ctx() context: RequestContext): Promise<PeerExchangeRequestNode> {
    return (await context.loaders.of(requestById).load(offer.requestKey))!;
  }

  @FieldResolver(() => PersonNode, { description: 'The expert offering help.' })
  async expert(@Root() offer: PeerExchangeOfferNode, @Ctx() context: RequestContext): Promise<PersonNode> {
    return (await context.loaders.of(personById).load(offer.expertKey))!;
  }
}

@Resolver(() => PeerExchangeStatusChange)
export class PeerExchangeStatusChangeResolver {
  @FieldResolver(() => PersonNode, { nullable: true, description: 'Who made the change; null when the hub made it (e.g. on import).' })
  actor(@Root() change: PeerExchangeStatusChange, @Ctx() context: RequestContext): Promise<PersonNode | null> | null {
    return change.actorKey ? context.loaders.of(personById).load(change.actorKey) : null;
  }
}
