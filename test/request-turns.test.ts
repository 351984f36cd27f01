import pg from 'pg';
import { print } from 'graphql';
import { UpdateMyProfileDocument } from './generated/operations.js';
import { eventually } from './support/subscriber.js';
import { startTestHub, type TestHub } from './support/test-hub.js';

/**
 * GraphQL HTTP requests take turns: at most MAX_CONCURRENT_REQUESTS execute
 * at once, the others wait in arrival order. Observed from outside: a
 * request held at the database (a table lock) keeps the only turn, and what
 * arrives meanwhile is answered after it, or at once when it comes from
 * the response cache.
 */
let oneAtATime: TestHub;
let usual: TestHub;

beforeAll(async () => {
  oneAtATime = await startTestHub({ maxConcurrentRequests: 1 });
  usual = await startTestHub({ databaseUrl: oneAtATime.databaseUrl });
});

afterAll(async () => {
  await oneAtATime?.close();
  await usual?.close();
});

/** Reads `resource`: held while the table is locked. */
const READS_RESOURCES = '{ resources(first: 3) { totalCount nodes { title } } }';
/** Reads no table at all (the groups are kept in memory): never held by the lock. */
const READS_GROUPS = '{ workingGroups(first: 5) { nodes { slug } } }';

async function ask(hub: TestHub, query: string): Promise<{ status: number; at: number }> {
  const response = await fetch(hub.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
  const body = (await response.json()) as { errors?: unknown };
  expect(body.errors).toBeUndefined();
  return { status: response.status, at: performance.now() };
}

async function executions(hub: TestHub): Promise<{ active: number; waiting: number }> {
  const text = await (await fetch(hub.url.replace('/graphql', '/metrics'))).text();
  const gauge = (state: string) => Number(new RegExp(`hub_graphql_executions\\{state="${state}"\\} (\\d+)`).exec(text)?.[1]);
  return { active: gauge('active'), waiting: gauge('waiting') };
}

/**
 * Runs `during` while `resource` is locked and `held` requests to `hub`
 * that read it (one by default) are held at the lock.
 */
async function whileHeld(hub: TestHub, during: () => Promise<void>, { held = 1 } = {}): Promise<void> {
  const blocker = new pg.Client({ connectionString: hub.databaseUrl });
  await blocker.connect();
  try {
    await blocker.query('begin');
    await blocker.query('lock table resource in access exclusive mode');
    // Query texts of their own (aliases), so no earlier answer in the cache serves them and none waits for another's.
    const stamp = Math.round(performance.now());
    const answers = Array.from({ length: held }, (_, index) => ask(hub, READS_RESOURCES.replace('resources(', `held${stamp}x${index}: resources(`)));
    // Executing: they cannot finish before the commit below.
    await eventually(async () => (await executions(hub)).active === held);
    try {
      await during();
    } finally {
      await blocker.query('commit');
    }
    expect((await Promise.all(answers)).map((answer) => answer.status)).toEqual(Array(held).fill(200));
  } finally {
    await blocker.end();
  }
}

it('answers the requests that arrive meanwhile after the one holding the turn, in arrival order', async () => {
  let first: Promise<{ status: number; at: number }> | undefined;
  let second: Promise<{ status: number; at: number }> | undefined;
  let released = 0;
  await whileHeld(oneAtATime, async () => {
    first = ask(oneAtATime, `query First ${READS_GROUPS}`);
    await eventually(async () => (await executions(oneAtATime)).waiting === 1);
    second = ask(oneAtATime, `query Second ${READS_GROUPS}`);
    await eventually(async () => (await executions(oneAtATime)).waiting === 2);
    expect(await executions(oneAtATime)).toEqual({ active: 1, waiting: 2 });
    // Still waiting a while later: neither runs beside the held request.
    const settled = await Promise.race([Promise.any([first, second]).then(() => true), new Promise((resolve) => setTimeout(() => resolve(false), 300))]);
    expect(settled).toBe(false);
    released = performance.now();
  });
  const [one, two] = await Promise.all([first!, second!]);
  expect([one.status, two.status]).toEqual([200, 200]);
  expect(one.at).toBeGreaterThan(released);
  expect(two.at).toBeGreaterThan(one.at);
  expect(await executions(oneAtATime)).toEqual({ active: 0, waiting: 0 });
});

it('runs as many at once as the database pool has connections, by default', async () => {
  // The test hub's pool has four connections: four held requests take every turn.
  let fifth: Promise<{ status: number; at: number }> | undefined;
  await whileHeld(
    usual,
    async () => {
      fifth = ask(usual, `query Fifth ${READS_GROUPS}`);
      await eventually(async () => (await executions(usual)).waiting === 1);
      expect(await executions(usual)).toEqual({ active: 4, waiting: 1 });
    },
    { held: 4 },
  );
  expect((await fifth!).status).toBe(200);
  await whileHeld(usual, async () => {
    // With one held, the others run beside it.
    expect((await ask(usual, `query Beside ${READS_GROUPS}`)).status).toBe(200);
  });
});

it('answers from the response cache without waiting for a turn', async () => {
  const cached = `query Cached ${READS_GROUPS}`;
  await ask(oneAtATime, cached);
  await whileHeld(oneAtATime, async () => {
    expect((await ask(oneAtATime, cached)).status).toBe(200);
    expect(await executions(oneAtATime)).toEqual({ active: 1, waiting: 0 });
  });
});

it('does not execute a request whose client left while it waited for its turn', async () => {
  const [reformer] = await oneAtATime.sql(`select id, email, expertise from person where email = 'maria.villanueva@example.org'`);
  const token = await oneAtATime.tokenFor(reformer.email);
  const abandon = new AbortController();
  let abandoned: Promise<unknown> | undefined;
  await whileHeld(oneAtATime, async () => {
    abandoned = fetch(oneAtATime.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: print(UpdateMyProfileDocument), variables: { input: { expertise: 'Written by a client that left' } } }),
      signal: abandon.signal,
    }).catch((error: unknown) => error);
    await eventually(async () => (await executions(oneAtATime)).waiting === 1);
    abandon.abort();
    expect(((await abandoned) as Error).name).toBe('AbortError');
    // Time for the server to hear the connection close before the turn comes.
    await new Promise((resolve) => setTimeout(resolve, 200));
  });
  await eventually(async () => (await executions(oneAtATime)).waiting === 0);
  // A request sent after it is answered only once its turn has passed.
  await ask(oneAtATime, `query After ${READS_GROUPS}`);
  const [after] = await oneAtATime.sql(`select expertise from person where id = ?`, [reformer.id]);
  expect(after.expertise).toBe(reformer.expertise);
});
