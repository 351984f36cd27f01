import type { RequestContext } from './context.js';
import type { LoaderDefinition } from './loaders.js';
import { UserErrorCode, UserErrors, userError } from './user-errors.js';

/** The signed-in person's key; callers have checked that someone is signed in. */
export function viewerKey(context: RequestContext): string {
  const viewer = context.roles.viewer;
  if (!viewer) throw new Error('viewerKey() needs a signed-in viewer: call roles.require() first');
  return viewer.personKey;
}

/** Requires a signed-in viewer (UNAUTHENTICATED otherwise); every mutation starts here. */
export function requireSignedIn(context: RequestContext, what: string): string {
  context.roles.require(context.roles.isSignedIn, what);
  return viewerKey(context);
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
