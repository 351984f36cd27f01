import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import type { RequestContext } from './context.js';

/**
 * How long an answer to an anonymous query may be reused, by HTTP caches
 * (partner servers, CDNs, browsers) and by the hub's own response cache.
 * Writes reach the hub's cache at once (it listens for them); this bounds
 * how stale a copy held elsewhere can be, and how long answers that depend
 * on the clock alone (which webinars are still upcoming) are reused.
 */
export const PUBLIC_MAX_AGE_SECONDS = 60;

/** `Cache-Control` of an answer anyone may reuse. */
const SHARED = `max-age=${PUBLIC_MAX_AGE_SECONDS}, public`;

/**
 * Each response's `Cache-Control`, decided here, in one place:
 * `max-age=60, public` for a query anyone could have asked, `no-store`
 * otherwise. A signed-in caller's answers may hold what only they may see,
 * so they are never shared; mutations, answers with errors and answers a
 * resolver marked with forbidReuse (the caller's own rate limit) are never
 * reusable.
 *
 * Apollo's cache-control plugin would decide the same from per-field hints,
 * but it wraps every field resolver of the schema to collect them (an eighth
 * of the hub's CPU time for a partner's group page); no type or field here
 * has a hint of its own, so it is disabled.
 */
export function cachePolicyPlugins(): ApolloServerPlugin<RequestContext>[] {
  return [ApolloServerPluginCacheControlDisabled(), sharedWhenAnonymousQuery];
}

/** Marks the answer being computed as the caller's own: never stored, never served to anyone else. */
export function forbidReuse(context: RequestContext): void {
  context.reusable = false;
}

const sharedWhenAnonymousQuery: ApolloServerPlugin<RequestContext> = {
  async requestDidStart() {
    return {
      async willSendResponse({ response, operation, contextValue }) {
        const shared =
          operation?.operation === 'query' &&
          contextValue?.reusable === true &&
          !contextValue.roles.viewer &&
          response.body.kind === 'single' &&
          !response.body.singleResult.errors;
        response.http.headers.set('cache-control', shared ? SHARED : 'no-store');
      },
    };
  },
};
