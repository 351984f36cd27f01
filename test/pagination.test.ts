import { OrganizationsDocument, PeerExchangeRequestsDocument, ResourcesDocument } from './generated/operations.js';
import { dataOf, errorCodes, startTestHub, type TestHub } from './support/test-hub.js';

let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub();
});
afterAll(() => hub.close());

const sql = (query: string, params: unknown[] = []) => hub.sql(query, params);

async function allOrganizationIds(): Promise<string[]> {
  const { organizations } = dataOf(await hub.graphql(OrganizationsDocument, { first: 100 }));
  expect(organizations.pageInfo.hasNextPage).toBe(false);
  return organizations.edges.map((edge) => edge.node.id);
}

describe('connections', () => {
  it('serve 20 items when neither first nor last is given', async () => {
    const { organizations } = dataOf(await hub.graphql(OrganizationsDocument, {}));
    expect(organizations.edges).toHaveLength(Math.min(20, organizations.totalCount));
    expect(organizations.pageInfo).toMatchObject({ hasNextPage: organizations.totalCount > 20, hasPreviousPage: false });
  });

  it('walk forward page by page through every item exactly once, in order', async () => {
    const expected = await allOrganizationIds();
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const { organizations }: { organizations: { edges: { cursor: string; node: { id: string } }[]; pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; endCursor: string | null } } } =
        dataOf(await hub.graphql(OrganizationsDocument, { first: 7, after }));
      pages += 1;
      expect(organizations.pageInfo.hasPreviousPage).toBe(after !== null);
      seen.push(...organizations.edges.map((edge) => edge.node.id));
      expect(organizations.pageInfo.endCursor).toBe(organizations.edges.at(-1)?.cursor ?? null);
      if (!organizations.pageInfo.hasNextPage) break;
      after = organizations.pageInfo.endCursor;
    }
    expect(seen).toEqual(expected);
    expect(pages).toBe(Math.ceil(expected.length / 7));
  });

  it('walk backward from the end with last/before', async () => {
    const expected = await allOrganizationIds();
    const seen: string[] = [];
    let before: string | null = null;
    for (;;) {
      const { organizations }: { organizations: { edges: { node: { id: string } }[]; pageInfo: { hasPreviousPage: boolean; hasNextPage: boolean; startCursor: string | null } } } =
        dataOf(await hub.graphql(OrganizationsDocument, { last: 6, before }));
      expect(organizations.pageInfo.hasNextPage).toBe(before !== null);
      seen.unshift(...organizations.edges.map((edge) => edge.node.id));
      if (!organizations.pageInfo.hasPreviousPage) break;
      before = organizations.pageInfo.startCursor;
    }
    expect(seen).toEqual(expected);
  });

  it('return the last items with last alone', async () => {
    const expected = await allOrganizationIds();
    const { organizations } = dataOf(await hub.graphql(OrganizationsDocument, { last: 3 }));
    expect(organizations.edges.map((edge) => edge.node.id)).toEqual(expected.slice(-3));
    expect(organizations.pageInfo).toMatchObject({ hasPreviousPage: true, hasNextPage: false });
  });

  it('page from a cursor in the middle, both ways', async () => {
    const expected = await allOrganizationIds();
    const { organizations: firstPage } = dataOf(await hub.graphql(OrganizationsDocument, { first: 10 }));
    const cursor = firstPage.edges[4].cursor;
    const after = dataOf(await hub.graphql(OrganizationsDocument, { first: 3, after: cursor })).organizations;
    expect(after.edges.map((edge) => edge.node.id)).toEqual(expected.slice(5, 8));
    const before = dataOf(await hub.graphql(OrganizationsDocument, { last: 3, before: cursor })).organizations;
    expect(before.edges.map((edge) => edge.node.id)).toEqual(expected.slice(1, 4));
    expect(before.pageInfo).toMatchObject({ hasPreviousPage: true, hasNextPage: true });
  });

  it('give an empty page with a coherent pageInfo when nothing matches', async () => {
    const { organizations } = dataOf(await hub.graphql(OrganizationsDocument, { first: 5, filter: { groupSlugs: ['no-such-group'] } }));
    expect(organizations).toEqual({
      totalCount: 0,
      edges: [],
      pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null },
    });
  });

  it('accept first: 0 (a count-only request) and report whether items exist', async () => {
    const { organizations } = dataOf(await hub.graphql(OrganizationsDocument, { first: 0 }));
    expect(organizations.edges).toEqual([]);
    expect(organizations.totalCount).toBeGreaterThan(0);
    expect(organizations.pageInfo.hasNextPage).toBe(true);
  });

  it('serve up to 100 items and refuse 101 with BAD_USER_INPUT, not a silent cut', async () => {
    expect(dataOf(await hub.graphql(OrganizationsDocument, { first: 100 })).organizations.edges.length).toBeLessThanOrEqual(100);
    const tooMany = await hub.graphql(OrganizationsDocument, { first: 101 });
    expect(errorCodes(tooMany)).toEqual(['BAD_USER_INPUT']);
    expect(tooMany.errors![0].message).toMatch(/101.*maximum page size of 100/);
    expect(errorCodes(await hub.graphql(OrganizationsDocument, { last: 1000000 }))).toEqual(['BAD_USER_INPUT']);
  });

  it.each([
    [{ first: -1 }, /`first` must be 0 or more/],
    [{ first: 5, last: 5 }, /either `first` or `last`/],
    [{ last: 5, after: 'x' }, /`after` pages forward/],
    [{ first: 5, before: 'x' }, /`before` pages backward/],
    [{ first: 5, after: 'not a cursor!' }, /`after` is not a cursor/],
    [{ first: 5, after: Buffer.from('["organization:name:asc"]').toString('base64url') }, /not a cursor/],
    [{ first: 5, after: Buffer.from('["organization:name:asc", 1, "x"]').toString('base64url') }, /not a cursor/],
    [{ first: 5, after: Buffer.from('{"a":1}').toString('base64url') }, /not a cursor/],
    [{ last: 5, before: Buffer.from('["organization:name:asc","Acme",{"$gt":""}]').toString('base64url') }, /not a cursor/],
  ])('refuse bad paging arguments %j with BAD_USER_INPUT', async (variables, message) => {
    const response = await hub.graphql(OrganizationsDocument, variables);
    expect(errorCodes(response)).toEqual(['BAD_USER_INPUT']);
    expect(response.errors![0].message).toMatch(message);
    expect(response.data).toBeNull();
  });

  it('refuse a cursor taken from another list or ordering', async () => {
    const { organizations } = dataOf(await hub.graphql(OrganizationsDocument, { first: 2 }));
    const descending = await hub.graphql(OrganizationsDocument, { first: 2, after: organizations.edges[0].cursor, orderBy: { direction: 'DESC' } });
    expect(errorCodes(descending)).toEqual(['BAD_USER_INPUT']);
    expect(descending.errors![0].message).toMatch(/another list or ordering/);
    const otherList = await hub.graphql(ResourcesDocument, { first: 2, after: organizations.edges[0].cursor });
    expect(errorCodes(otherList)).toEqual(['BAD_USER_INPUT']);
  });

  it('keep the order stable when sort values tie (the id breaks ties)', async () => {
    await sql(`update organization set name = 'Same Name' where id in (select id from organization order by id limit 6)`);
    const expected = await allOrganizationIds();
    const seen: string[] = [];
    let after: string | null = null;
    do {
      const page: { organizations: { edges: { node: { id: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } } =
        dataOf(await hub.graphql(OrganizationsDocument, { first: 2, after }));
      seen.push(...page.organizations.edges.map((edge) => edge.node.id));
      after = page.organizations.pageInfo.hasNextPage ? page.organizations.pageInfo.endCursor : null;
    } while (after);
    expect(seen).toEqual(expected);
  });

  it('do not lose or repeat rows whose timestamps differ by microseconds', async () => {
    // Give every request a creation time in the same millisecond, apart only in microseconds.
    await sql(`
      update peer_exchange_request x set created_at = timestamptz '2026-01-01 12:00:00.123' + (n.rank * interval '1 microsecond')
      from (select id, row_number() over (order by id) as rank from peer_exchange_request) n where n.id = x.id`);
    const { peerExchangeRequests: all } = dataOf(await hub.graphql(PeerExchangeRequestsDocument, { first: 100 }));
    const seen: string[] = [];
    let after: string | null = null;
    do {
      const page: { peerExchangeRequests: { nodes: { id: string }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } } =
        dataOf(await hub.graphql(PeerExchangeRequestsDocument, { first: 1, after }));
      seen.push(...page.peerExchangeRequests.nodes.map((node) => node.id));
      after = page.peerExchangeRequests.pageInfo.hasNextPage ? page.peerExchangeRequests.pageInfo.endCursor : null;
    } while (after);
    expect(seen).toEqual(all.nodes.map((node) => node.id));
    expect(new Set(seen).size).toBe(all.totalCount);
  });

  it('refuse filters with more than 100 alternatives', async () => {
    const response = await hub.graphql(OrganizationsDocument, { first: 5, filter: { groupSlugs: Array.from({ length: 101 }, (_, i) => `g${i}`) } });
    expect(errorCodes(response)).toEqual(['BAD_USER_INPUT']);
  });

  it('treat an empty list of alternatives as no restriction', async () => {
    const all = dataOf(await hub.graphql(OrganizationsDocument, { first: 1 })).organizations.totalCount;
    expect(dataOf(await hub.graphql(OrganizationsDocument, { first: 1, filter: { kinds: [] } })).organizations.totalCount).toBe(all);
  });
});
