import { RANKED_MATCH_LIMIT, RECENT_WINDOW } from '../src/search/search.queries.js';
import { SearchDocument as SearchQueryDocument, SearchFacetsDocument, type SearchQuery } from './generated/operations.js';
import { dataOf, startTestHub, type TestHub } from './support/test-hub.js';

// A word in more documents than a search ranks: the newest RANKED_MATCH_LIMIT matches are ranked and counted.
let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub();
});
afterAll(() => hub.close());

const MATCHING = RANKED_MATCH_LIMIT + 200;

/**
 * Surveys numbered 1… published one day apart from 2001, in one statement
 * (the triggers index them). Each mentions the quokka in its summary, every
 * tenth also in its title.
 */
async function addSurveys(count: number): Promise<void> {
  await hub.sql(
    `insert into resource (id, title, summary, url, kind, language, published_on, status)
     select gen_random_uuid(), 'Survey ' || lpad(i::text, 4, '0') || case when i % 10 = 0 then ' of quokka habitats' else '' end,
       'Field notes about the quokka.', 'https://example.org/r/' || i, 'report', 'en', '2001-01-01'::date + i, 'published'
     from generate_series(1, ?) as i`,
    [count],
  );
}

/** Every result of a search, page after page, by title. */
async function allTitles(query: string): Promise<{ titles: string[]; pages: SearchQuery['search'][] }> {
  const pages: SearchQuery['search'][] = [];
  let after: string | null = null;
  do {
    const page: SearchQuery['search'] = dataOf(await hub.graphql(SearchQueryDocument, { query, first: 100, after })).search;
    pages.push(page);
    after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor! : null;
  } while (after);
  const titles = pages.flatMap((page) => page.edges.map(({ node }) => (node.__typename === 'Resource' ? node.title : '')));
  return { titles, pages };
}

/** The newest RANKED_MATCH_LIMIT surveys: numbers MATCHING - RANKED_MATCH_LIMIT + 1 … MATCHING. */
const newestSurveys = () =>
  Array.from({ length: RANKED_MATCH_LIMIT }, (_, index) => MATCHING - index).map(
    (i) => `Survey ${String(i).padStart(4, '0')}${i % 10 === 0 ? ' of quokka habitats' : ''}`,
  );

let ranked: string[];

it('ranks the newest matches of a word found in more documents than a search ranks, and says so', async () => {
  await addSurveys(MATCHING);
  const { titles, pages } = await allTitles('quokka');
  expect(pages[0].totalCount).toBe(RANKED_MATCH_LIMIT);
  expect(pages.every((page) => page.resultsLimited)).toBe(true);
  // Every page draws from the same newest matches: none skipped, none repeated, none older.
  expect(new Set(titles).size).toBe(RANKED_MATCH_LIMIT);
  expect([...titles].sort()).toEqual(newestSurveys().sort());
  // Best match first among them: the titles that name the quokka.
  expect(titles.slice(0, RANKED_MATCH_LIMIT / 10).every((title) => title.endsWith('of quokka habitats'))).toBe(true);
  ranked = titles;

  const facets = dataOf(await hub.graphql(SearchFacetsDocument, { query: 'quokka' })).search;
  expect(facets.resultsLimited).toBe(true);
  expect(facets.facets.types).toEqual([{ type: 'RESOURCE', count: RANKED_MATCH_LIMIT }]);
  expect(facets.facets.kinds).toEqual([{ kind: 'REPORT', count: RANKED_MATCH_LIMIT }]);
});

it('counts every match, unlimited, when fewer match', async () => {
  const habitats = dataOf(await hub.graphql(SearchFacetsDocument, { query: 'quokka habitats' })).search;
  expect(habitats).toMatchObject({ totalCount: MATCHING / 10, resultsLimited: false });
  expect(habitats.facets.types).toEqual([{ type: 'RESOURCE', count: MATCHING / 10 }]);
});

it('finds the same matches in the same order when newer documents do not mention the word', async () => {
  // Enough newer documents that none of the newest the search reads first matches: the full-text index answers.
  // Written in bulk and indexed by one call of the function the triggers call, many times faster than row by row.
  await hub.sql(`do $$ begin
    set local session_replication_role = replica;
    insert into resource (id, title, summary, url, kind, language, published_on, status)
      select gen_random_uuid(), 'Census ' || i, 'Field notes about the wombat.', 'https://example.org/c/' || i, 'report', 'en', '2010-01-01'::date + i, 'published'
      from generate_series(1, ${RECENT_WINDOW}) as i;
    set local session_replication_role = origin;
    perform hub_search_refresh('resource', array(select id from resource where title like 'Census %'));
  end $$`);
  const { titles, pages } = await allTitles('quokka');
  expect(pages[0].totalCount).toBe(RANKED_MATCH_LIMIT);
  expect(pages.every((page) => page.resultsLimited)).toBe(true);
  expect(titles).toEqual(ranked);
});
