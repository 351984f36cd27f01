import { Field, ID, ObjectType } from 'type-graphql';
import { toGlobalId } from '../graphql/global-id.js';
import { Node } from '../graphql/node.js';
import { ConnectionType, EdgeType } from '../graphql/pagination/connection.js';
import { Locale } from '../graphql/scalars.js';

@ObjectType('Person', {
  implements: Node,
  description:
    'A reformer or expert from government, civil society or elsewhere. Contact details are private and never part of the public API.',
})
export class PersonNode implements Node {
  key!: string;
  organizationKey!: string | null;
  countryCode!: string | null;
  topicKeys!: string[];

  @Field(() => ID, { description: 'Opaque global identifier of the person.' })
  get id(): string {
    return toGlobalId('Person', this.key);
  }

  @Field({ description: 'Full name.' })
  name!: string;

  @Field(() => String, { nullable: true, description: 'Job title or role, e.g. `Director, Budget Transparency Unit`.' })
  title!: string | null;

  @Field(() => [Locale], { description: 'Languages the person works in, as BCP 47 tags (e.g. `en`, `fr`, `es`, `ar`).' })
  languages!: string[];

  @Field(() => String, { nullable: true, description: 'In the person\'s own words: what they know and have done.' })
  expertise!: string | null;

  @Field({ description: 'True when the person welcomes requests for peer exchange or technical assistance.' })
  openToPeerExchange!: boolean;
}

@ObjectType('PersonEdge', { description: 'A person in a list, with its cursor.' })
export class PersonEdge extends EdgeType(PersonNode) {}

@ObjectType('PersonConnection', { description: 'A page of people.' })
export class PersonConnection extends ConnectionType(PersonNode, PersonEdge) {}
