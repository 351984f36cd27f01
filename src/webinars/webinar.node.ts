import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { toGlobalId } from '../graphql/global-id.js';
import { Node } from '../graphql/node.js';
import { ConnectionType, EdgeType } from '../graphql/pagination/connection.js';
import { DateTime, Locale, URL } from '../graphql/scalars.js';
import { WebinarStatus } from './webinar.enums.js';

registerEnumType(WebinarStatus, {
  name: 'WebinarStatus',
  description: 'Where a webinar is in its life.',
  valuesConfig: {
    SCHEDULED: { description: 'Announced and due to take place as first announced.' },
    RESCHEDULED: { description: 'Moved to a new time (`startsAt` holds the new one).' },
    CANCELLED: { description: 'Will not take place.' },
    HELD: { description: 'Took place; a recording may be attached.' },
  },
});

@ObjectType('Webinar', { implements: Node, description: 'An online session a working group announces: what, when (with its time zone), in which language, with whom.' })
export class WebinarNode implements Node {
  key!: string;
  workingGroupKey!: string;
  recordingKey!: string | null;
  topicKeys!: string[];

  @Field(() => ID, { description: 'Opaque global identifier of the webinar.' })
  get id(): string {
    return toGlobalId('Webinar', this.key);
  }

  @Field({ description: 'Title of the webinar.' })
  title!: string;

  @Field({ description: 'What the webinar covers and for whom.' })
  description!: string;

  @Field(() => DateTime, { description: 'When the webinar starts (an instant; show it in `timeZone` or the reader\'s own).' })
  startsAt!: string;

  @Field(() => DateTime, { description: 'When the webinar is due to end (`startsAt` plus `durationMinutes`).' })
  endsAt!: string;

  @Field({ description: 'IANA time zone the organisers announced the time in, e.g. `Africa/Tunis`.' })
  timeZone!: string;

  @Field(() => Int, { description: 'Planned length in minutes.' })
  durationMinutes!: number;

  @Field(() => Locale, { description: 'Language the webinar is held in, as a BCP 47 tag.' })
  language!: string;

  @Field(() => URL, { nullable: true, description: 'Where to join; null until the organisers publish it.' })
  joinUrl!: string | null;

  @Field(() => WebinarStatus, { description: 'Where the webinar is in its life.' })
  status!: WebinarStatus;
}

@ObjectType('WebinarEdge', { description: 'A webinar in a list, with its cursor.' })
export class WebinarEdge extends EdgeType(WebinarNode) {}

@ObjectType('WebinarConnection', { description: 'A page of webinars.' })
export class WebinarConnection extends ConnectionType(WebinarNode, WebinarEdge) {}
