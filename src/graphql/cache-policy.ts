import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginCacheControl } from '@apollo/server/plugin/cacheControl';
import type { RequestContext } from './context.js';

/**
 * How long an answer to an anonymous query may be reused, by HTTP caches
 * (partner servers, CDNs, browsers) and by the hub's own response cache.
 * Writes reach the hub's cache at once (it listens for them); this bounds
 * how stale a copy held elsewhere can be, and how long answers that depend
 * on the clock alone (which webinars are still upcoming) are reused.
 */
export const PUBLIC_MAX_AGE_SECONDS = 60;

/**
 * Apollo's cache-control plugin derives each response's `Cache-Control`
 * from the data it holds: `max-age=60, public` for a query anyone could have
 * asked, `no-store` otherwise. What makes a response viewer-dependent is
 * decided here, in one place: a signed-in caller's answers may hold what
 * only they may see, so they are never shared; mutations are never
 * reusable. Responses with errors are never cacheable (Apollo's rule).
 */
export function cachePolicyPlugins(): ApolloServerPlugin<RequestContext>[] {
  return [ApolloServerPluginCacheControl({ defaultMaxAge: PUBLIC_MAX_AGE_SECONDS }), onlyAnonymousQueriesAreShared];
}

const onlyAnonymousQueriesAreShared: ApolloServerPlugin<RequestContext> = {
  async requestDidStart({ contextValue }) {
    return {
      async didResolveOperation({ operation, overallCachePolicy }) {
        if (operation?.operation !== 'query' || contextValue.roles.viewer) overallCachePolicy.restrict({ maxAge: 0 });
      },
    };
  },
};
