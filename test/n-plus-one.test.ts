import { GroupPageDocument, type GroupPageQuery } from './generated/operations.js';
import { countSqlStatements } from './support/sql-statements.js';
import { dataOf, startTestHub, type TestHub } from './support/test-hub.js';

let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub();
  // Enough rows that a page of 50 is really fuller than a page of 5.
  await hub.orm.em.getConnection().execute(`
    insert into organization (id, name, kind, country_code)
    select gen_random_uuid(), 'Load Test Organisation ' || n, 'civil_society', (array['TN','GB','PH','AU','NG','CA','BR','MX','ID','CR','US'])[1 + n % 11]
    from generate_series(1, 60) n`);
  await hub.orm.em.getConnection().execute(`
    insert into membership (id, working_group_id, organization_id, joined_on)
    select gen_random_uuid(), g.id, o.id, date '2024-01-01' from working_group g cross join organization o
    where o.name like 'Load Test Organisation %'`);
});
afterAll(() => hub.close());

/** The partner query: groups → both anchors → members(first: N) → organisation → country; resources(first: N) → topics; webinars. */
async function statementsFor(pageSize: number) {
  let data: GroupPageQuery | undefined;
  const counted = await countSqlStatements(async () => {
    data = dataOf(await hub.graphql(GroupPageDocument, { members: pageSize, resources: pageSize }));
  });
  return { ...counted, data: data! };
}

describe('the nested partner query', () => {
  it('issues the same number of SQL statements for N = 5 and N = 50, and no more than 10', async () => {
    const small = await statementsFor(5);
    const large = await statementsFor(50);
    const members = (run: typeof small) => run.data.workingGroups.nodes.reduce((sum, group) => sum + group.members.edges.length, 0);
    expect(members(small)).toBe(5 * 5);
    expect(members(large)).toBe(5 * 50);
    expect(large.count).toBe(small.count);
    expect(large.count).toBeLessThanOrEqual(10);
  });

});
