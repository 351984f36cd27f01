import { createHash } from 'node:crypto';
import type http from 'node:http';
import { HeaderMap } from '@apollo/server';
import { GraphQLError } from 'graphql';
import { Redis } from 'ioredis';
import { LRUCache } from 'lru-cache';
import type pg from 'pg';
import { RateLimiterMemory, RateLimiterPostgres, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { ErrorCode } from '../graphql/errors.js';
import { clientAddress } from '../ops/client-address.js';

/**
 * Points per hour, GitHub-style: a query costs the number of requests its
 * paged lists would take at 100 items a page, divided by 100 (1 at least;
 * see measureOperation), so almost every real page costs 1. Anonymous
 * callers are counted by address, signed-in ones by token. Defaults of
 * RATE_LIMIT_ANONYMOUS and RATE_LIMIT_SIGNED_IN.
 */
export interface RateLimitBudgets {
  anonymous: number;
  signedIn: number;
}

const WINDOW_SECONDS = 3_600;

/**
 * How many points an instance takes from the shared counter at once: a
 * hundredth of the budget (10 of the anonymous 1,000), at most 50, at least
 * what the request costs. The instance spends them locally, so a busy client
 * costs one counter update per lease instead of one per request. Leases only
 * ever count early, never late: an instance's unspent points are reported
 * as remaining, and a client spread over several instances may be refused
 * a few points before its budget is truly spent (at most one lease per
 * instance), never after.
 */
function leaseSize(limit: number, cost: number): number {
  return Math.max(cost, Math.min(50, Math.floor(limit / 100)));
}

/** Points taken from the shared counter and not yet spent, with the counter's state when they were taken. */
interface Lease {
  unspent: number;
  /** The counter's total for the client, this lease included. */
  consumed: number;
  resetAt: number;
}

/** Who is counted, and against which budget. */
export interface RateLimitClient {
  /** `ip:<address>` or `token:<digest>`: never the token itself. */
  id: string;
  /** Points per hour. */
  limit: number;
}

/** Where a client stands after a request was counted: the `rateLimit` field and the X-RateLimit-* headers. */
export interface RateLimitState {
  /** Points this request cost. */
  cost: number;
  limit: number;
  used: number;
  remaining: number;
  resetAt: Date;
}


/**
 * The counters, shared by every instance: rate-limiter-flexible on
 * PostgreSQL (the `rate_limit_counter` table) by default, on Redis when
 * REDIS_URL is set, under a namespace naming the database (so hubs on one
 * Redis but different databases, staging and production say, never share
 * counters). Should the store fail, each instance counts in memory
 * meanwhile (the library's insurance limiter) rather than refusing or
 * waving everyone through.
 */
export class RateLimits {
  private readonly limiters = new Map<number, RateLimiterAbstract>();
  /** One lease per client seen lately; a lease forgotten early only leaves its points counted. */
  private readonly leases = new LRUCache<string, Lease>({ max: 100_000 });
  private readonly redis?: Redis;

  constructor(
    private readonly budgets: RateLimitBudgets,
    private readonly store: { pool: pg.Pool } | { redisUrl: string; namespace: string },
    /** Proxies of your own in front of the hub (TRUSTED_PROXIES): see clientAddress. */
    private readonly trustedProxies = 0,
  ) {
    if ('redisUrl' in store) this.redis = new Redis(store.redisUrl, { enableOfflineQueue: false, lazyConnect: false, maxRetriesPerRequest: 1 });
    this.redis?.on('error', () => {
      // Reported by the failing calls; the insurance limiter covers meanwhile.
    });
  }

  /**
   * The client a request is counted as: its token (hashed) when it sends one,
   * otherwise its address (behind trusted proxies, the one they saw). A
   * WebSocket sends its token in connection_init, not in the upgrade request.
   */
  clientOf(req: http.IncomingMessage, authorization = req.headers.authorization): RateLimitClient {
    if (authorization) {
      return { id: `token:${createHash('sha256').update(authorization).digest('hex').slice(0, 32)}`, limit: this.budgets.signedIn };
    }
    return { id: `ip:${clientAddress(req, this.trustedProxies)}`, limit: this.budgets.anonymous };
  }

  /**
   * Counts `cost` points against the client's budget, from this instance's
   * lease when it holds enough (see leaseSize); rejects with a RATE_LIMITED
   * error once the budget is spent.
   */
  async consume(client: RateLimitClient, cost: number): Promise<RateLimitState> {
    const key = `${client.limit}:${client.id}`;
    let lease = this.leases.get(key);
    if (!lease || lease.unspent < cost || lease.resetAt <= Date.now()) {
      // The last points of a budget are taken one request at a time: a lease larger than what is left would be refused.
      const left = lease && lease.resetAt > Date.now() ? client.limit - lease.consumed : client.limit;
      const size = Math.max(cost, Math.min(leaseSize(client.limit, cost), left));
      let taken: RateLimiterRes;
      try {
        taken = await this.limiterFor(client.limit).consume(client.id, size);
      } catch (rejection) {
        this.leases.delete(key);
        if (rejection instanceof RateLimiterRes) throw rateLimitedError(stateOf(client, cost, rejection.consumedPoints, rejection.msBeforeNext));
        throw rejection;
      }
      lease = { unspent: size, consumed: taken.consumedPoints, resetAt: Date.now() + taken.msBeforeNext };
      this.leases.set(key, lease);
    }
    lease.unspent -= cost;
    return stateOf(client, cost, lease.consumed - lease.unspent, lease.resetAt - Date.now());
  }

  async close(): Promise<void> {
    this.redis?.disconnect();
  }

  private limiterFor(points: number): RateLimiterAbstract {
    let limiter = this.limiters.get(points);
    if (!limiter) {
      const namespace = 'namespace' in this.store ? `${this.store.namespace}:` : '';
      const options = { points, duration: WINDOW_SECONDS, keyPrefix: `${namespace}hub${points}`, insuranceLimiter: new RateLimiterMemory({ points, duration: WINDOW_SECONDS }) };
      limiter =
        'pool' in this.store
          ? new RateLimiterPostgres({ ...options, storeClient: this.store.pool, tableName: 'rate_limit_counter', tableCreated: true, clearExpiredByTimeout: true })
          : new RateLimiterRedis({ ...options, storeClient: this.redis });
      this.limiters.set(points, limiter);
    }
    return limiter;
  }
}

/** The client's state, from the points counted (spent leases included) and the time until the counter resets. */
function stateOf(client: RateLimitClient, cost: number, consumed: number, msBeforeReset: number): RateLimitState {
  return {
    cost,
    limit: client.limit,
    used: Math.min(consumed, client.limit),
    remaining: Math.max(0, client.limit - consumed),
    resetAt: new Date(Date.now() + msBeforeReset),
  };
}

/** RATE_LIMITED: HTTP 429 with Retry-After, and the state in extensions. */
export function rateLimitedError(state: RateLimitState): GraphQLError {
  const retryAfter = Math.max(1, Math.ceil((state.resetAt.getTime() - Date.now()) / 1000));
  return new GraphQLError(
    `Rate limit exceeded: this request costs ${state.cost} of your ${state.limit} points per hour, and none are left. Try again in ${retryAfter} s.`,
    {
      extensions: {
        code: ErrorCode.RATE_LIMITED,
        retryAfter,
        rateLimit: { ...state, resetAt: state.resetAt.toISOString() },
        http: { status: 429, headers: new HeaderMap([['retry-after', String(retryAfter)], ...rateLimitHeaders(state)]) },
      },
    },
  );
}

/** GitHub's headers, on every response that was counted. */
export function rateLimitHeaders(state: RateLimitState): [string, string][] {
  return [
    ['x-ratelimit-limit', String(state.limit)],
    ['x-ratelimit-remaining', String(state.remaining)],
    ['x-ratelimit-used', String(state.used)],
    ['x-ratelimit-reset', String(Math.ceil(state.resetAt.getTime() / 1000))],
  ];
}

/** The Redis namespace of the hubs on one database: its server and name, hashed. */
export function databaseNamespace(clientUrl: string): string {
  const url = new URL(clientUrl);
  return `opengov-hub:${createHash('sha256').update(`${url.host}${url.pathname}`).digest('hex').slice(0, 12)}`;
}
