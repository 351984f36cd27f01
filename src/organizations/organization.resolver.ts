import { Arg, Args, Ctx, Field, FieldResolver, InputType, Query, Resolver, Root } from 'type-graphql';
import { CountryNode } from '../countries/country.node.js';
import { WorkingGroupNode } from '../groups/group.node.js';
import { groupsOfOrganization } from '../groups/group.queries.js';
import type { RequestContext } from '../graphql/context.js';
import type { MaybePromise } from '../graphql/reference-table.js';
import { filterValues } from '../graphql/filters.js';
import { hydrate, registerNodeType } from '../graphql/node.js';
import { OrderDirection } from '../graphql/order.js';
import { ConnectionArgs } from '../graphql/pagination/connection.js';
import { resolveConnection } from '../graphql/pagination/resolve.js';
import { CountryCode } from '../graphql/scalars.js';
import { OrganizationKind } from './organization.enums.js';
import { OrganizationConnection, OrganizationNode } from './organization.node.js';
import { organizationById, organizationList } from './organization.queries.js';

registerNodeType('Organization', (context, id) => context.loaders.of(organizationById).load(id));

@InputType({ description: 'Narrows a list of organisations. Each field takes alternatives (any may match); all fields given must hold.' })
export class OrganizationFilter {
  @Field(() => [CountryCode], { nullable: true, description: 'Only organisations based in one of these countries.' })
  countryCodes?: string[] | null;

  @Field(() => [OrganizationKind], { nullable: true, description: 'Only organisations of one of these kinds.' })
  kinds?: OrganizationKind[] | null;

  @Field(() => [String], { nullable: true, description: 'Only current members of one of these working groups (by slug).' })
  groupSlugs?: string[] | null;
}

@InputType({ description: 'Narrows a group\'s member organisations. Each field takes alternatives; all fields given must hold.' })
export class MemberFilter {
  @Field(() => [CountryCode], { nullable: true, description: 'Only members based in one of these countries.' })
  countryCodes?: string[] | null;

  @Field(() => [OrganizationKind], { nullable: true, description: 'Only members of one of these kinds.' })
  kinds?: OrganizationKind[] | null;
}

@InputType({ description: 'The order of a list of organisations. Organisations sort by name.' })
export class OrganizationOrder {
  @Field(() => OrderDirection, { description: 'ASC for A to Z, DESC for Z to A.' })
  direction!: OrderDirection;
}

@Resolver(() => OrganizationNode)
export class OrganizationResolver {
  @Query(() => OrganizationConnection, { description: 'Organisations taking part in the hub, by name.' })
  organizations(
    @Ctx() context: RequestContext,
    @Args(() => ConnectionArgs) page: ConnectionArgs,
    @Arg('filter', () => OrganizationFilter, { nullable: true, description: 'Which organisations to list; all when omitted.' })
    filter?: OrganizationFilter | null,
    @Arg('orderBy', () => OrganizationOrder, { nullable: true, description: 'Sort order; A to Z when omitted.' })
    orderBy?: OrganizationOrder | null,
  ): Promise<OrganizationConnection> {
    const query = organizationList(filterValues(filter), orderBy?.direction ?? OrderDirection.ASC);
    return resolveConnection(context, query, page, (row) => ({ node: hydrate(OrganizationNode, row) }), OrganizationConnection);
  }

  @FieldResolver(() => CountryNode, { nullable: true, description: 'Where the organisation is based; null for international bodies.' })
  country(@Root() organization: OrganizationNode, @Ctx() context: RequestContext): MaybePromise<CountryNode | null> {
    return organization.countryCode ? context.countries.get(organization.countryCode) : null;
  }

  @FieldResolver(() => [WorkingGroupNode], { description: 'The working groups the organisation is currently a member of, by name.' })
  workingGroups(@Root() organization: OrganizationNode, @Ctx() context: RequestContext): Promise<WorkingGroupNode[]> {
    return context.loaders.of(groupsOfOrganization).load(organization.key);
  }
}
