import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type http from 'node:http';
import type { PartnerKey } from '../partners/partner-keys.js';
import type { RateLimitClient, RateLimitState } from '../ratelimits/rate-limits.js';

/**
 * What one HTTP request did, filled in as it goes (the HTTP layer, Apollo's
 * plugins, the query limits) and read once when its response is sent: the
 * log line and the metrics come from it.
 */
export interface RequestRecord {
  /** The caller's `X-Request-Id` when it is a sane token, otherwise a new UUID; echoed in the response. */
  requestId: string;
  startedAt: number;
  operationName?: string | null;
  /** The operation's node count (see QUERY_LIMITS.nodes). */
  nodes?: number;
  /** Its rate-limit points (see measureOperation). */
  cost?: number;
  /** The partner's key it came with (X-Api-Key), if any. */
  partner?: PartnerKey;
  /** Who the request is counted against (none when rate limits are off). */
  client?: RateLimitClient;
  /** Where the client stands once the request was counted. */
  rateLimit?: RateLimitState;
  /** The signed-in person's key, or null for anonymous callers. */
  viewer?: string | null;
  /** `extensions.code` of each error in the response. */
  errorCodes: string[];
  /**
   * hit: answered from the response cache; shared: answered with what an
   * identical request was computing meanwhile; miss: executed, may be kept;
   * bypass: not cacheable.
   */
  cache?: 'hit' | 'shared' | 'miss' | 'bypass';
}

const scope = new AsyncLocalStorage<RequestRecord>();

const SANE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** A new record for `req`, its id taken from `X-Request-Id` when sane. */
export function newRequestRecord(req: http.IncomingMessage): RequestRecord {
  const given = req.headers['x-request-id'];
  const requestId = typeof given === 'string' && SANE_REQUEST_ID.test(given) ? given : randomUUID();
  return { requestId, startedAt: performance.now(), errorCodes: [] };
}

/** Runs `work` with `record` as the current request's record (async calls included). */
export function withRequestRecord<T>(record: RequestRecord, work: () => T): T {
  return scope.run(record, work);
}

/** The record of the request being served, if any (none for WebSocket operations). */
export function currentRequest(): RequestRecord | undefined {
  return scope.getStore();
}
