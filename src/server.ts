import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import type { MikroORM } from '@mikro-orm/postgresql';
import { getOperationAST, type GraphQLFormattedError } from 'graphql';
import pLimit from 'p-limit';
import { pino, type Logger } from 'pino';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import { authenticate, type Viewer } from './auth/viewer.js';
import { DEFAULT_RATE_LIMITS, DEFAULT_RESPONSE_CACHE_MB, type Config } from './config.js';
import { createDb } from './db/sql.js';
import { CommittedChanges } from './events/committed-changes.js';
import { HubEventBus } from './events/event-bus.js';
import { announceCommittedEvents, PostgresWakeups, RedisWakeups, type WakeupTransport } from './events/wakeups.js';
import { webinarCalendar } from './webinars/webinar.calendar.js';
import { createRequestContext, createSubscriptionContext, type RequestContext, type SharedServices } from './graphql/context.js';
import { listCountries } from './countries/country.queries.js';
import { CountCache } from './graphql/pagination/count-cache.js';
import { ReferenceTable } from './graphql/reference-table.js';
import { listTopics } from './topics/topic.queries.js';
import { anchorSeat, listCurrentAnchors, listWorkingGroups } from './groups/group.queries.js';
import { cachePolicyPlugins } from './graphql/cache-policy.js';
import { ErrorCode, formatForClient } from './graphql/errors.js';
import { graphqlEndpoint, recordingPlugin } from './graphql/http-endpoint.js';
import { chain, corsFor } from './graphql/http-middleware.js';
import { ResponseCache } from './graphql/response-cache.js';
import { hubSchema } from './graphql/schema.js';
import { operationLimitsPlugin, withLimitCode } from './graphql/query-limits.js';
import { PartnerKeys } from './partners/partner-keys.js';
import { databaseNamespace, RateLimits, type RateLimitClient } from './ratelimits/rate-limits.js';
import { HubMetrics } from './ops/metrics.js';
import { currentRequest } from './ops/request-record.js';
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
   * Stops accepting connections, completes every subscription and closes
   * the WebSockets, lets in-flight requests finish, then stops listening for
   * events.
   */
  close(): Promise<void>;
}

export interface HubServerOptions {
  orm: MikroORM;
  config: Pick<Config, 'env' | 'host' | 'port' | 'redisUrl'> &
    Partial<Pick<Config, 'responseCacheMb' | 'corsOrigins' | 'rateLimits' | 'trustedProxies' | 'maxConcurrentRequests'>>;
  /** Operational lines: listeners lost and regained, failures outside a request. */
  log?: (line: string) => void;
  /** Structured logs: one line per GraphQL HTTP request, unexpected errors with their request id. */
  logger?: Logger;
  /** Keep-alive ping interval for WebSockets (tests shorten it). */
  keepAliveMs?: number;
}

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
export async function startHubServer({ orm, config, log = () => {}, logger = pino({ level: 'silent' }), keepAliveMs = KEEP_ALIVE_MS }: HubServerOptions): Promise<HubServer> {
  // One read-only handle for the instance-wide readers: the event bus, token checks at
  // connection_init, subscriptions and calendar feeds. Requests get their own fork.
  const readEm = orm.em.fork();
  const readDb = createDb(readEm);
  const events = new HubEventBus(readDb, eventWakeups(orm, config.redisUrl, log), log);
  await events.start();
  const changes = new CommittedChanges(orm, log);
  await changes.start();
  // The shared answers (whole responses to anonymous queries, list counts) are on unless RESPONSE_CACHE_MB=0.
  const responseCacheMb = config.responseCacheMb ?? DEFAULT_RESPONSE_CACHE_MB;
  const sharesAnswers = responseCacheMb > 0;
  const responseCache = sharesAnswers ? new ResponseCache(changes, responseCacheMb * 1024 * 1024) : null;
  const shared: SharedServices = {
    events,
    countries: new ReferenceTable(changes, () => listCountries(readDb), (country) => country.code),
    topics: new ReferenceTable(changes, () => listTopics(readDb), (topic) => topic.key),
    workingGroups: new ReferenceTable(changes, () => listWorkingGroups(readDb), (group) => group.key),
    currentAnchors: new ReferenceTable(changes, () => listCurrentAnchors(readDb), (anchor) => anchorSeat(anchor.workingGroupKey, anchor.sector)),
    counts: sharesAnswers ? new CountCache(changes) : null,
  };
  const pool = await orm.em.getConnection().getNativeClient();
  const budgets = config.rateLimits ?? DEFAULT_RATE_LIMITS;
  const rateLimits = budgets === false ? null : new RateLimits(
          budgets,
          config.redisUrl ? { redisUrl: config.redisUrl, namespace: databaseNamespace(orm.config.get('clientUrl')!) } : { pool },
          config.trustedProxies ?? 0,
        );
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
    // A GET, or a POST of a "simple" content type, must carry a header no browser sends
    // cross-site without a preflight (Apollo-Require-Preflight, X-Apollo-Operation-Name).
    csrfPrevention: true,
    includeStacktraceInErrorResponses: config.env === 'development',
    formatError: (formatted, error) => maskUnexpected(withLimitCode(formatted), error, config.env, logger),
    plugins: [ApolloServerPluginDrainHttpServer({ httpServer }), recordingPlugin, operationLimitsPlugin(rateLimits), ...cachePolicyPlugins()],
    // main.ts owns SIGINT/SIGTERM: it stops this server, then the database, in that order.
    stopOnTerminationSignals: false,
  });
  await apollo.start();

  // As many requests execute at once as the pool has connections, by default: see graphqlEndpoint.
  const executions = pLimit(config.maxConcurrentRequests ?? orm.config.get('pool').max ?? 10);
  const metrics = new HubMetrics({
    pool: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
    executions: () => ({ active: executions.activeCount, waiting: executions.pendingCount }),
    websockets: () => wsServer.clients.size,
  });
  const serveGraphQL = chain([corsFor(config.corsOrigins ?? [])], graphqlEndpoint({ apollo, executions, rateLimits, partnerKeys: new PartnerKeys(readDb, changes), orm, shared, responseCache, metrics, logger }));
  let migrationsApplied = false;
  httpServer.on('request', (req, res) => {
    const path = new URL(req.url ?? '/', 'http://hub').pathname;
    if (path === '/graphql') {
      serveGraphQL(req, res);
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
      // Ready: the database answers and holds every migration this code expects.
      orm.em
        .getConnection()
        .execute('select 1')
        .then(
          async () => {
            migrationsApplied ||= (await orm.migrator.getPending()).length === 0;
            if (migrationsApplied) sendJson(res, 200, { status: 'ready' });
            else sendJson(res, 503, { status: 'migrations pending' });
          },
          () => sendJson(res, 503, { status: 'database unreachable' }),
        )
        .catch(() => sendJson(res, 503, { status: 'database unreachable' }));
    } else if (path === '/metrics' && req.method === 'GET') {
      metrics.registry.metrics().then((text) => {
        res.statusCode = 200;
        res.setHeader('content-type', metrics.registry.contentType);
        res.end(text);
      });
    } else {
      sendJson(res, 404, { error: 'Not found. The GraphQL endpoint is /graphql.' });
    }
  });

  // graphql-ws on the same port and path: the same schema, tokens and context as HTTP.
  const wsServer = new WebSocketServer({ server: httpServer, path: '/graphql' });
  const subscriptions = useServer<Record<string, unknown>, { viewer: Viewer | null; client?: RateLimitClient }>(
    {
      schema,
      // The same limits and validation as over HTTP, before anything runs.
      // Each operation sent over the socket is counted against the connection's client.
      onSubscribe: (ctx, _id, payload) =>
        prepareOperation(schema, payload, ctx.extra.client && rateLimits ? (cost) => rateLimits.consume(ctx.extra.client!, cost) : undefined),
      connectionInitWaitTimeout: CONNECTION_INIT_TIMEOUT_MS,
      // A bad token closes the socket with 4403 Forbidden.
      onConnect: async (ctx) => {
        try {
          const authorization = connectionAuthorization(ctx.connectionParams);
          ctx.extra.viewer = await authenticate(readDb, authorization);
          ctx.extra.client = rateLimits?.clientOf(ctx.extra.request, authorization ?? '');
          return true;
        } catch {
          return false;
        }
      },
      // Subscriptions share a read-only context per instance; queries and mutations sent
      // over the socket get their own, exactly as over HTTP.
      context: (ctx, _id, _payload, args) =>
        getOperationAST(args.document, args.operationName)?.operation === 'subscription'
          ? createSubscriptionContext({ em: readEm, db: readDb, ...shared }, ctx.extra.viewer ?? null)
          : createRequestContext(orm, { ...shared, viewer: ctx.extra.viewer ?? null }),
      onError: (_ctx, _id, _payload, errors) => {
        for (const error of errors) if (!error.extensions?.code) log(`subscription error: ${error.message}`);
        return errors.map((error) => (config.env === 'production' ? withoutSuggestions(formatForClient(error)) : formatForClient(error)));
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
      // Stop accepting connections first (idle keep-alive ones close too); Apollo's drain
      // then waits for the requests in flight, after the subscriptions are completed.
      httpServer.close();
      await subscriptions.dispose();
      await new Promise<void>((resolve) => wsServer.close(() => resolve()));
      await apollo.stop();
      await events.stop();
      await changes.stop();
      await rateLimits?.close();
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

/**
 * Errors the hub raised on purpose carry a code and go out as they are.
 * Anything else is a bug or an outage: it is logged in full with the
 * request's id and, outside development, answered with that id but without
 * its message (which may hold SQL) or stack.
 */
function maskUnexpected(formatted: GraphQLFormattedError, error: unknown, env: Config['env'], logger: Logger): GraphQLFormattedError {
  if (formatted.extensions?.code !== ErrorCode.INTERNAL_SERVER_ERROR) return formatted;
  const requestId = currentRequest()?.requestId;
  logger.error({ requestId, err: error }, 'unexpected error');
  if (env === 'development') return { ...formatted, extensions: { ...formatted.extensions, requestId } };
  return { message: 'Internal server error', locations: formatted.locations, path: formatted.path, extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR, requestId } };
}

function sendJson(res: http.ServerResponse, status: number, body: unknown) {
  res.statusCode = status;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.end(JSON.stringify(body));
}


