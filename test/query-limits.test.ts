import type { Client } from 'graphql-ws';
import { parse } from 'graphql';
import { measuredShape, measureOperation, QUERY_LIMITS } from '../src/graphql/query-limits.js';
import { hubSchema } from '../src/graphql/schema.js';
import { wsClient } from './support/subscriber.js';
import { startTestHub, type TestHub } from './support/test-hub.js';

let hub: TestHub;
let ws: Client;
beforeAll(async () => {
  hub = await startTestHub();
  ws = wsClient(hub.url);
});
afterAll(async () => {
  await ws.dispose();
  await hub.close();
});

interface Answer {
  status: number;
  body: { data?: unknown; errors?: { message: string; extensions?: Record<string, unknown> }[] } | null;
  text: string;
}

/** A raw HTTP POST, body as given (a string is sent as is). */
async function post(body: unknown, headers: Record<string, string> = { 'content-type': 'application/json' }): Promise<Answer> {
  const response = await fetch(hub.url, { method: 'POST', headers, body: typeof body === 'string' || body instanceof Uint8Array ? body : JSON.stringify(body) });
  const text = await response.text();
  let parsed: Answer['body'] = null;
  try {
    parsed = JSON.parse(text);
  } catch {
    // Not JSON: the test looks at the status and text.
  }
  return { status: response.status, body: parsed, text };
}

/** The same operation over graphql-ws: its errors, or its data. */
function overWebSocket(query: string, variables: Record<string, unknown> = {}): Promise<{ data?: unknown; errors?: { message: string; extensions?: Record<string, unknown> }[] }> {
  return new Promise((resolve) => {
    let data: unknown;
    ws.subscribe(
      { query, variables },
      {
        next: (result) => (data = result),
        error: (errors) => resolve({ errors: errors as { message: string; extensions?: Record<string, unknown> }[] }),
        complete: () => resolve(data as { data?: unknown }),
      },
    );
  });
}

const nested = (levels: number) => `{ workingGroups(first: 1) { nodes { ${nestedResources(levels)} } } }`;
/** `resources → workingGroups → resources …` nested `levels` times: a depth bomb made of real fields. */
function nestedResources(levels: number): string {
  let selection = 'slug';
  for (let i = 0; i < levels; i++) selection = `resources(first: 1) { nodes { workingGroups { ${selection} } } }`;
  return selection;
}

const NORMAL = '{ workingGroups(first: 5) { totalCount nodes { slug } } }';

/** After any refusal, the server still answers a normal request. */
async function stillServes() {
  const answer = await post({ query: NORMAL });
  expect(answer.status).toBe(200);
  expect(answer.body?.data).toMatchObject({ workingGroups: { totalCount: 5 } });
}

function expectLimit(errors: { extensions?: Record<string, unknown> }[] | undefined, limit: string, actual?: number) {
  expect(errors).toHaveLength(1);
  expect(errors![0].extensions).toMatchObject({ code: 'QUERY_LIMIT_EXCEEDED', limit, maximum: QUERY_LIMITS[limit as keyof typeof QUERY_LIMITS] });
  if (actual !== undefined) expect(errors![0].extensions!.actual).toBe(actual);
}

describe('query limits', () => {
  it('accept a real partner page (depth, aliases, nodes well inside the limits)', async () => {
    const query = `{
      a: workingGroup(slug: "open-data") { members(first: 50) { totalCount edges { node { name country { name } } } } resources(first: 20) { nodes { title topics { slug } } } }
      b: workingGroup(slug: "fiscal-openness") { name }
    }`;
    const answer = await post({ query });
    expect(answer.body?.errors).toBeUndefined();
    expect((await overWebSocket(query)).errors).toBeUndefined();
  });

  it('refuse a document nested deeper than the limit, saying how deep it is, on HTTP and WebSocket', async () => {
    const query = nested(6);
    const answer = await post({ query });
    expect(answer.status).toBe(400);
    expectLimit(answer.body?.errors, 'depth');
    expect(answer.body!.errors![0].extensions!.actual).toBeGreaterThan(QUERY_LIMITS.depth);
    expect(answer.body!.errors![0].message).toMatch(/levels of nesting; at most 12/);
    expectLimit((await overWebSocket(query)).errors, 'depth');
    await stillServes();
  });

  it('refuse more aliases than the limit', async () => {
    const query = `{ ${Array.from({ length: QUERY_LIMITS.aliases + 1 }, (_, i) => `g${i}: workingGroups(first: 1) { totalCount }`).join(' ')} }`;
    const answer = await post({ query });
    expectLimit(answer.body?.errors, 'aliases', QUERY_LIMITS.aliases + 1);
    expectLimit((await overWebSocket(query)).errors, 'aliases', QUERY_LIMITS.aliases + 1);
    await stillServes();
  });

  it('refuse more directives than the limit', async () => {
    const query = `{ workingGroups(first: 1) { ${'totalCount @include(if: true) '.repeat(QUERY_LIMITS.directives + 1)} } }`;
    const answer = await post({ query });
    expectLimit(answer.body?.errors, 'directives', QUERY_LIMITS.directives + 1);
    await stillServes();
  });

  it('refuse a document of more tokens than the limit before parsing it', async () => {
    const query = `{ ${'a '.repeat(QUERY_LIMITS.tokens)} }`;
    expect(query.length).toBeLessThan(QUERY_LIMITS.documentLength);
    const answer = await post({ query });
    expect(answer.status).toBe(400);
    expectLimit(answer.body?.errors, 'tokens');
    expect(answer.body!.errors![0].message).toMatch(/more than 5,000 tokens/);
    expectLimit((await overWebSocket(query)).errors, 'tokens');
    await stillServes();
  });

  it('refuse 10,000 aliases before parsing them', async () => {
    const query = `{ ${Array.from({ length: 10_000 }, (_, i) => `a${i}: __typename`).join(' ')} }`;
    const answer = await post({ query });
    expect(answer.status).toBe(400);
    expect(answer.body?.errors?.[0].extensions).toMatchObject({ code: 'QUERY_LIMIT_EXCEEDED', limit: 'documentLength' });
    await stillServes();
  });

  it('refuse a document longer than the limit, saying how long it is', async () => {
    const query = `{ workingGroups(first: 1) { totalCount } }${' '.repeat(QUERY_LIMITS.documentLength)}`;
    const answer = await post({ query });
    expect(answer.status).toBe(400);
    expectLimit(answer.body?.errors, 'documentLength', query.length);
    expectLimit((await overWebSocket(query)).errors, 'documentLength', query.length);
    await stillServes();
  });

  describe('on nodes (page sizes multiplied along the nesting, variables included)', () => {
    const query = `query Nested($n: Int) { workingGroups(first: $n) { nodes { peerExchangeRequests(first: $n) { nodes { suggestedExperts(first: $n) { score } } } } } }`;

    it('refuse an operation that may return more than 500,000 objects, with the count', async () => {
      const nodes = 100 * (1 + 100 * (1 + 100));
      const answer = await post({ query, variables: { n: 100 } });
      expect(answer.status).toBe(400);
      expectLimit(answer.body?.errors, 'nodes', nodes);
      expect(answer.body!.errors![0].message).toMatch(/up to 1,010,100 objects; at most 500,000/);
      expectLimit((await overWebSocket(query, { n: 100 })).errors, 'nodes', nodes);
      const literal = await post({ query: query.replace('query Nested($n: Int)', '').replaceAll('$n', '100') });
      expectLimit(literal.body?.errors, 'nodes', nodes);
      await stillServes();
    });

    it('run the same document with small pages', async () => {
      const answer = await post({ query, variables: { n: 3 } });
      expect(answer.status).toBe(200);
      expect(answer.body?.errors).toBeUndefined();
      expect((await overWebSocket(query, { n: 3 })).errors).toBeUndefined();
    });

    it('are measured once per shape of the variables: any search text shares a measure, a page size does not', async () => {
      const schema = await hubSchema();
      const document = parse(`query Find($q: String!, $n: Int, $filter: SearchFilter) { search(query: $q, first: $n, filter: $filter) { totalCount edges { cursor } } }`);
      const first = measureOperation(schema, document, null, { q: 'open budgets', n: 20 });
      expect(first).toEqual({ nodes: 20, cost: 1 });
      expect(measureOperation(schema, document, null, { q: 'beneficial ownership', n: 20 })).toBe(first);
      expect(measureOperation(schema, document, null, { q: 'open budgets', n: 50 })).toEqual({ nodes: 50, cost: 1 });
      // Variables that do not fit their types are measured as nothing, and that is not kept for valid ones of their shape.
      const badCountry = { q: 'audit', n: 20, filter: { countryCodes: ['Kenya'] } };
      expect(measureOperation(schema, document, null, badCountry)).toBeNull();
      expect(measureOperation(schema, document, null, { ...badCountry, filter: { countryCodes: ['KE'] } })).toEqual({ nodes: 20, cost: 1 });
      expect(measuredShape({ q: 'x', ids: ['a', 'b'], n: 3, on: true, filter: { kinds: ['REPORT'] } })).toEqual({ q: '', ids: ['', ''], n: 3, on: true, filter: { kinds: [''] } });
      // A shape too long to hold (thousands of IDs) is measured every time.
      const lookup = parse(`query Lookup($ids: [ID!]!) { nodes(ids: $ids) { id } }`);
      const manyIds = { ids: Array.from({ length: 2_000 }, (_, index) => `id-${index}`) };
      const measured = measureOperation(schema, lookup, null, manyIds);
      expect(measured).toEqual({ nodes: 100, cost: 1 });
      expect(measureOperation(schema, lookup, null, manyIds)).not.toBe(measured);
      const fewIds = { ids: ['a', 'b'] };
      expect(measureOperation(schema, lookup, null, fewIds)).toBe(measureOperation(schema, lookup, null, fewIds));
    });

    it('refuse an operation over the limit after variables of its shape that did not fit their types', async () => {
      const withCountry = `query Nested($n: Int, $code: CountryCode!) { workingGroups(first: $n) { nodes { peerExchangeRequests(first: $n) { nodes { suggestedExperts(first: $n) { score } } } } } country(code: $code) { name } }`;
      const refused = await post({ query: withCountry, variables: { n: 100, code: 'Kenya' } });
      expect(refused.status).toBe(400);
      expect(refused.body?.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      expectLimit((await post({ query: withCountry, variables: { n: 100, code: 'KE' } })).body?.errors, 'nodes', 100 * (1 + 100 * (1 + 100)));
    });

    it('count pages not given as 20 each', async () => {
      const unpaged = `{ workingGroups { nodes { peerExchangeRequests { nodes { suggestedExperts { score } } } } } }`;
      const answer = await post({ query: unpaged });
      expect(answer.body?.errors).toBeUndefined();
    });
  });
});

describe('abuse', () => {
  it('first: 1000000, as a literal and as a variable: BAD_USER_INPUT naming the argument', async () => {
    for (const request of [
      { query: '{ resources(first: 1000000) { totalCount } }' },
      { query: 'query Big($n: Int) { resources(first: $n) { totalCount } }', variables: { n: 1_000_000 } },
    ]) {
      const answer = await post(request);
      expect(answer.body?.errors?.map((error) => error.extensions)).toEqual([expect.objectContaining({ code: 'BAD_USER_INPUT', argument: 'first' })]);
    }
    await stillServes();
  });

  it('an array of 1,000 operations is refused as a whole', async () => {
    const answer = await post(Array.from({ length: 1000 }, () => ({ query: NORMAL })));
    expect(answer.status).toBe(400);
    expect(answer.text).toMatch(/batch/i);
    await stillServes();
  });

  it('malformed JSON, a wrong content type and invalid UTF-8 get a 4xx with a message', async () => {
    const malformed = await post('{"query": "{ workingGroups { totalCount } }"');
    expect(malformed.status).toBe(400);
    expect(malformed.body?.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');

    const wrongType = await post(JSON.stringify({ query: NORMAL }), { 'content-type': 'text/plain' });
    expect(wrongType.status).toBeGreaterThanOrEqual(400);
    expect(wrongType.status).toBeLessThan(500);
    expect(wrongType.text.length).toBeGreaterThan(0);

    const invalidUtf8 = new Uint8Array([...Buffer.from('{"query": "{ workingGroups { totalCount '), 0xff, 0xfe, ...Buffer.from(' } }"}')]);
    const garbled = await post(invalidUtf8);
    expect(garbled.status).toBeGreaterThanOrEqual(400);
    expect(garbled.status).toBeLessThan(500);
    await stillServes();
  });

  it('a 1 MB document or huge variables: 413, nothing parsed', async () => {
    const big = await post({ query: `{ ${'__typename '.repeat(100_000)} }` });
    expect(big.status).toBe(413);
    expect(big.body?.errors?.[0].message).toMatch(/larger than 1mb/);
    const variables = await post({ query: NORMAL, variables: { filler: 'x'.repeat(1_100_000) } });
    expect(variables.status).toBe(413);
    await stillServes();
  });

  it('field suggestions are given in development and test, never in production', async () => {
    const query = '{ workingGroupz { totalCount } }';
    expect((await post({ query })).body?.errors?.[0].message).toMatch(/Did you mean .*"workingGroups"\?/);
    const production = await startTestHub({ databaseUrl: hub.databaseUrl, env: 'production' });
    const productionWs = wsClient(production.url);
    try {
      const answer = await production.post({ query });
      expect(answer.errors?.[0].message).toBe('Cannot query field "workingGroupz" on type "Query".');
      const overWs = await new Promise<{ message: string }[]>((resolve) =>
        productionWs.subscribe({ query }, { next: () => {}, error: (errors) => resolve(errors as { message: string }[]), complete: () => resolve([]) }),
      );
      expect(overWs.map((error) => error.message)).toEqual(['Cannot query field "workingGroupz" on type "Query".']);
    } finally {
      await productionWs.dispose();
      await production.close();
    }
  });
});
