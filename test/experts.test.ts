import { ExpertsDocument, RequestsWithSuggestionsDocument, RequestSuggestionsDocument, type ExpertsQuery } from './generated/operations.js';
import { globalId } from './support/roles.js';
import { countSqlStatements } from './support/sql-statements.js';
import { dataOf, errorCodes, startTestHub, type TestHub } from './support/test-hub.js';

let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub();
});
afterAll(() => hub.close());

const sql = (query: string, params: unknown[] = []) => hub.sql(query, params);
const experts = async (variables: { query: string; filter?: Record<string, unknown>; first?: number; after?: string | null }) =>
  dataOf(await hub.graphql(ExpertsDocument, { first: 50, ...variables })).experts;

/** A person with an expertise statement and topics, written straight into the database (the triggers index them). */
async function addPerson(name: string, expertise: string, options: { open: boolean; topics?: string[]; country?: string; languages?: string[] }) {
  const [{ id }] = await sql(
    `insert into person (id, name, email, languages, expertise, open_to_peer_exchange, country_code)
     values (gen_random_uuid(), ?, ?, ?, ?, ?, ?) returning id`,
    [name, `${name.toLowerCase().replace(/\W+/g, '.')}@example.org`, `{${(options.languages ?? ['en']).join(',')}}`, expertise, options.open, options.country ?? null],
  );
  for (const slug of options.topics ?? []) await sql(`insert into person_topic (person_id, topic_id) select ?, id from topic where slug = ?`, [id, slug]);
  return id as string;
}

describe('experts', () => {
  it('lists people open to peer exchange first, each part best match first', async () => {
    await addPerson('Closed Expert', 'Designed the beneficial ownership register of three countries.', { open: false, topics: ['beneficial-ownership'] });
    const result = await experts({ query: 'beneficial ownership register' });
    const open = result.edges.map((edge) => edge.node.openToPeerExchange);
    expect(open).toContain(true);
    expect(open).toContain(false);
    expect(open).toEqual([...open].sort((a, b) => Number(b) - Number(a)));
    for (const side of [true, false]) {
      const scores = result.edges.filter((edge) => edge.node.openToPeerExchange === side).map((edge) => edge.score);
      expect(scores).toEqual([...scores].sort((a, b) => b - a));
    }
  });

  it('says why each person matched: the topics the query names and the phrases found, as written', async () => {
    await addPerson('Amani Mwangi', 'Led the Beneficial Ownership disclosure pilot for mining licences in Kenya.', {
      open: true,
      topics: ['beneficial-ownership', 'extractives-revenue'],
      country: 'KE',
    });
    const [edge] = (await experts({ query: 'beneficial ownership kenya', first: 1 })).edges;
    expect(edge.node.name).toBe('Amani Mwangi');
    expect(edge.reasons.topics.map((topic) => topic.slug)).toEqual(['beneficial-ownership']);
    expect(edge.reasons.phrases).toEqual(['Beneficial Ownership', 'Kenya']);
  });

  it('counts the topics a filter asked for among the reasons', async () => {
    const result = await experts({ query: 'kenya', filter: { topics: ['extractives-revenue'] } });
    const amani = result.edges.find((edge) => edge.node.name === 'Amani Mwangi');
    expect(amani?.reasons.topics.map((topic) => topic.slug)).toEqual(['extractives-revenue']);
  });

  it('filters by country, language, topic, group and openness', async () => {
    const query = 'open data';
    const all = await experts({ query });
    expect(all.totalCount).toBeGreaterThan(3);
    const checks: [Record<string, unknown>, (edge: ExpertsQuery['experts']['edges'][number]) => boolean][] = [
      [{ countryCodes: ['CA', 'KE'] }, (edge) => ['CA', 'KE'].includes(edge.node.country?.code ?? '')],
      [{ languages: ['fr'] }, (edge) => edge.node.languages.includes('fr')],
      [{ topics: ['data-portals'] }, (edge) => edge.node.topics.some((topic) => topic.slug === 'data-portals')],
      [{ openToPeerExchange: true }, (edge) => edge.node.openToPeerExchange],
    ];
    for (const [filter, holds] of checks) {
      const filtered = await experts({ query, filter });
      const expected = all.edges.filter(holds).map((edge) => edge.node.id);
      expect({ filter, found: filtered.edges.map((edge) => edge.node.id) }).toEqual({ filter, found: expected });
    }
    const inGroup = await experts({ query, filter: { groupSlugs: ['open-data'] } });
    const members = await sql(
      `select p.id from person p join membership m on m.organization_id = p.organization_id and m.left_on is null
       join working_group g on g.id = m.working_group_id where g.slug = 'open-data'`,
    );
    const memberIds = new Set(members.map((row: { id: string }) => globalId('Person', row.id)));
    expect(inGroup.totalCount).toBeGreaterThan(0);
    expect(inGroup.edges.every((edge) => memberIds.has(edge.node.id))).toBe(true);
  });

  it('finds a misspelled name', async () => {
    const result = await experts({ query: 'Amanee Mwanghi' });
    expect(result.similarSpelling).toBe(true);
    expect(result.edges[0].node.name).toBe('Amani Mwangi');
  });

  it('pages without skipping or repeating a person', async () => {
    const all = (await experts({ query: 'open' })).edges.map((edge) => edge.node.id);
    expect(all.length).toBeGreaterThan(6);
    const paged: string[] = [];
    let after: string | null = null;
    do {
      const page: ExpertsQuery['experts'] = await experts({ query: 'open', first: 4, after });
      paged.push(...page.edges.map((edge) => edge.node.id));
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after);
    expect(paged).toEqual(all);
  });
});

describe('suggestions for a peer-exchange request', () => {
  async function requestTitled(title: string) {
    const [row] = await sql(`select id from peer_exchange_request where title = ?`, [title]);
    return globalId('PeerExchangeRequest', row.id);
  }

  async function suggestionsFor(title: string, experts = 10, resources = 10) {
    const { node } = dataOf(await hub.graphql(RequestSuggestionsDocument, { id: await requestTitled(title), experts, resources }));
    if (node?.__typename !== 'PeerExchangeRequest') throw new Error('not a request');
    return node;
  }

  const beneficialOwnership = "Reviewing Tunisia's draft beneficial ownership register commitment";

  it('suggests people open to exchange from other organisations, by shared topics then wording', async () => {
    const request = await suggestionsFor(beneficialOwnership);
    expect(request.suggestedExperts.length).toBeGreaterThan(0);
    const requestTopics = new Set(request.topics.map((topic) => topic.slug));
    for (const { person, sharedTopics } of request.suggestedExperts) {
      expect(person.openToPeerExchange).toBe(true);
      expect(person.id).not.toBe(request.requester.id);
      if (request.requester.organization) expect(person.organization?.id).not.toBe(request.requester.organization.id);
      expect(sharedTopics.every((topic) => requestTopics.has(topic.slug))).toBe(true);
    }
    const scores = request.suggestedExperts.map((suggestion) => suggestion.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(request.suggestedExperts[0].sharedTopics.length).toBeGreaterThan(0);
    // Score = shared topics + wording below one point.
    for (const { score, sharedTopics } of request.suggestedExperts) expect(Math.floor(score)).toBe(sharedTopics.length);
  });

  it('orders people who share as many topics by how much of the request\'s wording their expertise shares', async () => {
    const close = await addPerson('Wording Close', 'Reviewing draft beneficial ownership register commitments, as in Tunisia.', { open: true, topics: ['beneficial-ownership'] });
    const far = await addPerson('Wording Far', 'Coastal fisheries licensing and port inspections.', { open: true, topics: ['beneficial-ownership'] });
    const request = await suggestionsFor(beneficialOwnership, 20);
    const scoreOf = (key: string) => request.suggestedExperts.find(({ person }) => person.id === globalId('Person', key))?.score;
    expect(scoreOf(close)).toBeDefined();
    expect(Math.floor(scoreOf(close)!)).toBe(1);
    // Far shares a topic but hardly a word: below close, if among the first 20 at all.
    expect(scoreOf(close)!).toBeGreaterThan(scoreOf(far) ?? 1);
  });

  it('never suggests a colleague of the requester, however good the match', async () => {
    const [requester] = await sql(
      `select p.organization_id from peer_exchange_request x join person p on p.id = x.requester_id where x.title = ?`,
      [beneficialOwnership],
    );
    const colleague = await addPerson('Colleague Expert', 'Beneficial ownership commitment drafting and peer review.', {
      open: true,
      topics: ['beneficial-ownership', 'ogp-action-plans'],
    });
    await sql(`update person set organization_id = ? where id = ?`, [requester.organization_id, colleague]);
    const request = await suggestionsFor(beneficialOwnership, 20);
    expect(request.suggestedExperts.map(({ person }) => person.id)).not.toContain(globalId('Person', colleague));
  });

  it('suggests published resources, by shared topics then wording', async () => {
    const request = await suggestionsFor(beneficialOwnership);
    expect(request.suggestedResources.length).toBeGreaterThan(0);
    expect(request.suggestedResources.every(({ resource }) => resource.status === 'PUBLISHED')).toBe(true);
    expect(request.suggestedResources[0].resource.title).toMatch(/beneficial ownership|bénéficiaires/i);
    const scores = request.suggestedResources.map((suggestion) => suggestion.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
  });

  it('leaves out resources submitted from the requester\'s organisation', async () => {
    const before = await suggestionsFor(beneficialOwnership);
    const top = before.suggestedResources[0].resource.id;
    const [requester] = await sql(`select x.requester_id from peer_exchange_request x where x.title = ?`, [beneficialOwnership]);
    const key = Buffer.from(top, 'base64url').toString('utf8').split(':')[1];
    await sql(`update resource set submitted_by_id = ? where id = ?`, [requester.requester_id, key]);
    const after = await suggestionsFor(beneficialOwnership);
    expect(after.suggestedResources.map(({ resource }) => resource.id)).not.toContain(top);
  });

  it('costs the same number of statements for 2 requests as for 10', async () => {
    const query = (first: number) => hub.graphql(RequestsWithSuggestionsDocument, { first });
    // A request answered already may still have resolvers finishing (graphql-js does not wait for the
    // siblings of a field that failed): one request first, so only this one's statements are counted.
    // (A page size of its own: the pages counted must not be answered from the response cache.)
    await query(3);
    const statements = async (first: number) => {
      const counted = await countSqlStatements(async () => {
        const { peerExchangeRequests } = dataOf(await query(first));
        expect(peerExchangeRequests.nodes).toHaveLength(first);
      });
      return counted.count;
    };
    expect(await statements(10)).toBe(await statements(2));
  });

  it('asks for 0 to 20', async () => {
    const id = await requestTitled(beneficialOwnership);
    expect(errorCodes(await hub.graphql(RequestSuggestionsDocument, { id, experts: 21, resources: 1 }))).toEqual(['BAD_USER_INPUT']);
    const none = dataOf(await hub.graphql(RequestSuggestionsDocument, { id, experts: 0, resources: 0 })).node;
    expect(none).toMatchObject({ suggestedExperts: [], suggestedResources: [] });
  });
});
