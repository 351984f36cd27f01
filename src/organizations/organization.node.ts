import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { toGlobalId } from '../graphql/global-id.js';
import { Node } from '../graphql/node.js';
import { ConnectionType, EdgeType } from '../graphql/pagination/connection.js';
import { URL } from '../graphql/scalars.js';
import { OrganizationKind } from './organization.enums.js';

registerEnumType(OrganizationKind, {
  name: 'OrganizationKind',
  description: 'What kind of body an organisation is.',
  valuesConfig: {
    NATIONAL_GOVERNMENT: { description: 'A ministry, agency or other national government body.' },
    SUBNATIONAL_GOVERNMENT: { description: 'A state, provincial, regional or local government.' },
    PARLIAMENT: { description: 'A parliament, legislature or one of its offices.' },
    CIVIL_SOCIETY: { description: 'A civil-society organisation, network or foundation.' },
    PRIVATE_SECTOR: { description: 'A company or business association.' },
    MULTILATERAL: { description: 'An international or multilateral organisation.' },
    ACADEMIA: { description: 'A university or research institute.' },
  },
});

@ObjectType('Organization', {
  implements: Node,
  description: 'A government body, parliament, civil-society organisation or other participant. Organisations join working groups; people take part through them.',
})
export class OrganizationNode implements Node {
  key!: string;
  countryCode!: string | null;

  @Field(() => ID, { description: 'Opaque global identifier of the organisation.' })
  get id(): string {
    return toGlobalId('Organization', this.key);
  }

  @Field({ description: 'Name of the organisation, in its own usage.' })
  name!: string;

  @Field(() => OrganizationKind, { description: 'What kind of body the organisation is.' })
  kind!: OrganizationKind;

  @Field(() => URL, { nullable: true, description: 'The organisation\'s website.' })
  website!: string | null;
}

@ObjectType('OrganizationEdge', { description: 'An organisation in a list, with its cursor.' })
export class OrganizationEdge extends EdgeType(OrganizationNode) {}

@ObjectType('OrganizationConnection', { description: 'A page of organisations.' })
export class OrganizationConnection extends ConnectionType(OrganizationNode, OrganizationEdge) {}
