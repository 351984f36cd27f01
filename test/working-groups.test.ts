import {
  GroupAnchorHistoryDocument,
  GroupBySlugDocument,
  GroupMembersDocument,
  GroupParticipantsDocument,
  GroupRequestsDocument,
  GroupResourcesDocument,
  GroupWebinarsDocument,
  WorkingGroupsOverviewDocument,
} from './generated/operations.js';
import { dataOf, startTestHub, type TestHub } from './support/test-hub.js';

let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub();
});
afterAll(() => hub.close());

const sql = (query: string, params: unknown[] = []) => hub.sql(query, params);

describe('workingGroups', () => {
  it('lists the five pilot groups by name, each with a government and a civil-society anchor', async () => {
    const { workingGroups } = dataOf(await hub.graphql(WorkingGroupsOverviewDocument, { first: 10 }));
    expect(workingGroups.totalCount).toBe(5);
    const names = workingGroups.nodes.map((group) => group.name);
    expect(names).toEqual([...names].sort((a, b) => (a < b ? -1 : 1)));
    expect(workingGroups.nodes.map((group) => group.slug).sort()).toEqual([
      'access-to-information',
      'extractive-industries',
      'fiscal-openness',
      'open-data',
      'open-parliaments',
    ]);
    for (const group of workingGroups.nodes) {
      expect(group.governmentAnchor?.organization.name).toEqual(expect.any(String));
      expect(group.civilSocietyAnchor?.organization.name).toEqual(expect.any(String));
    }
  });

  it('filters by status', async () => {
    const [{ status }] = await sql(`select status from working_group where slug = 'open-data'`);
    await sql(`update working_group set status = 'archived' where slug = 'open-data'`);
    try {
      const archived = dataOf(await hub.graphql(WorkingGroupsOverviewDocument, { filter: { statuses: ['ARCHIVED'] } }));
      expect(archived.workingGroups.nodes.map((group) => group.slug)).toEqual(['open-data']);
      const others = dataOf(await hub.graphql(WorkingGroupsOverviewDocument, { filter: { statuses: ['PILOT', 'ACTIVE', 'PROPOSED'] } }));
      expect(others.workingGroups.totalCount).toBe(4);
    } finally {
      await sql(`update working_group set status = ? where slug = 'open-data'`, [status]);
    }
  });

  it('orders by name descending on request', async () => {
    const ascending = dataOf(await hub.graphql(WorkingGroupsOverviewDocument, {}));
    const descending = dataOf(await hub.graphql(WorkingGroupsOverviewDocument, { orderBy: { direction: 'DESC' } }));
    expect(descending.workingGroups.nodes.map((group) => group.slug)).toEqual(ascending.workingGroups.nodes.map((group) => group.slug).reverse());
  });
});

describe('workingGroup(slug:)', () => {
  it('returns the group with its priorities and current anchors', async () => {
    const { workingGroup } = dataOf(await hub.graphql(GroupBySlugDocument, { slug: 'fiscal-openness' }));
    expect(workingGroup).toMatchObject({ slug: 'fiscal-openness', name: expect.any(String), description: expect.any(String) });
    expect(workingGroup!.priorityAreas.length).toBeGreaterThan(0);
    expect(workingGroup!.priorityAreas.map((area) => area.position)).toEqual(workingGroup!.priorityAreas.map((_, index) => index + 1));
    expect(workingGroup!.priorityAreas[0].workingGroup.slug).toBe('fiscal-openness');
    expect(workingGroup!.governmentAnchor).toMatchObject({ sector: 'GOVERNMENT', until: null, isCurrent: true, workingGroup: { slug: 'fiscal-openness' } });
    expect(workingGroup!.governmentAnchor!.organization.kind).toMatch(/GOVERNMENT|PARLIAMENT/);
    expect(workingGroup!.governmentAnchor!.leadContact?.name).toEqual(expect.any(String));
    expect(workingGroup!.civilSocietyAnchor).toMatchObject({ sector: 'CIVIL_SOCIETY', isCurrent: true });
  });

  it('returns null for an unknown slug', async () => {
    expect(dataOf(await hub.graphql(GroupBySlugDocument, { slug: 'no-such-group' })).workingGroup).toBeNull();
  });

  it('keeps the history of anchorships, newest first, current ones included', async () => {
    const [{ slug }] = await sql(`
      select g.slug from anchorship a join working_group g on g.id = a.working_group_id
      where a.ends_on is not null group by g.slug order by g.slug limit 1`);
    const { workingGroup } = dataOf(await hub.graphql(GroupBySlugDocument, { slug }));
    const history = workingGroup!.anchorHistory.nodes;
    expect(workingGroup!.anchorHistory.totalCount).toBe(history.length);
    expect(history.filter((anchorship) => anchorship.isCurrent)).toHaveLength(2);
    expect(history.some((anchorship) => anchorship.until !== null && !anchorship.isCurrent)).toBe(true);
    const starts = history.map((anchorship) => anchorship.since);
    expect(starts).toEqual([...starts].sort().reverse());

    const government = dataOf(await hub.graphql(GroupAnchorHistoryDocument, { slug, sector: 'GOVERNMENT' }));
    expect(government.workingGroup!.anchorHistory.nodes.every((anchorship) => anchorship.sector === 'GOVERNMENT')).toBe(true);
    const civil = dataOf(await hub.graphql(GroupAnchorHistoryDocument, { slug, sector: 'CIVIL_SOCIETY' }));
    expect(government.workingGroup!.anchorHistory.totalCount + civil.workingGroup!.anchorHistory.totalCount).toBe(history.length);
  });

  it('shows no anchor for a sector whose anchorship ended', async () => {
    await sql(`update anchorship set ends_on = current_date where sector = 'civil_society' and ends_on is null
               and working_group_id = (select id from working_group where slug = 'open-parliaments')`);
    const { workingGroup } = dataOf(await hub.graphql(GroupBySlugDocument, { slug: 'open-parliaments' }));
    expect(workingGroup!.civilSocietyAnchor).toBeNull();
    expect(workingGroup!.governmentAnchor).not.toBeNull();
  });

  it('shows the current anchors as they are after any committed write: a renamed organisation, a new anchorship', async () => {
    const before = dataOf(await hub.graphql(GroupBySlugDocument, { slug: 'open-data' })).workingGroup!;
    const [anchor] = await sql(`select o.id, o.name from anchorship a join organization o on o.id = a.organization_id
      where a.sector = 'government' and a.ends_on is null and a.working_group_id = (select id from working_group where slug = 'open-data')`);
    expect(before.governmentAnchor!.organization.name).toBe(anchor.name);
    await sql(`update organization set name = ? where id = ?`, [`${anchor.name} (renamed)`, anchor.id]);
    const renamed = dataOf(await hub.graphql(GroupBySlugDocument, { slug: 'open-data' })).workingGroup!;
    expect(renamed.governmentAnchor!.organization.name).toBe(`${anchor.name} (renamed)`);

    const [other] = await sql(`select o.id, o.name from organization o where not exists (select 1 from anchorship a where a.organization_id = o.id) order by o.name limit 1`);
    await sql(`update anchorship set ends_on = current_date where sector = 'government' and ends_on is null
               and working_group_id = (select id from working_group where slug = 'open-data')`);
    await sql(`insert into anchorship (id, working_group_id, organization_id, sector, starts_on)
               select gen_random_uuid(), id, ?, 'government', current_date from working_group where slug = 'open-data'`, [other.id]);
    const replaced = dataOf(await hub.graphql(GroupBySlugDocument, { slug: 'open-data' })).workingGroup!;
    expect(replaced.governmentAnchor!.organization.name).toBe(other.name);
    expect(replaced.civilSocietyAnchor!.id).toBe(before.civilSocietyAnchor!.id);
  });
});

describe('WorkingGroup.members', () => {
  it('lists current member organisations by name with when they joined', async () => {
    const expected = await sql(`
      select o.name from membership m join working_group g on g.id = m.working_group_id join organization o on o.id = m.organization_id
      where g.slug = 'open-data' and m.left_on is null order by o.name, o.id`);
    const { workingGroup } = dataOf(await hub.graphql(GroupMembersDocument, { slug: 'open-data', first: 100 }));
    const members = workingGroup!.members;
    expect(members.totalCount).toBe(expected.length);
    expect(members.edges.map((edge) => edge.node.name)).toEqual(expected.map((row: { name: string }) => row.name));
    for (const edge of members.edges) expect(edge.joinedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('leaves out organisations that left', async () => {
    const left = await sql(`
      select o.name from membership m join working_group g on g.id = m.working_group_id join organization o on o.id = m.organization_id
      where m.left_on is not null and not exists (
        select 1 from membership again where again.working_group_id = m.working_group_id and again.organization_id = m.organization_id and again.left_on is null)
      and g.slug = ?`, ['open-data']);
    await sql(`
      update membership set left_on = current_date where left_on is null and organization_id = (
        select organization_id from membership m join working_group g on g.id = m.working_group_id where g.slug = 'open-data' and m.left_on is null
        order by m.id limit 1) and working_group_id = (select id from working_group where slug = 'open-data')`);
    const { workingGroup } = dataOf(await hub.graphql(GroupMembersDocument, { slug: 'open-data', first: 100 }));
    const [{ count }] = await sql(`
      select count(*)::int as count from membership m join working_group g on g.id = m.working_group_id where g.slug = 'open-data' and m.left_on is null`);
    expect(workingGroup!.members.totalCount).toBe(count);
    const names = workingGroup!.members.edges.map((edge) => edge.node.name);
    for (const { name } of left) expect(names).not.toContain(name);
  });

  it('filters by country and kind', async () => {
    const { workingGroup: all } = dataOf(await hub.graphql(GroupMembersDocument, { slug: 'fiscal-openness', first: 100 }));
    const someCountry = all!.members.edges.find((edge) => edge.node.country)!.node.country!.code;
    const byCountry = dataOf(await hub.graphql(GroupMembersDocument, { slug: 'fiscal-openness', first: 100, filter: { countryCodes: [someCountry] } }));
    expect(byCountry.workingGroup!.members.edges.length).toBeGreaterThan(0);
    expect(byCountry.workingGroup!.members.edges.every((edge) => edge.node.country?.code === someCountry)).toBe(true);
    expect(byCountry.workingGroup!.members.totalCount).toBe(all!.members.edges.filter((edge) => edge.node.country?.code === someCountry).length);

    const byKind = dataOf(await hub.graphql(GroupMembersDocument, { slug: 'fiscal-openness', first: 100, filter: { kinds: ['CIVIL_SOCIETY'] } }));
    expect(byKind.workingGroup!.members.totalCount).toBe(all!.members.edges.filter((edge) => edge.node.kind === 'CIVIL_SOCIETY').length);
    expect(byKind.workingGroup!.members.totalCount).toBeGreaterThan(0);
  });

  it('pages through members forward and backward without gaps or repeats', async () => {
    const { workingGroup: all } = dataOf(await hub.graphql(GroupMembersDocument, { slug: 'extractive-industries', first: 100 }));
    const expected = all!.members.edges.map((edge) => edge.node.id);
    const forward: string[] = [];
    let after: string | null = null;
    for (;;) {
      const { workingGroup }: { workingGroup: typeof all } = dataOf(await hub.graphql(GroupMembersDocument, { slug: 'extractive-industries', first: 3, after }));
      forward.push(...workingGroup!.members.edges.map((edge) => edge.node.id));
      if (!workingGroup!.members.pageInfo.hasNextPage) break;
      after = workingGroup!.members.pageInfo.endCursor;
    }
    expect(forward).toEqual(expected);

    const backward: string[] = [];
    let before: string | null = null;
    for (;;) {
      const { workingGroup }: { workingGroup: typeof all } = dataOf(await hub.graphql(GroupMembersDocument, { slug: 'extractive-industries', last: 4, before }));
      backward.unshift(...workingGroup!.members.edges.map((edge) => edge.node.id));
      if (!workingGroup!.members.pageInfo.hasPreviousPage) break;
      before = workingGroup!.members.pageInfo.startCursor;
    }
    expect(backward).toEqual(expected);
  });

  it('sorts Z to A on request', async () => {
    const asc = dataOf(await hub.graphql(GroupMembersDocument, { slug: 'open-data', first: 100 }));
    const desc = dataOf(await hub.graphql(GroupMembersDocument, { slug: 'open-data', first: 100, orderBy: { direction: 'DESC' } }));
    expect(desc.workingGroup!.members.edges.map((edge) => edge.node.id)).toEqual(asc.workingGroup!.members.edges.map((edge) => edge.node.id).reverse());
  });
});

describe('WorkingGroup.participants', () => {
  it('lists the people of current member organisations, filterable by language, topic, country and openness', async () => {
    const expected = await sql(`
      select distinct p.id from person p join membership m on m.organization_id = p.organization_id and m.left_on is null
      join working_group g on g.id = m.working_group_id where g.slug = 'access-to-information'`);
    const { workingGroup } = dataOf(await hub.graphql(GroupParticipantsDocument, { slug: 'access-to-information', first: 100 }));
    expect(workingGroup!.participants.totalCount).toBe(expected.length);
    expect(workingGroup!.participants.totalCount).toBeGreaterThan(0);

    const someone = workingGroup!.participants.nodes[0];
    const language = someone.languages[0];
    const byLanguage = dataOf(await hub.graphql(GroupParticipantsDocument, { slug: 'access-to-information', first: 100, filter: { languages: [language] } }));
    expect(byLanguage.workingGroup!.participants.nodes.every((person) => person.languages.includes(language))).toBe(true);
    expect(byLanguage.workingGroup!.participants.totalCount).toBe(workingGroup!.participants.nodes.filter((person) => person.languages.includes(language)).length);

    const open = dataOf(await hub.graphql(GroupParticipantsDocument, { slug: 'access-to-information', first: 100, filter: { openToPeerExchange: true } }));
    expect(open.workingGroup!.participants.totalCount).toBe(workingGroup!.participants.nodes.filter((person) => person.openToPeerExchange).length);

    const withTopics = workingGroup!.participants.nodes.find((person) => person.topics.length > 0)!;
    const topic = withTopics.topics[0].slug;
    const byTopic = dataOf(await hub.graphql(GroupParticipantsDocument, { slug: 'access-to-information', first: 100, filter: { topics: [topic] } }));
    expect(byTopic.workingGroup!.participants.nodes.every((person) => person.topics.some((t) => t.slug === topic))).toBe(true);
    expect(byTopic.workingGroup!.participants.nodes.map((person) => person.id)).toContain(withTopics.id);

    const country = workingGroup!.participants.nodes.find((person) => person.country)!.country!.code;
    const byCountry = dataOf(await hub.graphql(GroupParticipantsDocument, { slug: 'access-to-information', first: 100, filter: { countryCodes: [country] } }));
    expect(byCountry.workingGroup!.participants.nodes.every((person) => person.country?.code === country)).toBe(true);
  });
});

describe('WorkingGroup.resources', () => {
  it('lists the curated list: featured first, then the group\'s position', async () => {
    const { workingGroup } = dataOf(await hub.graphql(GroupResourcesDocument, { slug: 'open-data', first: 100 }));
    const edges = workingGroup!.resources.edges;
    expect(edges.length).toBeGreaterThan(1);
    const featuredFlags = edges.map((edge) => edge.featured);
    expect(featuredFlags).toEqual([...featuredFlags].sort((a, b) => Number(b) - Number(a)));
    const positions = (featured: boolean) => edges.filter((edge) => edge.featured === featured).map((edge) => edge.position);
    expect(positions(false)).toEqual([...positions(false)].sort((a, b) => a - b));
    expect(positions(true)).toEqual([...positions(true)].sort((a, b) => a - b));
    for (const edge of edges) expect(edge.node.status).toBe('PUBLISHED');
  });

  it('breaks ties in position by newest publication', async () => {
    await sql(`update group_resource set position = 1, featured = false where working_group_id = (select id from working_group where slug = 'open-data')`);
    const { workingGroup } = dataOf(await hub.graphql(GroupResourcesDocument, { slug: 'open-data', first: 100 }));
    const dates = workingGroup!.resources.edges.map((edge) => edge.node.publishedOn);
    expect(dates).toEqual([...dates].sort().reverse());
    // and pages through that mixed-direction order without gaps or repeats
    const ids = workingGroup!.resources.edges.map((edge) => edge.node.id);
    const paged: string[] = [];
    let after: string | null = null;
    do {
      const page: typeof workingGroup = dataOf(await hub.graphql(GroupResourcesDocument, { slug: 'open-data', first: 2, after })).workingGroup;
      paged.push(...page!.resources.edges.map((edge) => edge.node.id));
      after = page!.resources.pageInfo.hasNextPage ? page!.resources.pageInfo.endCursor : null;
    } while (after);
    expect(paged).toEqual(ids);
  });

  it('filters by kind, language and topic', async () => {
    const { workingGroup } = dataOf(await hub.graphql(GroupResourcesDocument, { slug: 'fiscal-openness', first: 100 }));
    const all = workingGroup!.resources.edges.map((edge) => edge.node);
    const kind = all[0].kind;
    const byKind = dataOf(await hub.graphql(GroupResourcesDocument, { slug: 'fiscal-openness', first: 100, filter: { kinds: [kind] } }));
    expect(byKind.workingGroup!.resources.edges.map((edge) => edge.node.id)).toEqual(all.filter((node) => node.kind === kind).map((node) => node.id));
    const language = all[0].language;
    const byLanguage = dataOf(await hub.graphql(GroupResourcesDocument, { slug: 'fiscal-openness', first: 100, filter: { languages: [language] } }));
    expect(byLanguage.workingGroup!.resources.totalCount).toBe(all.filter((node) => node.language === language).length);
    const topic = all.find((node) => node.topics.length)!.topics[0].slug;
    const byTopic = dataOf(await hub.graphql(GroupResourcesDocument, { slug: 'fiscal-openness', first: 100, filter: { topics: [topic] } }));
    expect(byTopic.workingGroup!.resources.edges.map((edge) => edge.node.id)).toEqual(
      all.filter((node) => node.topics.some((t) => t.slug === topic)).map((node) => node.id),
    );
  });

  it('hides resources that are not published', async () => {
    const before = dataOf(await hub.graphql(GroupResourcesDocument, { slug: 'access-to-information', first: 100 }));
    const hidden = before.workingGroup!.resources.edges[0].node;
    await sql(`update resource set status = 'archived' where title = ?`, [hidden.title]);
    const after = dataOf(await hub.graphql(GroupResourcesDocument, { slug: 'access-to-information', first: 100 }));
    expect(after.workingGroup!.resources.totalCount).toBe(before.workingGroup!.resources.totalCount - 1);
    expect(after.workingGroup!.resources.edges.map((edge) => edge.node.id)).not.toContain(hidden.id);
  });
});

describe('WorkingGroup.webinars', () => {
  it('shows upcoming webinars by default, soonest first; past ones on request, latest first', async () => {
    const now = Date.now();
    const upcoming = dataOf(await hub.graphql(GroupWebinarsDocument, { slug: 'open-data', first: 50 })).workingGroup!.webinars;
    const past = dataOf(await hub.graphql(GroupWebinarsDocument, { slug: 'open-data', first: 50, filter: { timing: 'PAST' } })).workingGroup!.webinars;
    const all = dataOf(await hub.graphql(GroupWebinarsDocument, { slug: 'open-data', first: 50, filter: { timing: 'ALL' } })).workingGroup!.webinars;
    expect(upcoming.nodes.every((webinar) => Date.parse(webinar.endsAt) > now)).toBe(true);
    expect(past.nodes.every((webinar) => Date.parse(webinar.endsAt) <= now)).toBe(true);
    expect(upcoming.totalCount + past.totalCount).toBe(all.totalCount);
    const upcomingStarts = upcoming.nodes.map((webinar) => Date.parse(webinar.startsAt));
    expect(upcomingStarts).toEqual([...upcomingStarts].sort((a, b) => a - b));
    const pastStarts = past.nodes.map((webinar) => Date.parse(webinar.startsAt));
    expect(pastStarts).toEqual([...pastStarts].sort((a, b) => b - a));
  });

  it('counts a webinar under way as upcoming', async () => {
    await sql(`update webinar set starts_at = now() - interval '10 minutes', duration_minutes = 60
               where id = (select w.id from webinar w join working_group g on g.id = w.working_group_id where g.slug = 'open-data' order by w.starts_at limit 1)`);
    const upcoming = dataOf(await hub.graphql(GroupWebinarsDocument, { slug: 'open-data', first: 50 })).workingGroup!.webinars;
    expect(upcoming.nodes.some((webinar) => Date.parse(webinar.startsAt) < Date.now())).toBe(true);
  });
});

describe('WorkingGroup.peerExchangeRequests', () => {
  it('lists the group\'s requests newest first and filters by status', async () => {
    const rows = await sql(`
      select x.status, count(*)::int as count from peer_exchange_request x join working_group g on g.id = x.working_group_id
      where g.slug = 'extractive-industries' group by x.status`);
    const total = rows.reduce((sum: number, row: { count: number }) => sum + row.count, 0);
    const all = dataOf(await hub.graphql(GroupRequestsDocument, { slug: 'extractive-industries', first: 100 })).workingGroup!.peerExchangeRequests;
    expect(all.totalCount).toBe(total);
    expect(all.nodes.every((request) => request.workingGroup?.slug === 'extractive-industries')).toBe(true);
    const created = all.nodes.map((request) => request.createdAt);
    expect(created).toEqual([...created].sort().reverse());
    for (const { status, count } of rows as { status: string; count: number }[]) {
      const filtered = dataOf(
        await hub.graphql(GroupRequestsDocument, { slug: 'extractive-industries', first: 100, filter: { statuses: [status.toUpperCase() as 'OPEN'] } }),
      ).workingGroup!.peerExchangeRequests;
      expect(filtered.totalCount).toBe(count);
    }
  });
});
