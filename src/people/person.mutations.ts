import { Arg, Ctx, Field, InputType, Mutation, ObjectType, Resolver } from 'type-graphql';
import { z } from 'zod';
import { recordActivity } from '../activity/activity.service.js';
import type { RequestContext } from '../graphql/context.js';
import { rules } from '../graphql/input-rules.js';
import { reloaded, requireSignedIn } from '../graphql/mutation-helpers.js';
import { mutation, MutationPayload, parseInput } from '../graphql/user-errors.js';
import { findTopics } from '../topics/topic.lookup.js';
import { Person, PersonTopic } from './person.entity.js';
import { PersonNode } from './person.node.js';
import { personById } from './person.queries.js';

@InputType({ description: 'Changes to your own profile; fields left out stay as they are, lists given replace the old ones.' })
export class UpdateMyProfileInput {
  @Field({ nullable: true, description: 'Your job title or role (up to 300 characters).' })
  title?: string;

  @Field({ nullable: true, description: 'What you know and have done, in your own words (up to 20,000 characters).' })
  expertise?: string;

  @Field(() => [String], { nullable: true, description: 'Topics you have expertise in, by slug (at most 20).' })
  topics?: string[];

  @Field(() => [String], { nullable: true, description: 'Languages you work in, as BCP 47 tags such as `en`, `fr`, `ar` (at most 20).' })
  languages?: string[];

  @Field({ nullable: true, description: 'Whether you welcome requests for peer exchange.' })
  openToPeerExchange?: boolean;
}

@ObjectType({ description: 'The outcome of updateMyProfile.' })
export class PersonPayload extends MutationPayload {
  @Field(() => PersonNode, { nullable: true, description: 'Your profile as it is now; null when refused.' })
  person?: PersonNode | null;
}

const profileSchema = z.object({
  title: rules.title.optional(),
  expertise: rules.longText.optional(),
  topics: rules.slugs.optional(),
  languages: z.array(rules.language).max(20, 'Give at most 20.').optional(),
  openToPeerExchange: z.boolean().optional(),
});

@Resolver()
export class PersonMutations {
  @Mutation(() => PersonPayload, { description: 'Updates the signed-in person\'s own profile: expertise, topics, languages, openness to peer exchange.' })
  updateMyProfile(@Ctx() context: RequestContext, @Arg('input', () => UpdateMyProfileInput, { description: 'The changes.' }) input: UpdateMyProfileInput) {
    const actor = requireSignedIn(context, 'update your profile');
    return mutation(async () => {
      const { topics, ...changes } = parseInput(profileSchema, input);
      await context.em.transactional(async (em) => {
        const person = await em.findOneOrFail(Person, actor);
        em.assign(person, changes);
        if (topics) {
          const found = await findTopics(em, topics);
          await em.nativeDelete(PersonTopic, { person: actor });
          for (const topic of found) em.create(PersonTopic, { person, topic });
        }
        await em.flush();
        recordActivity(em, { groupKeys: [], actorKey: actor, action: 'profile.updated', subjectType: 'Person', subjectKey: actor, summary: { ...changes, ...(topics ? { topics } : {}) } });
      });
      return { person: await reloaded(context, personById, actor) };
    });
  }
}
