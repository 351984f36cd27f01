import { Ctx, Field, FieldResolver, ObjectType, Query, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../graphql/context.js';
import { WorkingGroupNode } from '../groups/group.node.js';
import { groupPolicy } from '../groups/group.policy.js';
import { workingGroupByKey } from '../groups/group.queries.js';
import { PersonNode } from '../people/person.node.js';
import { personById } from '../people/person.queries.js';

@ObjectType('Viewer', { description: 'You: the person your access token signs in, and what you may do.' })
export class ViewerObject {
  personKey!: string;

  @Field({ description: 'True for members of the OGP Support Unit, who administer the hub.' })
  isAdmin!: boolean;
}

@ObjectType({ description: 'A working group you take part in, and what you may do in it.' })
export class ViewerGroup {
  groupKey!: string;

  @Field({ description: 'True when your organisation is a member of the group.' })
  isMember!: boolean;

  @Field({ description: 'True when you curate the group (as an anchor\'s lead contact or by appointment).' })
  isCurator!: boolean;

  @Field({ description: 'True when you lead one of the group\'s current anchors.' })
  isAnchorLead!: boolean;

  @Field({ description: 'Whether you may curate the group: its resources, priority areas, webinars and activity trail.' })
  viewerCanCurate!: boolean;

  @Field({ description: 'Whether you may appoint and remove the group\'s curators.' })
  viewerCanAppointCurators!: boolean;
}

@Resolver(() => ViewerObject)
export class ViewerResolver {
  @Query(() => ViewerObject, { nullable: true, description: 'You, when you send an access token (`Authorization: Bearer <token>`); null for anonymous requests.' })
  viewer(@Ctx() context: RequestContext): ViewerObject | null {
    const viewer = context.roles.viewer;
    return viewer ? Object.assign(new ViewerObject(), viewer) : null;
  }

  @FieldResolver(() => PersonNode, { description: 'Your profile.' })
  async person(@Root() viewer: ViewerObject, @Ctx() context: RequestContext): Promise<PersonNode> {
    return (await context.loaders.of(personById).load(viewer.personKey))!;
  }

  @FieldResolver(() => [ViewerGroup], { description: 'The working groups you take part in (as a member or a curator), with what you may do in each.' })
  async workingGroups(@Ctx() context: RequestContext): Promise<ViewerGroup[]> {
    const { roles } = context;
    const groups = [...(await roles.groups())];
    return Promise.all(
      groups.map(async (groupKey) => ({
        groupKey,
        isMember: await roles.isMemberOf(groupKey),
        isCurator: await roles.curates(groupKey),
        isAnchorLead: await roles.anchors(groupKey),
        viewerCanCurate: await groupPolicy.canCurate(roles, groupKey),
        viewerCanAppointCurators: await groupPolicy.canAppointCurators(roles, groupKey),
      })),
    );
  }
}

@Resolver(() => ViewerGroup)
export class ViewerGroupResolver {
  @FieldResolver(() => WorkingGroupNode, { description: 'The group.' })
  async workingGroup(@Root() entry: ViewerGroup, @Ctx() context: RequestContext): Promise<WorkingGroupNode> {
    return (await workingGroupByKey(context, entry.groupKey))!;
  }
}
