import { Field, ID, InterfaceType } from 'type-graphql';
import type { RequestContext } from './context.js';
import { fromGlobalId, registerNodeKey } from './global-id.js';

@InterfaceType({
  description:
    'An object with a global ID. Any such object can be fetched again with `node(id:)` or `nodes(ids:)`; IDs are opaque and stable, so partners may store them.',
})
export abstract class Node {
  @Field(() => ID, { description: 'Opaque global identifier of the object.' })
  id!: string;
}

type NodeFetcher = (context: RequestContext, key: string) => Promise<object | null>;

const fetchers = new Map<string, NodeFetcher>();

/**
 * Makes a type reachable through `node(id:)`: its name (the first part of its
 * global IDs), its key format, and how to load one by key (through the
 * request's DataLoader, so `nodes(ids:)` batches).
 */
export function registerNodeType(typeName: string, fetch: NodeFetcher, keyFormat: 'uuid' | 'country-code' = 'uuid'): void {
  registerNodeKey(typeName, keyFormat);
  fetchers.set(typeName, fetch);
}

/** Loads the object behind a global ID; null when it does not exist or is not public. */
export async function fetchNode(context: RequestContext, id: string, argument = 'id'): Promise<object | null> {
  const { typeName, key } = fromGlobalId(id, argument);
  return fetchNodeByKey(context, typeName, key);
}

/** Loads an object of a registered type by its key, with the type's own visibility rules. */
export function fetchNodeByKey(context: RequestContext, typeName: string, key: string): Promise<object | null> {
  return fetchers.get(typeName)!(context, key);
}

/** Copies a row's columns onto a new instance of a GraphQL object class. */
export function hydrate<T extends object>(Class: new () => T, row: object): T {
  return Object.assign(new Class(), row);
}
