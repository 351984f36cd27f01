import { Arg, Args, Ctx, Field, FieldResolver, InputType, Query, Resolver, Root, registerEnumType } from 'type-graphql';
import { CountryNode } from '../countries/country.node.js';
import { WorkingGroupNode } from '../groups/group.node.js';
import { groupsOfResource } from '../groups/group.queries.js';
import type { RequestContext } from '../graphql/context.js';
import { filterValues } from '../graphql/filters.js';
import { hydrate, registerNodeType } from '../graphql/node.js';
import { OrderDirection } from '../graphql/order.js';
import { byName, thenMaybe, type MaybePromise } from '../graphql/reference-table.js';
import { ConnectionArgs } from '../graphql/pagination/connection.js';
import { resolveConnection } from '../graphql/pagination/resolve.js';
import { CountryCode, Locale } from '../graphql/scalars.js';
import { TopicNode } from '../topics/topic.node.js';
import { topicsByKey } from '../topics/topic.queries.js';
import { ResourceKind } from './resource.enums.js';
import { ResourceConnection, ResourceNode } from './resource.node.js';
import { visibleResource } from './resource.policy.js';
import { resourceList, ResourceOrderField } from './resource.queries.js';

registerNodeType('Resource', (context, id) => visibleResource(context, id));

registerEnumType(ResourceOrderField, {
  name: 'ResourceOrderField',
  description: 'What a list of resources can be sorted by (ties are broken consistently, so pages stay stable).',
  valuesConfig: {
    PUBLISHED_ON: { description: 'The publication date.' },
    TITLE: { description: 'The title, alphabetically.' },
  },
});

@InputType({ description: 'Narrows a group\'s curated resources. Each field takes alternatives (any may match); all fields given must hold.' })
export class CuratedResourceFilter {
  @Field(() => [ResourceKind], { nullable: true, description: 'Only resources of one of these kinds.' })
  kinds?: ResourceKind[] | null;

  @Field(() => [Locale], { nullable: true, description: 'Only resources in one of these languages (BCP 47 tags, e.g. `es`).' })
  languages?: string[] | null;

  @Field(() => [String], { nullable: true, description: 'Only resources about at least one of these topics (by slug).' })
  topics?: string[] | null;

  @Field(() => [CountryCode], { nullable: true, description: 'Only resources about at least one of these countries.' })
  countryCodes?: string[] | null;
}

@InputType({ description: 'Narrows the resource library. Each field takes alternatives (any may match); all fields given must hold.' })
export class ResourceFilter extends CuratedResourceFilter {
  @Field(() => [String], { nullable: true, description: 'Only resources on the curated list of at least one of these working groups (by slug).' })
  groupSlugs?: string[] | null;
}

@InputType({ description: 'The order of a list of resources.' })
export class ResourceOrder {
  @Field(() => ResourceOrderField, { description: 'What to sort by.' })
  field!: ResourceOrderField;

  @Field(() => OrderDirection, { description: 'Which way to sort.' })
  direction!: OrderDirection;
}

@Resolver(() => ResourceNode)
export class ResourceResolver {
  @Query(() => ResourceConnection, { description: 'The library of published resources across all groups; newest first unless `orderBy` says otherwise.' })
  resources(
    @Ctx() context: RequestContext,
    @Args(() => ConnectionArgs) page: ConnectionArgs,
    @Arg('filter', () => ResourceFilter, { nullable: true, description: 'Which resources to list; all published ones when omitted.' })
    filter?: ResourceFilter | null,
    @Arg('orderBy', () => ResourceOrder, { nullable: true, description: 'Sort order; newest publication first when omitted.' })
    orderBy?: ResourceOrder | null,
  ): Promise<ResourceConnection> {
    const query = resourceList(
      filterValues(filter),
      orderBy?.field ?? ResourceOrderField.PUBLISHED_ON,
      orderBy?.direction ?? OrderDirection.DESC,
    );
    return resolveConnection(context, query, page, (row) => ({ node: hydrate(ResourceNode, row) }), ResourceConnection);
  }

  @FieldResolver(() => [TopicNode], { description: 'Topics the resource is about, by name.' })
  topics(@Root() resource: ResourceNode, @Ctx() context: RequestContext): MaybePromise<TopicNode[]> {
    return topicsByKey(context.topics, resource.topicKeys);
  }

  @FieldResolver(() => [CountryNode], { description: 'Countries the resource is about, by name; empty when it is not country-specific.' })
  countries(@Root() resource: ResourceNode, @Ctx() context: RequestContext): MaybePromise<CountryNode[]> {
    return thenMaybe(context.countries.getMany(resource.countryCodes), (countries) => byName(countries, (country) => country.code));
  }

  @FieldResolver(() => [WorkingGroupNode], { description: 'The working groups that list this resource, by name.' })
  workingGroups(@Root() resource: ResourceNode, @Ctx() context: RequestContext): Promise<WorkingGroupNode[]> {
    return context.loaders.of(groupsOfResource).load(resource.key);
  }
}
