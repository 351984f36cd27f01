import pg from 'pg';
import { RANKED_MATCH_LIMIT, RECENT_WINDOW } from '../src/search/search.queries.js';
import { keepSearchTiersLaidOut, layOutSearchTiers, searchTiersAreStale, type TierLayout } from '../src/search/search-tiers.js';
import { SearchDocument as SearchQueryDocument, type SearchFilter, type SearchQuery, type SearchResultType } from './generated/operations.js';
import { dataOf, startTestHub, type TestHub } from './support/test-hub.js';

// Tiers of the full-text index: a search finds the newest matches through them, and finds the same as without them.
let hub: TestHub;
let client: pg.Client;
beforeAll(async () => {
  hub = await startTestHub({ responseCacheMb: 0 });
  client = new pg.Client({ connectionString: hub.databaseUrl });
  await client.connect();
});
afterAll(async () => {
  await client.end();
  await hub.close();
});

/** Tiers small enough for a test: the newest 20,000 documents, then the 40,000 before them. */
const BANDS = [20_000, 40_000];
/** Reports in all: enough for both tiers to be in use (twice what they hold). */
const REPORTS = 2 * (BANDS[0] + BANDS[1]);

/**
 * Numbers the words each report mentions by its age (1 the newest): every
 * 14th mentions the quokka, every 25th the numbat, and the bilby is in every
 * 18th of the newest RECENT_WINDOW and every 10th of the oldest 10,000.
 * Every third report is a guide.
 */
const mentions: Record<string, (age: number) => boolean> = {
  quokka: (age) => age % 14 === 0,
  numbat: (age) => age % 25 === 0,
  bilby: (age) => (age <= RECENT_WINDOW && age % 18 === 0) || (age > REPORTS - 10_000 && age % 10 === 0),
  wombat: (age) => (age <= RECENT_WINDOW && age % 40 === 0) || (age > RECENT_WINDOW && age <= BANDS[0] && age % 10 === 0),
};

/** The reports, one a day (report 1 the newest), indexed by one call of the function the triggers call. */
async function addReports(): Promise<void> {
  const words = Object.entries(mentions).map(([word]) => word);
  const summary = `concat_ws(' ', 'Field notes', ${words.map((word) => `case when ${sqlCondition(word)} then '${word}' end`).join(', ')})`;
  await hub.sql(`do $$ begin
    set local session_replication_role = replica;
    insert into resource (id, title, summary, url, kind, language, published_on, status)
      select gen_random_uuid(), 'Report ' || age, ${summary}, 'https://example.org/report/' || age,
        case when age % 3 = 0 then 'guide' else 'report' end, 'en', '2300-01-01'::date - age, 'published'
      from generate_series(1, ${REPORTS}) as age;
    set local session_replication_role = origin;
    perform hub_search_refresh('resource', array(select id from resource where title like 'Report %'));
  end $$`);
}

/** The same rules as `mentions`, in SQL over `age`. */
function sqlCondition(word: string): string {
  return {
    quokka: 'age % 14 = 0',
    numbat: 'age % 25 = 0',
    bilby: `(age <= ${RECENT_WINDOW} and age % 18 = 0) or (age > ${REPORTS - 10_000} and age % 10 = 0)`,
    wombat: `(age <= ${RECENT_WINDOW} and age % 40 = 0) or (age > ${RECENT_WINDOW} and age <= ${BANDS[0]} and age % 10 = 0)`,
  }[word]!;
}

/** Every result of a search, page after page, by title. */
async function allTitles(query: string, types?: SearchResultType[], filter?: SearchFilter): Promise<{ titles: string[]; first: SearchQuery['search'] }> {
  const titles: string[] = [];
  let first: SearchQuery['search'] | undefined;
  let after: string | null = null;
  do {
    const page: SearchQuery['search'] = dataOf(await hub.graphql(SearchQueryDocument, { query, types, filter, first: 100, after })).search;
    first ??= page;
    titles.push(...page.edges.map(({ node }) => (node.__typename === 'Resource' ? node.title : node.__typename)));
    after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor! : null;
  } while (after);
  return { titles, first: first! };
}

/** The newest RANKED_MATCH_LIMIT reports mentioning `word` (guides only, with `guides`), by title. */
function newestMentioning(word: string, guides = false): string[] {
  const titles: string[] = [];
  for (let age = 1; titles.length < RANKED_MATCH_LIMIT; age++) if (mentions[word](age) && (!guides || age % 3 === 0)) titles.push(`Report ${age}`);
  return titles;
}

/** How often each tier's index has been scanned, once the hub's connections have reported it (they do when idle, within seconds). */
async function tierScans(): Promise<number[]> {
  const { rows } = await client.query<{ scans: number }>(
    `select coalesce(sum(idx_scan), 0)::int as scans from unnest(array['search_document_tier1_idx', 'search_document_tier2_idx']) with ordinality as t(name, n)
     left join pg_stat_user_indexes s on s.indexrelname = t.name group by t.n order by t.n`,
  );
  return rows.map(({ scans }) => scans);
}

let layout: TierLayout[];
const before: Record<string, string[]> = {};
const GUIDES: SearchFilter = { kinds: ['GUIDE'] };

it('leaves the tiers out of use while there are too few documents for them', async () => {
  const tiers = await layOutSearchTiers(client, BANDS);
  expect(tiers?.map(({ since, documents }) => [since, documents])).toEqual([
    ['infinity', 0],
    ['infinity', 0],
  ]);
  expect(await searchTiersAreStale(client, BANDS)).toBe(false);
});

it('says the tiers are stale once there are enough documents, and lays them out for the newest ones', async () => {
  await addReports();
  for (const word of Object.keys(mentions)) before[word] = (await allTitles(word)).titles;
  before.quokkaGuides = (await allTitles('quokka', undefined, GUIDES)).titles;
  expect(await searchTiersAreStale(client, BANDS)).toBe(true);

  layout = (await layOutSearchTiers(client, BANDS))!;
  const [{ newest }] = await hub.sql(`select to_char(max(happened_at) at time zone 'UTC', 'YYYY-MM-DD') as newest from search_document`);
  expect(newest).toBe('2299-12-31');
  // Tier 1 begins at the 20,000th newest report, tier 2 at the 60,000th (one a day).
  const day = (age: number) => new Date(Date.UTC(2300, 0, 1) - age * 86_400_000).toISOString().slice(0, 10);
  expect(layout.map(({ since }) => since.slice(0, 10))).toEqual([day(BANDS[0]), day(BANDS[0] + BANDS[1])]);
  expect(layout.map(({ documents, documentsByType }) => [documents, documentsByType.resource])).toEqual([
    [BANDS[0], BANDS[0]],
    [BANDS[1], BANDS[1]],
  ]);
  expect(await hub.sql(`select tier, since::text as since, documents from search_tier order by tier`)).toEqual(
    layout.map(({ tier, since, documents }) => ({ tier, since, documents })),
  );
  // Each tier's index holds its band, and only the tiers' indexes are left.
  const indexes = await hub.sql(`select indexname as name, indexdef as definition from pg_indexes where indexname like 'search_document_tier%' order by indexname`);
  expect(indexes.map(({ name }) => name)).toEqual(['search_document_tier1_idx', 'search_document_tier2_idx']);
  expect(indexes[0].definition).toContain(`happened_at >= '${layout[0].since}'`);
  expect(indexes[1].definition).toContain(`happened_at >= '${layout[1].since}'`);
  expect(indexes[1].definition).toContain(`happened_at < '${layout[0].since}'`);
  expect(await searchTiersAreStale(client, BANDS)).toBe(false);
});

describe.each([
  // One in 14: too few among the newest documents a search reads first, enough in tier 1.
  ['quokka', 'in the first tier'],
  // One in 25: too few in tier 1, enough in tier 2.
  ['numbat', 'in the second tier'],
  // Common among the newest documents, then absent until the oldest: the tiers hold too few, the whole index the rest.
  ['bilby', 'in the whole index when the tiers hold too few'],
])('%s: the newest matches', (word, where) => {
  it(`are found ${where}, the same as without tiers`, async () => {
    const { titles, first } = await allTitles(word);
    expect(first).toMatchObject({ totalCount: RANKED_MATCH_LIMIT, resultsLimited: true });
    expect([...titles].sort()).toEqual(newestMentioning(word).sort());
    expect(titles).toEqual(before[word]);
  });
});

it('finds the newest matches of a filtered search in a tier, its facet matched in the tier\'s index', async () => {
  // One in 42: guides mentioning the quokka, enough in tier 2.
  const { titles, first } = await allTitles('quokka', undefined, GUIDES);
  expect(first).toMatchObject({ totalCount: RANKED_MATCH_LIMIT, resultsLimited: true });
  expect([...titles].sort()).toEqual(newestMentioning('quokka', true).sort());
  expect(titles).toEqual(before.quokkaGuides);
});

it('searched the tiers', async () => {
  let scans = await tierScans();
  for (let waited = 0; scans.some((count) => count === 0) && waited < 15_000; waited += 500) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    await client.query('select pg_stat_clear_snapshot()');
    scans = await tierScans();
  }
  expect(scans.every((count) => count > 0)).toBe(true);
});

/** The plan of the statement that found a search's matches, as it ran (EXPLAIN ANALYZE of the statement the hub sent). */
async function planOfSearch(query: string): Promise<string> {
  const sent: { text: string; values: unknown[] }[] = [];
  const prototype = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = prototype.query;
  prototype.query = function (this: unknown, ...args: unknown[]) {
    const [text, values] = args;
    if (typeof text === 'string' && /"band_1" as materialized/.test(text)) sent.push({ text, values: values as unknown[] });
    return original.apply(this, args);
  };
  try {
    dataOf(await hub.graphql(SearchQueryDocument, { query, first: 20 }));
  } finally {
    prototype.query = original;
  }
  expect(sent).toHaveLength(1);
  const { rows } = await client.query<{ 'QUERY PLAN': string }>(`explain (analyze, costs off, timing off, summary off) ${sent[0].text}`, sent[0].values);
  return rows.map((row) => row['QUERY PLAN']).join('\n');
}

it('asks tier 1 first, even when the newest documents foretold that tier 2 would be needed', async () => {
  // One in 40 of the newest documents: too few for tier 1, by that rate; but one in 10 of the rest of tier 1's band.
  const { titles } = await allTitles('wombat');
  expect([...titles].sort()).toEqual(newestMentioning('wombat').sort());
  expect(titles).toEqual(before.wombat);
  const plan = await planOfSearch('wombat');
  const stage = (name: string) => plan.split('\n').find((line, index, lines) => index > 0 && lines[index - 1].trim() === `CTE ${name}`) ?? '';
  expect(stage('band_1')).not.toContain('never executed');
  expect(stage('band_2')).toContain('never executed');
  expect(stage('indexed')).toContain('never executed');
});

it('finds a document of a type the newest tier held none of when laid out', async () => {
  // Tier 1 held reports only: a person who joins now is in its band, but not counted there.
  expect(layout[0].documentsByType.person ?? 0).toBe(0);
  const [{ id }] = await hub.sql(
    `insert into person (id, name, email, title, expertise, country_code, languages, created_at)
     values (gen_random_uuid(), 'Quinn Quokka-Watcher', 'quinn@example.org', 'Field researcher', 'Counts every quokka on the island.', 'AU', '{en}', now())
     returning id`,
  );
  const { titles } = await allTitles('quokka', ['PERSON']);
  expect(titles).toEqual(['Person']);
  await hub.sql('delete from person where id = ?', [id]);
});

it('lays the tiers out again when the newest has grown to twice its size', async () => {
  await hub.sql(`do $$ begin
    set local session_replication_role = replica;
    insert into resource (id, title, summary, url, kind, language, published_on, status)
      select gen_random_uuid(), 'Later ' || i, 'Later notes', 'https://example.org/later/' || i, 'report', 'en', '2300-01-01'::date + i, 'published'
      from generate_series(1, ${BANDS[0]}) as i;
    set local session_replication_role = origin;
    perform hub_search_refresh('resource', array(select id from resource where title like 'Later %'));
  end $$`);
  expect(await searchTiersAreStale(client, BANDS)).toBe(true);
  const again = (await layOutSearchTiers(client, BANDS))!;
  expect(again[0].since > layout[0].since).toBe(true);
  expect(again.map(({ documents }) => documents)).toEqual(BANDS);
  expect((await allTitles('quokka')).titles).toEqual(before.quokka);
});

it('keeps the tiers laid out while the hub runs', async () => {
  // Tiers out of use with enough documents for both: stale.
  await hub.sql(`update search_tier set since = 'infinity'`);
  const lines: string[] = [];
  const keeper = keepSearchTiersLaidOut(hub.databaseUrl, { bands: BANDS, log: (line) => lines.push(line) });
  try {
    for (let waited = 0; lines.length === 0 && waited < 20_000; waited += 200) await new Promise((resolve) => setTimeout(resolve, 200));
  } finally {
    await keeper.stop();
  }
  expect(lines).toEqual([expect.stringMatching(/^search index tiers laid out: tier 1 from .* \(20000 documents\), tier 2 from .* \(40000 documents\)$/)]);
  const tiers = await hub.sql(`select documents from search_tier where since < 'infinity' order by tier`);
  expect(tiers.map(({ documents }) => documents)).toEqual(BANDS);
  expect((await allTitles('numbat')).titles).toEqual(before.numbat);
});

it('lets one connection lay the tiers out at a time', async () => {
  const other = new pg.Client({ connectionString: hub.databaseUrl });
  await other.connect();
  try {
    await other.query(`select pg_advisory_lock(hashtext('hub:search_tier'))`);
    expect(await layOutSearchTiers(client, BANDS)).toBeNull();
  } finally {
    await other.end();
  }
});
