import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { SearchDocument as SearchQueryDocument, SearchFacetsDocument, type SearchQuery, type SearchQueryVariables } from './generated/operations.js';
import { dataOf, errorCodes, startTestHub, type TestHub } from './support/test-hub.js';

let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub();
});
afterAll(() => hub.close());

const sql = (query: string, params: unknown[] = []) => hub.sql(query, params);

async function search(variables: SearchQueryVariables): Promise<SearchQuery['search']> {
  return dataOf(await hub.graphql(SearchQueryDocument, variables)).search;
}

/** The title (or, for people and organisations, the name) of each result, in order. */
const titles = (result: SearchQuery['search']) =>
  result.edges.map(({ node }) => (node.__typename === 'Person' || node.__typename === 'Organization' ? node.name : node.title));

interface ResourceFixture {
  title: string;
  summary?: string;
  language?: string;
  kind?: string;
  status?: string;
  topics?: string[];
  countries?: string[];
  groups?: string[];
}

/** A resource written straight into the database, as any write path would: the triggers index it. */
async function addResource(fixture: ResourceFixture): Promise<string> {
  const id = randomUUID();
  await sql(
    `insert into resource (id, title, summary, url, kind, language, published_on, status) values (?, ?, ?, ?, ?, ?, '2024-05-01', ?)`,
    [id, fixture.title, fixture.summary ?? 'No summary.', `https://example.org/r/${id}`, fixture.kind ?? 'guide', fixture.language ?? 'en', fixture.status ?? 'published'],
  );
  for (const slug of fixture.topics ?? []) {
    await sql(`insert into resource_topic (resource_id, topic_id) select ?, id from topic where slug = ?`, [id, slug]);
  }
  for (const code of fixture.countries ?? []) await sql(`insert into resource_country (resource_id, country_code) values (?, ?)`, [id, code]);
  for (const slug of fixture.groups ?? []) {
    await sql(
      `insert into group_resource (working_group_id, resource_id, position) select id, ?, 99 from working_group where slug = ?`,
      [id, slug],
    );
  }
  return id;
}

describe('ranking', () => {
  it('puts the obvious best match first: all the words in the title, then all of them together in the text, then scattered', async () => {
    await addResource({ title: 'Water rights in the Okavango delta', summary: 'Revenue from tourism concessions is shared with the communities of the Okavango.' });
    await addResource({ title: 'Okavango water revenue: a disclosure guide', summary: 'How the basin authority publishes what it earns.' });
    await addResource({ title: 'Basin authorities compared', summary: 'Includes the Okavango, where water revenue is published every quarter.' });
    const result = await search({ query: 'okavango water revenue', first: 10 });
    expect(titles(result)).toEqual(['Okavango water revenue: a disclosure guide', 'Basin authorities compared', 'Water rights in the Okavango delta']);
    const scores = result.edges.map((edge) => edge.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
  });

  it('weighs topics above body text', async () => {
    await addResource({ title: 'Registry design notes', summary: 'A memo on Zambezi registers.', topics: [] });
    await addResource({ title: 'Notes from the Zambezi workshop', summary: 'Who owns what.', topics: ['beneficial-ownership'] });
    const result = await search({ query: 'zambezi beneficial ownership', first: 5 });
    expect(titles(result)).toEqual(['Notes from the Zambezi workshop']);
    const both = await search({ query: 'zambezi', first: 5 });
    expect(titles(both)).toEqual(['Notes from the Zambezi workshop', 'Registry design notes']);
  });
});

describe('languages', () => {
  it('stems each row in its own language: "contratación" finds "contrataciones abiertas"', async () => {
    await addResource({ title: 'Contrataciones abiertas en los municipios de Tarija', language: 'es' });
    await addResource({ title: 'Contratación abierta en Potosí', language: 'es' });
    expect(titles(await search({ query: 'contratación tarija', first: 5 }))).toEqual(['Contrataciones abiertas en los municipios de Tarija']);
    // Typed without its accent, the word still finds itself (though not its plural, whose stem needs the accent).
    expect(titles(await search({ query: 'contratacion potosi', first: 5 }))).toEqual(['Contratación abierta en Potosí']);
  });

  it('holds each row to its own language\'s stop words: "sobre" asks nothing of Spanish rows', async () => {
    await addResource({ title: 'Presupuestos municipales de Tarija', language: 'es' });
    await addResource({ title: 'Sobre budgets of Tarija', language: 'en' });
    const found = titles(await search({ query: 'presupuestos sobre tarija', first: 5 }));
    expect(found).toEqual(['Presupuestos municipales de Tarija']);
  });

  it('"données ouvertes" finds French resources about open data', async () => {
    const result = await search({ query: 'données ouvertes', types: ['RESOURCE'], first: 20 });
    expect(result.totalCount).toBeGreaterThan(0);
    const languages = result.edges.map(({ node }) => (node.__typename === 'Resource' ? node.language : null));
    expect(languages[0]).toBe('fr');
    expect(titles(result)).toContain('Données ouvertes : guide pratique pour les administrations');
  });

  it('ignores accents and case, in the query and in the text', async () => {
    const found = async (query: string) => titles(await search({ query, first: 50 })).sort();
    const accented = await found('Données Ouvertes');
    expect(accented.length).toBeGreaterThan(1);
    for (const query of ['donnees ouvertes', 'DONNEES OUVERTES', 'dOnnÉes oUvertes']) {
      expect({ query, found: await found(query) }).toEqual({ query, found: accented });
    }
  });

  it('finds Arabic text written right to left', async () => {
    await addResource({ title: 'البيانات المفتوحة للميزانية في البلديات', summary: 'دليل عملي', language: 'ar' });
    const result = await search({ query: 'البيانات المفتوحة', first: 5 });
    expect(titles(result)).toContain('البيانات المفتوحة للميزانية في البلديات');
  });
});

describe('as the reader types', () => {
  it('matches the last word as the start of a longer word, in titles and names', async () => {
    const titlesFound = titles(await search({ query: 'transparen', first: 100 }));
    expect(titlesFound).toEqual(expect.arrayContaining(['Consejo para la Transparencia (Chile)', 'Transparência Brasil']));
    const beneficial = await search({ query: 'benefici owner', first: 100 });
    expect(beneficial.totalCount).toBeGreaterThan(0);
  });

  it('takes the earlier words whole', async () => {
    await addResource({ title: 'Kilombero sugar outgrowers and the land registry' });
    expect(titles(await search({ query: 'sugar kilomb', first: 5 }))).toEqual(['Kilombero sugar outgrowers and the land registry']);
    const earlier = await search({ query: 'kilomb sugar', first: 5 });
    expect(earlier.totalCount === 0 || earlier.similarSpelling).toBe(true);
  });
});

describe('web-search syntax', () => {
  it('"quotes" ask for a phrase, or for alternatives, -word to exclude', async () => {
    await addResource({ title: 'Citizen budget of Mombasa county', summary: 'Approved budget, explained.' });
    await addResource({ title: 'Mombasa county audit report', summary: 'The budget was executed as planned.' });
    expect(titles(await search({ query: '"citizen budget" mombasa', first: 5 }))).toEqual(['Citizen budget of Mombasa county']);
    expect(titles(await search({ query: 'mombasa -audit', first: 5 }))).toEqual(['Citizen budget of Mombasa county']);
    expect(titles(await search({ query: 'mombasa -"citizen budget"', first: 5 }))).toEqual(['Mombasa county audit report']);
    // An exclusion rules out every form of the word: "audits" and "audit" share a stem.
    expect(titles(await search({ query: 'mombasa -audits', first: 5 }))).toEqual(['Citizen budget of Mombasa county']);
    // As in PostgreSQL's web-search syntax, `or` separates alternatives: (mombasa and citizen) or (mombasa and audit).
    const either = titles(await search({ query: 'mombasa citizen or mombasa audit', first: 5 }));
    expect(either.sort()).toEqual(['Citizen budget of Mombasa county', 'Mombasa county audit report']);
  });
});

describe('misspelled names', () => {
  it('falls back to names and titles spelled alike when no word matches', async () => {
    await sql(`insert into person (id, name, email, languages) values (gen_random_uuid(), 'Nadia Benali', 'nadia.benali@example.org', '{fr,ar}')`);
    const result = await search({ query: 'Nadya Benaly', first: 5 });
    expect(result.similarSpelling).toBe(true);
    expect(titles(result)[0]).toBe('Nadia Benali');
    expect((await search({ query: 'Nadia Benali', first: 5 })).similarSpelling).toBe(false);
  });

  it('looks for names first, and for other titles only when no name is spelled alike', async () => {
    await sql(`insert into person (id, name, email, languages) values (gen_random_uuid(), 'Tshepiso Mokoena', 'tshepiso.mokoena@example.org', '{en}')`);
    await addResource({ title: 'Tshepiso Mokoena: a memoir' });
    const names = await search({ query: 'Tshepisu Mokoina', first: 5 });
    expect(names.similarSpelling).toBe(true);
    expect(titles(names)).toEqual(['Tshepiso Mokoena']);
    // Asked for resources only, the names are not looked at: the title spelled alike (left out above) is found.
    const resources = await search({ query: 'Tshepisu Mokoina', types: ['RESOURCE'], first: 5 });
    expect(resources.similarSpelling).toBe(true);
    expect(titles(resources)).toEqual(['Tshepiso Mokoena: a memoir']);
  });

  it('finds misspelled titles when no name is spelled alike, and pages through them', async () => {
    await addResource({ title: 'Zambezi hydropower concession contracts' });
    await addResource({ title: 'Zambezi hydropower concession royalties' });
    const first = await search({ query: 'Zambesi hydropowr concesion', first: 1 });
    expect(first.similarSpelling).toBe(true);
    expect(first.totalCount).toBe(2);
    const second = await search({ query: 'Zambesi hydropowr concesion', first: 1, after: first.pageInfo.endCursor });
    expect(second.similarSpelling).toBe(true);
    expect([...titles(first), ...titles(second)].sort()).toEqual(['Zambezi hydropower concession contracts', 'Zambezi hydropower concession royalties']);
    expect(second.pageInfo.hasNextPage).toBe(false);
  });
});

describe('facets', () => {
  it('count the whole result set: types add up to totalCount, whatever the page', async () => {
    const { search: result } = dataOf(await hub.graphql(SearchFacetsDocument, { query: 'budget' }));
    expect(result.totalCount).toBeGreaterThan(20);
    expect(result.facets.types.reduce((sum, { count }) => sum + count, 0)).toBe(result.totalCount);
  });

  it('agree with filtering: each value\'s count is the totalCount of the search filtered by it', async () => {
    const query = 'open data';
    const { search: result } = dataOf(await hub.graphql(SearchFacetsDocument, { query }));
    const checks: [string, SearchQueryVariables][] = [
      ...result.facets.types.map(({ type, count }): [string, SearchQueryVariables] => [String(count), { query, types: [type] }]),
      ...result.facets.groups.map(({ workingGroup, count }): [string, SearchQueryVariables] => [String(count), { query, filter: { groupSlugs: [workingGroup.slug] } }]),
      ...result.facets.countries.map(({ country, count }): [string, SearchQueryVariables] => [String(count), { query, filter: { countryCodes: [country.code] } }]),
      ...result.facets.languages.map(({ language, count }): [string, SearchQueryVariables] => [String(count), { query, filter: { languages: [language] } }]),
      ...result.facets.topics.map(({ topic, count }): [string, SearchQueryVariables] => [String(count), { query, filter: { topics: [topic.slug] } }]),
      ...result.facets.kinds.map(({ kind, count }): [string, SearchQueryVariables] => [String(count), { query, filter: { kinds: [kind] } }]),
    ];
    expect(checks.length).toBeGreaterThan(10);
    for (const [count, variables] of checks) {
      const filtered = await search({ ...variables, first: 0 });
      expect({ variables, count: String(filtered.totalCount) }).toEqual({ variables, count });
    }
  });

  it('are counted with the filters applied', async () => {
    const { search: result } = dataOf(await hub.graphql(SearchFacetsDocument, { query: 'open data', filter: { languages: ['fr'] } }));
    expect(result.facets.languages[0]).toEqual({ language: 'fr', count: result.totalCount });
  });
});

describe('pages of ranked results', () => {
  it('page forward and backward without skipping or repeating a result', async () => {
    const query = 'open';
    const all = await search({ query, first: 100 });
    expect(all.totalCount).toBeGreaterThan(12);
    const forward: string[] = [];
    let after: string | null = null;
    do {
      const page: SearchQuery['search'] = await search({ query, first: 5, after });
      forward.push(...page.edges.map(({ node }) => ('id' in node ? node.id : '')));
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after);
    expect(forward).toEqual(all.edges.map(({ node }) => ('id' in node ? node.id : '')));

    const backward: string[] = [];
    let before: string | null = null;
    do {
      const page: SearchQuery['search'] = await search({ query, last: 5, before });
      backward.unshift(...page.edges.map(({ node }) => ('id' in node ? node.id : '')));
      before = page.pageInfo.hasPreviousPage ? page.pageInfo.startCursor : null;
    } while (before);
    expect(backward).toEqual(forward);
  });

  it('refuse a cursor from another search', async () => {
    const page = await search({ query: 'budget', first: 2 });
    const response = await hub.graphql(SearchQueryDocument, { query: 'open data', first: 2, after: page.pageInfo.endCursor });
    expect(errorCodes(response)).toEqual(['BAD_USER_INPUT']);
    const filtered = await hub.graphql(SearchQueryDocument, { query: 'budget', filter: { languages: ['fr'] }, first: 2, after: page.pageInfo.endCursor });
    expect(errorCodes(filtered)).toEqual(['BAD_USER_INPUT']);
  });

  it('hold at most 100 results', async () => {
    expect(errorCodes(await hub.graphql(SearchQueryDocument, { query: 'budget', first: 101 }))).toEqual(['BAD_USER_INPUT']);
  });
});

describe('snippets', () => {
  it('highlight the matched words, as parts and as escaped HTML', async () => {
    await addResource({ title: 'Tender notices', summary: 'Publishing "Kigoma" tender notices & awards, on time' });
    const [edge] = (await search({ query: 'kigoma awards', first: 1 })).edges;
    expect(edge.snippet.parts.filter((part) => part.highlighted).map((part) => part.text)).toEqual(['Kigoma', 'awards']);
    expect(edge.snippet.text).toBe('Publishing "Kigoma" tender notices & awards, on time');
    expect(edge.snippet.html).toBe('Publishing &quot;<mark>Kigoma</mark>&quot; tender notices &amp; <mark>awards</mark>, on time');
  });
});

describe('queries nobody should send', () => {
  const hostile: [string, string][] = [
    ['empty', ''],
    ['blank', '   \t\n '],
    ['stop words only', 'the of and'],
    ['tsquery operators', "budget & !open | data <-> 'x':* (("],
    ['unbalanced quotes', '"open data'],
    ['only an exclusion', '-budget'],
    ['SQL', "'; drop table resource; --"],
    ['emoji', '🔥🎉 🙂'],
    ['control characters', 'bud\u0000get\u0007'],
    ['right-to-left with marks', '\u200fالبيانات\u200e data'],
    ['a lone letter', 'a'],
  ];

  it.each(hostile)('answers %s without an error', async (_, query) => {
    const response = await hub.graphql(SearchQueryDocument, { query, first: 5 });
    expect(response.status).toBe(200);
    expect(response.errors).toBeUndefined();
    expect(response.data?.search.totalCount).toBeGreaterThanOrEqual(0);
  });

  it('finds nothing for stop words, exclusions alone, blanks or emoji', async () => {
    for (const query of ['', '   ', 'the of and', '-budget', '🔥🎉']) {
      expect({ query, totalCount: (await search({ query, first: 5 })).totalCount }).toEqual({ query, totalCount: 0 });
    }
  });

  it('refuses a query longer than 256 characters, and keeps serving', async () => {
    const response = await hub.graphql(SearchQueryDocument, { query: 'budget '.repeat(1500), first: 5 });
    expect(errorCodes(response)).toEqual(['BAD_USER_INPUT']);
    expect(response.errors?.[0].message).toMatch(/256/);
    expect((await search({ query: 'budget', first: 1 })).totalCount).toBeGreaterThan(0);
  });

  it('leaves the data alone', async () => {
    await search({ query: "'; drop table resource; --", first: 5 });
    expect((await sql(`select count(*)::int as count from resource`))[0].count).toBeGreaterThan(0);
  });
});

describe('the index', () => {
  it('shows published resources only, whoever asks, and follows every change of status', async () => {
    const id = await addResource({ title: 'Lake Tanganyika fisheries licences', status: 'submitted' });
    // Matched by its words, not by the fallback for misspellings.
    const wordsMatch = async (query: string) => {
      const result = await search({ query, first: 5 });
      return result.similarSpelling ? [] : titles(result);
    };
    const found = () => wordsMatch('tanganyika fisheries');
    expect(await found()).toEqual([]);
    await sql(`update resource set status = 'published' where id = ?`, [id]);
    expect(await found()).toEqual(['Lake Tanganyika fisheries licences']);
    await sql(`update resource set title = 'Lake Tanganyika fishing permits' where id = ?`, [id]);
    expect(await found()).toEqual([]);
    expect(await wordsMatch('tanganyika permits')).toEqual(['Lake Tanganyika fishing permits']);
    await sql(`update resource set status = 'archived' where id = ?`, [id]);
    expect(await wordsMatch('tanganyika permits')).toEqual([]);
  });

  it('follows topics, countries and groups as they are added, and a topic\'s new name', async () => {
    const id = await addResource({ title: 'Turkana oil revenue tracker' });
    const facetsOf = async () => dataOf(await hub.graphql(SearchFacetsDocument, { query: 'turkana' })).search.facets;
    expect((await facetsOf()).topics).toEqual([]);
    await sql(`insert into resource_topic (resource_id, topic_id) select ?, id from topic where slug = 'extractives-revenue'`, [id]);
    await sql(`insert into resource_country (resource_id, country_code) values (?, 'KE')`, [id]);
    await sql(`insert into group_resource (working_group_id, resource_id, position) select id, ?, 1 from working_group where slug = 'extractive-industries'`, [id]);
    const facets = await facetsOf();
    expect(facets.topics.map(({ topic }) => topic.slug)).toEqual(['extractives-revenue']);
    expect(facets.countries.map(({ country }) => country.code)).toEqual(['KE']);
    expect(facets.groups.map(({ workingGroup }) => workingGroup.slug)).toEqual(['extractive-industries']);
    await sql(`update topic set name = 'Petroleum and mining revenues' where slug = 'extractives-revenue'`);
    expect(titles(await search({ query: 'turkana petroleum', first: 5 }))).toEqual(['Turkana oil revenue tracker']);
  });

  it('keeps both of two concurrent changes to one resource', async () => {
    const id = await addResource({ title: 'Rovuma gas contracts' });
    const clients = [new pg.Client(hub.databaseUrl), new pg.Client(hub.databaseUrl)];
    await Promise.all(clients.map((client) => client.connect()));
    try {
      const addToGroup = (client: pg.Client, slug: string) =>
        client.query(
          `insert into group_resource (working_group_id, resource_id, position) select id, $1, 1 from working_group where slug = $2`,
          [id, slug],
        );
      await Promise.all(clients.map((client) => client.query('begin')));
      await addToGroup(clients[0], 'open-data');
      // The second transaction writes before the first commits; its refresh of the document waits for that commit.
      const second = addToGroup(clients[1], 'fiscal-openness');
      await clients[0].query('commit');
      await second;
      await clients[1].query('commit');
    } finally {
      await Promise.all(clients.map((client) => client.end()));
    }
    const { facets } = dataOf(await hub.graphql(SearchFacetsDocument, { query: 'rovuma' })).search;
    expect(facets.groups.map(({ workingGroup }) => workingGroup.slug).sort()).toEqual(['fiscal-openness', 'open-data']);
  });

  it('is rebuilt whole by hub_search_rebuild() to the same documents', async () => {
    const before = await sql(`select md5(string_agg(subject_type || subject_id || document::text || facets::text, '|' order by subject_type, subject_id)) as digest from search_document`);
    await sql(`select hub_search_rebuild()`);
    const after = await sql(`select md5(string_agg(subject_type || subject_id || document::text || facets::text, '|' order by subject_type, subject_id)) as digest from search_document`);
    expect(after).toEqual(before);
  });

  it('computes documents with a plan kept between writes: each refresh would otherwise plan the document\'s query anew', async () => {
    const functions = await sql(`
      select p.proname as name, l.lanname as language, p.proconfig as settings
      from pg_proc p join pg_language l on l.oid = p.prolang
      where p.pronamespace = current_schema()::regnamespace and p.proname like 'hub\\_search\\_%\\_documents'
      order by p.proname`);
    expect(functions).toEqual(
      ['organization', 'peer_exchange_request', 'person', 'resource', 'webinar'].map((kind) => ({
        name: `hub_search_${kind}_documents`,
        // PL/pgSQL keeps a statement's plan for the connection (an SQL function's is planned at every call);
        // generic, since one id's custom plan always looks cheaper to the plan cache.
        language: 'plpgsql',
        settings: ['plan_cache_mode=force_generic_plan'],
      })),
    );
  });
});
