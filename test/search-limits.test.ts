import { INDEX_MATCH_COST, RANKED_MATCH_LIMIT, RECENT_WINDOW, WIDE_WINDOW_MARGIN } from '../src/search/search.queries.js';
import { SearchDocument as SearchQueryDocument, SearchFacetsDocument, type SearchQuery, type SearchResultType } from './generated/operations.js';
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
async function allTitles(query: string, types?: SearchResultType[]): Promise<{ titles: string[]; pages: SearchQuery['search'][] }> {
  const pages: SearchQuery['search'][] = [];
  let after: string | null = null;
  do {
    const page: SearchQuery['search'] = dataOf(await hub.graphql(SearchQueryDocument, { query, types, first: 100, after })).search;
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

/**
 * `count` reports dated one day apart from `firstDay`, titled `<name> <i>`;
 * every `mentionEvery`-th mentions the quokka (none when 0). Written in bulk
 * and indexed by one call of the function the triggers call, many times
 * faster than row by row.
 */
async function addInBulk(name: string, count: number, firstDay: string, mentionEvery = 0): Promise<void> {
  await hub.sql(`do $$ begin
    set local session_replication_role = replica;
    insert into resource (id, title, summary, url, kind, language, published_on, status)
      select gen_random_uuid(), '${name} ' || i,
        case when ${mentionEvery} > 0 and i % ${mentionEvery} = 0 then 'Field notes about the quokka.' else 'Field notes about the wombat.' end,
        'https://example.org/${name}/' || i, 'report', 'en', '${firstDay}'::date + i, 'published'
      from generate_series(1, ${count}) as i;
    set local session_replication_role = origin;
    perform hub_search_refresh('resource', array(select id from resource where title like '${name} %'));
  end $$`);
}

it('finds the same matches in the same order when newer documents do not mention the word', async () => {
  // Enough newer documents that none of the newest the search reads first matches: the full-text index answers.
  await addInBulk('Census', RECENT_WINDOW, '2010-01-01');
  const { titles, pages } = await allTitles('quokka');
  expect(pages[0].totalCount).toBe(RANKED_MATCH_LIMIT);
  expect(pages.every((page) => page.resultsLimited)).toBe(true);
  expect(titles).toEqual(ranked);
});

it('ranks as many titles spelled like a misspelled query as it ranks matches, and says there are more', async () => {
  // Every census is spelled like "censuss" (word_similarity): tens of thousands of titles, no word match.
  const { titles, pages } = await allTitles('censuss');
  expect(pages.every((page) => page.similarSpelling && page.resultsLimited)).toBe(true);
  expect(pages[0].totalCount).toBe(RANKED_MATCH_LIMIT);
  expect(new Set(titles).size).toBe(RANKED_MATCH_LIMIT);
  expect(titles.every((title) => title.startsWith('Census '))).toBe(true);
});

describe('when some of the newest documents match, but fewer than a search ranks', () => {
  // How often the newest documents match says how far on to read. Reading on beats the full-text
  // index when there are many documents: the statistics are made to say so (a million), and kept.
  // 625 matches in the window: more than half of what a search ranks, fewer than all of it.
  const MENTION_EVERY = RECENT_WINDOW / 625;
  const inWindow = RECENT_WINDOW / MENTION_EVERY;
  beforeAll(async () => {
    // The statistics know the quokka as a common word (one document in 20), and are kept as they are.
    await hub.sql('alter table search_document set (autovacuum_enabled = false)');
    await hub.sql('analyze search_document');
    await hub.sql(`update pg_class set reltuples = 1000000 where oid = 'search_document'::regclass`);
    // The rule the search applies (see routeOf), so these tests stay on the paths they mean to take.
    const toRead = (RECENT_WINDOW * (RANKED_MATCH_LIMIT + 1) * WIDE_WINDOW_MARGIN) / inWindow;
    expect(toRead).toBeLessThanOrEqual(INDEX_MATCH_COST * (inWindow / RECENT_WINDOW) * 1_000_000);
    expect(inWindow * 2).toBeGreaterThan(RANKED_MATCH_LIMIT);
  });
  afterAll(() => hub.sql('alter table search_document reset (autovacuum_enabled)'));

  /** The quokka's reports among `count` named `name`, newest first. */
  const quokkaTitles = (name: string, count: number) =>
    Array.from({ length: count / MENTION_EVERY }, (_, index) => `${name} ${count - index * MENTION_EVERY}`);

  it('reads on from where the newest documents end until enough match, and ranks the newest matches', async () => {
    // Newest: twice the window's worth of diaries, one in MENTION_EVERY mentioning the quokka. The window holds 625
    // of their matches, and the next documents as many: reading on past the window finds enough.
    await addInBulk('Diary', 2 * RECENT_WINDOW, '2100-01-01', MENTION_EVERY);
    const { titles, pages } = await allTitles('quokka');
    expect(pages[0]).toMatchObject({ totalCount: RANKED_MATCH_LIMIT, resultsLimited: true });
    expect([...titles].sort()).toEqual(quokkaTitles('Diary', 2 * RECENT_WINDOW).slice(0, RANKED_MATCH_LIMIT).sort());
    // A search of resources alone reads the newest resources (their own index): the same matches, in the same order.
    expect((await allTitles('quokka', ['RESOURCE'])).titles).toEqual(titles);
  });

  it('asks the full-text index when reading on finds too few', async () => {
    // Newest: as many matches among the newest, then none for longer than the rate predicts, then the diaries.
    await addInBulk('Gap', RECENT_WINDOW + 5_000, '2240-01-01');
    await addInBulk('Log', RECENT_WINDOW, '2330-01-01', MENTION_EVERY);
    const { titles, pages } = await allTitles('quokka');
    expect(pages[0]).toMatchObject({ totalCount: RANKED_MATCH_LIMIT, resultsLimited: true });
    const diaries = quokkaTitles('Diary', 2 * RECENT_WINDOW).slice(0, RANKED_MATCH_LIMIT - inWindow);
    expect([...titles].sort()).toEqual([...quokkaTitles('Log', RECENT_WINDOW), ...diaries].sort());
    expect((await allTitles('quokka', ['RESOURCE'])).titles).toEqual(titles);
  });

  it('answers from the newest documents alone when enough of them match', async () => {
    await addInBulk('Note', RECENT_WINDOW, '2420-01-01', MENTION_EVERY / 2);
    const { titles, pages } = await allTitles('quokka');
    expect(pages[0]).toMatchObject({ totalCount: RANKED_MATCH_LIMIT, resultsLimited: true });
    const notes = Array.from({ length: RANKED_MATCH_LIMIT }, (_, index) => `Note ${RECENT_WINDOW - index * (MENTION_EVERY / 2)}`);
    expect([...titles].sort()).toEqual(notes.sort());
  });
});

it('estimates from the statistics how many documents a term matches', async () => {
  const [{ common, unknown }] = await hub.sql(`select hub_search_estimate('quokka') as common, hub_search_estimate('zyzzogeton') as unknown`);
  expect(common).toBeGreaterThan(10 * unknown);
});

