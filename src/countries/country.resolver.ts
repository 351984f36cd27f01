import { Arg, Ctx, Field, InputType, Query, Resolver } from 'type-graphql';
import type { RequestContext } from '../graphql/context.js';
import type { MaybePromise } from '../graphql/reference-table.js';
import { registerNodeType } from '../graphql/node.js';
import { CountryCode } from '../graphql/scalars.js';
import { OgpStatus } from './country.enums.js';
import { CountryNode } from './country.node.js';
import { listCountries } from './country.queries.js';

registerNodeType('Country', async (context, code) => context.countries.get(code), 'country-code');

@InputType({ description: 'Narrows the list of countries; every field given must match.' })
export class CountryFilter {
  @Field(() => [OgpStatus], { nullable: true, description: 'Only countries with one of these OGP standings.' })
  ogpStatuses?: OgpStatus[] | null;

  @Field(() => [String], { nullable: true, description: 'Only countries in one of these regions.' })
  regions?: string[] | null;
}

@Resolver(() => CountryNode)
export class CountryResolver {
  @Query(() => [CountryNode], { description: 'Countries known to the hub (OGP members and others whose reformers take part), by name.' })
  countries(
    @Ctx() context: RequestContext,
    @Arg('filter', () => CountryFilter, { nullable: true, description: 'Which countries to list; all when omitted.' })
    filter?: CountryFilter | null,
  ): Promise<CountryNode[]> {
    return listCountries(context.db, filter ?? {});
  }

  @Query(() => CountryNode, { nullable: true, description: 'One country by its ISO 3166-1 alpha-2 code; null when the hub does not list it.' })
  country(
    @Ctx() context: RequestContext,
    @Arg('code', () => CountryCode, { description: 'ISO 3166-1 alpha-2 code, e.g. `PH`.' }) code: string,
  ): MaybePromise<CountryNode | null> {
    return context.countries.get(code.toUpperCase());
  }
}
