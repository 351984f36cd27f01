import pg from 'pg';
import { print } from 'graphql';
import { CommittedChanges } from '../src/events/committed-changes.js';
import { ReferenceTable } from '../src/graphql/reference-table.js';
import { ResponseCache } from '../src/graphql/response-cache.js';
import { CreateResourceDocument, GroupResourcesDocument, NodeByIdDocument, SubmitResourceDocument } from './generated/operations.js';
import { castRoles, globalId, type RoleCast } from './support/roles.js';
import { countSqlStatements } from './support/sql-statements.js';
import { eventually } from './support/subscriber.js';
import { dataOf, errorCodes, startTestHub, type TestHub } from './support/test-hub.js';

let hub: TestHub;
let cast: RoleCast;
let groupId: string;
beforeAll(async () => {
  hub = await startTestHub();
  cast = await castRoles(hub, 'open-data');
  groupId = globalId('WorkingGroup', cast.groupKey);
});
afterAll(() => hub.close());

/** A raw HTTP exchange, to see headers: the operation as a partner site sends it. */
async function send(document: Parameters<typeof print>[0], variables: Record<string, unknown>, headers: Record<string, string> = {}) {
  const response = await fetch(hub.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query: print(document), variables }),
  });
  return { status: response.status, headers: response.headers, body: await response.text() };
}

/**
 * The SQL statements one exchange ran to answer it, and the exchange. (Every
 * request is also counted against the caller's rate limit, one statement
 * on rate_limit_counter: that one is left out.)
 */
async function measured(document: Parameters<typeof print>[0], variables: Record<string, unknown>, headers: Record<string, string> = {}) {
  let exchange!: Awaited<ReturnType<typeof send>>;
  const { statements } = await countSqlStatements(async () => (exchange = await send(document, variables, headers)));
  return { ...exchange, statements: answering(statements) };
}

/** How many of `statements` answered the request (all but the rate-limit count). */
const answering = (statements: string[]) => statements.filter((statement) => !statement.includes('rate_limit_counter')).length;

/** A resource title unique to one test, so no earlier answer can already hold it. */
const uniqueTitle = (label: string) => `${label} ${Math.random().toString(36).slice(2, 10)}`;

const resourceFields = (title: string) => ({
  title,
  summary: 'A resource written by the response cache tests.',
  url: 'https://example.org/resources/cache',
  kind: 'GUIDE' as const,
  language: 'en',
  publishedOn: '2026-05-01',
  topics: ['data-portals'],
  countryCodes: ['MX'],
});

describe('answers to anonymous queries', () => {
  it('are public for a minute, and the next identical request is answered without running a query', async () => {
    const variables = { slug: 'open-data', first: 7 };
    const first = await measured(GroupResourcesDocument, variables);
    expect(first.status).toBe(200);
    expect(first.headers.get('cache-control')).toBe('max-age=60, public');
    expect(first.statements).toBeGreaterThan(0);
    const second = await measured(GroupResourcesDocument, variables);
    expect(second.statements).toBe(0);
    expect(second.body).toBe(first.body);
    expect(second.headers.get('cache-control')).toBe('max-age=60, public');
    expect(second.headers.get('content-type')).toBe(first.headers.get('content-type'));
    expect(Number(second.headers.get('age'))).toBeGreaterThanOrEqual(0);
  });

  it('are told apart by their variables and by the Accept header', async () => {
    const five = await send(GroupResourcesDocument, { slug: 'open-data', first: 5 });
    const six = await send(GroupResourcesDocument, { slug: 'open-data', first: 6 });
    expect(JSON.parse(five.body).data.workingGroup.resources.edges).toHaveLength(5);
    expect(JSON.parse(six.body).data.workingGroup.resources.edges).toHaveLength(6);
    const graphqlResponse = await send(GroupResourcesDocument, { slug: 'open-data', first: 5 }, { accept: 'application/graphql-response+json' });
    expect(graphqlResponse.headers.get('content-type')).toMatch(/^application\/graphql-response\+json/);
    const json = await send(GroupResourcesDocument, { slug: 'open-data', first: 5 }, { accept: 'application/json' });
    expect(json.headers.get('content-type')).toMatch(/^application\/json/);
  });

  it('with errors are not kept', async () => {
    const variables = { id: 'not-a-global-id' };
    const first = await measured(NodeByIdDocument, variables);
    expect(JSON.parse(first.body).errors?.length).toBeGreaterThan(0);
    expect(first.headers.get('cache-control')).toBe('no-store');
    const again = await measured(NodeByIdDocument, variables);
    expect(again.headers.get('age')).toBeNull();
    expect(again.body).toBe(first.body);
  });
});

describe('what a signed-in person sees', () => {
  it('is never stored nor served to anyone else, in either order', async () => {
    const submitted = dataOf(
      await hub.graphql(SubmitResourceDocument, { input: { workingGroupId: groupId, ...resourceFields(uniqueTitle('Awaiting review')) } }, { token: cast.tokens.reformer }),
    ).submitResource.resource!;
    const variables = { id: submitted.id };
    const asReformer = () => send(NodeByIdDocument, variables, { authorization: `Bearer ${cast.tokens.reformer}` });

    // Anonymous first (kept), then the submitter, then anonymous again.
    expect(JSON.parse((await send(NodeByIdDocument, variables)).body).data.node).toBeNull();
    const reformer = await asReformer();
    expect(JSON.parse(reformer.body).data.node).toMatchObject({ id: submitted.id });
    expect(reformer.headers.get('cache-control')).toBe('no-store');
    expect(reformer.headers.get('age')).toBeNull();
    expect(JSON.parse((await send(NodeByIdDocument, variables)).body).data.node).toBeNull();

    // The submitter asking twice runs the query twice.
    const again = await countSqlStatements(asReformer);
    expect(answering(again.statements)).toBeGreaterThan(0);
  });

  it('does not come from the anonymous answer when the token is bad', async () => {
    const variables = { slug: 'open-data', first: 3 };
    await send(GroupResourcesDocument, variables);
    const withBadToken = await send(GroupResourcesDocument, variables, { authorization: 'Bearer not-a-token' });
    expect(errorCodes(JSON.parse(withBadToken.body))).toEqual(['UNAUTHENTICATED']);
  });

  it('mutations are never reusable', async () => {
    const response = await send(
      CreateResourceDocument,
      { input: { workingGroupId: groupId, ...resourceFields(uniqueTitle('Mutation headers')) } },
      { authorization: `Bearer ${cast.tokens.curatorOfThisGroup}` },
    );
    expect(JSON.parse(response.body).data.createResource.userErrors).toEqual([]);
    expect(response.headers.get('cache-control')).toBe('no-store');
  });
});

describe('writes', () => {
  const newest = { slug: 'open-data', first: 100 };
  const titlesOf = (body: string): string[] => JSON.parse(body).data.workingGroup.resources.edges.map((edge: { node: { title: string } }) => edge.node.title);

  it('through this instance show in the very next anonymous answer', async () => {
    const before = await send(GroupResourcesDocument, newest);
    await send(GroupResourcesDocument, newest); // kept
    const title = uniqueTitle('Published just now');
    const created = await hub.graphql(CreateResourceDocument, { input: { workingGroupId: groupId, ...resourceFields(title) } }, { token: cast.tokens.curatorOfThisGroup });
    expect(dataOf(created).createResource.userErrors).toEqual([]);
    const after = await send(GroupResourcesDocument, newest);
    expect(titlesOf(before.body)).not.toContain(title);
    expect(titlesOf(after.body)).toContain(title);
  });

  it('made elsewhere (another connection, any tool) show once PostgreSQL has announced them', async () => {
    const [{ id, title }] = await hub.sql(
      `select r.id, r.title from resource r join group_resource gr on gr.resource_id = r.id
       where gr.working_group_id = ? and r.status = 'published' order by r.id limit 1`,
      [cast.groupKey],
    );
    await send(GroupResourcesDocument, newest);
    expect(titlesOf((await send(GroupResourcesDocument, newest)).body)).toContain(title);
    const renamed = uniqueTitle('Renamed elsewhere');
    const other = new pg.Client({ connectionString: hub.databaseUrl });
    await other.connect();
    try {
      await other.query('update resource set title = $1 where id = $2', [renamed, id]);
    } finally {
      await other.end();
    }
    await eventually(async () => titlesOf((await send(GroupResourcesDocument, newest)).body).includes(renamed));
    expect(titlesOf((await send(GroupResourcesDocument, newest)).body)).not.toContain(title);
  });

  it('announced while the listener was down are not missed: everything kept before is dropped on reconnection', async () => {
    const variables = { slug: 'open-data', first: 4 };
    await send(GroupResourcesDocument, variables);
    expect((await measured(GroupResourcesDocument, variables)).statements).toBe(0);
    const generation = hub.changes.generation!;
    await hub.changes.dropListenerConnection();
    await eventually(() => hub.changes.generation !== null && hub.changes.generation > generation);
    expect((await measured(GroupResourcesDocument, variables)).statements).toBeGreaterThan(0);
  });
});

describe('identical anonymous requests in flight', () => {
  it('wait for the answer being computed instead of computing it again', async () => {
    const variables = { slug: 'open-data', first: 7 };
    // The statements that read the group's resources (the test's own, on the same driver, are left out).
    const readingResources = (statements: string[]) => statements.filter((text) => text.includes('group_resource')).length;
    const alone = readingResources((await countSqlStatements(() => send(GroupResourcesDocument, { ...variables, first: 6 }))).statements);
    expect(alone).toBeGreaterThan(0);
    // The first request is held at the database (a lock on resource) while the others arrive.
    const blocker = new pg.Client({ connectionString: hub.databaseUrl });
    await blocker.connect();
    try {
      const { statements } = await countSqlStatements(async () => {
        await blocker.query('begin');
        await blocker.query('lock table resource in access exclusive mode');
        const first = send(GroupResourcesDocument, variables);
        await eventually(async () => (await hub.sql(`select count(*)::int as waiting from pg_stat_activity where wait_event_type = 'Lock'`))[0].waiting > 0);
        const others = Array.from({ length: 5 }, () => send(GroupResourcesDocument, variables));
        await new Promise((resolve) => setTimeout(resolve, 300));
        await blocker.query('commit');
        const answers = await Promise.all([first, ...others]);
        expect(answers.map((answer) => answer.status)).toEqual(Array(6).fill(200));
        expect(new Set(answers.map((answer) => answer.body)).size).toBe(1);
      });
      // One execution's statements: the five others ran none, and say so in the metrics.
      expect(readingResources(statements)).toBe(alone);
      const metrics = await (await fetch(new URL('/metrics', hub.url))).text();
      expect(metrics).toMatch(/hub_graphql_requests_total\{operation="GroupResources",status="200",cache="shared"\} 5\n/);
    } finally {
      await blocker.end();
    }
  });
});

describe('CommittedChanges', () => {
  it('moves on as soon as a transaction of this instance commits, before any notification', async () => {
    // Notifications never arrive here: only the instance's own commits can move it on.
    const deaf = { start: async (wake: () => void) => wake(), stop: async () => {}, drop: async () => {} };
    const changes = new CommittedChanges(hub.orm, () => {}, deaf);
    await changes.start();
    try {
      const before = changes.generation!;
      await hub.orm.em.fork().transactional((em) => em.execute(`update country set name = name where code = 'MX'`));
      expect(changes.generation).toBeGreaterThan(before);
      const afterCommit = changes.generation!;
      await expect(hub.orm.em.fork().transactional(async (em) => {
        await em.execute(`update country set name = name where code = 'MX'`);
        throw new Error('rolled back');
      })).rejects.toThrow('rolled back');
      expect(changes.generation).toBe(afterCommit);
    } finally {
      await changes.stop();
    }
  });
});

describe('ResponseCache', () => {
  const ok = (body: string) => ({ status: 200, headers: [['cache-control', 'max-age=60, public']] as [string, string][], body, storedAt: Date.now() });

  it('does not keep an answer computed while a write was committed', async () => {
    const changes = new CommittedChanges(hub.orm, () => {});
    await changes.start();
    try {
      const cache = new ResponseCache(changes, 1024 * 1024);
      const keep = cache.begin('key');
      await hub.orm.em.getConnection().execute(`update country set name = name where code = 'MX'`);
      await changes.caughtUp();
      keep(ok('computed before the write was heard'));
      expect(cache.get('key')).toBeUndefined();
      cache.begin('key')(ok('computed after'));
      expect(cache.get('key')?.body).toBe('computed after');
    } finally {
      await changes.stop();
    }
  });

  it('hands the answer being computed to identical requests meanwhile, unless a write was committed since it began', async () => {
    const changes = new CommittedChanges(hub.orm, () => {});
    await changes.start();
    const committedWrite = async () => {
      await hub.orm.em.getConnection().execute(`update country set name = name where code = 'MX'`);
      await changes.caughtUp();
    };
    try {
      const cache = new ResponseCache(changes, 1024 * 1024);
      expect(cache.pending('shared')).toBeUndefined();
      const settleShared = cache.begin('shared');
      const waiting = cache.pending('shared');
      settleShared(ok('for everyone waiting'));
      settleShared(ok('a second call counts for nothing'));
      expect((await waiting)?.body).toBe('for everyone waiting');
      expect(cache.pending('shared')).toBeUndefined(); // done: the next one is a hit
      expect(cache.get('shared')?.body).toBe('for everyone waiting');

      // Waiting since before a write: the answer may predate it, so the waiters compute their own.
      const settleOverlapping = cache.begin('overlapping');
      const overlapping = cache.pending('overlapping');
      await committedWrite();
      settleOverlapping(ok('computed across a write'));
      expect(await overlapping).toBeUndefined();
      expect(cache.get('overlapping')).toBeUndefined();

      // Arriving after a write: an answer begun before it is not theirs to wait for.
      const settleEarlier = cache.begin('earlier');
      await committedWrite();
      expect(cache.pending('earlier')).toBeUndefined();
      settleEarlier(ok('begun before the write'));

      // Nothing to share: a failure, or a private answer.
      const settleFailed = cache.begin('failed');
      const failed = cache.pending('failed');
      settleFailed();
      expect(await failed).toBeUndefined();
      const settlePrivate = cache.begin('private');
      const privately = cache.pending('private');
      settlePrivate({ ...ok('mine'), headers: [['cache-control', 'max-age=60, private']] });
      expect(await privately).toBeUndefined();

      // Nothing is shared while writes could go unheard.
      await changes.stop();
      cache.begin('deaf');
      expect(cache.pending('deaf')).toBeUndefined();
    } finally {
      await changes.stop();
    }
  });

  it('keeps only public answers, and trusts nothing while it cannot hear writes', async () => {
    const changes = new CommittedChanges(hub.orm, () => {});
    await changes.start();
    try {
      const cache = new ResponseCache(changes, 1024 * 1024);
      cache.begin('private')({ ...ok('mine'), headers: [['cache-control', 'max-age=60, private']] });
      cache.begin('no-store')({ ...ok('nobody'), headers: [['cache-control', 'no-store']] });
      cache.begin('failed')({ ...ok('oops'), status: 500 });
      cache.begin('public')(ok('everyone'));
      expect([cache.get('private'), cache.get('no-store'), cache.get('failed')]).toEqual([undefined, undefined, undefined]);
      expect(cache.get('public')?.body).toBe('everyone');
      await changes.stop();
      expect(cache.get('public')).toBeUndefined();
    } finally {
      await changes.stop();
    }
  });
});

describe('ReferenceTable', () => {
  /** Mexico's name as a table of one row, loaded from the database, with the number of loads. */
  function mexicoTable(changes: CommittedChanges) {
    let loads = 0;
    const table = new ReferenceTable(
      changes,
      async () => {
        loads += 1;
        return (await hub.orm.em.getConnection().execute<{ code: string; name: string }[]>(`select code, name from country where code = 'MX'`)).map((row) => ({ ...row }));
      },
      (row) => row.code,
    );
    return { table, loads: () => loads };
  }
  /** Renames Mexico, and waits until `changes` has heard of it (its own commit, then PostgreSQL's notification). */
  const rename = async (changes: CommittedChanges, name: string) => {
    await hub.orm.em.fork().transactional((em) => em.execute(`update country set name = ? where code = 'MX'`, [name]));
    await changes.caughtUp();
  };

  it('answers at once from memory once loaded, and loads again after a committed write', async () => {
    const changes = new CommittedChanges(hub.orm, () => {});
    await changes.start();
    await changes.caughtUp();
    const { name } = (await hub.orm.em.getConnection().execute<{ name: string }[]>(`select name from country where code = 'MX'`))[0];
    try {
      const { table, loads } = mexicoTable(changes);
      const first = table.get('MX');
      expect(first).toBeInstanceOf(Promise);
      expect(await first).toEqual({ code: 'MX', name });
      // Kept: a value, not a promise (graphql-js then completes the field without one), and no load.
      expect(table.get('MX')).toEqual({ code: 'MX', name });
      expect(table.getMany(['XX', 'MX'])).toEqual([{ code: 'MX', name }]);
      expect(table.find((row) => row.name === name)).toEqual({ code: 'MX', name });
      expect(loads()).toBe(1);

      await rename(changes, 'Estados Unidos Mexicanos');
      const reloaded = table.get('MX');
      expect(reloaded).toBeInstanceOf(Promise);
      expect(await reloaded).toEqual({ code: 'MX', name: 'Estados Unidos Mexicanos' });
      expect(table.get('MX')).toEqual({ code: 'MX', name: 'Estados Unidos Mexicanos' });
      expect(loads()).toBe(2);
    } finally {
      await rename(changes, name);
      await changes.stop();
    }
  });

  it('keeps nothing while it cannot hear writes', async () => {
    const changes = new CommittedChanges(hub.orm, () => {});
    await changes.start();
    await changes.stop();
    const { table, loads } = mexicoTable(changes);
    expect((await table.get('MX'))?.code).toBe('MX');
    expect(table.get('MX')).toBeInstanceOf(Promise);
    await table.get('MX');
    expect(loads()).toBe(2);
  });
});

describe('list counts', () => {
  const LIST = `query Library($after: String, $filter: ResourceFilter) {
    resources(first: 2, after: $after, filter: $filter) { totalCount pageInfo { endCursor } }
  }`;
  const UPCOMING = '{ webinars(first: 1, filter: { timing: UPCOMING }) { totalCount } }';
  /** Asked by a signed-in reader, so the answer never comes from the response cache: only the count can. */
  async function asked(query: string, variables: Record<string, unknown> = {}, url = hub.url) {
    let body!: { data: Record<string, { totalCount: number; pageInfo?: { endCursor: string } }> };
    const { statements } = await countSqlStatements(async () => {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${cast.tokens.reformer}` },
        body: JSON.stringify({ query, variables }),
      });
      body = (await response.json()) as typeof body;
    });
    const list = Object.values(body.data)[0];
    return { total: list.totalCount, endCursor: list.pageInfo?.endCursor, counts: statements.filter((text) => /select count\(\*\) as count from/.test(text)).length };
  }
  const published = async (country: string) =>
    Number((await hub.sql(`select count(*) as n from resource r where r.status = 'published' and exists (select 1 from resource_country rc where rc.resource_id = r.id and rc.country_code = ?)`, [country]))[0].n);

  it('are counted once for every page and every reader until a write is committed', async () => {
    await hub.changes.caughtUp();
    const filter = { countryCodes: ['MX'] };
    const first = await asked(LIST, { filter });
    expect(first.counts).toBe(1);
    expect(first.total).toBe(await published('MX'));
    const next = await asked(LIST, { filter, after: first.endCursor });
    expect(next).toMatchObject({ total: first.total, counts: 0 });

    const created = await hub.graphql(CreateResourceDocument, { input: { workingGroupId: groupId, ...resourceFields(uniqueTitle('Counted anew')) } }, { token: cast.tokens.curatorOfThisGroup });
    expect(dataOf(created).createResource.userErrors).toEqual([]);
    const after = await asked(LIST, { filter });
    expect(after).toMatchObject({ total: first.total + 1, counts: 1 });
  });

  it('of lists that read the clock (upcoming webinars) are counted every time', async () => {
    await asked(UPCOMING);
    expect((await asked(UPCOMING)).counts).toBe(1);
  });

  it('are counted every time when the shared caches are off (RESPONSE_CACHE_MB=0)', async () => {
    const uncached = await startTestHub({ databaseUrl: hub.databaseUrl, responseCacheMb: 0 });
    try {
      const filter = { countryCodes: ['MX'] };
      await asked(LIST, { filter }, uncached.url);
      expect((await asked(LIST, { filter }, uncached.url)).counts).toBe(1);
    } finally {
      await uncached.close();
    }
  });
});
