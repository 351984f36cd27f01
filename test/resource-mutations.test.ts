import {
  ArchiveResourceDocument,
  CreateResourceDocument,
  CurateResourceDocument,
  GroupResourcesDocument,
  NodeByIdDocument,
  ReviewResourceDocument,
  SubmitResourceDocument,
  UpdateResourceDocument,
} from './generated/operations.js';
import { castRoles, globalId, type RoleCast } from './support/roles.js';
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

const sql = (query: string, params: unknown[] = []) => hub.sql(query, params);
const fields = (overrides: Record<string, unknown> = {}) => ({
  title: 'Open data in local budgets',
  summary: 'How three cities publish their budgets as open data.',
  url: 'https://example.org/resources/local-budgets',
  kind: 'CASE_STUDY' as const,
  language: 'en',
  publishedOn: '2026-05-01',
  topics: ['budget-transparency'],
  countryCodes: ['MX'],
  ...overrides,
});

describe('submitResource', () => {
  it('lets any signed-in person propose a resource, which waits for review out of public view', async () => {
    const response = await hub.graphql(SubmitResourceDocument, { input: { workingGroupId: groupId, ...fields() } }, { token: cast.tokens.reformer });
    const { submitResource } = dataOf(response);
    expect(submitResource.userErrors).toEqual([]);
    expect(submitResource.resource).toMatchObject({ status: 'SUBMITTED', title: 'Open data in local budgets', topics: [{ slug: 'budget-transparency' }], countries: [{ code: 'MX' }] });
    const id = submitResource.resource!.id;
    expect(dataOf(await hub.graphql(NodeByIdDocument, { id })).node).toBeNull();
    expect(dataOf(await hub.graphql(NodeByIdDocument, { id }, { token: cast.tokens.reformer })).node).toMatchObject({ id });
    expect(dataOf(await hub.graphql(NodeByIdDocument, { id }, { token: cast.tokens.curatorOfThisGroup })).node).toMatchObject({ id });
    expect(dataOf(await hub.graphql(NodeByIdDocument, { id }, { token: cast.tokens.curatorOfAnotherGroup })).node).toBeNull();
  });

  it('refuses anonymous callers with UNAUTHENTICATED and writes nothing', async () => {
    const [before] = await sql(`select count(*)::int as count from resource`);
    const response = await hub.graphql(SubmitResourceDocument, { input: { workingGroupId: groupId, ...fields() } });
    expect(errorCodes(response)).toEqual(['UNAUTHENTICATED']);
    const [after] = await sql(`select count(*)::int as count from resource`);
    expect(after.count).toBe(before.count);
  });

  it('returns every input problem as a user error with its field path, writing nothing', async () => {
    const [before] = await sql(`select (select count(*) from resource)::int as resources, (select count(*) from activity)::int as activity`);
    const response = await hub.graphql(
      SubmitResourceDocument,
      {
        input: {
          workingGroupId: groupId,
          ...fields({ title: ' ', url: 'javascript:alert(1)', language: 'English', publishedOn: '2026-02-30', topics: ['budget-transparency', 'no-such-topic'] }),
        },
      },
      { token: cast.tokens.reformer },
    );
    const { submitResource } = dataOf(response);
    expect(submitResource.resource).toBeNull();
    expect(submitResource.userErrors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: ['title'], code: 'REQUIRED' }),
        expect.objectContaining({ field: ['url'], code: 'INVALID' }),
        expect.objectContaining({ field: ['language'], code: 'INVALID' }),
        expect.objectContaining({ field: ['publishedOn'], code: 'INVALID' }),
      ]),
    );
    const unknownTopic = await hub.graphql(SubmitResourceDocument, { input: { workingGroupId: groupId, ...fields({ topics: ['budget-transparency', 'no-such-topic'] }) } }, { token: cast.tokens.reformer });
    expect(dataOf(unknownTopic).submitResource.userErrors).toEqual([expect.objectContaining({ field: ['topics', '1'], code: 'NOT_FOUND' })]);
    const unknownGroup = await hub.graphql(SubmitResourceDocument, { input: { workingGroupId: globalId('WorkingGroup', '00000000-0000-4000-8000-000000000000'), ...fields() } }, { token: cast.tokens.reformer });
    expect(dataOf(unknownGroup).submitResource.userErrors).toEqual([expect.objectContaining({ field: ['workingGroupId'], code: 'NOT_FOUND' })]);
    const [after] = await sql(`select (select count(*) from resource)::int as resources, (select count(*) from activity)::int as activity`);
    expect(after).toEqual(before);
  });
});

describe('the review lifecycle', () => {
  it('goes SUBMITTED → PUBLISHED → ARCHIVED, recording who did what, and refuses other transitions', async () => {
    const submitted = dataOf(await hub.graphql(SubmitResourceDocument, { input: { workingGroupId: groupId, ...fields({ url: 'https://example.org/resources/lifecycle' }) } }, { token: cast.tokens.reformer })).submitResource.resource!;
    const forbidden = await hub.graphql(ReviewResourceDocument, { input: { resourceId: submitted.id, decision: 'PUBLISH' } }, { token: cast.tokens.curatorOfAnotherGroup });
    expect(errorCodes(forbidden)).toEqual(['FORBIDDEN']);

    const published = dataOf(await hub.graphql(ReviewResourceDocument, { input: { resourceId: submitted.id, decision: 'PUBLISH', note: 'Useful.' } }, { token: cast.tokens.curatorOfThisGroup })).reviewResource;
    expect(published.userErrors).toEqual([]);
    expect(published.resource!.status).toBe('PUBLISHED');
    expect(dataOf(await hub.graphql(NodeByIdDocument, { id: submitted.id })).node).toMatchObject({ id: submitted.id });

    const again = dataOf(await hub.graphql(ReviewResourceDocument, { input: { resourceId: submitted.id, decision: 'REJECT' } }, { token: cast.tokens.curatorOfThisGroup })).reviewResource;
    expect(again.userErrors).toEqual([expect.objectContaining({ code: 'INVALID_TRANSITION' })]);

    const archived = dataOf(await hub.graphql(ArchiveResourceDocument, { input: { resourceId: submitted.id } }, { token: cast.tokens.admin })).archiveResource;
    expect(archived.resource!.status).toBe('ARCHIVED');

    const key = Buffer.from(submitted.id, 'base64url').toString().split(':')[1];
    const history = await sql(`select status, actor_id as actor, note from resource_status_change where resource_id = ? order by created_at`, [key]);
    expect(history).toEqual([
      { status: 'submitted', actor: cast.people.reformer, note: null },
      { status: 'published', actor: cast.people.curatorOfThisGroup, note: 'Useful.' },
      { status: 'archived', actor: cast.people.admin, note: null },
    ]);
    const trail = await sql(`select action from activity where subject_key = ? order by created_at`, [key]);
    expect(trail.map((row: { action: string }) => row.action)).toEqual(['resource.submitted', 'resource.published', 'resource.archived']);
  });

  it('lets the submitter edit while it awaits review, and not after', async () => {
    const submitted = dataOf(await hub.graphql(SubmitResourceDocument, { input: { workingGroupId: groupId, ...fields({ url: 'https://example.org/resources/editable' }) } }, { token: cast.tokens.reformer })).submitResource.resource!;
    const edited = dataOf(await hub.graphql(UpdateResourceDocument, { input: { resourceId: submitted.id, title: 'A better title', topics: [] } }, { token: cast.tokens.reformer })).updateResource;
    expect(edited.resource).toMatchObject({ title: 'A better title', topics: [] });
    await hub.graphql(ReviewResourceDocument, { input: { resourceId: submitted.id, decision: 'REJECT' } }, { token: cast.tokens.curatorOfThisGroup });
    const late = await hub.graphql(UpdateResourceDocument, { input: { resourceId: submitted.id, title: 'Too late' } }, { token: cast.tokens.reformer });
    expect(errorCodes(late)).toEqual(['FORBIDDEN']);
  });
});

describe('createResource and curateResource', () => {
  it('let a curator publish at once and place the resource on the list', async () => {
    const created = dataOf(await hub.graphql(CreateResourceDocument, { input: { workingGroupId: groupId, ...fields({ url: 'https://example.org/resources/curated' }), featured: true } }, { token: cast.tokens.curatorOfThisGroup })).createResource;
    expect(created.userErrors).toEqual([]);
    expect(created.resource!.status).toBe('PUBLISHED');
    const list = dataOf(await hub.graphql(GroupResourcesDocument, { slug: 'open-data', first: 100 })).workingGroup!.resources.edges;
    expect(list.find((edge) => edge.node.id === created.resource!.id)).toMatchObject({ featured: true });

    const moved = dataOf(await hub.graphql(CurateResourceDocument, { input: { workingGroupId: groupId, resourceId: created.resource!.id, featured: false, position: 1 } }, { token: cast.tokens.curatorOfThisGroup })).curateResource;
    expect(moved.userErrors).toEqual([]);
    const positions = await sql(`select position from group_resource where working_group_id = ? order by position`, [cast.groupKey]);
    expect(positions.map((row: { position: number }) => row.position)).toEqual(positions.map((_: unknown, index: number) => index + 1));
    const [first] = await sql(`select resource_id from group_resource where working_group_id = ? and position = 1`, [cast.groupKey]);
    expect(globalId('Resource', first.resource_id)).toBe(created.resource!.id);
  });

  it('keeps positions 1…n without gaps or duplicates when curators reorder at the same time', async () => {
    const rows = await sql(
      `select gr.resource_id from group_resource gr join resource r on r.id = gr.resource_id
       where gr.working_group_id = ? and r.status = 'published' order by gr.position`,
      [cast.groupKey],
    );
    const ids = rows.map((row: { resource_id: string }) => globalId('Resource', row.resource_id));
    const moves = ids.flatMap((id: string, index: number) => [
      { resourceId: id, position: 1 + ((index * 7) % ids.length) },
      { resourceId: id, position: ids.length - ((index * 3) % ids.length) },
    ]);
    const results = await Promise.all(
      moves.map((move: { resourceId: string; position: number }, index: number) =>
        hub.graphql(CurateResourceDocument, { input: { workingGroupId: groupId, ...move } }, { token: index % 2 ? cast.tokens.curatorOfThisGroup : cast.tokens.admin }),
      ),
    );
    for (const result of results) expect(dataOf(result).curateResource.userErrors).toEqual([]);
    const positions = await sql(`select position from group_resource where working_group_id = ? order by position`, [cast.groupKey]);
    expect(positions.map((row: { position: number }) => row.position)).toEqual(positions.map((_: unknown, index: number) => index + 1));
  });

  it('refuse a position outside the list and leave the list as it was', async () => {
    const before = await sql(`select resource_id, position from group_resource where working_group_id = ? order by position`, [cast.groupKey]);
    const [{ resource_id: resourceKey }] = before;
    const response = await hub.graphql(CurateResourceDocument, { input: { workingGroupId: groupId, resourceId: globalId('Resource', resourceKey), position: 999 } }, { token: cast.tokens.curatorOfThisGroup });
    expect(dataOf(response).curateResource.userErrors).toEqual([expect.objectContaining({ field: ['position'], code: 'INVALID' })]);
    expect(await sql(`select resource_id, position from group_resource where working_group_id = ? order by position`, [cast.groupKey])).toEqual(before);
  });
});

describe('access tokens', () => {
  it('refuse an unknown or malformed token with UNAUTHENTICATED (HTTP 401)', async () => {
    for (const header of ['ogh_not-a-real-token']) {
      const response = await hub.post({ query: '{ workingGroups { totalCount } }' }, header);
      expect(response.status).toBe(401);
      expect(errorCodes(response)).toEqual(['UNAUTHENTICATED']);
    }
  });
});
