import { NodeByIdDocument, PeerExchangeRequestsDocument, ResourcesDocument, WebinarsDocument } from './generated/operations.js';
import { dataOf, startTestHub, type TestHub } from './support/test-hub.js';

let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub();
});
afterAll(() => hub.close());

const sql = (query: string, params: unknown[] = []) => hub.sql(query, params);
const count = async (query: string, params: unknown[] = []) => ((await sql(query, params))[0] as { count: number }).count;

describe('resources', () => {
  it('lists published resources, newest first', async () => {
    const { resources } = dataOf(await hub.graphql(ResourcesDocument, { first: 100 }));
    expect(resources.totalCount).toBe(await count(`select count(*)::int as count from resource where status = 'published'`));
    const dates = resources.edges.map((edge) => edge.node.publishedOn);
    expect(dates).toEqual([...dates].sort().reverse());
    expect(resources.edges.every((edge) => edge.node.status === 'PUBLISHED')).toBe(true);
  });

  it('never shows submitted, rejected or archived resources, in lists or by ID', async () => {
    const { resources } = dataOf(await hub.graphql(ResourcesDocument, { first: 1 }));
    const [hidden] = resources.edges;
    const before = resources.totalCount;
    for (const status of ['submitted', 'rejected', 'archived']) {
      await sql(`update resource set status = ? where url = ?`, [status, hidden.node.url]);
      const after = dataOf(await hub.graphql(ResourcesDocument, { first: 100 })).resources;
      expect(after.totalCount).toBe(before - 1);
      expect(after.edges.map((edge) => edge.node.id)).not.toContain(hidden.node.id);
      expect(dataOf(await hub.graphql(NodeByIdDocument, { id: hidden.node.id })).node).toBeNull();
    }
    await sql(`update resource set status = 'published' where url = ?`, [hidden.node.url]);
    expect(dataOf(await hub.graphql(NodeByIdDocument, { id: hidden.node.id })).node).toMatchObject({ __typename: 'Resource' });
  });

  it('filters by kind, language, topic, country and group', async () => {
    const checks: [Record<string, unknown>, string][] = [
      [{ kinds: ['GUIDE', 'TOOLKIT'] }, `kind in ('guide', 'toolkit')`],
      [{ languages: ['es'] }, `language = 'es'`],
      [{ languages: ['fr', 'ar'] }, `language in ('fr', 'ar')`],
      [{ topics: ['open-contracting'] }, `exists (select 1 from resource_topic rt join topic t on t.id = rt.topic_id where rt.resource_id = r.id and t.slug = 'open-contracting')`],
      [{ countryCodes: ['MX'] }, `exists (select 1 from resource_country rc where rc.resource_id = r.id and rc.country_code = 'MX')`],
      [{ groupSlugs: ['open-data'] }, `exists (select 1 from group_resource gr join working_group g on g.id = gr.working_group_id where gr.resource_id = r.id and g.slug = 'open-data')`],
      [{ languages: ['en'], kinds: ['CASE_STUDY'] }, `language = 'en' and kind = 'case_study'`],
    ];
    for (const [filter, condition] of checks) {
      const expected = await count(`select count(*)::int as count from resource r where status = 'published' and ${condition}`);
      const { resources } = dataOf(await hub.graphql(ResourcesDocument, { first: 100, filter }));
      expect({ filter, totalCount: resources.totalCount, edges: resources.edges.length }).toEqual({ filter, totalCount: expected, edges: expected });
      expect({ filter, matched: expected > 0 }).toEqual({ filter, matched: true });
    }
  });

  it('counts a filter on topics, countries or groups the same whichever way it is counted: each resource once, published ones only', async () => {
    // Values that name some resources twice (two topics, two countries of one resource), and resources hidden from the count.
    const [twoTopics] = await sql(`select (array_agg(t.slug order by t.slug))[1:2] as slugs from resource_topic rt join topic t on t.id = rt.topic_id
      group by rt.resource_id having count(*) >= 2 order by rt.resource_id limit 1`);
    const [twoCountries] = await sql(`select (array_agg(country_code::text order by country_code))[1:2] as codes from resource_country
      group by resource_id having count(*) >= 2 order by resource_id limit 1`);
    // Two different published resources (a resource with both topics would otherwise come up twice).
    const hidden = await sql(`update resource set status = 'archived' where id in (
      select distinct rt.resource_id from resource_topic rt join resource r on r.id = rt.resource_id
      where r.status = 'published' and rt.topic_id in (select id from topic where slug in (?)) order by rt.resource_id limit 2) returning id`, [twoTopics.slugs]);
    expect([twoTopics.slugs.length, twoCountries.codes.length, hidden.length]).toEqual([2, 2, 2]);
    const named = {
      topics: `exists (select 1 from resource_topic rt join topic t on t.id = rt.topic_id where rt.resource_id = r.id and t.slug in (?))`,
      countryCodes: `exists (select 1 from resource_country rc where rc.resource_id = r.id and rc.country_code in (?))`,
      groupSlugs: `exists (select 1 from group_resource gr join working_group g on g.id = gr.working_group_id where gr.resource_id = r.id and g.slug in (?))`,
    };
    const filters: Partial<Record<keyof typeof named, string[]>>[] = [
      { topics: twoTopics.slugs },
      { topics: twoTopics.slugs.slice(0, 1) },
      { countryCodes: twoCountries.codes },
      { groupSlugs: ['open-data', 'fiscal-openness'] },
      { topics: twoTopics.slugs, groupSlugs: ['open-data', 'fiscal-openness'] },
      { topics: twoTopics.slugs, countryCodes: twoCountries.codes, groupSlugs: ['open-data'] },
    ];
    try {
      for (const filter of filters) {
        const fields = Object.keys(filter) as (keyof typeof named)[];
        const expected = await count(
          `select count(*)::int as count from resource r where status = 'published' and ${fields.map((field) => named[field]).join(' and ')}`,
          fields.map((field) => filter[field]),
        );
        const { resources } = dataOf(await hub.graphql(ResourcesDocument, { first: 100, filter }));
        expect({ filter, totalCount: resources.totalCount, edges: resources.edges.length }).toEqual({ filter, totalCount: expected, edges: expected });
      }
    } finally {
      await sql(`update resource set status = 'published' where id in (?)`, [hidden.map((row: { id: string }) => row.id)]);
    }
  });

  it('orders by title or publication date, either way', async () => {
    const titles = await sql(`select title from resource where status = 'published' order by title, id`);
    const byTitle = dataOf(await hub.graphql(ResourcesDocument, { first: 100, orderBy: { field: 'TITLE', direction: 'ASC' } })).resources;
    expect(byTitle.edges.map((edge) => edge.node.title)).toEqual(titles.map((row: { title: string }) => row.title));
    const oldest = dataOf(await hub.graphql(ResourcesDocument, { first: 100, orderBy: { field: 'PUBLISHED_ON', direction: 'ASC' } })).resources;
    const dates = oldest.edges.map((edge) => edge.node.publishedOn);
    expect(dates).toEqual([...dates].sort());
  });

  it('tells which groups list a resource and what it is about', async () => {
    const { resources } = dataOf(await hub.graphql(ResourcesDocument, { first: 100, filter: { groupSlugs: ['fiscal-openness'] } }));
    expect(resources.edges.every((edge) => edge.node.workingGroups.some((group) => group.slug === 'fiscal-openness'))).toBe(true);
    expect(resources.edges.some((edge) => edge.node.topics.length > 0)).toBe(true);
  });
});

describe('webinars', () => {
  it('lists upcoming webinars of every group, soonest first, with speakers and group', async () => {
    const { webinars } = dataOf(await hub.graphql(WebinarsDocument, { first: 100 }));
    expect(webinars.totalCount).toBe(await count(`select count(*)::int as count from webinar where starts_at + make_interval(mins => duration_minutes) > now()`));
    expect(webinars.totalCount).toBeGreaterThan(0);
    const starts = webinars.nodes.map((webinar) => Date.parse(webinar.startsAt));
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
    for (const webinar of webinars.nodes) {
      expect(Date.parse(webinar.endsAt) - Date.parse(webinar.startsAt)).toBe(webinar.durationMinutes * 60_000);
      expect(webinar.workingGroup.slug).toEqual(expect.any(String));
    }
    expect(webinars.nodes.some((webinar) => webinar.speakers.length > 0)).toBe(true);
  });

  it('shows past webinars with their recordings', async () => {
    const { webinars } = dataOf(await hub.graphql(WebinarsDocument, { first: 100, filter: { timing: 'PAST' } }));
    expect(webinars.nodes.some((webinar) => webinar.status === 'HELD' && webinar.recording?.kind === 'WEBINAR_RECORDING')).toBe(true);
  });

  it('filters by group, language, status and topic', async () => {
    const checks: [Record<string, unknown>, string][] = [
      [{ timing: 'ALL', groupSlugs: ['open-data'] }, `working_group_id = (select id from working_group where slug = 'open-data')`],
      [{ timing: 'ALL', languages: ['es', 'fr'] }, `language in ('es', 'fr')`],
      [{ timing: 'ALL', statuses: ['HELD'] }, `status = 'held'`],
      [{ timing: 'ALL', statuses: ['CANCELLED'] }, `status = 'cancelled'`],
      [{ timing: 'ALL', topics: ['open-data-standards', 'data-portals'] }, `exists (select 1 from webinar_topic wt join topic t on t.id = wt.topic_id where wt.webinar_id = w.id and t.slug in ('open-data-standards', 'data-portals'))`],
    ];
    for (const [filter, condition] of checks) {
      const expected = await count(`select count(*)::int as count from webinar w where ${condition}`);
      const { webinars } = dataOf(await hub.graphql(WebinarsDocument, { first: 100, filter }));
      expect({ filter, totalCount: webinars.totalCount }).toEqual({ filter, totalCount: expected });
      expect({ filter, matched: expected > 0 }).toEqual({ filter, matched: true });
    }
  });

  it('hides a recording that is not published', async () => {
    const { webinars } = dataOf(await hub.graphql(WebinarsDocument, { first: 100, filter: { timing: 'PAST' } }));
    const held = webinars.nodes.find((webinar) => webinar.recording)!;
    await sql(`update resource set status = 'archived' where id = (select recording_id from webinar where title = ?)`, [held.title]);
    const again = dataOf(await hub.graphql(WebinarsDocument, { first: 100, filter: { timing: 'PAST' } })).webinars;
    expect(again.nodes.find((webinar) => webinar.id === held.id)!.recording).toBeNull();
  });
});

describe('peerExchangeRequests', () => {
  it('lists requests newest first with requester, offers and status history', async () => {
    const { peerExchangeRequests } = dataOf(await hub.graphql(PeerExchangeRequestsDocument, { first: 100 }));
    expect(peerExchangeRequests.totalCount).toBe(await count(`select count(*)::int as count from peer_exchange_request`));
    const created = peerExchangeRequests.nodes.map((request) => request.createdAt);
    expect(created).toEqual([...created].sort().reverse());
    for (const request of peerExchangeRequests.nodes) {
      expect(request.statusHistory[0].status).toBe('OPEN');
      expect(request.statusHistory.at(-1)!.status).toBe(request.status);
      for (const offer of request.offers) expect(offer.request.id).toBe(request.id);
      if (request.status === 'MATCHED' || request.status === 'COMPLETED') {
        expect(request.offers.filter((offer) => offer.status === 'ACCEPTED')).toHaveLength(1);
      }
    }
    expect(peerExchangeRequests.nodes.some((request) => request.status === 'COMPLETED' && request.outcome)).toBe(true);
  });

  it('filters by status, format, topic, group and the requester\'s country', async () => {
    const checks: [Record<string, unknown>, string][] = [
      [{ statuses: ['OPEN'] }, `status = 'open'`],
      [{ statuses: ['MATCHED', 'COMPLETED'] }, `status in ('matched', 'completed')`],
      [{ formats: ['STUDY_VISIT', 'DOCUMENT_REVIEW'] }, `format in ('study_visit', 'document_review')`],
      [{ topics: ['beneficial-ownership'] }, `exists (select 1 from peer_exchange_request_topic xt join topic t on t.id = xt.topic_id where xt.request_id = x.id and t.slug = 'beneficial-ownership')`],
      [{ groupSlugs: ['extractive-industries'] }, `working_group_id = (select id from working_group where slug = 'extractive-industries')`],
      [{ countryCodes: ['TN'] }, `requester_id in (select id from person where country_code = 'TN')`],
    ];
    for (const [filter, condition] of checks) {
      const expected = await count(`select count(*)::int as count from peer_exchange_request x where ${condition}`);
      const { peerExchangeRequests } = dataOf(await hub.graphql(PeerExchangeRequestsDocument, { first: 100, filter }));
      expect({ filter, totalCount: peerExchangeRequests.totalCount }).toEqual({ filter, totalCount: expected });
      expect({ filter, matched: expected > 0 }).toEqual({ filter, matched: true });
    }
  });

  it('lists oldest first on request', async () => {
    const newest = dataOf(await hub.graphql(PeerExchangeRequestsDocument, { first: 100 })).peerExchangeRequests.nodes.map((node) => node.id);
    const oldest = dataOf(await hub.graphql(PeerExchangeRequestsDocument, { first: 100, orderBy: { direction: 'ASC' } })).peerExchangeRequests.nodes.map((node) => node.id);
    expect(oldest).toEqual(newest.reverse());
  });
});
