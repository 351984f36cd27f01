import type http from 'node:http';
import { HeaderMap, type ApolloServer, type ApolloServerPlugin, type HTTPGraphQLRequest } from '@apollo/server';
import type { MikroORM } from '@mikro-orm/postgresql';
import bodyParser from 'body-parser';
import type { LimitFunction } from 'p-limit';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import type { Logger } from 'pino';
import type { HubMetrics } from '../ops/metrics.js';
import { currentRequest, newRequestRecord, withRequestRecord, type RequestRecord } from '../ops/request-record.js';
import { documentHash } from '../partners/api-key.service.js';
import type { PartnerKeys } from '../partners/partner-keys.js';
import { rateLimitHeaders, type RateLimits } from '../ratelimits/rate-limits.js';
import { createRequestContext, type RequestContext, type SharedServices } from './context.js';
import { ErrorCode, formatForClient } from './errors.js';
import { checkSource } from './query-limits.js';
import { replay, type CachedResponse, type ResponseCache } from './response-cache.js';
import { contentCodingOf, encodeBody, endWithBody } from './response-encoding.js';

/** Largest request body accepted; GraphQL documents and variables are small. */
const BODY_LIMIT = '1mb';

export interface GraphQLEndpointParts {
  apollo: ApolloServer<RequestContext>;
  /** Takes turns executing requests (MAX_CONCURRENT_REQUESTS at once, the rest in arrival order). */
  executions: LimitFunction;
  rateLimits: RateLimits | null;
  partnerKeys: PartnerKeys;
  orm: MikroORM;
  shared: SharedServices;
  responseCache: ResponseCache | null;
  metrics: HubMetrics;
  logger: Logger;
}

/**
 * GraphQL over HTTP at /graphql, in the order a request meets it: its
 * record (request id, echoed as `X-Request-Id`), the JSON body (1 MB at
 * most), the partner's API key (and its allow-list), the response cache
 * (a hit is counted against the caller's rate limit and replayed), the
 * document's length and tokens, then Apollo. When the response is sent,
 * one JSON log line and the metrics.
 *
 * Only so many requests execute at once (`executions`); the others wait
 * their turn, first come first served. Executing every request as it
 * arrives interleaves them all on the one thread and queues them for
 * database connections inside the pool: the hub then spends more CPU on
 * each (more promises and rows alive at once for the collector) and
 * serves fewer a second. Answers from the response cache do not wait:
 * they execute nothing. A request whose client has gone by its turn is
 * dropped unexecuted.
 */
export function graphqlEndpoint({ apollo, executions, rateLimits, partnerKeys, orm, shared, responseCache, metrics, logger }: GraphQLEndpointParts) {
  const parseJson = bodyParser.json({ limit: BODY_LIMIT });
  return (req: http.IncomingMessage, res: http.ServerResponse): void => {
    const record = newRequestRecord(req);
    record.client = rateLimits?.clientOf(req);
    res.setHeader('x-request-id', record.requestId);
    res.once('finish', () => finished(record, res.statusCode));
    parseJson(req, res, (error?: unknown) =>
      withRequestRecord(record, () => {
        if (error) return refuse(res, record, statusOf(error), { message: messageOf(error), extensions: { code: ErrorCode.BAD_USER_INPUT } });
        handle(req, res, record).catch((failure: unknown) => answerFailure(res, record, failure));
      }),
    );
  };

  async function handle(req: http.IncomingMessage, res: http.ServerResponse, record: RequestRecord) {
    const refusedKey = await applyPartnerKey(req, record);
    if (refusedKey) return refuse(res, record, refusedKey.status, refusedKey.error);
    const key = responseCache?.keyOf(req, requestBody(req)) ?? null;
    const answer = key === null ? null : await sharedAnswer(key);
    if (answer) {
      Object.assign(record, { cache: answer.cache, operationName: answer.response.operationName, cost: answer.response.cost ?? 1 });
      await counted(record);
      setRateLimitHeaders(res, record);
      return replay(req, res, answer.response);
    }
    record.cache = key === null ? 'bypass' : 'miss';
    const refused = refusedSource(req);
    if (refused) return refuse(res, record, 400, refused);
    const settle = key === null ? undefined : responseCache!.begin(key);
    try {
      await serve(req, res, record, settle);
    } finally {
      // No-op when serve shared its response; otherwise the requests waiting for it compute their own.
      settle?.();
    }
  }

  /** The answer to `key` from the cache, or from an identical request computing it now; null when neither has one. */
  async function sharedAnswer(key: string): Promise<{ response: CachedResponse; cache: 'hit' | 'shared' } | null> {
    const stored = responseCache!.get(key);
    if (stored) return { response: stored, cache: 'hit' };
    const computed = await responseCache!.pending(key);
    return computed ? { response: computed, cache: 'shared' } : null;
  }

  /**
   * `X-Api-Key`: the partner's key replaces the caller's address as the
   * rate-limit client, with the key's budget. A key restricted to its
   * registered operations runs those only: sent whole, or by their SHA-256
   * alone (automatic persisted queries), in which case the document is
   * filled in from the registration. Returns the refusal, if any.
   */
  async function applyPartnerKey(req: http.IncomingMessage, record: RequestRecord): Promise<{ status: number; error: GraphQLFormattedError } | null> {
    const header = req.headers['x-api-key'];
    if (header === undefined) return null;
    if (req.headers.authorization !== undefined) {
      return { status: 400, error: { message: 'Send an API key (X-Api-Key) or an access token (Authorization), not both.', extensions: { code: ErrorCode.BAD_USER_INPUT } } };
    }
    const partner = typeof header === 'string' ? await partnerKeys.resolve(header) : null;
    if (!partner) return { status: 401, error: { message: 'The API key is unknown or has been revoked.', extensions: { code: ErrorCode.UNAUTHENTICATED } } };
    record.partner = partner;
    if (rateLimits) record.client = { id: `key:${partner.id}`, limit: partner.pointsPerHour };
    if (!partner.persistedQueriesOnly) return null;
    const request = operationRequest(req);
    const hash = request.hash ?? (typeof request.query === 'string' ? documentHash(request.query) : null);
    const document = hash === null ? undefined : partner.operations.get(hash);
    if (document === undefined) {
      return {
        status: 403,
        error: {
          message: 'This API key runs only the operations registered for it, and this is not one of them. Send a registered one (whole, or its SHA-256 as extensions.persistedQuery.sha256Hash), or ask an admin to register it.',
          extensions: { code: ErrorCode.PERSISTED_QUERY_NOT_ALLOWED },
        },
      };
    }
    if (typeof request.query !== 'string') request.supply(document);
    return null;
  }

  /** Counts a request answered without Apollo (from the cache) against the caller's points; sets the headers. */
  async function counted(record: RequestRecord) {
    if (rateLimits && record.client) record.rateLimit = await rateLimits.consume(record.client, record.cost ?? 1);
  }

  /** RATE_LIMITED from the counting, or an unexpected failure (logged, answered with the request id). */
  function answerFailure(res: http.ServerResponse, record: RequestRecord, failure: unknown) {
    if (failure instanceof GraphQLError && failure.extensions.code === ErrorCode.RATE_LIMITED) {
      for (const [name, value] of (failure.extensions.http as { headers: Map<string, string> }).headers) res.setHeader(name, value);
      return refuse(res, record, 429, formatForClient(failure));
    }
    logger.error({ requestId: record.requestId, err: failure }, 'graphql request failed');
    if (res.headersSent) return res.end();
    refuse(res, record, 500, { message: 'Internal server error', extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR, requestId: record.requestId } });
  }

  async function serve(req: http.IncomingMessage, res: http.ServerResponse, record: RequestRecord, keep?: (response: CachedResponse) => void) {
    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
    }
    const httpGraphQLRequest: HTTPGraphQLRequest = {
      method: (req.method ?? 'GET').toUpperCase(),
      headers,
      search: new URL(req.url ?? '/', 'http://hub').search,
      body: requestBody(req),
    };
    const response = await executions(() =>
      // A client that left while its request waited gets nothing executed: no one would read the answer.
      res.destroyed
        ? null
        : apollo.executeHTTPGraphQLRequest({
            httpGraphQLRequest,
            context: () => createRequestContext(orm, { ...shared, authorization: req.headers.authorization }),
          }),
    );
    if (!response) return;
    for (const [key, value] of response.headers) res.setHeader(key, value);
    if (!response.headers.has('x-ratelimit-limit')) setRateLimitHeaders(res, record);
    // Only answers the cache policy marked reusable say so; everything else (errors before
    // execution included) must not be stored anywhere.
    if (!response.headers.has('cache-control')) res.setHeader('cache-control', 'no-store');
    res.statusCode = response.status ?? 200;
    if (response.body.kind === 'complete') {
      const body = response.body.string;
      const encoded = await encodeBody(body, contentCodingOf(req));
      endWithBody(res, encoded);
      keep?.({ status: res.statusCode, headers: [...response.headers], body, encoded: encoded.coding === 'identity' ? undefined : encoded, storedAt: Date.now(), operationName: record.operationName, cost: record.cost });
      return;
    }
    // Incremental delivery goes out as it comes, uncompressed: a compressor would hold the parts back.
    for await (const chunk of response.body.asyncIterator) res.write(chunk);
    res.end();
  }

  function finished(record: RequestRecord, status: number) {
    // Refused before its cost was known (malformed, over a query limit…): it still costs a point.
    if (rateLimits && record.client && !record.rateLimit && status !== 429) rateLimits.consume(record.client, 1).catch(() => {});
    metrics.record(record, status);
    logger.info(
      {
        requestId: record.requestId,
        operationName: record.operationName ?? null,
        status,
        durationMs: Math.round((performance.now() - record.startedAt) * 10) / 10,
        nodes: record.nodes ?? null,
        cost: record.cost ?? null,
        viewer: record.viewer ?? null,
        partner: record.partner?.name ?? null,
        cache: record.cache ?? 'bypass',
        errors: record.errorCodes,
      },
      'graphql',
    );
  }
}

/**
 * Fills the request's record from Apollo's side: the operation's name, who
 * asked, and the codes of the errors in the response.
 */
export const recordingPlugin: ApolloServerPlugin<RequestContext> = {
  async requestDidStart() {
    return {
      async didResolveOperation({ operationName }) {
        const record = currentRequest();
        if (record) record.operationName = operationName;
      },
      async willSendResponse({ response, contextValue }) {
        const record = currentRequest();
        if (!record) return;
        record.viewer = contextValue?.roles?.viewer?.personKey ?? null;
        if (response.body.kind !== 'single') return;
        for (const error of response.body.singleResult.errors ?? []) record.errorCodes.push(String(error.extensions?.code ?? ErrorCode.INTERNAL_SERVER_ERROR));
      },
    };
  },
};

/** X-RateLimit-* for a request that was counted. */
function setRateLimitHeaders(res: http.ServerResponse, record: RequestRecord) {
  if (record.rateLimit) for (const [name, value] of rateLimitHeaders(record.rateLimit)) res.setHeader(name, value);
}

/** Answers with one error, noting its code in the record. */
function refuse(res: http.ServerResponse, record: RequestRecord, status: number, error: GraphQLFormattedError) {
  record.errorCodes.push(String(error.extensions?.code));
  res.statusCode = status;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.setHeader('cache-control', 'no-store');
  res.end(JSON.stringify({ errors: [error] }));
}

/** A QUERY_LIMIT_EXCEEDED error (formatted) when the request's document is too long or has too many tokens. */
function refusedSource(req: http.IncomingMessage): GraphQLFormattedError | null {
  const body = requestBody(req) as { query?: unknown } | undefined;
  const source = req.method === 'GET' ? new URL(req.url ?? '/', 'http://hub').searchParams.get('query') : body?.query;
  if (typeof source !== 'string') return null;
  try {
    checkSource(source);
    return null;
  } catch (error) {
    if (!(error instanceof GraphQLError)) throw error;
    return formatForClient(error);
  }
}

/**
 * The operation a request carries, from its JSON body (POST) or its URL
 * (GET): the document, the persisted-query hash, and a way to fill in the
 * document when only the hash was sent.
 */
function operationRequest(req: http.IncomingMessage): { query: unknown; hash: string | null; supply(document: string): void } {
  if (req.method === 'GET') {
    const url = new URL(req.url ?? '/', 'http://hub');
    let extensions: { persistedQuery?: { sha256Hash?: unknown } } | undefined;
    try {
      extensions = JSON.parse(url.searchParams.get('extensions') ?? 'null') ?? undefined;
    } catch {
      extensions = undefined;
    }
    const hash = extensions?.persistedQuery?.sha256Hash;
    return {
      query: url.searchParams.get('query') ?? undefined,
      hash: typeof hash === 'string' ? hash : null,
      supply(document) {
        url.searchParams.set('query', document);
        req.url = `${url.pathname}${url.search}`;
      },
    };
  }
  const body = requestBody(req) as { query?: unknown; extensions?: { persistedQuery?: { sha256Hash?: unknown } } } | undefined;
  const hash = body?.extensions?.persistedQuery?.sha256Hash;
  return {
    query: body?.query,
    hash: typeof hash === 'string' ? hash : null,
    supply(document) {
      if (body && typeof body === 'object') body.query = document;
    },
  };
}

/** The parsed JSON body (body-parser leaves none for other content types). */
function requestBody(req: http.IncomingMessage): unknown {
  return 'body' in req ? req.body : undefined;
}

function statusOf(error: unknown): number {
  const status = (error as { status?: number }).status;
  return typeof status === 'number' && status >= 400 && status < 500 ? status : 400;
}

function messageOf(error: unknown): string {
  return (error as { type?: string }).type === 'entity.too.large' ? `Request body larger than ${BODY_LIMIT}.` : 'Malformed request body.';
}
