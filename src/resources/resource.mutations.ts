import { Arg, Ctx, Field, ID, InputType, Int, Mutation, ObjectType, Resolver, registerEnumType } from 'type-graphql';
import { z } from 'zod';
import { workingGroupById } from '../groups/group.queries.js';
import { groupPolicy } from '../groups/group.policy.js';
import type { RequestContext } from '../graphql/context.js';
import { idOf, rules } from '../graphql/input-rules.js';
import { existing, reloaded, requireSignedIn } from '../graphql/mutation-helpers.js';
import { mutation, MutationPayload, parseInput } from '../graphql/user-errors.js';
import { ResourceKind, ResourceStatus } from './resource.enums.js';
import { ResourceNode } from './resource.node.js';
import { resourcePolicy } from './resource.policy.js';
import { resourceById } from './resource.queries.js';
import { resourceService } from './resource.service.js';

export enum ReviewDecision {
  PUBLISH = 'publish',
  REJECT = 'reject',
}

registerEnumType(ReviewDecision, {
  name: 'ReviewDecision',
  description: 'A curator\'s verdict on a submitted resource.',
  valuesConfig: {
    PUBLISH: { description: 'Publish it: it becomes public on the group\'s list.' },
    REJECT: { description: 'Reject it: it stays private to its submitter and the curators.' },
  },
});

@InputType({ description: 'A resource\'s descriptive fields.' })
class ResourceFieldsInput {
  @Field({ description: 'Title, in the resource\'s language (1–300 characters).' })
  title!: string;

  @Field({ description: 'A few sentences on what the resource offers and to whom (up to 2,000 characters).' })
  summary!: string;

  @Field({ description: 'Where to read or download it: a full http:// or https:// address.' })
  url!: string;

  @Field(() => ResourceKind, { description: 'What the resource is.' })
  kind!: ResourceKind;

  @Field({ description: 'Language of the resource as a BCP 47 tag, e.g. `en`, `fr`, `es-MX`.' })
  language!: string;

  @Field({ description: 'When its authors published it, as YYYY-MM-DD.' })
  publishedOn!: string;

  @Field(() => [String], { nullable: true, description: 'Topics it is about, by slug (at most 20).' })
  topics?: string[] | null;

  @Field(() => [String], { nullable: true, description: 'Countries it is about, as ISO 3166-1 alpha-2 codes (at most 50).' })
  countryCodes?: string[] | null;
}

@InputType({ description: 'A resource proposed for a group\'s list; a curator reviews it before it is public.' })
export class SubmitResourceInput extends ResourceFieldsInput {
  @Field(() => ID, { description: 'The working group whose list the resource is proposed for.' })
  workingGroupId!: string;
}

@InputType({ description: 'A resource a curator adds to the group\'s list, published at once.' })
export class CreateResourceInput extends SubmitResourceInput {
  @Field({ nullable: true, description: 'Feature it at the top of the group\'s list (default false).' })
  featured?: boolean;
}

@InputType({ description: 'Changes to a resource; fields left out stay as they are, lists given replace the old ones.' })
export class UpdateResourceInput {
  @Field(() => ID, { description: 'The resource to change.' })
  resourceId!: string;

  @Field({ nullable: true, description: 'New title (1–300 characters).' })
  title?: string;

  @Field({ nullable: true, description: 'New summary (up to 2,000 characters).' })
  summary?: string;

  @Field({ nullable: true, description: 'New http(s) address.' })
  url?: string;

  @Field(() => ResourceKind, { nullable: true, description: 'New kind.' })
  kind?: ResourceKind;

  @Field({ nullable: true, description: 'New language tag.' })
  language?: string;

  @Field({ nullable: true, description: 'New publication date, YYYY-MM-DD.' })
  publishedOn?: string;

  @Field(() => [String], { nullable: true, description: 'The topics (by slug), replacing the old ones.' })
  topics?: string[];

  @Field(() => [String], { nullable: true, description: 'The country codes, replacing the old ones.' })
  countryCodes?: string[];
}

@InputType({ description: 'A curator\'s review of a submitted resource.' })
export class ReviewResourceInput {
  @Field(() => ID, { description: 'The submitted resource.' })
  resourceId!: string;

  @Field(() => ReviewDecision, { description: 'Publish or reject.' })
  decision!: ReviewDecision;

  @Field({ nullable: true, description: 'Why, for the submitter and the trail (up to 2,000 characters).' })
  note?: string;
}

@InputType({ description: 'Withdraws a resource from every list, keeping it for the record.' })
export class ArchiveResourceInput {
  @Field(() => ID, { description: 'The resource to archive.' })
  resourceId!: string;

  @Field({ nullable: true, description: 'Why, for the trail (up to 2,000 characters).' })
  note?: string;
}

@InputType({ description: 'Places a published resource on a group\'s curated list. Give any of `featured`, `position`, `remove`.' })
export class CurateResourceInput {
  @Field(() => ID, { description: 'The group whose list changes.' })
  workingGroupId!: string;

  @Field(() => ID, { description: 'The resource; added to the end of the list if it is not on it yet.' })
  resourceId!: string;

  @Field({ nullable: true, description: 'Feature (true) or unfeature (false) it.' })
  featured?: boolean;

  @Field(() => Int, { nullable: true, description: 'Move it to this place in the group\'s order (1 = first).' })
  position?: number;

  @Field({ nullable: true, description: 'Take it off the list (the resource itself stays).' })
  remove?: boolean;
}

@ObjectType({ description: 'The outcome of a resource mutation.' })
export class ResourcePayload extends MutationPayload {
  @Field(() => ResourceNode, { nullable: true, description: 'The resource as it is now; null when the mutation was refused.' })
  resource?: ResourceNode | null;
}

const fieldsSchema = {
  title: rules.title,
  summary: rules.shortText,
  url: rules.httpUrl,
  kind: z.enum(ResourceKind),
  language: rules.language,
  publishedOn: rules.date,
  topics: rules.slugs.nullish().transform((value) => value ?? []),
  countryCodes: rules.countryCodes.nullish().transform((value) => value ?? []),
};
const submitSchema = z.object({ workingGroupId: idOf('WorkingGroup'), ...fieldsSchema, featured: z.boolean().nullish() });
const updateSchema = z.object({
  resourceId: idOf('Resource'),
  title: fieldsSchema.title.optional(),
  summary: fieldsSchema.summary.optional(),
  url: fieldsSchema.url.optional(),
  kind: fieldsSchema.kind.optional(),
  language: fieldsSchema.language.optional(),
  publishedOn: fieldsSchema.publishedOn.optional(),
  topics: rules.slugs.optional(),
  countryCodes: rules.countryCodes.optional(),
});
const reviewSchema = z.object({ resourceId: idOf('Resource'), decision: z.enum(ReviewDecision), note: rules.optionalNote });
const archiveSchema = z.object({ resourceId: idOf('Resource'), note: rules.optionalNote });
const curateSchema = z.object({
  workingGroupId: idOf('WorkingGroup'),
  resourceId: idOf('Resource'),
  featured: z.boolean().nullish(),
  position: z.number().int().nullish(),
  remove: z.boolean().nullish(),
});

@Resolver()
export class ResourceMutations {
  @Mutation(() => ResourcePayload, { description: 'Proposes a resource for a group\'s list. Any signed-in person may; it stays SUBMITTED (visible to them and the group\'s curators) until a curator reviews it.' })
  submitResource(@Ctx() context: RequestContext, @Arg('input', () => SubmitResourceInput, { description: 'The resource and the group.' }) input: SubmitResourceInput) {
    const actor = requireSignedIn(context, 'submit resources');
    return mutation(async () => {
      const values = parseInput(submitSchema, input);
      const group = await existing(context, workingGroupById, values.workingGroupId, ['workingGroupId'], 'working group');
      const key = await context.em.transactional((em) => resourceService.add(em, actor, group.key, values, false));
      return { resource: await reloaded(context, resourceById, key) };
    });
  }

  @Mutation(() => ResourcePayload, { description: 'Adds a new resource to a group\'s list, published at once. Curators of the group and admins.' })
  createResource(@Ctx() context: RequestContext, @Arg('input', () => CreateResourceInput, { description: 'The resource and the group.' }) input: CreateResourceInput) {
    const actor = requireSignedIn(context, 'create resources');
    return mutation(async () => {
      const values = parseInput(submitSchema, input);
      const group = await existing(context, workingGroupById, values.workingGroupId, ['workingGroupId'], 'working group');
      context.roles.require(await groupPolicy.canCurate(context.roles, group.key), 'curate this group\'s resources');
      const key = await context.em.transactional((em) => resourceService.add(em, actor, group.key, values, true, values.featured ?? false));
      return { resource: await reloaded(context, resourceById, key) };
    });
  }

  @Mutation(() => ResourcePayload, { description: 'Changes a resource. Curators of a group listing it and admins; its submitter while it awaits review.' })
  updateResource(@Ctx() context: RequestContext, @Arg('input', () => UpdateResourceInput, { description: 'The resource and the changes.' }) input: UpdateResourceInput) {
    const actor = requireSignedIn(context, 'edit resources');
    return mutation(async () => {
      const { resourceId, ...changes } = parseInput(updateSchema, input);
      const resource = await resourceNamed(context, resourceId);
      context.roles.require(await resourcePolicy.canUpdate(context.roles, resource), 'edit this resource');
      await context.em.transactional((em) => resourceService.update(em, actor, resource.key, changes));
      return { resource: await reloaded(context, resourceById, resource.key) };
    });
  }

  @Mutation(() => ResourcePayload, { description: 'Publishes or rejects a SUBMITTED resource. Curators of a group it was submitted to and admins.' })
  reviewResource(@Ctx() context: RequestContext, @Arg('input', () => ReviewResourceInput, { description: 'The resource and the verdict.' }) input: ReviewResourceInput) {
    const actor = requireSignedIn(context, 'review resources');
    return mutation(async () => {
      const values = parseInput(reviewSchema, input);
      const resource = await resourceNamed(context, values.resourceId);
      context.roles.require(await resourcePolicy.canReview(context.roles, resource), 'review this resource');
      const to = values.decision === ReviewDecision.PUBLISH ? ResourceStatus.PUBLISHED : ResourceStatus.REJECTED;
      await context.em.transactional((em) => resourceService.changeStatus(em, actor, resource.key, to, values.note ?? null));
      return { resource: await reloaded(context, resourceById, resource.key) };
    });
  }

  @Mutation(() => ResourcePayload, { description: 'Archives a resource: it leaves every public list but is kept for the record. Curators of a group listing it and admins.' })
  archiveResource(@Ctx() context: RequestContext, @Arg('input', () => ArchiveResourceInput, { description: 'The resource.' }) input: ArchiveResourceInput) {
    const actor = requireSignedIn(context, 'archive resources');
    return mutation(async () => {
      const values = parseInput(archiveSchema, input);
      const resource = await resourceNamed(context, values.resourceId);
      context.roles.require(await resourcePolicy.canReview(context.roles, resource), 'archive this resource');
      await context.em.transactional((em) => resourceService.changeStatus(em, actor, resource.key, ResourceStatus.ARCHIVED, values.note ?? null));
      return { resource: await reloaded(context, resourceById, resource.key) };
    });
  }

  @Mutation(() => ResourcePayload, { description: 'Adds a published resource to a group\'s list, features or unfeatures it, moves it, or removes it. Curators of the group and admins.' })
  curateResource(@Ctx() context: RequestContext, @Arg('input', () => CurateResourceInput, { description: 'The group, the resource and the change.' }) input: CurateResourceInput) {
    const actor = requireSignedIn(context, 'curate resources');
    return mutation(async () => {
      const values = parseInput(curateSchema, input);
      const group = await existing(context, workingGroupById, values.workingGroupId, ['workingGroupId'], 'working group');
      context.roles.require(await groupPolicy.canCurate(context.roles, group.key), 'curate this group\'s resources');
      const resource = await resourceNamed(context, values.resourceId);
      await context.em.transactional((em) => resourceService.curate(em, actor, group.key, resource.key, values));
      return { resource: await reloaded(context, resourceById, resource.key) };
    });
  }

}

/**
 * The resource an input names (NOT_FOUND if there is none). Whether the
 * caller may act on it is the policy's question, answered with FORBIDDEN:
 * IDs are unguessable, so saying it exists tells nothing worth hiding.
 */
function resourceNamed(context: RequestContext, key: string): Promise<ResourceNode> {
  return existing(context, resourceById, key, ['resourceId'], 'resource');
}
