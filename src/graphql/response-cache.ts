import type http from 'node:http';
import { LRUCache } from 'lru-cache';
import type { CommittedChanges } from '../events/committed-changes.js';
import { contentCodingOf, encodeBody, endWithBody, type EncodedBody } from './response-encoding.js';

/** A response as it went out: replayed byte for byte to the next identical request. */
export interface CachedResponse {
  status: number;
  headers: [name: string, value: string][];
  body: string;
  /** The body compressed as it was sent to the request that computed it (when it was): sent again as it is to clients accepting the same coding. */
  encoded?: EncodedBody;
  /** When it was computed (ms since the epoch), for the `Age` header. */
  storedAt: number;
  /** The operation it answered (for logs and metrics of the requests it serves). */
  operationName?: string | null;
  /** Its rate-limit points: a request answered from the cache costs what executing it did. */
  cost?: number;
}

/** Requests longer than this are not worth a key (and would crowd out the answers). */
const MAX_KEY_LENGTH = 16_384;

/** `max-age=N, public`: the header Apollo sets on answers anyone may reuse (see cache-policy.ts). */
const PUBLIC_CACHE_CONTROL = /^max-age=(\d+), public$/;

/**
 * Whole responses to anonymous GraphQL queries, shared by every anonymous
 * caller of this instance: a hit answers without parsing, validating or
 * executing anything, and without touching the database.
 *
 * Correct by construction rather than by expiry:
 * - Only requests without credentials are looked up or stored, and only
 *   responses the cache policy marked public (anonymous queries without
 *   errors), so no viewer's data is ever served to another.
 * - Every committed write empties it (CommittedChanges), and a response is
 *   kept only if no write was committed while it was computed, so a read
 *   that overlapped a write is never kept. Other instances' writes arrive as
 *   PostgreSQL notifications, a few milliseconds after their commit; writes
 *   through this instance empty it before their response is sent.
 * - While this instance cannot hear writes (listener connection down),
 *   nothing is read from it or kept.
 * - An entry lives at most its response's max-age (answers that depend on
 *   the clock, like upcoming webinars, are at most that old).
 *
 * Identical requests that arrive while an answer is being computed wait for
 * it instead of computing it again, under the same rules: a write committed
 * since the computing began means they compute their own. Every write
 * empties the cache, and without this the requests in flight at that moment
 * would each execute the same query.
 */
export class ResponseCache {
  private readonly entries: LRUCache<string, CachedResponse>;
  /** Answers being computed, each with the generation it began in. */
  private readonly computing = new Map<string, { generation: number; response: Promise<CachedResponse | undefined> }>();

  constructor(
    private readonly changes: CommittedChanges,
    maxBytes: number,
  ) {
    this.entries = new LRUCache<string, CachedResponse>({
      maxSize: maxBytes,
      sizeCalculation: (entry, key) => key.length + entry.body.length + (entry.encoded?.bytes.length ?? 0) + 256,
    });
    changes.emptiesOnChange(this.entries);
  }

  /**
   * The key of a request that may be answered from the cache: a POST
   * without credentials whose JSON body is one operation. Null otherwise.
   */
  keyOf(req: http.IncomingMessage, body: unknown): string | null {
    if (req.method !== 'POST' || req.headers.authorization !== undefined) return null;
    if (typeof body !== 'object' || body === null || Array.isArray(body)) return null;
    // The response's content type follows the Accept header, so it is part of the key.
    const key = `${req.headers.accept ?? ''}\n${JSON.stringify(body)}`;
    return key.length <= MAX_KEY_LENGTH ? key : null;
  }

  /** The stored response for `key`, if the cache may be trusted now. */
  get(key: string): CachedResponse | undefined {
    return this.changes.generation === null ? undefined : this.entries.get(key);
  }

  /**
   * The answer an identical request began computing since the last
   * committed write, if one is: it resolves to that answer when it may be
   * shared, to undefined when not (the waiting request then computes its own).
   */
  pending(key: string): Promise<CachedResponse | undefined> | undefined {
    const computing = this.computing.get(key);
    return computing && computing.generation === this.changes.generation ? computing.response : undefined;
  }

  /**
   * Call before computing the response for `key`; call the function
   * returned once with the response, or with nothing when there is none to
   * share (a failure, an incremental delivery). It keeps the response and
   * hands it to the requests waiting for it if it may be shared and no write
   * was committed since; only the first call counts.
   */
  begin(key: string): (response?: CachedResponse) => void {
    const generation = this.changes.generation;
    let share: (response: CachedResponse | undefined) => void = () => {};
    const computing = generation === null ? null : { generation, response: new Promise<CachedResponse | undefined>((resolve) => (share = resolve)) };
    if (computing) this.computing.set(key, computing);
    let settled = false;
    return (response) => {
      if (settled) return;
      settled = true;
      if (computing && this.computing.get(key) === computing) this.computing.delete(key);
      const maxAge = response && generation !== null && this.changes.generation === generation ? publicMaxAge(response) : 0;
      const shared = maxAge > 0 ? response : undefined;
      if (shared) this.entries.set(key, shared, { ttl: maxAge * 1000 });
      share(shared);
    };
  }
}

/** The seconds a response may be reused by anyone: its max-age when it succeeded and is public, 0 otherwise. */
function publicMaxAge(response: CachedResponse): number {
  if (response.status !== 200) return 0;
  const cacheControl = response.headers.find(([name]) => name.toLowerCase() === 'cache-control')?.[1];
  return Number(PUBLIC_CACHE_CONTROL.exec(cacheControl ?? '')?.[1] ?? 0);
}

/** Writes a cached response, with its age in seconds (RFC 9111), in the coding the client accepts. */
export async function replay(req: http.IncomingMessage, res: http.ServerResponse, cached: CachedResponse): Promise<void> {
  const coding = contentCodingOf(req);
  const body = cached.encoded?.coding === coding ? cached.encoded : await encodeBody(cached.body, coding);
  res.statusCode = cached.status;
  for (const [name, value] of cached.headers) res.setHeader(name, value);
  res.setHeader('age', Math.floor((Date.now() - cached.storedAt) / 1000).toString());
  endWithBody(res, body);
}
