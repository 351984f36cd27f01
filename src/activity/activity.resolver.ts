import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../graphql/context.js';
import { PersonNode } from '../people/person.node.js';
import { personById } from '../people/person.queries.js';
import { ActivityEntry } from './activity.node.js';

@Resolver(() => ActivityEntry)
export class ActivityEntryResolver {
  @FieldResolver(() => PersonNode, { nullable: true, description: 'Who did it; null when the hub itself did (e.g. an import).' })
  actor(@Root() entry: ActivityEntry, @Ctx() context: RequestContext): Promise<PersonNode | null> | null {
    return entry.actorKey ? context.loaders.of(personById).load(entry.actorKey) : null;
  }
}
