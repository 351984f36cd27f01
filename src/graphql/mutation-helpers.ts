import type { RequestContext } from './context.js';
import type { LoaderDefinition } from './loaders.js';
import { UserErrorCode, UserErrors, userError } from './user-errors.js';

/** Requires a signed-in viewer (UNAUTHENTICATED otherwise) and returns their person key; every mutation starts here. */
export function requireSignedIn(context: RequestContext, what: string): string {
  context.roles.require(context.roles.isSignedIn, what);
  return context.roles.viewer!.personKey;
}

/** The object an input refers to, or a NOT_FOUND user error on that input field. */
export async function existing<T>(
  context: RequestContext,
  loader: LoaderDefinition<string, T | null>,
  key: string,
  field: string[],
  noun: string,
): Promise<T> {
  const found = await context.loaders.of(loader).load(key);
  if (!found) throw new UserErrors([userError(field, UserErrorCode.NOT_FOUND, `There is no such ${noun}.`)]);
  return found;
}

/** The object as it is after a mutation committed (the request's cache may hold the old one). */
export function reloaded<T>(context: RequestContext, loader: LoaderDefinition<string, T>, key: string): Promise<T> {
  return context.loaders.of(loader).clear(key).load(key);
}
