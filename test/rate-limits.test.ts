import type { Client } from 'graphql-ws';
import { castRoles, type RoleCast } from './support/roles.js';
import { wsClient } from './support/subscriber.js';
import { startTestHub, type TestHub } from './support/test-hub.js';

const BUDGETS = { anonymous: 6, signedIn: 9 };

interface Answer {
  status: number;
  headers: Headers;
  body: { data?: { rateLimit?: { cost: number; limit: number; used: number; remaining: number; resetAt: string } | null } & Record<string, unknown>; errors?: { message: string; extensions?: Record<string, unknown> }[] };
}

async function post(hub: TestHub, query: string, token?: string): Promise<Answer> {
  const response = await fetch(hub.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query }),
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as Answer['body'] };
}

const RATE = 'rateLimit { cost limit used remaining resetAt }';

describe('rate limits (points per hour)', () => {
  let hub: TestHub;
  let cast: RoleCast;
  beforeAll(async () => {
    hub = await startTestHub({ rateLimits: BUDGETS });
    cast = await castRoles(hub, 'open-data');
  });
  afterAll(() => hub.close());

  it('count every anonymous request by address, say where it stands, and refuse with RATE_LIMITED once spent', async () => {
    const first = await post(hub, `{ ${RATE} workingGroups { totalCount } }`);
    expect(first.status).toBe(200);
    expect(first.body.data!.rateLimit).toMatchObject({ cost: 1, limit: 6, used: 1, remaining: 5 });
    expect(Date.parse(first.body.data!.rateLimit!.resetAt)).toBeGreaterThan(Date.now() + 3_500_000);
    expect(first.headers.get('cache-control')).toBe('no-store');
    expect([first.headers.get('x-ratelimit-limit'), first.headers.get('x-ratelimit-remaining'), first.headers.get('x-ratelimit-used')]).toEqual(['6', '5', '1']);
    expect(Number(first.headers.get('x-ratelimit-reset'))).toBeGreaterThan(Date.now() / 1000);

    // The same question twice: the second answer comes from the response cache, and still counts.
    const cached = '{ workingGroups { nodes { slug } } }';
    await post(hub, cached);
    const again = await post(hub, cached);
    expect(again.headers.get('age')).not.toBeNull();
    expect(again.headers.get('x-ratelimit-used')).toBe('3');

    // A refused document still costs a point.
    await post(hub, '{ workingGroupz }');
    await post(hub, '{ workingGroups { totalCount } }');
    const last = await post(hub, `{ ${RATE} }`);
    expect(last.body.data!.rateLimit).toMatchObject({ used: 6, remaining: 0 });

    const refused = await post(hub, '{ workingGroups { totalCount } }');
    expect(refused.status).toBe(429);
    expect(refused.body.errors).toHaveLength(1);
    expect(refused.body.errors![0].extensions).toMatchObject({ code: 'RATE_LIMITED', retryAfter: expect.any(Number), rateLimit: { limit: 6, remaining: 0 } });
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(3_500);
    expect(refused.headers.get('x-ratelimit-remaining')).toBe('0');
    const refusedFromCache = await post(hub, cached);
    expect(refusedFromCache.status).toBe(429);

    // Signed-in callers have their own, larger budget.
    const signedIn = await post(hub, `{ ${RATE} }`, cast.tokens.reformer);
    expect(signedIn.body.data!.rateLimit).toMatchObject({ limit: 9, used: 1, remaining: 8 });
  });

  it('charge a query by the requests its paged lists would take, GitHub\'s way', async () => {
    const query = `{ ${RATE} workingGroups(first: 100) { nodes { resources(first: 100) { totalCount } members(first: 100) { totalCount } peerExchangeRequests(first: 100) { totalCount } } } }`;
    const answer = await post(hub, query, cast.tokens.curatorOfThisGroup);
    // 1 request for the groups, then 3 lists for each of up to 100 groups: 301 requests, 3 points.
    expect(answer.body.data!.rateLimit).toMatchObject({ cost: 3, used: 3 });
  });
});

describe('client addresses', () => {
  const forwardedFor = async (hub: TestHub, chain: string) => {
    const response = await fetch(hub.url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': chain }, body: JSON.stringify({ query: `{ ${RATE} }` }) });
    return ((await response.json()) as Answer['body']).data!.rateLimit!.used;
  };

  it('behind trusted proxies, come from X-Forwarded-For, and the entries a client wrote itself are ignored', async () => {
    const hub = await startTestHub({ rateLimits: BUDGETS, trustedProxies: 1 });
    try {
      expect(await forwardedFor(hub, '203.0.113.5')).toBe(1);
      expect(await forwardedFor(hub, '203.0.113.5')).toBe(2);
      expect(await forwardedFor(hub, '198.51.100.7')).toBe(1);
      // A client claiming another address in front of the one our proxy saw is still the one it saw.
      expect(await forwardedFor(hub, '192.0.2.1, 203.0.113.5')).toBe(3);
    } finally {
      await hub.close();
    }
  });

  it('without trusted proxies, are the connection\'s: X-Forwarded-For cannot buy a fresh budget', async () => {
    const hub = await startTestHub({ rateLimits: BUDGETS });
    try {
      expect(await forwardedFor(hub, '203.0.113.5')).toBe(1);
      expect(await forwardedFor(hub, '198.51.100.7')).toBe(2);
    } finally {
      await hub.close();
    }
  });
});

describe('rate-limit counters', () => {
  it('are shared by every instance on the database', async () => {
    const one = await startTestHub({ rateLimits: BUDGETS });
    const two = await startTestHub({ databaseUrl: one.databaseUrl, rateLimits: BUDGETS });
    try {
      await post(one, '{ workingGroups { totalCount } }');
      await post(one, '{ workingGroups { totalCount } }');
      const seenByTwo = await post(two, `{ ${RATE} }`);
      expect(seenByTwo.body.data!.rateLimit).toMatchObject({ used: 3, remaining: 3 });
    } finally {
      await two.close();
      await one.close();
    }
  });

  const redisUrl = process.env.TEST_REDIS_URL;
  (redisUrl ? it : it.skip)('live in Redis when REDIS_URL is set, apart for each database', async () => {
    const one = await startTestHub({ rateLimits: BUDGETS, redisUrl });
    const two = await startTestHub({ databaseUrl: one.databaseUrl, rateLimits: BUDGETS, redisUrl });
    const elsewhere = await startTestHub({ rateLimits: BUDGETS, redisUrl });
    try {
      await post(one, '{ workingGroups { totalCount } }');
      expect((await post(two, `{ ${RATE} }`)).body.data!.rateLimit).toMatchObject({ used: 2, remaining: 4 });
      const [{ count }] = await one.sql(`select count(*)::int as count from rate_limit_counter`);
      expect(count).toBe(0);
      // Another database on the same Redis (another deployment) keeps its own counts.
      expect((await post(elsewhere, `{ ${RATE} }`)).body.data!.rateLimit).toMatchObject({ used: 1 });
    } finally {
      await elsewhere.close();
      await two.close();
      await one.close();
    }
  });
});

describe('over WebSocket', () => {
  let hub: TestHub;
  let ws: Client;
  beforeAll(async () => {
    hub = await startTestHub({ rateLimits: BUDGETS });
    ws = wsClient(hub.url);
  });
  afterAll(async () => {
    await ws.dispose();
    await hub.close();
  });

  const overWs = (query: string) =>
    new Promise<{ data?: unknown; errors?: { extensions?: Record<string, unknown> }[] }>((resolve) => {
      let data: unknown;
      ws.subscribe({ query }, { next: (value) => (data = value), error: (errors) => resolve({ errors: errors as never }), complete: () => resolve(data as never) });
    });

  it('each operation is counted against the connection\'s client, the same budget as over HTTP', async () => {
    expect(await overWs(`{ ${RATE} }`)).toEqual({ data: { rateLimit: null } });
    await overWs('{ workingGroups { totalCount } }');
    expect((await post(hub, `{ ${RATE} }`)).body.data!.rateLimit).toMatchObject({ used: 3 });
    for (let i = 0; i < 3; i++) await overWs('{ workingGroups { totalCount } }');
    const refused = await overWs('{ workingGroups { totalCount } }');
    expect(refused.errors?.[0].extensions).toMatchObject({ code: 'RATE_LIMITED' });
    expect(refused.errors?.[0].extensions?.http).toBeUndefined();
  });
});

describe('leased points', () => {
  // 205 points an hour: leases of 2 (a hundredth of the budget), and 1 for the last point.
  const LEASED = { anonymous: 205, signedIn: 9 };
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub({ rateLimits: LEASED });
  });
  afterAll(() => hub.close());

  const counted = async () => (await hub.sql(`select coalesce(sum(points), 0)::int as points from rate_limit_counter`))[0].points as number;

  it('take a hundredth of the budget from the shared counter at once, spend it locally, and report what is left', async () => {
    const first = await post(hub, `{ ${RATE} }`);
    expect(first.body.data!.rateLimit).toMatchObject({ used: 1, remaining: 204 });
    expect(await counted()).toBe(2); // the lease: one counter update for two requests
    const second = await post(hub, `{ ${RATE} }`);
    expect(second.body.data!.rateLimit).toMatchObject({ used: 2, remaining: 203 });
    expect(await counted()).toBe(2);
    const third = await post(hub, `{ ${RATE} }`);
    expect(third.headers.get('x-ratelimit-remaining')).toBe('202');
    expect(await counted()).toBe(4);
  });

  it('spend the budget to its last point, exactly, then refuse', async () => {
    let used = 3;
    while (used < LEASED.anonymous) {
      const answer = await post(hub, '{ workingGroups { totalCount } }');
      expect(answer.status).toBe(200);
      used += 1;
      expect(answer.headers.get('x-ratelimit-used')).toBe(String(used));
    }
    expect(await counted()).toBe(LEASED.anonymous);
    const refused = await post(hub, '{ workingGroups { totalCount } }');
    expect(refused.status).toBe(429);
    expect(refused.body.errors![0].extensions).toMatchObject({ code: 'RATE_LIMITED', rateLimit: { limit: LEASED.anonymous, remaining: 0 } });
  });
});
