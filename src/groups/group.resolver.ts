import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Ctx, Field, FieldResolver, Info, InputType, Query, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../graphql/context.js';
import type { MaybePromise } from '../graphql/reference-table.js';
import { filterValues } from '../graphql/filters.js';
import { hydrate, registerNodeType } from '../graphql/node.js';
import { OrderDirection } from '../graphql/order.js';
import { ConnectionArgs } from '../graphql/pagination/connection.js';
import { resolveConnection } from '../graphql/pagination/resolve.js';
import { OrganizationNode } from '../organizations/organization.node.js';
import { MemberFilter, OrganizationOrder } from '../organizations/organization.resolver.js';
import { GroupPeerExchangeFilter, PeerExchangeOrder } from '../peer-exchange/peer-exchange.resolver.js';
import { PeerExchangeRequestConnection, PeerExchangeRequestNode } from '../peer-exchange/peer-exchange.node.js';
import { groupRequests } from '../peer-exchange/peer-exchange.queries.js';
import { PersonConnection, PersonNode } from '../people/person.node.js';
import { personById } from '../people/person.queries.js';
import { ParticipantFilter, PersonOrder, personFilterValues } from '../people/person.resolver.js';
import { CuratedResourceConnection, ResourceNode } from '../resources/resource.node.js';
import { curatedResources } from '../resources/resource.queries.js';
import { CuratedResourceFilter } from '../resources/resource.resolver.js';
import { WebinarConnection, WebinarNode } from '../webinars/webinar.node.js';
import { defaultWebinarDirection, groupWebinars } from '../webinars/webinar.queries.js';
import { GroupWebinarFilter, WebinarOrder, webinarFilterValues } from '../webinars/webinar.resolver.js';
import { ActivityConnection, ActivityEntry } from '../activity/activity.node.js';
import { groupActivity } from '../activity/activity.queries.js';
import { resourcePolicy } from '../resources/resource.policy.js';
import { AnchorSector, WorkingGroupStatus } from './group.enums.js';
import { groupPolicy } from './group.policy.js';
import {
  AnchorshipConnection,
  AnchorshipNode,
  PriorityAreaNode,
  WorkingGroupConnection,
  WorkingGroupMemberConnection,
  WorkingGroupNode,
} from './group.node.js';
import {
  anchorHistory,
  anchorshipById,
  anchorSeat,
  curatorsOf,
  groupMembers,
  groupParticipants,
  priorityAreaById,
  priorityAreasOf,
  toAnchorship,
  workingGroupByKey,
  workingGroupWithSlug,
  workingGroupList,
} from './group.queries.js';

registerNodeType('WorkingGroup', workingGroupByKey);
registerNodeType('PriorityArea', (context, id) => context.loaders.of(priorityAreaById).load(id));
registerNodeType('Anchorship', (context, id) => context.loaders.of(anchorshipById).load(id));

@InputType({ description: 'Narrows the list of working groups.' })
export class WorkingGroupFilter {
  @Field(() => [WorkingGroupStatus], { nullable: true, description: 'Only groups with one of these statuses.' })
  statuses?: WorkingGroupStatus[] | null;
}

@InputType({ description: 'The order of a list of working groups. Groups sort by name.' })
export class WorkingGroupOrder {
  @Field(() => OrderDirection, { description: 'ASC for A to Z, DESC for Z to A.' })
  direction!: OrderDirection;
}

@Resolver(() => WorkingGroupNode)
export class WorkingGroupResolver {
  @Query(() => WorkingGroupConnection, { description: 'The thematic working groups, by name.' })
  workingGroups(
    @Ctx() context: RequestContext,
    @Args(() => ConnectionArgs) page: ConnectionArgs,
    @Arg('filter', () => WorkingGroupFilter, { nullable: true, description: 'Which groups to list; all when omitted.' })
    filter?: WorkingGroupFilter | null,
    @Arg('orderBy', () => WorkingGroupOrder, { nullable: true, description: 'Sort order; A to Z when omitted.' })
    orderBy?: WorkingGroupOrder | null,
  ): Promise<WorkingGroupConnection> {
    const query = workingGroupList(filterValues(filter), orderBy?.direction ?? OrderDirection.ASC);
    return resolveConnection(context, query, page, (row) => ({ node: hydrate(WorkingGroupNode, row) }), WorkingGroupConnection);
  }

  @Query(() => WorkingGroupNode, { nullable: true, description: 'One working group by its slug (e.g. `open-data`); null when there is none.' })
  workingGroup(
    @Ctx() context: RequestContext,
    @Arg('slug', { description: 'The group\'s slug, as in its `slug` field.' }) slug: string,
  ): Promise<WorkingGroupNode | null> {
    return workingGroupWithSlug(context, slug);
  }

  @FieldResolver(() => [PriorityAreaNode], { description: 'The priority areas the group agreed on, in the group\'s order.' })
  priorityAreas(@Root() group: WorkingGroupNode, @Ctx() context: RequestContext): Promise<PriorityAreaNode[]> {
    return context.loaders.of(priorityAreasOf).load(group.key);
  }

  @FieldResolver(() => AnchorshipNode, { nullable: true, description: 'The current government anchor; null while the seat is vacant.' })
  governmentAnchor(@Root() group: WorkingGroupNode, @Ctx() context: RequestContext): MaybePromise<AnchorshipNode | null> {
    return context.currentAnchors.get(anchorSeat(group.key, AnchorSector.GOVERNMENT));
  }

  @FieldResolver(() => AnchorshipNode, { nullable: true, description: 'The current civil-society anchor; null while the seat is vacant.' })
  civilSocietyAnchor(@Root() group: WorkingGroupNode, @Ctx() context: RequestContext): MaybePromise<AnchorshipNode | null> {
    return context.currentAnchors.get(anchorSeat(group.key, AnchorSector.CIVIL_SOCIETY));
  }

  @FieldResolver(() => AnchorshipConnection, { description: 'Every anchorship the group has had, current ones included, newest first.' })
  anchorHistory(
    @Root() group: WorkingGroupNode,
    @Ctx() context: RequestContext,
    @Info() info: GraphQLResolveInfo,
    @Args(() => ConnectionArgs) page: ConnectionArgs,
    @Arg('sector', () => AnchorSector, { nullable: true, description: 'Only anchorships of this sector; both when omitted.' })
    sector?: AnchorSector | null,
  ): Promise<AnchorshipConnection> {
    return anchorHistory.resolve(context, group.key, { sector: sector ?? null }, page, (row) => ({ node: toAnchorship(row) }), AnchorshipConnection, info);
  }

  @FieldResolver(() => WorkingGroupMemberConnection, { description: 'The organisations that are currently members of the group, by name, with when each joined.' })
  members(
    @Root() group: WorkingGroupNode,
    @Ctx() context: RequestContext,
    @Info() info: GraphQLResolveInfo,
    @Args(() => ConnectionArgs) page: ConnectionArgs,
    @Arg('filter', () => MemberFilter, { nullable: true, description: 'Which members to list; all current members when omitted.' })
    filter?: MemberFilter | null,
    @Arg('orderBy', () => OrganizationOrder, { nullable: true, description: 'Sort order; A to Z when omitted.' })
    orderBy?: OrganizationOrder | null,
  ): Promise<WorkingGroupMemberConnection> {
    const params = { filter: filterValues(filter), direction: orderBy?.direction ?? OrderDirection.ASC };
    return groupMembers.resolve(
      context,
      group.key,
      params,
      page,
      (row) => ({ node: hydrate(OrganizationNode, row), joinedOn: row.joinedOn as string }),
      WorkingGroupMemberConnection,
      info,
    );
  }

  @FieldResolver(() => PersonConnection, { description: 'People taking part in the group through its current member organisations, by name.' })
  participants(
    @Root() group: WorkingGroupNode,
    @Ctx() context: RequestContext,
    @Info() info: GraphQLResolveInfo,
    @Args(() => ConnectionArgs) page: ConnectionArgs,
    @Arg('filter', () => ParticipantFilter, { nullable: true, description: 'Which participants to list; all when omitted.' })
    filter?: ParticipantFilter | null,
    @Arg('orderBy', () => PersonOrder, { nullable: true, description: 'Sort order; A to Z when omitted.' })
    orderBy?: PersonOrder | null,
  ): Promise<PersonConnection> {
    const params = { filter: personFilterValues(filter), direction: orderBy?.direction ?? OrderDirection.ASC };
    return groupParticipants.resolve(context, group.key, params, page, (row) => ({ node: hydrate(PersonNode, row) }), PersonConnection, info);
  }

  @FieldResolver(() => CuratedResourceConnection, { description: 'The group\'s curated list of published resources: featured first, then in the group\'s order, then newest.' })
  resources(
    @Root() group: WorkingGroupNode,
    @Ctx() context: RequestContext,
    @Info() info: GraphQLResolveInfo,
    @Args(() => ConnectionArgs) page: ConnectionArgs,
    @Arg('filter', () => CuratedResourceFilter, { nullable: true, description: 'Which of the group\'s resources to list; all when omitted.' })
    filter?: CuratedResourceFilter | null,
  ): Promise<CuratedResourceConnection> {
    return curatedResources.resolve(
      context,
      group.key,
      { filter: filterValues(filter) },
      page,
      (row) => ({
        node: hydrate(ResourceNode, row),
        featured: row.featured as boolean,
        position: row.position as number,
        addedAt: row.addedAt as string,
      }),
      CuratedResourceConnection,
      info,
    );
  }

  @FieldResolver(() => WebinarConnection, { description: 'The group\'s webinars; upcoming ones, soonest first, unless the filter says otherwise.' })
  webinars(
    @Root() group: WorkingGroupNode,
    @Ctx() context: RequestContext,
    @Info() info: GraphQLResolveInfo,
    @Args(() => ConnectionArgs) page: ConnectionArgs,
    @Arg('filter', () => GroupWebinarFilter, { nullable: true, description: 'Which webinars to list; upcoming ones when omitted.' })
    filter?: GroupWebinarFilter | null,
    @Arg('orderBy', () => WebinarOrder, { nullable: true, description: 'Sort order; soonest first for upcoming and all, latest first for past.' })
    orderBy?: WebinarOrder | null,
  ): Promise<WebinarConnection> {
    const values = webinarFilterValues(filter);
    const params = { filter: values, direction: orderBy?.direction ?? defaultWebinarDirection(values.timing) };
    return groupWebinars.resolve(context, group.key, params, page, (row) => ({ node: hydrate(WebinarNode, row) }), WebinarConnection, info);
  }

  @FieldResolver(() => PeerExchangeRequestConnection, { description: 'Peer-exchange requests posted in the group, newest first.' })
  peerExchangeRequests(
    @Root() group: WorkingGroupNode,
    @Ctx() context: RequestContext,
    @Info() info: GraphQLResolveInfo,
    @Args(() => ConnectionArgs) page: ConnectionArgs,
    @Arg('filter', () => GroupPeerExchangeFilter, { nullable: true, description: 'Which requests to list; all when omitted.' })
    filter?: GroupPeerExchangeFilter | null,
    @Arg('orderBy', () => PeerExchangeOrder, { nullable: true, description: 'Sort order; newest first when omitted.' })
    orderBy?: PeerExchangeOrder | null,
  ): Promise<PeerExchangeRequestConnection> {
    const params = { filter: filterValues(filter), direction: orderBy?.direction ?? OrderDirection.DESC };
    return groupRequests.resolve(
      context,
      group.key,
      params,
      page,
      (row) => ({ node: hydrate(PeerExchangeRequestNode, row) }),
      PeerExchangeRequestConnection,
      info,
    );
  }
}

@Resolver(() => WorkingGroupNode)
export class WorkingGroupViewerResolver {
  @FieldResolver(() => [PersonNode], { description: 'The people who curate the group now: the lead contacts of its current anchors and the curators they appointed.' })
  curators(@Root() group: WorkingGroupNode, @Ctx() context: RequestContext): Promise<PersonNode[]> {
    return context.loaders.of(curatorsOf).load(group.key);
  }

  @FieldResolver(() => ActivityConnection, {
    nullable: true,
    description: 'The group\'s trail of curation and status actions, newest first. Curators of the group and admins only (others get UNAUTHENTICATED or FORBIDDEN).',
  })
  async activity(
    @Root() group: WorkingGroupNode,
    @Ctx() context: RequestContext,
    @Info() info: GraphQLResolveInfo,
    @Args(() => ConnectionArgs) page: ConnectionArgs,
  ): Promise<ActivityConnection> {
    context.roles.require(await groupPolicy.canCurate(context.roles, group.key), 'read this group\'s activity');
    return groupActivity.resolve(context, group.key, {}, page, (row) => ({ node: hydrate(ActivityEntry, row) }), ActivityConnection, info);
  }

  @FieldResolver(() => Boolean, { description: 'Whether you may curate the group (its resources, priority areas and webinars) and read its activity.' })
  viewerCanCurate(@Root() group: WorkingGroupNode, @Ctx() context: RequestContext): Promise<boolean> {
    return groupPolicy.canCurate(context.roles, group.key);
  }

  @FieldResolver(() => Boolean, { description: 'Whether you may appoint and remove the group\'s curators.' })
  viewerCanAppointCurators(@Root() group: WorkingGroupNode, @Ctx() context: RequestContext): Promise<boolean> {
    return groupPolicy.canAppointCurators(context.roles, group.key);
  }

  @FieldResolver(() => Boolean, { description: 'Whether you may record a new anchor for the group.' })
  viewerCanSetAnchor(@Ctx() context: RequestContext): boolean {
    return groupPolicy.canSetAnchor(context.roles);
  }

  @FieldResolver(() => Boolean, { description: 'Whether you may submit resources to the group\'s list (any signed-in person may).' })
  viewerCanSubmitResources(@Ctx() context: RequestContext): boolean {
    return resourcePolicy.canSubmit(context.roles);
  }

  @FieldResolver(() => Boolean, { description: 'Whether your organisation is a member of the group.' })
  viewerIsMember(@Root() group: WorkingGroupNode, @Ctx() context: RequestContext): Promise<boolean> {
    return context.roles.isMemberOf(group.key);
  }
}

@Resolver(() => AnchorshipNode)
export class AnchorshipResolver {
  @FieldResolver(() => WorkingGroupNode, { description: 'The group the organisation anchors.' })
  async workingGroup(@Root() anchorship: AnchorshipNode, @Ctx() context: RequestContext): Promise<WorkingGroupNode> {
    return (await workingGroupByKey(context, anchorship.workingGroupKey))!;
  }

  @FieldResolver(() => PersonNode, { nullable: true, description: 'The person who leads the group\'s work for the anchor; null when none is named.' })
  leadContact(@Root() anchorship: AnchorshipNode, @Ctx() context: RequestContext): Promise<PersonNode | null> | null {
    return anchorship.leadContactKey ? context.loaders.of(personById).load(anchorship.leadContactKey) : null;
  }
}

@Resolver(() => PriorityAreaNode)
export class PriorityAreaResolver {
  @FieldResolver(() => WorkingGroupNode, { description: 'The group that agreed on this priority.' })
  async workingGroup(@Root() area: PriorityAreaNode, @Ctx() context: RequestContext): Promise<WorkingGroupNode> {
    return (await workingGroupByKey(context, area.workingGroupKey))!;
  }
}
