import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer, HeaderMap, type HTTPGraphQLRequest } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import type { MikroORM } from '@mikro-orm/postgresql';
import bodyParser from 'body-parser';
import { getOperationAST, GraphQLError, type GraphQLFormattedError } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import { authenticate, type Viewer } from './auth/viewer.js';
import { DEFAULT_RESPONSE_CACHE_MB, type Config } from './config.js';
import { createDb } from './db/sql.js';
import { CommittedChanges } from './events/committed-changes.js';
import { HubEventBus } from './events/event-bus.js';
import { announceCommittedEvents, PostgresWakeups, RedisWakeups, type WakeupTransport } from './events/wakeups.js';
import { webinarCalendar } from './webinars/webinar.calendar.js';
import { createRequestContext, createSubscriptionContext, type RequestContext } from './graphql/context.js';
import { cachePolicyPlugins } from './graphql/cache-policy.js';
import { ErrorCode } from './graphql/errors.js';
import { replay, ResponseCache, type CachedResponse } from './graphql/response-cache.js';
import { hubSchema } from './graphql/schema.js';
import { checkSource, queryLimitsPlugin, withLimitCode } from './graphql/query-limits.js';
import { hubValidationRules, prepareOperation, withoutSuggestions } from './graphql/validation.js';

export interface HubServer {
  /** Where the GraphQL endpoint listens, e.g. http://localhost:4000/graphql. */
  url: string;
  port: number;
  /** This instance's view of committed hub events (for tests and metrics). */
  events: HubEventBus;
  /** What this instance has heard of committed writes (the response cache follows it). */
  changes: CommittedChanges;
  /**
   * Completes every subscription and closes the WebSockets, stops accepting
   * HTTP connections and lets in-flight requests finish, then stops listening
   * for events.
   */
  close(): Promise<void>;
}

export interface HubServerOptions {
  orm: MikroORM;
  config: Pick<Config, 'env' | 'host' | 'port' | 'redisUrl'> & Partial<Pick<Config, 'responseCacheMb'>>;
  log?: (line: string) => void;
  /** Keep-alive ping interval for WebSockets (tests shorten it). */
  keepAliveMs?: number;
}

/** Largest request body accepted; GraphQL documents and variables are small. */
const BODY_LIMIT = '1mb';

/** `/ical/webinars.ics` (every group) or `/ical/groups/<slug>.ics`. */
const CALENDAR_PATH = /^\/ical\/(?:webinars|groups\/([a-z0-9-]{1,100}))\.ics$/;

/** How long a WebSocket client has to send connection_init (graphql-ws closes with 4408 after). */
const CONNECTION_INIT_TIMEOUT_MS = 3_000;
/** How often idle WebSockets are pinged to keep them (and intermediaries) alive. */
const KEEP_ALIVE_MS = 12_000;

/**
 * Serves GraphQL over HTTP and over graphql-ws WebSockets on the same port
 * and path (/graphql), plus the health endpoints.
 */
export async function startHubServer({ orm, config, log = () => {}, keepAliveMs = KEEP_ALIVE_MS }: HubServerOptions): Promise<HubServer> {
  // One read-only handle for the instance-wide readers: the event bus, token checks at
  // connection_init, subscriptions and calendar feeds. Requests get their own fork.
  const readEm = orm.em.fork();
  const readDb = createDb(readEm);
  const events = new HubEventBus(readDb, eventWakeups(orm, config.redisUrl, log), log);
  await events.start();
  const changes = new CommittedChanges(orm, log);
  await changes.start();
  const responseCacheMb = config.responseCacheMb ?? DEFAULT_RESPONSE_CACHE_MB;
  const responseCache = responseCacheMb > 0 ? new ResponseCache(changes, responseCacheMb * 1024 * 1024) : null;
  const schema = await hubSchema();
  const httpServer = http.createServer();
  const apollo = new ApolloServer<RequestContext>({
    schema,
    introspection: true,
    validationRules: hubValidationRules,
    // No "Did you mean …?" in production: it maps the schema for whoever probes it.
    hideSchemaDetailsFromClientErrors: config.env === 'production',
    // One operation per request: an array of operations is refused (400).
    allowBatchedHttpRequests: false,
    includeStacktraceInErrorResponses: config.env === 'development',
    formatError: (formatted, error) => maskUnexpected(withLimitCode(formatted), error, config.env, log),
    plugins: [ApolloServerPluginDrainHttpServer({ httpServer }), queryLimitsPlugin, ...cachePolicyPlugins()],
    // main.ts owns SIGINT/SIGTERM: it stops this server, then the database, in that order.
    stopOnTerminationSignals: false,
  });
  await apollo.start();

  const parseJson = bodyParser.json({ limit: BODY_LIMIT });
  httpServer.on('request', (req, res) => {
    const path = new URL(req.url ?? '/', 'http://hub').pathname;
    if (path === '/graphql') {
      parseJson(req, res, (error?: unknown) => {
        if (error) return sendJson(res, statusOf(error), { errors: [{ message: messageOf(error), extensions: { code: ErrorCode.BAD_USER_INPUT } }] });
        const key = responseCache?.keyOf(req, requestBody(req)) ?? null;
        const cached = key === null ? undefined : responseCache!.get(key);
        if (cached) return replay(res, cached);
        const keep = key === null ? undefined : responseCache!.begin(key);
        serveGraphQL(apollo, orm, events, req, res, keep).catch((failure: unknown) => {
          log(`graphql request failed: ${String(failure)}`);
          if (!res.headersSent) sendJson(res, 500, { errors: [{ message: 'Internal server error', extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } }] });
          else res.end();
        });
      });
    } else if (req.method === 'GET' && CALENDAR_PATH.test(path)) {
      const [, groupSlug] = CALENDAR_PATH.exec(path)!;
      webinarCalendar(readDb, groupSlug ?? null).then(
        (feed) => {
          if (!feed) return sendJson(res, 404, { error: 'No working group has that slug.' });
          res.statusCode = 200;
          res.setHeader('content-type', 'text/calendar; charset=utf-8');
          res.setHeader('cache-control', 'public, max-age=300');
          res.end(feed.body);
        },
        (failure: unknown) => {
          log(`calendar feed failed: ${String(failure)}`);
          sendJson(res, 500, { error: 'Internal server error' });
        },
      );
    } else if (path === '/healthz') {
      sendJson(res, 200, { status: 'ok' });
    } else if (path === '/readyz') {
      orm.em
        .getConnection()
        .execute('select 1')
        .then(
          () => sendJson(res, 200, { status: 'ready' }),
          () => sendJson(res, 503, { status: 'database unreachable' }),
        );
    } else {
      sendJson(res, 404, { error: 'Not found. The GraphQL endpoint is /graphql.' });
    }
  });

  // graphql-ws on the same port and path: the same schema, tokens and context as HTTP.
  const wsServer = new WebSocketServer({ server: httpServer, path: '/graphql' });
  const subscriptions = useServer<Record<string, unknown>, { viewer: Viewer | null }>(
    {
      schema,
      // The same limits and validation as over HTTP, before anything runs.
      onSubscribe: (_ctx, _id, payload) => prepareOperation(schema, payload),
      connectionInitWaitTimeout: CONNECTION_INIT_TIMEOUT_MS,
      // A bad token closes the socket with 4403 Forbidden.
      onConnect: async (ctx) => {
        try {
          ctx.extra.viewer = await authenticate(readDb, connectionAuthorization(ctx.connectionParams));
          return true;
        } catch {
          return false;
        }
      },
      // Subscriptions share a read-only context per instance; queries and mutations sent
      // over the socket get their own, exactly as over HTTP.
      context: (ctx, _id, _payload, args) =>
        getOperationAST(args.document, args.operationName)?.operation === 'subscription'
          ? createSubscriptionContext({ em: readEm, db: readDb }, ctx.extra.viewer ?? null, events)
          : createRequestContext(orm, { events, viewer: ctx.extra.viewer ?? null }),
      onError: (_ctx, _id, _payload, errors) => {
        for (const error of errors) if (!error.extensions?.code) log(`subscription error: ${error.message}`);
        return errors.map((error) => {
          const { http: _http, ...extensions } = error.extensions;
          const formatted = { ...error.toJSON(), extensions };
          return config.env === 'production' ? withoutSuggestions(formatted) : formatted;
        });
      },
    },
    wsServer,
    keepAliveMs,
  );

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(config.port, config.host, () => resolve());
  });
  const { port } = httpServer.address() as AddressInfo;
  const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  return {
    url: `http://${host}:${port}/graphql`,
    port,
    events,
    changes,
    async close() {
      await subscriptions.dispose();
      await new Promise<void>((resolve) => wsServer.close(() => resolve()));
      await apollo.stop();
      await events.stop();
      await changes.stop();
    },
  };
}

/**
 * PostgreSQL's own NOTIFY by default; with Redis, writers publish a wake-up
 * after each commit that wrote events, and every instance subscribes.
 */
function eventWakeups(orm: MikroORM, redisUrl: string | undefined, log: (line: string) => void): WakeupTransport {
  if (!redisUrl) return new PostgresWakeups(orm.config.get('clientUrl')!, log);
  const redis = new RedisWakeups(redisUrl, log);
  announceCommittedEvents(orm, () => redis.announce());
  return redis;
}

/** The `Authorization` value a WebSocket client sent in connection_init (`authorization`, any case, or `token`). */
function connectionAuthorization(params: Readonly<Record<string, unknown>> | undefined): string | undefined {
  if (!params) return undefined;
  for (const [key, value] of Object.entries(params)) {
    if (key.toLowerCase() === 'authorization' && typeof value === 'string') return value;
  }
  return typeof params.token === 'string' ? `Bearer ${params.token}` : undefined;
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
    const { http: _http, ...extensions } = error.extensions;
    return { message: error.message, extensions };
  }
}

/** The parsed JSON body (body-parser leaves none for other content types). */
function requestBody(req: http.IncomingMessage): unknown {
  return 'body' in req ? req.body : undefined;
}

/** Runs one HTTP request through Apollo; `keep` receives complete responses (the response cache). */
async function serveGraphQL(
  apollo: ApolloServer<RequestContext>,
  orm: MikroORM,
  events: HubEventBus,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  keep?: (response: CachedResponse) => void,
) {
  const refused = refusedSource(req);
  if (refused) return sendJson(res, 400, { errors: [refused] });
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
  const response = await apollo.executeHTTPGraphQLRequest({
    httpGraphQLRequest,
    context: () => createRequestContext(orm, { events, authorization: req.headers.authorization }),
  });
  for (const [key, value] of response.headers) res.setHeader(key, value);
  res.statusCode = response.status ?? 200;
  if (response.body.kind === 'complete') {
    res.end(response.body.string);
    keep?.({ status: res.statusCode, headers: [...response.headers], body: response.body.string, storedAt: Date.now() });
    return;
  }
  for await (const chunk of response.body.asyncIterator) res.write(chunk);
  res.end();
}

/**
 * Errors the hub raised on purpose carry a code and go out as they are.
 * Anything else is a bug or an outage: it is logged in full and, outside
 * development, answered without its message (which may hold SQL).
 */
function maskUnexpected(formatted: GraphQLFormattedError, error: unknown, env: Config['env'], log: (line: string) => void): GraphQLFormattedError {
  if (formatted.extensions?.code !== ErrorCode.INTERNAL_SERVER_ERROR) return formatted;
  log(`unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  if (env === 'development') return formatted;
  return { message: 'Internal server error', locations: formatted.locations, path: formatted.path, extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } };
}

function sendJson(res: http.ServerResponse, status: number, body: unknown) {
  res.statusCode = status;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.end(JSON.stringify(body));
}

function statusOf(error: unknown): number {
  const status = (error as { status?: number }).status;
  return typeof status === 'number' && status >= 400 && status < 500 ? status : 400;
}

function messageOf(error: unknown): string {
  return (error as { type?: string }).type === 'entity.too.large' ? `Request body larger than ${BODY_LIMIT}.` : 'Malformed request body.';
}
