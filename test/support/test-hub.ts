import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { MikroORM } from '@mikro-orm/postgresql';
import { print, type GraphQLFormattedError } from 'graphql';
import type { Logger } from 'pino';
import type { RateLimitBudgets } from '../../src/ratelimits/rate-limits.js';
import { accessTokenService } from '../../src/auth/access-token.service.js';
import { ormOptions } from '../../src/db/orm-options.js';
import { Person } from '../../src/people/person.entity.js';
import { startHubServer, type HubServer } from '../../src/server.js';
import { cloneTemplate } from './test-database.js';

export interface GraphQLResponse<TData> {
  status: number;
  data?: TData | null;
  errors?: GraphQLFormattedError[];
}

/** A hub serving HTTP on a free port, on the test file's own copy of the seeded database. */
export interface TestHub {
  url: string;
  /** The test file's own database (a clone of the seeded template). */
  databaseUrl: string;
  /** The server's view of committed events. */
  events: HubServer['events'];
  orm: MikroORM;
  /** Sends an operation over real HTTP, as a partner site would; with `token`, as that signed-in person. */
  graphql<TData, TVariables>(
    document: TypedDocumentNode<TData, TVariables>,
    variables?: TVariables,
    options?: { token?: string },
  ): Promise<GraphQLResponse<TData>>;
  /** Issues an access token for the person with this e-mail (optionally making them an admin). */
  tokenFor(email: string, options?: { admin?: boolean }): Promise<string>;
  /** What the server has heard of committed writes. */
  changes: HubServer['changes'];
  /**
   * Runs SQL on the test file's database (to arrange data or check it), `?`
   * placeholders; resolves once the server has heard of what it wrote, so the
   * next request sees it.
   */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  sql(query: string, params?: unknown[]): Promise<any[]>;
  /** Sends a raw body (for malformed requests), optionally with a bearer token. */
  post(body: unknown, token?: string): Promise<GraphQLResponse<unknown>>;
  close(): Promise<void>;
}

export async function startTestHub(
  options: { databaseUrl?: string; keepAliveMs?: number; redisUrl?: string; responseCacheMb?: number; env?: 'test' | 'production'; logger?: Logger; corsOrigins?: string[]; rateLimits?: RateLimitBudgets | false; trustedProxies?: number; poolMax?: number; maxConcurrentRequests?: number } = {},
): Promise<TestHub> {
  const databaseUrl = options.databaseUrl ?? (await cloneTemplate());
  const orm = await MikroORM.init(ormOptions({ clientUrl: databaseUrl, poolMax: options.poolMax ?? 4 }));
  let server: HubServer;
  try {
    server = await startHubServer({ orm, config: { env: options.env ?? 'test', host: '127.0.0.1', port: 0, redisUrl: options.redisUrl, responseCacheMb: options.responseCacheMb, corsOrigins: options.corsOrigins, rateLimits: options.rateLimits, trustedProxies: options.trustedProxies, maxConcurrentRequests: options.maxConcurrentRequests }, log: (line) => console.error(line), logger: options.logger, keepAliveMs: options.keepAliveMs });
  } catch (error) {
    await orm.close(true);
    throw error;
  }
  const post = async (body: unknown, token?: string) => {
    const response = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    return { status: response.status, ...((await response.json()) as object) };
  };
  return {
    url: server.url,
    databaseUrl,
    events: server.events,
    changes: server.changes,
    orm,
    graphql: (document, variables, options) => post({ query: print(document), variables }, options?.token) as never,
    post,
    async tokenFor(email, options = {}) {
      const em = orm.em.fork();
      const person = await em.findOneOrFail(Person, { email });
      return (await accessTokenService.issue(em, person, 'test', { makeAdmin: options.admin })).token;
    },
    async sql(query, params = []) {
      const rows = await orm.em.getConnection().execute(query, params);
      await server.changes.caughtUp();
      return rows;
    },
    async close() {
      await server.close();
      await orm.close(true);
    },
  };
}

/** The data of a response that must have succeeded; fails the test with the errors otherwise. */
export function dataOf<TData>(response: GraphQLResponse<TData>): TData {
  if (response.errors?.length || !response.data) {
    throw new Error(`GraphQL errors: ${JSON.stringify(response.errors ?? response)}`);
  }
  return response.data;
}

/** The `extensions.code` of each error of a response. */
export function errorCodes(response: GraphQLResponse<unknown>): unknown[] {
  return (response.errors ?? []).map((error) => error.extensions?.code);
}
