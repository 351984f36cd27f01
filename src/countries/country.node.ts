import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { toGlobalId } from '../graphql/global-id.js';
import { Node } from '../graphql/node.js';
import { CountryCode, LocalDate } from '../graphql/scalars.js';
import { OgpStatus } from './country.enums.js';

registerEnumType(OgpStatus, {
  name: 'OgpStatus',
  description: "A country's standing in the Open Government Partnership.",
  valuesConfig: {
    MEMBER: { description: 'A participating OGP member.' },
    INACTIVE: { description: 'A member the OGP Steering Committee has designated inactive.' },
    NOT_A_MEMBER: { description: 'Not an OGP member; its reformers still take part in the groups.' },
  },
});

@ObjectType('Country', { implements: Node, description: 'A country, as ISO 3166-1 names it, with its OGP standing.' })
export class CountryNode implements Node {
  @Field(() => ID, { description: 'Opaque global identifier of the country.' })
  get id(): string {
    return toGlobalId('Country', this.code);
  }

  @Field(() => CountryCode, { description: 'ISO 3166-1 alpha-2 code, e.g. `TN`.' })
  code!: string;

  @Field({ description: 'English short name of the country.' })
  name!: string;

  @Field({ description: 'World region, e.g. `Africa`, `Americas`, `Asia-Pacific`, `Europe`.' })
  region!: string;

  @Field(() => OgpStatus, { description: 'Standing in the Open Government Partnership.' })
  ogpStatus!: OgpStatus;

  @Field(() => LocalDate, { nullable: true, description: 'When the country joined OGP; null if it never did.' })
  ogpMemberSince!: string | null;
}
