import { Arg, Args, Ctx, Field, FieldResolver, InputType, Query, Resolver, Root, registerEnumType } from 'type-graphql';
import { WorkingGroupNode } from '../groups/group.node.js';
import { workingGroupByKey } from '../groups/group.queries.js';
import type { RequestContext } from '../graphql/context.js';
import type { MaybePromise } from '../graphql/reference-table.js';
import { filterValues } from '../graphql/filters.js';
import { hydrate, registerNodeType } from '../graphql/node.js';
import { OrderDirection } from '../graphql/order.js';
import { ConnectionArgs } from '../graphql/pagination/connection.js';
import { resolveConnection } from '../graphql/pagination/resolve.js';
import { Locale } from '../graphql/scalars.js';
import { PersonNode } from '../people/person.node.js';
import { ResourceNode } from '../resources/resource.node.js';
import { visibleResource } from '../resources/resource.policy.js';
import { TopicNode } from '../topics/topic.node.js';
import { topicsByKey } from '../topics/topic.queries.js';
import { WebinarStatus } from './webinar.enums.js';
import { WebinarConnection, WebinarNode } from './webinar.node.js';
import { defaultWebinarDirection, speakersOf, webinarById, webinarList, WebinarTiming, type WebinarFilterValues } from './webinar.queries.js';

registerNodeType('Webinar', (context, id) => context.loaders.of(webinarById).load(id));

registerEnumType(WebinarTiming, {
  name: 'WebinarTiming',
  description: 'Which webinars to list, relative to now.',
  valuesConfig: {
    UPCOMING: { description: 'Those that have not ended yet (including one under way), soonest first.' },
    PAST: { description: 'Those that have ended, latest first.' },
    ALL: { description: 'All of them, earliest first.' },
  },
});

@InputType({ description: 'Narrows a group\'s webinars. Each list field takes alternatives (any may match); all fields given must hold.' })
export class GroupWebinarFilter {
  @Field(() => WebinarTiming, { nullable: true, description: 'Upcoming, past or all webinars; UPCOMING when omitted.' })
  timing?: WebinarTiming | null;

  @Field(() => [WebinarStatus], { nullable: true, description: 'Only webinars with one of these statuses.' })
  statuses?: WebinarStatus[] | null;

  @Field(() => [Locale], { nullable: true, description: 'Only webinars held in one of these languages.' })
  languages?: string[] | null;

  @Field(() => [String], { nullable: true, description: 'Only webinars about at least one of these topics (by slug).' })
  topics?: string[] | null;
}

@InputType({ description: 'Narrows the calendar of webinars. Each list field takes alternatives (any may match); all fields given must hold.' })
export class WebinarFilter extends GroupWebinarFilter {
  @Field(() => [String], { nullable: true, description: 'Only webinars of one of these working groups (by slug).' })
  groupSlugs?: string[] | null;
}

@InputType({ description: 'The order of a list of webinars. Webinars sort by start time.' })
export class WebinarOrder {
  @Field(() => OrderDirection, { description: 'ASC for soonest first, DESC for latest first.' })
  direction!: OrderDirection;
}

/** A webinar filter input as query values: upcoming ones unless the caller chose otherwise. */
export function webinarFilterValues(filter: WebinarFilter | GroupWebinarFilter | null | undefined): WebinarFilterValues {
  const values = filterValues(filter as WebinarFilter | null | undefined);
  return { ...values, timing: values.timing ?? WebinarTiming.UPCOMING };
}

@Resolver(() => WebinarNode)
export class WebinarResolver {
  @Query(() => WebinarConnection, { description: 'Webinars of all working groups; upcoming ones, soonest first, unless the filter says otherwise.' })
  webinars(
    @Ctx() context: RequestContext,
    @Args(() => ConnectionArgs) page: ConnectionArgs,
    @Arg('filter', () => WebinarFilter, { nullable: true, description: 'Which webinars to list; upcoming ones when omitted.' })
    filter?: WebinarFilter | null,
    @Arg('orderBy', () => WebinarOrder, { nullable: true, description: 'Sort order; soonest first for upcoming and all, latest first for past.' })
    orderBy?: WebinarOrder | null,
  ): Promise<WebinarConnection> {
    const values = webinarFilterValues(filter);
    const query = webinarList(values, orderBy?.direction ?? defaultWebinarDirection(values.timing));
    return resolveConnection(context, query, page, (row) => ({ node: hydrate(WebinarNode, row) }), WebinarConnection);
  }

  @FieldResolver(() => WorkingGroupNode, { description: 'The working group holding the webinar.' })
  async workingGroup(@Root() webinar: WebinarNode, @Ctx() context: RequestContext): Promise<WorkingGroupNode> {
    return (await workingGroupByKey(context, webinar.workingGroupKey))!;
  }

  @FieldResolver(() => [PersonNode], { description: 'The speakers, in billing order.' })
  speakers(@Root() webinar: WebinarNode, @Ctx() context: RequestContext): Promise<PersonNode[]> {
    return context.loaders.of(speakersOf).load(webinar.key);
  }

  @FieldResolver(() => [TopicNode], { description: 'Topics the webinar is about, by name.' })
  topics(@Root() webinar: WebinarNode, @Ctx() context: RequestContext): MaybePromise<TopicNode[]> {
    return topicsByKey(context.topics, webinar.topicKeys);
  }

  @FieldResolver(() => ResourceNode, { nullable: true, description: 'The recording, once the webinar was held and the recording published.' })
  recording(@Root() webinar: WebinarNode, @Ctx() context: RequestContext): Promise<ResourceNode | null> | null {
    return webinar.recordingKey ? visibleResource(context, webinar.recordingKey) : null;
  }
}
