import { CountriesDocument, CountryByCodeDocument, OrganizationsDocument, PeopleDocument, TopicBySlugDocument, TopicsDocument } from './generated/operations.js';
import { allOf, createDb, sql, type RawBuilder } from '../src/db/sql.js';
import { organizationConditions } from '../src/organizations/organization.queries.js';
import { personConditions } from '../src/people/person.queries.js';
import { resourceConditions } from '../src/resources/resource.queries.js';
import { dataOf, errorCodes, startTestHub, type TestHub } from './support/test-hub.js';

let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub();
});
afterAll(() => hub.close());

const run = (query: string, params: unknown[] = []) => hub.sql(query, params);
const idsOf = (rows: { id: string }[]) => rows.map((row) => row.id);

describe('organizations', () => {
  it('lists every organisation by name with its country and groups', async () => {
    const expected = await run(`select name from organization order by name, id`);
    const { organizations } = dataOf(await hub.graphql(OrganizationsDocument, { first: 100 }));
    expect(organizations.totalCount).toBe(expected.length);
    expect(organizations.edges.map((edge) => edge.node.name)).toEqual(expected.map((row: { name: string }) => row.name));
    const member = organizations.edges.find((edge) => edge.node.workingGroups.length > 0);
    expect(member).toBeDefined();
  });

  it('filters by country, kind and group, combining fields with AND', async () => {
    const [{ count: inGb }] = await run(`select count(*)::int as count from organization where country_code = 'GB'`);
    const byCountry = dataOf(await hub.graphql(OrganizationsDocument, { first: 100, filter: { countryCodes: ['GB'] } })).organizations;
    expect(byCountry.totalCount).toBe(inGb);
    expect(byCountry.edges.every((edge) => edge.node.country?.code === 'GB')).toBe(true);

    const [{ count: gbOrPh }] = await run(`select count(*)::int as count from organization where country_code in ('GB', 'PH')`);
    expect(dataOf(await hub.graphql(OrganizationsDocument, { first: 1, filter: { countryCodes: ['GB', 'PH'] } })).organizations.totalCount).toBe(gbOrPh);

    const [{ count: cso }] = await run(`select count(*)::int as count from organization where kind = 'civil_society'`);
    expect(dataOf(await hub.graphql(OrganizationsDocument, { first: 1, filter: { kinds: ['CIVIL_SOCIETY'] } })).organizations.totalCount).toBe(cso);

    const members = await run(`
      select distinct o.id from organization o join membership m on m.organization_id = o.id and m.left_on is null
      join working_group g on g.id = m.working_group_id where g.slug = 'open-parliaments' and o.kind = 'parliament'`);
    const both = dataOf(await hub.graphql(OrganizationsDocument, { first: 100, filter: { groupSlugs: ['open-parliaments'], kinds: ['PARLIAMENT'] } })).organizations;
    expect(both.totalCount).toBe(members.length);
    expect(both.edges.every((edge) => edge.node.kind === 'PARLIAMENT' && edge.node.workingGroups.some((group) => group.slug === 'open-parliaments'))).toBe(true);
  });

  it('gives international bodies no country', async () => {
    await run(`insert into organization (id, name, kind) values (gen_random_uuid(), 'Zeta International Network', 'multilateral')`);
    const { organizations } = dataOf(await hub.graphql(OrganizationsDocument, { last: 1 }));
    expect(organizations.edges[0].node).toMatchObject({ name: 'Zeta International Network', country: null, website: null, workingGroups: [] });
  });

  it('refuses an unknown kind or a malformed country code', async () => {
    expect(errorCodes(await hub.post({ query: '{ organizations(filter: { kinds: [EMBASSY] }) { totalCount } }' }))).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    const badCountry = await hub.graphql(OrganizationsDocument, { filter: { countryCodes: ['XYZ'] } });
    expect(errorCodes(badCountry)).toEqual(['BAD_USER_INPUT']);
  });
});

describe('people', () => {
  it('lists the directory by name without private details', async () => {
    const expected = await run(`select name from person order by name, id`);
    const { people } = dataOf(await hub.graphql(PeopleDocument, { first: 100 }));
    expect(people.nodes.map((person) => person.name)).toEqual(expected.map((row: { name: string }) => row.name));
    expect(JSON.stringify(people)).not.toMatch(/@example\.org/);
  });

  it('finds peers by topic, language, country and openness to exchange', async () => {
    const expected = await run(`
      select p.id from person p where p.open_to_peer_exchange and 'fr' = any(p.languages)
      and exists (select 1 from person_topic pt join topic t on t.id = pt.topic_id where pt.person_id = p.id and t.slug = 'right-to-information')`);
    const filtered = dataOf(await hub.graphql(PeopleDocument, { first: 100, filter: { openToPeerExchange: true, languages: ['fr'], topics: ['right-to-information'] } })).people;
    expect(expected.length).toBeGreaterThan(0);
    expect(filtered.totalCount).toBe(expected.length);
    for (const person of filtered.nodes) {
      expect(person.openToPeerExchange).toBe(true);
      expect(person.languages).toContain('fr');
      expect(person.topics.map((topic) => topic.slug)).toContain('right-to-information');
    }
    const [{ count: inTunisia }] = await run(`select count(*)::int as count from person where country_code = 'TN'`);
    expect(dataOf(await hub.graphql(PeopleDocument, { first: 1, filter: { countryCodes: ['TN'] } })).people.totalCount).toBe(inTunisia);
    expect(inTunisia).toBeGreaterThan(0);
  });

  it('filters by organisation (by ID) and by group', async () => {
    const { people } = dataOf(await hub.graphql(PeopleDocument, { first: 100 }));
    const organization = people.nodes.find((person) => person.organization)!.organization!;
    const colleagues = dataOf(await hub.graphql(PeopleDocument, { first: 100, filter: { organizationIds: [organization.id] } })).people;
    expect(colleagues.nodes.length).toBeGreaterThan(0);
    expect(colleagues.nodes.every((person) => person.organization?.id === organization.id)).toBe(true);

    const participants = await run(`
      select distinct p.id from person p join membership m on m.organization_id = p.organization_id and m.left_on is null
      join working_group g on g.id = m.working_group_id where g.slug = 'open-data'`);
    expect(dataOf(await hub.graphql(PeopleDocument, { first: 1, filter: { groupSlugs: ['open-data'] } })).people.totalCount).toBe(participants.length);
  });

  it('refuses an organisation filter that is not an Organization ID', async () => {
    const { people } = dataOf(await hub.graphql(PeopleDocument, { first: 1 }));
    const response = await hub.graphql(PeopleDocument, { filter: { organizationIds: [people.nodes[0].id] } });
    expect(errorCodes(response)).toEqual(['BAD_USER_INPUT']);
    expect(response.errors![0].message).toMatch(/not a valid Organization ID/);
  });

  it('sorts Z to A on request', async () => {
    const asc = idsOf(dataOf(await hub.graphql(PeopleDocument, { first: 100 })).people.nodes);
    const desc = idsOf(dataOf(await hub.graphql(PeopleDocument, { first: 100, orderBy: { direction: 'DESC' } })).people.nodes);
    expect(desc).toEqual(asc.reverse());
  });
});

describe('countries and topics', () => {
  it('lists countries by name, filterable by OGP standing and region', async () => {
    const { countries } = dataOf(await hub.graphql(CountriesDocument, {}));
    const names = countries.map((country) => country.name);
    const expected = await run(`select name from country order by name, code`);
    expect(names).toEqual(expected.map((row: { name: string }) => row.name));
    expect(countries.map((country) => country.code)).toEqual(expect.arrayContaining(['TN', 'GB', 'PH', 'AU', 'NG', 'CA', 'BR', 'MX', 'ID', 'CR', 'US']));

    const members = dataOf(await hub.graphql(CountriesDocument, { filter: { ogpStatuses: ['MEMBER'] } })).countries;
    expect(members.length).toBeGreaterThan(0);
    expect(members.every((country) => country.ogpStatus === 'MEMBER' && country.ogpMemberSince)).toBe(true);
    const inAfrica = await run(`select code from country where region = 'Africa' order by name, code`);
    expect(inAfrica.length).toBeGreaterThan(0);
    const africa = dataOf(await hub.graphql(CountriesDocument, { filter: { regions: ['Africa'] } })).countries;
    expect(africa.map((country) => country.code)).toEqual(inAfrica.map((row: { code: string }) => row.code));
  });

  it('looks a country up by code, null when unknown', async () => {
    expect(dataOf(await hub.graphql(CountryByCodeDocument, { code: 'TN' })).country).toMatchObject({ code: 'TN', name: 'Tunisia' });
    expect(dataOf(await hub.graphql(CountryByCodeDocument, { code: 'AQ' })).country).toBeNull();
  });

  it('lists the topic vocabulary by name and looks a topic up by slug', async () => {
    const { topics } = dataOf(await hub.graphql(TopicsDocument, {}));
    const expected = await run(`select slug from topic order by name, id`);
    expect(topics.map((topic) => topic.slug)).toEqual(expected.map((row: { slug: string }) => row.slug));
    expect(dataOf(await hub.graphql(TopicBySlugDocument, { slug: topics[0].slug })).topic).toMatchObject({ id: topics[0].id });
    expect(dataOf(await hub.graphql(TopicBySlugDocument, { slug: 'no-such-topic' })).topic).toBeNull();
  });
});

describe('country filters', () => {
  /** The plan of a count of `table` under `conditions`, with sequential scans priced out (the test data is small enough for any). */
  async function planOf(from: string, conditions: RawBuilder<unknown>[]): Promise<string> {
    return hub.orm.em.fork().transactional(async (em) => {
      const db = createDb(em);
      await db.rows(sql.raw('set local enable_seqscan = off'));
      const rows = await db.rows<{ 'QUERY PLAN': string }>(sql`explain select count(*) from ${sql.raw(from)} where ${allOf(conditions)}`);
      return rows.map((row) => row['QUERY PLAN']).join('\n');
    });
  }

  it('reads the country-code indexes of organisations, people and the library', async () => {
    const codes = ['KE', 'NG'];
    expect(await planOf('organization o', organizationConditions({ countryCodes: codes }))).toContain('organization_country_code_index');
    expect(await planOf('person p', personConditions({ countryCodes: codes }))).toContain('person_country_code_index');
    expect(await planOf('resource r', resourceConditions({ countryCodes: codes }))).toContain('resource_country_country_code_resource_id_index');
  });

  it('matches a code of another length to nothing, rather than cutting it to two letters', async () => {
    await run(`update organization set country_code = 'KE' where id = (select id from organization order by id limit 1)`);
    const [{ count }] = await hub.orm.em.fork().transactional((em) =>
      createDb(em).rows<{ count: number }>(sql`select count(*)::int as count from organization o where ${allOf(organizationConditions({ countryCodes: ['KEN'] }))}`),
    );
    expect(count).toBe(0);
  });
});
