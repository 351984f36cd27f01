import { Arg, Args, Ctx, Field, FieldResolver, ID, InputType, Query, Resolver, Root } from 'type-graphql';
import { CountryNode } from '../countries/country.node.js';
import type { RequestContext } from '../graphql/context.js';
import type { MaybePromise } from '../graphql/reference-table.js';
import { filterValues } from '../graphql/filters.js';
import { fromGlobalId } from '../graphql/global-id.js';
import { hydrate, registerNodeType } from '../graphql/node.js';
import { OrderDirection } from '../graphql/order.js';
import { ConnectionArgs } from '../graphql/pagination/connection.js';
import { resolveConnection } from '../graphql/pagination/resolve.js';
import { CountryCode, Locale } from '../graphql/scalars.js';
import { OrganizationNode } from '../organizations/organization.node.js';
import { organizationById } from '../organizations/organization.queries.js';
import { TopicNode } from '../topics/topic.node.js';
import { topicsByKey } from '../topics/topic.queries.js';
import { PersonConnection, PersonNode } from './person.node.js';
import { personPolicy } from './person.policy.js';
import { emailOfPerson, groupKeysOfPerson, personById, personList, type PersonFilterValues } from './person.queries.js';

registerNodeType('Person', (context, id) => context.loaders.of(personById).load(id));

@InputType({ description: 'Narrows a list of people. Each field takes alternatives (any may match); all fields given must hold.' })
export class ParticipantFilter {
  @Field(() => [CountryCode], { nullable: true, description: 'Only people from one of these countries.' })
  countryCodes?: string[] | null;

  @Field(() => [Locale], { nullable: true, description: 'Only people who work in at least one of these languages.' })
  languages?: string[] | null;

  @Field(() => [String], { nullable: true, description: 'Only people with expertise in at least one of these topics (by slug).' })
  topics?: string[] | null;

  @Field(() => Boolean, { nullable: true, description: 'true: only people open to peer exchange; false: only those who are not.' })
  openToPeerExchange?: boolean | null;
}

@InputType({ description: 'Narrows the directory of people. Each field takes alternatives (any may match); all fields given must hold.' })
export class PersonFilter extends ParticipantFilter {
  @Field(() => [ID], { nullable: true, description: 'Only people of one of these organisations (Organization IDs).' })
  organizationIds?: string[] | null;

  @Field(() => [String], { nullable: true, description: 'Only people taking part in one of these working groups (by slug), through their organisation.' })
  groupSlugs?: string[] | null;
}

@InputType({ description: 'The order of a list of people. People sort by name.' })
export class PersonOrder {
  @Field(() => OrderDirection, { description: 'ASC for A to Z, DESC for Z to A.' })
  direction!: OrderDirection;
}

/** The filter values of a people filter, with organisation IDs decoded to keys. */
export function personFilterValues(filter: PersonFilter | ParticipantFilter | null | undefined): PersonFilterValues {
  const { organizationIds, ...values } = filterValues(filter as PersonFilter | null | undefined);
  return {
    ...values,
    organizationKeys: organizationIds?.map((id) => fromGlobalId(id, 'filter.organizationIds', 'Organization').key),
  };
}

@Resolver(() => PersonNode)
export class PersonResolver {
  @Query(() => PersonConnection, { description: 'The directory of reformers and experts, by name. Filter by topic, language or country to find peers.' })
  people(
    @Ctx() context: RequestContext,
    @Args(() => ConnectionArgs) page: ConnectionArgs,
    @Arg('filter', () => PersonFilter, { nullable: true, description: 'Which people to list; everyone when omitted.' })
    filter?: PersonFilter | null,
    @Arg('orderBy', () => PersonOrder, { nullable: true, description: 'Sort order; A to Z when omitted.' })
    orderBy?: PersonOrder | null,
  ): Promise<PersonConnection> {
    const query = personList(personFilterValues(filter), orderBy?.direction ?? OrderDirection.ASC);
    return resolveConnection(context, query, page, (row) => ({ node: hydrate(PersonNode, row) }), PersonConnection);
  }

  @FieldResolver(() => OrganizationNode, { nullable: true, description: 'The organisation the person works for; null for independent experts.' })
  organization(@Root() person: PersonNode, @Ctx() context: RequestContext): Promise<OrganizationNode | null> | null {
    return person.organizationKey ? context.loaders.of(organizationById).load(person.organizationKey) : null;
  }

  @FieldResolver(() => CountryNode, { nullable: true, description: 'The country the person works in.' })
  country(@Root() person: PersonNode, @Ctx() context: RequestContext): MaybePromise<CountryNode | null> {
    return person.countryCode ? context.countries.get(person.countryCode) : null;
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: 'Contact e-mail. Private: only the person, admins and the curators of a group the person takes part in see it; null for everyone else.',
  })
  async email(@Root() person: PersonNode, @Ctx() context: RequestContext): Promise<string | null> {
    if (!context.roles.isSignedIn) return null;
    const groups = await context.loaders.of(groupKeysOfPerson).load(person.key);
    if (!(await personPolicy.canSeeContact(context.roles, person.key, groups))) return null;
    return context.loaders.of(emailOfPerson).load(person.key);
  }

  @FieldResolver(() => [TopicNode], { description: 'Topics the person has expertise in, by name.' })
  topics(@Root() person: PersonNode, @Ctx() context: RequestContext): MaybePromise<TopicNode[]> {
    return topicsByKey(context.topics, person.topicKeys);
  }
}
