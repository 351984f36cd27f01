import { Arg, Ctx, Field, ID, InputType, Int, Mutation, ObjectType, Resolver } from 'type-graphql';
import { z } from 'zod';
import type { RequestContext } from '../graphql/context.js';
import { idOf, rules, today } from '../graphql/input-rules.js';
import { existing, reloaded, requireSignedIn } from '../graphql/mutation-helpers.js';
import { mutation, parseInput, MutationPayload, UserErrorCode, UserErrors, userError } from '../graphql/user-errors.js';
import { OrganizationNode } from '../organizations/organization.node.js';
import { organizationById } from '../organizations/organization.queries.js';
import { PersonNode } from '../people/person.node.js';
import { personById } from '../people/person.queries.js';
import { AnchorSector } from './group.enums.js';
import { AnchorshipNode, PriorityAreaNode, WorkingGroupNode } from './group.node.js';
import { groupPolicy } from './group.policy.js';
import { anchorshipById, priorityAreaById, workingGroupById } from './group.queries.js';
import { groupService } from './group.service.js';

@InputType({ description: 'A new priority area for a group.' })
export class AddPriorityAreaInput {
  @Field(() => ID, { description: 'The group.' })
  workingGroupId!: string;

  @Field({ description: 'Short title (1–300 characters).' })
  title!: string;

  @Field({ nullable: true, description: 'What the group intends to do in this area (up to 2,000 characters).' })
  description?: string;

  @Field(() => Int, { nullable: true, description: 'Its place among the group\'s priorities (1 = first); last when omitted.' })
  position?: number;
}

@InputType({ description: 'Changes to a priority area; fields left out stay as they are.' })
export class UpdatePriorityAreaInput {
  @Field(() => ID, { description: 'The priority area.' })
  priorityAreaId!: string;

  @Field({ nullable: true, description: 'New title (1–300 characters).' })
  title?: string;

  @Field({ nullable: true, description: 'New description (up to 2,000 characters).' })
  description?: string;

  @Field(() => Int, { nullable: true, description: 'New place among the group\'s priorities (1 = first).' })
  position?: number;

  @Field({ nullable: true, description: 'Remove the priority area.' })
  remove?: boolean;
}

@InputType({ description: 'A new anchor for one sector of a group.' })
export class SetAnchorInput {
  @Field(() => ID, { description: 'The group.' })
  workingGroupId!: string;

  @Field(() => ID, { description: 'The organisation that anchors from now on (a government body for GOVERNMENT; a civil-society or academic one for CIVIL_SOCIETY).' })
  organizationId!: string;

  @Field(() => AnchorSector, { description: 'The sector it anchors.' })
  sector!: AnchorSector;

  @Field({ description: 'The first day of the new anchorship, YYYY-MM-DD, not in the future; the previous anchor of the sector ends that day.' })
  since!: string;

  @Field(() => ID, { nullable: true, description: 'The person at the organisation who leads the group\'s work (and curates it).' })
  leadContactId?: string;
}

@InputType({ description: 'A person to appoint as, or remove from being, a curator of a group.' })
export class CuratorInput {
  @Field(() => ID, { description: 'The group.' })
  workingGroupId!: string;

  @Field(() => ID, { description: 'The person.' })
  personId!: string;
}

@InputType({ description: 'An organisation joining or leaving a group.' })
export class MembershipInput {
  @Field(() => ID, { description: 'The group.' })
  workingGroupId!: string;

  @Field(() => ID, { nullable: true, description: 'The organisation; yours when omitted. Only its own people and admins may act for an organisation.' })
  organizationId?: string;
}

@ObjectType({ description: 'The outcome of a priority-area mutation.' })
export class PriorityAreaPayload extends MutationPayload {
  @Field(() => PriorityAreaNode, { nullable: true, description: 'The priority area as it is now; null when refused or removed.' })
  priorityArea?: PriorityAreaNode | null;

  @Field(() => WorkingGroupNode, { nullable: true, description: 'Its group, for the updated list of priorities.' })
  workingGroup?: WorkingGroupNode | null;
}

@ObjectType({ description: 'The outcome of setAnchor.' })
export class SetAnchorPayload extends MutationPayload {
  @Field(() => AnchorshipNode, { nullable: true, description: 'The new anchorship; null when refused.' })
  anchorship?: AnchorshipNode | null;

  @Field(() => WorkingGroupNode, { nullable: true, description: 'The group, with its anchors as they are now.' })
  workingGroup?: WorkingGroupNode | null;
}

@ObjectType({ description: 'The outcome of appointing or removing a curator.' })
export class CuratorPayload extends MutationPayload {
  @Field(() => WorkingGroupNode, { nullable: true, description: 'The group.' })
  workingGroup?: WorkingGroupNode | null;

  @Field(() => PersonNode, { nullable: true, description: 'The person appointed or removed.' })
  person?: PersonNode | null;
}

@ObjectType({ description: 'The outcome of joining or leaving a group.' })
export class MembershipPayload extends MutationPayload {
  @Field(() => WorkingGroupNode, { nullable: true, description: 'The group.' })
  workingGroup?: WorkingGroupNode | null;

  @Field(() => OrganizationNode, { nullable: true, description: 'The organisation that joined or left.' })
  organization?: OrganizationNode | null;
}

const position = z.number().int().nullish();
const addAreaSchema = z.object({ workingGroupId: idOf('WorkingGroup'), title: rules.title, description: rules.shortText.nullish(), position });
const updateAreaSchema = z.object({
  priorityAreaId: idOf('PriorityArea'),
  title: rules.title.optional(),
  description: rules.shortText.nullish(),
  position,
  remove: z.boolean().nullish(),
});
const setAnchorSchema = z.object({
  workingGroupId: idOf('WorkingGroup'),
  organizationId: idOf('Organization'),
  sector: z.enum(AnchorSector),
  since: rules.date.refine((value) => value <= today(), { message: 'An anchorship is recorded when it starts: the date cannot be in the future.' }),
  leadContactId: idOf('Person').nullish(),
});
const curatorSchema = z.object({ workingGroupId: idOf('WorkingGroup'), personId: idOf('Person') });
const membershipSchema = z.object({ workingGroupId: idOf('WorkingGroup'), organizationId: idOf('Organization').nullish() });

@Resolver()
export class GroupMutations {
  @Mutation(() => PriorityAreaPayload, { description: 'Adds a priority area to a group. Curators of the group and admins.' })
  addPriorityArea(@Ctx() context: RequestContext, @Arg('input', () => AddPriorityAreaInput, { description: 'The group and the priority area.' }) input: AddPriorityAreaInput) {
    const actor = requireSignedIn(context, 'edit priority areas');
    return mutation(async () => {
      const values = parseInput(addAreaSchema, input);
      const group = await existing(context, workingGroupById, values.workingGroupId, ['workingGroupId'], 'working group');
      context.roles.require(await groupPolicy.canCurate(context.roles, group.key), 'edit this group\'s priority areas');
      const key = await context.em.transactional((em) => groupService.addPriorityArea(em, actor, group.key, values));
      return { priorityArea: await reloaded(context, priorityAreaById, key), workingGroup: group };
    });
  }

  @Mutation(() => PriorityAreaPayload, { description: 'Changes, moves or removes a priority area. Curators of its group and admins.' })
  updatePriorityArea(@Ctx() context: RequestContext, @Arg('input', () => UpdatePriorityAreaInput, { description: 'The priority area and the changes.' }) input: UpdatePriorityAreaInput) {
    const actor = requireSignedIn(context, 'edit priority areas');
    return mutation(async () => {
      const { priorityAreaId, ...changes } = parseInput(updateAreaSchema, input);
      const area = await existing(context, priorityAreaById, priorityAreaId, ['priorityAreaId'], 'priority area');
      context.roles.require(await groupPolicy.canCurate(context.roles, area.workingGroupKey), 'edit this group\'s priority areas');
      await context.em.transactional((em) => groupService.updatePriorityArea(em, actor, area.key, changes));
      return {
        priorityArea: changes.remove ? null : await reloaded(context, priorityAreaById, area.key),
        workingGroup: await context.loaders.of(workingGroupById).load(area.workingGroupKey),
      };
    });
  }

  @Mutation(() => SetAnchorPayload, { description: 'Records a new anchor for one sector of a group; the previous anchor of that sector ends on the same day. Admins (the OGP Support Unit) only.' })
  setAnchor(@Ctx() context: RequestContext, @Arg('input', () => SetAnchorInput, { description: 'The group, the sector and the new anchor.' }) input: SetAnchorInput) {
    const actor = requireSignedIn(context, 'set anchors');
    context.roles.require(groupPolicy.canSetAnchor(context.roles), 'set anchors');
    return mutation(async () => {
      const values = parseInput(setAnchorSchema, input);
      const group = await existing(context, workingGroupById, values.workingGroupId, ['workingGroupId'], 'working group');
      await existing(context, organizationById, values.organizationId, ['organizationId'], 'organisation');
      if (values.leadContactId) await existing(context, personById, values.leadContactId, ['leadContactId'], 'person');
      const key = await context.em.transactional((em) =>
        groupService.setAnchor(em, actor, group.key, {
          organizationKey: values.organizationId,
          sector: values.sector,
          since: values.since,
          leadContactKey: values.leadContactId ?? null,
        }),
      );
      return { anchorship: await reloaded(context, anchorshipById, key), workingGroup: group };
    });
  }

  @Mutation(() => CuratorPayload, { description: 'Appoints a person to curate a group. The lead contacts of the group\'s current anchors and admins; an anchor\'s appointees lose their rights when that anchorship ends.' })
  appointCurator(@Ctx() context: RequestContext, @Arg('input', () => CuratorInput, { description: 'The group and the person.' }) input: CuratorInput) {
    const actor = requireSignedIn(context, 'appoint curators');
    return mutation(async () => {
      const values = parseInput(curatorSchema, input);
      const group = await existing(context, workingGroupById, values.workingGroupId, ['workingGroupId'], 'working group');
      context.roles.require(await groupPolicy.canAppointCurators(context.roles, group.key), 'appoint curators for this group');
      const person = await existing(context, personById, values.personId, ['personId'], 'person');
      const byAdmin = !(await context.roles.anchors(group.key));
      await context.em.transactional((em) => groupService.appointCurator(em, actor, group.key, person.key, byAdmin));
      return { workingGroup: group, person };
    });
  }

  @Mutation(() => CuratorPayload, { description: 'Ends a curator\'s appointment. The lead contacts of the group\'s current anchors and admins.' })
  removeCurator(@Ctx() context: RequestContext, @Arg('input', () => CuratorInput, { description: 'The group and the person.' }) input: CuratorInput) {
    const actor = requireSignedIn(context, 'remove curators');
    return mutation(async () => {
      const values = parseInput(curatorSchema, input);
      const group = await existing(context, workingGroupById, values.workingGroupId, ['workingGroupId'], 'working group');
      context.roles.require(await groupPolicy.canAppointCurators(context.roles, group.key), 'remove curators of this group');
      const person = await existing(context, personById, values.personId, ['personId'], 'person');
      await context.em.transactional((em) => groupService.removeCurator(em, actor, group.key, person.key));
      return { workingGroup: group, person };
    });
  }

  @Mutation(() => MembershipPayload, { description: 'Makes an organisation a member of a group, from today. Its own people and admins.' })
  joinWorkingGroup(@Ctx() context: RequestContext, @Arg('input', () => MembershipInput, { description: 'The group and the organisation.' }) input: MembershipInput) {
    return this.changeMembership(context, input, 'join', (em, actor, groupKey, organizationKey) => groupService.join(em, actor, groupKey, organizationKey));
  }

  @Mutation(() => MembershipPayload, { description: 'Ends an organisation\'s membership of a group, today. Its own people and admins; a current anchor cannot leave.' })
  leaveWorkingGroup(@Ctx() context: RequestContext, @Arg('input', () => MembershipInput, { description: 'The group and the organisation.' }) input: MembershipInput) {
    return this.changeMembership(context, input, 'leave', (em, actor, groupKey, organizationKey) => groupService.leave(em, actor, groupKey, organizationKey));
  }

  private changeMembership(
    context: RequestContext,
    input: MembershipInput,
    verb: 'join' | 'leave',
    change: (em: RequestContext['em'], actor: string, groupKey: string, organizationKey: string) => Promise<void>,
  ) {
    const actor = requireSignedIn(context, `${verb} working groups`);
    return mutation(async () => {
      const values = parseInput(membershipSchema, input);
      const group = await existing(context, workingGroupById, values.workingGroupId, ['workingGroupId'], 'working group');
      const me = await context.loaders.of(personById).load(actor);
      const organizationKey = values.organizationId ?? me?.organizationKey;
      if (!organizationKey) {
        throw new UserErrors([userError(['organizationId'], UserErrorCode.REQUIRED, 'You belong to no organisation: name the organisation.')]);
      }
      const organization = await existing(context, organizationById, organizationKey, ['organizationId'], 'organisation');
      context.roles.require(groupPolicy.canActForOrganization(context.roles, me?.organizationKey ?? null, organization.key), `${verb} on behalf of this organisation`);
      await context.em.transactional((em) => change(em, actor, group.key, organization.key));
      return { workingGroup: group, organization };
    });
  }
}
