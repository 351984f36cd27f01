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
    // The first request also loads the countries, which the server then keeps. (Each request
    // differs from the ones before: the response cache would answer a repeated one.)
    await statementsFor(4);
    const small = await statementsFor(5);
    const large = await statementsFor(50);
    const members = (run: typeof small) => run.data.workingGroups.nodes.reduce((sum, group) => sum + group.members.edges.length, 0);
    expect(members(small)).toBe(5 * 5);
    expect(members(large)).toBe(5 * 50);
    expect(large.count).toBe(small.count);
    expect(large.count).toBeLessThanOrEqual(10);
  });

  it('counts each group\'s members in the statement that reads their pages', async () => {
    const run = await statementsFor(44);
    expect(run.count).toBeGreaterThan(1); // executed, not answered by the response cache
    expect(run.statements.filter((text) => /count\(\*\)/.test(text) && !/cross join lateral/.test(text))).toEqual([]);
    const expected = await hub.sql(
      `select g.slug, count(m.id)::int as members from working_group g
       left join membership m on m.working_group_id = g.id and m.left_on is null group by g.slug`,
    );
    const totals = Object.fromEntries(run.data.workingGroups.nodes.map((group) => [group.slug, group.members.totalCount]));
    expect(totals).toEqual(Object.fromEntries(expected.map((row: { slug: string; members: number }) => [row.slug, row.members])));
  });

  it('gives a group whose list is empty its total of 0 from the same statement', async () => {
    const body = (await hub.post({
      query: `{ workingGroups(first: 10) { nodes { slug members(first: 5, filter: { countryCodes: ["AQ"] }) {
        totalCount edges { node { id } } pageInfo { hasNextPage hasPreviousPage } } } } }`,
    })) as { data: { workingGroups: { nodes: { members: unknown }[] } } };
    const lists = body.data.workingGroups.nodes.map((group) => group.members);
    expect(lists.length).toBe(5);
    for (const list of lists) expect(list).toEqual({ totalCount: 0, edges: [], pageInfo: { hasNextPage: false, hasPreviousPage: false } });
  });

  it('names the topics of people, requests and webinars from memory too', async () => {
    const query = `{ workingGroups(first: 10) { nodes {
      participants(first: 20) { nodes { name topics { slug } } }
      peerExchangeRequests(first: 20) { nodes { title topics { slug } } }
      webinars(first: 20, filter: { timing: ALL }) { nodes { title topics { slug } } } } } }`;
    const { statements } = await countSqlStatements(() => hub.post({ query }));
    expect(statements.filter((text) => /\bjoin topic\b/.test(text))).toEqual([]);
    const answer = (await hub.post({ query })) as {
      data: { workingGroups: { nodes: { participants: { nodes: { name: string; topics: { slug: string }[] }[] } }[] } };
    };
    const people = answer.data.workingGroups.nodes.flatMap((group) => group.participants.nodes);
    expect(people.some((person) => person.topics.length > 0)).toBe(true);
    const stored: { name: string; slugs: string[] }[] = await hub.sql(
      `select p.name, array(select t.slug from person_topic pt join topic t on t.id = pt.topic_id where pt.person_id = p.id order by t.name, t.id) as slugs
       from person p where p.name in (?)`,
      [people.map((person) => person.name)],
    );
    const storedSlugs = new Map(stored.map((row) => [row.name, row.slugs]));
    for (const person of people) expect(person.topics.map((topic) => topic.slug)).toEqual(storedSlugs.get(person.name));
  });

  it('names countries, topics and current anchors from memory, and shows a committed change to a country at once', async () => {
    await statementsFor(47);
    const warm = await statementsFor(46);
    expect(warm.count).toBeGreaterThan(1); // executed, not answered by the response cache
    expect(warm.statements.filter((text) => /\b(from|join) (country|topic|anchorship)\b/.test(text))).toEqual([]);
    expect(warm.data.workingGroups.nodes.every((group) => group.governmentAnchor && group.civilSocietyAnchor)).toBe(true);
    const countryOf = (run: typeof warm) => run.data.workingGroups.nodes.flatMap((group) => group.members.edges.map(({ node }) => node.country));
    expect(countryOf(warm)).toContainEqual({ code: 'TN', name: 'Tunisia' });

    await hub.sql(`update country set name = 'Tunisian Republic' where code = 'TN'`);
    const renamed = countryOf(await statementsFor(45));
    expect(renamed).toContainEqual({ code: 'TN', name: 'Tunisian Republic' });
    expect(renamed).not.toContainEqual({ code: 'TN', name: 'Tunisia' });

    const topicsOf = (run: typeof warm) =>
      run.data.workingGroups.nodes.flatMap((group) => group.resources.edges.flatMap(({ node }) => node.topics));
    const [topic] = topicsOf(warm);
    await hub.sql(`update topic set name = 'Renamed topic' where slug = ?`, [topic.slug]);
    const retitled = topicsOf(await statementsFor(43));
    expect(retitled).toContainEqual({ slug: topic.slug, name: 'Renamed topic' });
    expect(retitled).not.toContainEqual(topic);
  });

  it('names working groups from memory, by slug, by id and as a search facet, and shows a committed change at once', async () => {
    // Each request differs from the ones before (its alias): the response cache would answer a repeated one.
    let asked = 0;
    const ask = async (fields: string) => {
      const alias = `q${++asked}`;
      let body: { data?: Record<string, unknown>; errors?: unknown } = {};
      const { statements } = await countSqlStatements(async () => (body = (await hub.post({ query: `{ ${alias}: ${fields} }` })) as typeof body));
      expect(body.errors).toBeUndefined();
      return { value: body.data![alias] as Record<string, unknown> | null, statements };
    };
    const readsGroups = (statements: string[]) => statements.filter((text) => /\bfrom working_group g where\b/.test(text));
    await ask('workingGroup(slug: "open-data") { id }'); // the first request loads the groups
    const bySlug = await ask('workingGroup(slug: "open-data") { id slug name }');
    expect(bySlug.value).toMatchObject({ slug: 'open-data' });
    const byId = await ask(`node(id: "${String(bySlug.value!.id)}") { ... on WorkingGroup { slug name } }`);
    expect(byId.value).toEqual({ slug: 'open-data', name: bySlug.value!.name });
    const facets = await ask('search(query: "data", first: 1) { facets { groups { workingGroup { slug name } count } } }');
    const facetGroups = (facets.value!.facets as { groups: { workingGroup: { slug: string } }[] }).groups;
    expect(facetGroups.length).toBeGreaterThan(0);
    for (const run of [bySlug, byId, facets]) expect(readsGroups(run.statements)).toEqual([]);

    await hub.sql(`update working_group set name = 'Open Data Working Group' where slug = 'open-data'`);
    expect((await ask('workingGroup(slug: "open-data") { name }')).value).toEqual({ name: 'Open Data Working Group' });
    expect((await ask(`node(id: "${String(bySlug.value!.id)}") { ... on WorkingGroup { name } }`)).value).toEqual({ name: 'Open Data Working Group' });
    expect((await ask('workingGroup(slug: "no-such-group") { name }')).value).toBeNull();
  });

});
