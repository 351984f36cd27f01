import { GroupPageDocument } from './generated/operations.js';
import { PreparingClient, prepareStatement } from '../src/db/prepared-statements.js';
import { dataOf, startTestHub, type TestHub } from './support/test-hub.js';

let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub();
});
afterAll(() => hub.close());

/** A connection as the hub's pool makes them. */
async function connect(): Promise<PreparingClient> {
  const client = new PreparingClient({ connectionString: hub.databaseUrl });
  await client.connect();
  return client;
}

const preparedOn = async (client: PreparingClient) =>
  (await client.query('select statement from pg_prepared_statements', [])).rows.map((row: { statement: string }) => row.statement);

it('runs a marked statement as a prepared statement, once parsed per connection, and leaves others unnamed', async () => {
  const client = await connect();
  try {
    const marked = 'select slug from working_group where slug = any($1::text[]) order by slug';
    prepareStatement(marked);
    const first = await client.query(marked, [['open-data', 'fiscal-openness']]);
    const again = await client.query(marked, [['open-data']]);
    expect(first.rows).toEqual([{ slug: 'fiscal-openness' }, { slug: 'open-data' }]);
    expect(again.rows).toEqual([{ slug: 'open-data' }]);

    const unmarked = 'select count(*)::int as groups from working_group where slug = any($1::text[])';
    expect((await client.query(unmarked, [['open-data']])).rows).toEqual([{ groups: 1 }]);
    expect(await preparedOn(client)).toEqual([marked]);
  } finally {
    await client.end();
  }
});

it('prepares the statements of the partner group page on the connection that runs them', async () => {
  // One connection, so the statements it has prepared are the ones the page ran.
  const single = await startTestHub({ poolMax: 1, responseCacheMb: 0, rateLimits: false });
  try {
    const page = dataOf(await single.graphql(GroupPageDocument, { members: 3, resources: 3 }));
    expect(page.workingGroups.nodes.length).toBeGreaterThan(0);
    const prepared: { statement: string }[] = await single.orm.em.getConnection().execute('select statement from pg_prepared_statements');
    const statements = prepared.map(({ statement }) => statement);
    expect(statements.some((text) => /cross join lateral/.test(text) && /membership m/.test(text))).toBe(true); // members, a page per group
    expect(statements.some((text) => /cross join lateral/.test(text) && /group_resource gr/.test(text))).toBe(true); // curated resources
    // The same answer from the prepared statements.
    expect(dataOf(await single.graphql(GroupPageDocument, { members: 3, resources: 3 }))).toEqual(page);
  } finally {
    await single.close();
  }
});

it('plans the group page\'s statements once: after five runs PostgreSQL keeps a generic plan for each', async () => {
  const single = await startTestHub({ poolMax: 1, responseCacheMb: 0, rateLimits: false });
  try {
    for (let run = 0; run < 8; run++) dataOf(await single.graphql(GroupPageDocument, { members: 3, resources: 3 }));
    const plans: { statement: string; generic_plans: string; custom_plans: string }[] = await single.orm.em
      .getConnection()
      .execute('select statement, generic_plans, custom_plans from pg_prepared_statements');
    const pages = plans.filter(({ statement }) => /cross join lateral/.test(statement));
    expect(pages.length).toBeGreaterThanOrEqual(2);
    // Custom plans are made for the first five runs only: a statement re-planned every time would have eight.
    for (const { statement, generic_plans, custom_plans } of pages) {
      expect({ statement, custom: Number(custom_plans), generic: Number(generic_plans) }).toEqual({ statement, custom: 5, generic: 3 });
    }
  } finally {
    await single.close();
  }
});
