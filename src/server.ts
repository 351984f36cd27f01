import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer, HeaderMap, type HTTPGraphQLRequest } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import type { MikroORM } from '@mikro-orm/postgresql';
import bodyParser from 'body-parser';
import type { GraphQLFormattedError } from 'graphql';
import type { Config } from './config.js';
import { createRequestContext, type RequestContext } from './graphql/context.js';
import { ErrorCode } from './graphql/errors.js';
import { hubSchema } from './graphql/schema.js';

export interface HubServer {
  /** Where the GraphQL endpoint listens, e.g. http://localhost:4000/graphql. */
  url: string;
  port: number;
  /** Stops accepting connections, lets in-flight requests finish, then stops GraphQL. */
  close(): Promise<void>;
}

export interface HubServerOptions {
  orm: MikroORM;
  config: Pick<Config, 'env' | 'host' | 'port'>;
  log?: (line: string) => void;
}

/** Largest request body accepted; GraphQL documents and variables are small. */
const BODY_LIMIT = '1mb';

/** Serves GraphQL at /graphql and the health endpoints, on one HTTP port. */
export async function startHubServer({ orm, config, log = () => {} }: HubServerOptions): Promise<HubServer> {
  const httpServer = http.createServer();
  const apollo = new ApolloServer<RequestContext>({
    schema: await hubSchema(),
    introspection: true,
    includeStacktraceInErrorResponses: config.env === 'development',
    formatError: (formatted, error) => maskUnexpected(formatted, error, config.env, log),
    plugins: [ApolloServerPluginDrainHttpServer({ httpServer })],
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
        serveGraphQL(apollo, orm, req, res).catch((failure: unknown) => {
          log(`graphql request failed: ${String(failure)}`);
          if (!res.headersSent) sendJson(res, 500, { errors: [{ message: 'Internal server error', extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } }] });
          else res.end();
        });
      });
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

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(config.port, config.host, () => resolve());
  });
  const { port } = httpServer.address() as AddressInfo;
  const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  return {
    url: `http://${host}:${port}/graphql`,
    port,
    close: () => apollo.stop(),
  };
}

async function serveGraphQL(apollo: ApolloServer<RequestContext>, orm: MikroORM, req: http.IncomingMessage, res: http.ServerResponse) {
  const headers = new HeaderMap();
  for (const [key, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
  }
  const httpGraphQLRequest: HTTPGraphQLRequest = {
    method: (req.method ?? 'GET').toUpperCase(),
    headers,
    search: new URL(req.url ?? '/', 'http://hub').search,
    body: 'body' in req ? req.body : undefined,
  };
  const response = await apollo.executeHTTPGraphQLRequest({
    httpGraphQLRequest,
    context: () => createRequestContext(orm, req.headers.authorization),
  });
  for (const [key, value] of response.headers) res.setHeader(key, value);
  res.statusCode = response.status ?? 200;
  if (response.body.kind === 'complete') {
    res.end(response.body.string);
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
