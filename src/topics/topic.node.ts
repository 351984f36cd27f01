import { Field, ID, ObjectType } from 'type-graphql';
import { toGlobalId } from '../graphql/global-id.js';
import { Node } from '../graphql/node.js';

@ObjectType('Topic', {
  implements: Node,
  description: 'A term of the hub\'s controlled vocabulary. People, resources, requests and webinars are tagged with topics, and every list filters by them.',
})
export class TopicNode implements Node {
  key!: string;

  @Field(() => ID, { description: 'Opaque global identifier of the topic.' })
  get id(): string {
    return toGlobalId('Topic', this.key);
  }

  @Field({ description: 'Stable, URL-safe name of the topic, e.g. `beneficial-ownership`; filters take slugs.' })
  slug!: string;

  @Field({ description: 'Display name of the topic.' })
  name!: string;

  @Field(() => String, { nullable: true, description: 'What the topic covers.' })
  description!: string | null;
}
