import { Field, ObjectType } from 'type-graphql';
import { toGlobalId } from '../graphql/global-id.js';
import { ConnectionType, EdgeType } from '../graphql/pagination/connection.js';
import { DateTime, JSONObject } from '../graphql/scalars.js';

@ObjectType('ActivityEntry', { description: 'One curation or status action in a group\'s trail: who did what to which object, and when.' })
export class ActivityEntry {
  key!: string;
  actorKey!: string | null;
  subjectKey!: string;

  @Field({ description: 'What was done, as `noun.verb`, e.g. `resource.published`, `curator.appointed`, `anchor.set`.' })
  action!: string;

  @Field({ description: 'The type of the object acted on, e.g. `Resource`.' })
  subjectType!: string;

  @Field({ description: 'The global ID of the object acted on (fetch it with `node(id:)`).' })
  get subjectId(): string {
    return toGlobalId(this.subjectType, this.subjectKey);
  }

  @Field(() => JSONObject, { description: 'What changed: the fields set and their new values, or a note.' })
  summary!: Record<string, unknown>;

  @Field(() => DateTime, { description: 'When it was done.' })
  occurredAt!: string;
}

@ObjectType('ActivityEntryEdge', { description: 'An entry of a group\'s activity trail, with its cursor.' })
export class ActivityEntryEdge extends EdgeType(ActivityEntry) {}

@ObjectType('ActivityConnection', { description: 'A page of a group\'s activity trail, newest first.' })
export class ActivityConnection extends ConnectionType(ActivityEntry, ActivityEntryEdge) {}
