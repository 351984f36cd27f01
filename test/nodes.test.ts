import {
  CountriesDocument,
  GroupBySlugDocument,
  NodeByIdDocument,
  NodesByIdsDocument,
  OrganizationsDocument,
  PeerExchangeRequestsDocument,
  PeopleDocument,
  ResourcesDocument,
  TopicsDocument,
  WebinarsDocument,
} from './generated/operations.js';
import { dataOf, errorCodes, startTestHub, type TestHub } from './support/test-hub.js';

let hub: TestHub;
/** One ID of every node type, with a field to recognise the object by. */
let samples: { typename: string; id: string; expected: Record<string, unknown> }[];

beforeAll(async () => {
  hub = await startTestHub();
  const group = dataOf(await hub.graphql(GroupBySlugDocument, { slug: 'open-data' })).workingGroup!;
  const country = dataOf(await hub.graphql(CountriesDocument, {})).countries[0];
  const topic = dataOf(await hub.graphql(TopicsDocument, {})).topics[0];
  const organization = dataOf(await hub.graphql(OrganizationsDocument, { first: 1 })).organizations.edges[0].node;
  const person = dataOf(await hub.graphql(PeopleDocument, { first: 1 })).people.nodes[0];
  const resource = dataOf(await hub.graphql(ResourcesDocument, { first: 1 })).resources.edges[0].node;
  const requests = dataOf(await hub.graphql(PeerExchangeRequestsDocument, { first: 100 })).peerExchangeRequests.nodes;
  const request = requests[0];
  const offer = requests.flatMap((candidate) => candidate.offers)[0];
  const webinar = dataOf(await hub.graphql(WebinarsDocument, { first: 1 })).webinars.nodes[0];
  samples = [
    { typename: 'WorkingGroup', id: group.id, expected: { slug: 'open-data' } },
    { typename: 'PriorityArea', id: group.priorityAreas[0].id, expected: { title: group.priorityAreas[0].title } },
    { typename: 'Anchorship', id: group.governmentAnchor!.id, expected: { sector: 'GOVERNMENT' } },
    { typename: 'Country', id: country.id, expected: { code: country.code } },
    { typename: 'Topic', id: topic.id, expected: { slug: topic.slug } },
    { typename: 'Organization', id: organization.id, expected: { name: organization.name } },
    { typename: 'Person', id: person.id, expected: { name: person.name } },
    { typename: 'Resource', id: resource.id, expected: { title: resource.title } },
    { typename: 'PeerExchangeRequest', id: request.id, expected: { title: request.title } },
    { typename: 'PeerExchangeOffer', id: offer.id, expected: { message: offer.message } },
    { typename: 'Webinar', id: webinar.id, expected: { title: webinar.title } },
  ];
});
afterAll(() => hub.close());

/** A global ID as the API encodes them, for IDs of rows that do not exist. */
const globalId = (raw: string) => Buffer.from(raw, 'utf8').toString('base64url');

describe('node(id:)', () => {
  it('fetches an object of every type by its global ID', async () => {
    expect(samples).toHaveLength(11);
    for (const { typename, id, expected } of samples) {
      const { node } = dataOf(await hub.graphql(NodeByIdDocument, { id }));
      expect(node).toMatchObject({ __typename: typename, id, ...expected });
    }
  });

  it('gives opaque IDs, distinct across types', () => {
    const ids = samples.map((sample) => sample.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it('resolves a well-formed ID of a missing object to null', async () => {
    for (const raw of ['WorkingGroup:00000000-0000-4000-8000-000000000000', 'Country:ZZ', 'Person:11111111-1111-4111-8111-111111111111']) {
      const response = await hub.graphql(NodeByIdDocument, { id: globalId(raw) });
      expect(response.errors).toBeUndefined();
      expect(response.data!.node).toBeNull();
    }
  });

  it.each([
    ['not base64 at all!'],
    [''],
    [globalId('Spaceship:00000000-0000-4000-8000-000000000000')],
    [globalId('WorkingGroup:42')],
    [globalId('WorkingGroup')],
    [globalId('Country:tn')],
    [globalId("Person:' or 1=1 --")],
  ])('refuses the malformed ID %j with BAD_USER_INPUT', async (id) => {
    const response = await hub.graphql(NodeByIdDocument, { id });
    expect(errorCodes(response)).toEqual(['BAD_USER_INPUT']);
    expect(response.errors![0].message).toMatch(/is not a valid ID/);
  });
});

describe('nodes(ids:)', () => {
  it('fetches many objects in the order given, with null for missing ones', async () => {
    const missing = globalId('Webinar:00000000-0000-4000-8000-000000000000');
    const ids = [...samples.map((sample) => sample.id).reverse(), missing];
    const { nodes } = dataOf(await hub.graphql(NodesByIdsDocument, { ids }));
    expect(nodes.map((node) => node?.id ?? null)).toEqual([...samples.map((sample) => sample.id).reverse(), null]);
  });

  it('returns the same object twice when asked twice', async () => {
    const { nodes } = dataOf(await hub.graphql(NodesByIdsDocument, { ids: [samples[0].id, samples[0].id] }));
    expect(nodes).toEqual([expect.objectContaining({ id: samples[0].id }), expect.objectContaining({ id: samples[0].id })]);
  });

  it('names the malformed ID in the error', async () => {
    const response = await hub.graphql(NodesByIdsDocument, { ids: [samples[0].id, 'bogus!'] });
    expect(errorCodes(response)).toEqual(['BAD_USER_INPUT']);
    expect(response.errors![0].extensions).toMatchObject({ argument: 'ids[1]' });
  });

  it('accepts at most 100 IDs', async () => {
    const response = await hub.graphql(NodesByIdsDocument, { ids: Array.from({ length: 101 }, () => samples[0].id) });
    expect(errorCodes(response)).toEqual(['BAD_USER_INPUT']);
  });
});
