import { Writable } from 'node:stream';
import { pino } from 'pino';
import type { Client } from 'graphql-ws';
import { castRoles, type RoleCast } from './support/roles.js';
import { eventually, wsClient } from './support/subscriber.js';
import { startTestHub, type TestHub } from './support/test-hub.js';

/** Every JSON line the hub logged, parsed. */
const lines: Record<string, unknown>[] = [];
const captured = new Writable({
  write(chunk, _encoding, done) {
    for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
    done();
  },
});

let hub: TestHub;
let cast: RoleCast;
beforeAll(async () => {
  hub = await startTestHub({ logger: pino({ level: 'info' }, captured) });
  cast = await castRoles(hub, 'open-data');
});
afterAll(() => hub.close());

async function post(body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(hub.url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return { status: response.status, headers: response.headers, body: (await response.json()) as { data?: unknown; errors?: { message: string; extensions?: Record<string, unknown> }[] } };
}

const requestLine = (requestId: string) => lines.find((line) => line.msg === 'graphql' && line.requestId === requestId);

describe('request ids', () => {
  it('echoes a sane X-Request-Id and makes one up otherwise', async () => {
    const given = await post({ query: '{ workingGroups { totalCount } }' }, { 'x-request-id': 'partner-42.a:b' });
    expect(given.headers.get('x-request-id')).toBe('partner-42.a:b');
    const made = await post({ query: '{ workingGroups { totalCount } }' }, { 'x-request-id': 'no spaces <allowed>' });
    expect(made.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('structured logs', () => {
  it('write one JSON line per request: id, operation, status, duration, nodes, cost, viewer, cache outcome, error codes', async () => {
    const query = 'query GroupTitles { workingGroups(first: 5) { nodes { slug resources(first: 10) { nodes { title } } } } }';
    const signedIn = await post({ query }, { authorization: `Bearer ${cast.tokens.reformer}`, 'x-request-id': 'log-signed-in' });
    expect(signedIn.status).toBe(200);
    await eventually(() => requestLine('log-signed-in') !== undefined);
    expect(requestLine('log-signed-in')).toMatchObject({
      level: 30,
      operationName: 'GroupTitles',
      status: 200,
      nodes: 5 * (1 + 10 * 1) + 0,
      cost: 1,
      viewer: cast.people.reformer,
      cache: 'bypass',
      errors: [],
    });
    expect(requestLine('log-signed-in')!.durationMs).toEqual(expect.any(Number));

    await post({ query }, { 'x-request-id': 'log-anonymous-1' });
    await post({ query }, { 'x-request-id': 'log-anonymous-2' });
    await post({ query: '{ resources(first: 500) { totalCount } }' }, { 'x-request-id': 'log-refused' });
    await eventually(() => ['log-anonymous-1', 'log-anonymous-2', 'log-refused'].every((id) => requestLine(id)));
    expect(requestLine('log-anonymous-1')).toMatchObject({ viewer: null, cache: 'miss' });
    expect(requestLine('log-anonymous-2')).toMatchObject({ viewer: null, cache: 'hit', operationName: 'GroupTitles' });
    expect(requestLine('log-refused')).toMatchObject({ errors: ['BAD_USER_INPUT'] });
  });
});

describe('unexpected errors', () => {
  it('in production are answered with the request id alone (no message, stack or SQL) and logged with it', async () => {
    const production = await startTestHub({ databaseUrl: hub.databaseUrl, env: 'production', logger: pino({ level: 'info' }, captured) });
    try {
      await production.sql('alter table topic rename to topic_away');
      const answer = await fetch(production.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-request-id': 'broken-topics' },
        body: JSON.stringify({ query: '{ topics { slug } }' }),
      });
      const body = (await answer.json()) as { errors: { message: string; extensions: Record<string, unknown> }[] };
      expect(body.errors).toEqual([expect.objectContaining({ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR', requestId: 'broken-topics' } })]);
      expect(JSON.stringify(body)).not.toMatch(/topic_away|relation|select|stack/i);
      const logged = lines.find((line) => line.msg === 'unexpected error' && line.requestId === 'broken-topics');
      expect((logged?.err as { message?: string } | undefined)?.message).toBe('relation "topic" does not exist');
    } finally {
      await production.sql('alter table topic_away rename to topic');
      await production.close();
    }
  });
});

describe('/metrics', () => {
  let ws: Client;
  afterAll(() => ws?.dispose());

  it('counts requests by operation, status and cache outcome, errors by code, and shows the pool and WebSockets', async () => {
    await post({ query: 'query MetricsProbe { workingGroups { totalCount } }' });
    await post({ query: 'query MetricsProbe { workingGroups { totalCount } }' });
    await post({ query: '{ resources(first: 500) { totalCount } }' });
    ws = wsClient(hub.url);
    await new Promise<void>((resolve) => ws.on('connected', () => resolve()));
    const response = await fetch(hub.url.replace('/graphql', '/metrics'));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await response.text();
    expect(text).toMatch(/hub_graphql_requests_total\{operation="MetricsProbe",status="200",cache="miss"\} 1/);
    expect(text).toMatch(/hub_graphql_requests_total\{operation="MetricsProbe",status="200",cache="hit"\} 1/);
    expect(text).toMatch(/hub_graphql_request_duration_seconds_count\{operation="MetricsProbe"\} 2/);
    expect(text).toMatch(/hub_graphql_errors_total\{code="BAD_USER_INPUT"\} [1-9]/);
    expect(text).toMatch(/hub_db_pool_connections\{state="total"\} [1-9]/);
    expect(text).toMatch(/hub_websocket_connections 1/);
    expect(text).toMatch(/hub_process_cpu_seconds_total/);
  });
});

describe('/healthz and /readyz', () => {
  it('are alive and ready when the database answers and every migration is applied', async () => {
    expect((await fetch(hub.url.replace('/graphql', '/healthz'))).status).toBe(200);
    const ready = await fetch(hub.url.replace('/graphql', '/readyz'));
    expect([ready.status, await ready.json()]).toEqual([200, { status: 'ready' }]);
  });

  it('are not ready while a migration is pending', async () => {
    const [last] = await hub.sql('select * from mikro_orm_migrations order by id desc limit 1');
    await hub.sql('delete from mikro_orm_migrations where id = ?', [last.id]);
    const other = await startTestHub({ databaseUrl: hub.databaseUrl });
    try {
      const notReady = await fetch(other.url.replace('/graphql', '/readyz'));
      expect([notReady.status, await notReady.json()]).toEqual([503, { status: 'migrations pending' }]);
    } finally {
      await hub.sql('insert into mikro_orm_migrations (id, name, executed_at) values (?, ?, ?)', [last.id, last.name, last.executed_at]);
      await other.close();
    }
  });
});
