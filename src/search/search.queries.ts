import { createHash } from 'node:crypto';
import { allOf, sql, type Db, type RawBuilder } from '../db/sql.js';
import { orderByClause, selectSortKeys, type Ordering } from '../graphql/pagination/keyset.js';
import { conditions, toPage, type Page } from '../graphql/pagination/page.js';
import { cursorOrdering, toPageRequest, type ConnectionArguments, type PageRequest } from '../graphql/pagination/page-request.js';
import type { ResourceKind } from '../resources/resource.enums.js';
import type { SearchText } from './search-text.js';
import { HEADLINE_OPTIONS, HIGHLIGHT_END, HIGHLIGHT_START, MARKER_CHARACTERS } from './snippet.js';

/** What can be found, by the name of its table (also `search_document.subject_type`). */
export enum SearchSubject {
  RESOURCE = 'resource',
  PERSON = 'person',
  ORGANIZATION = 'organization',
  PEER_EXCHANGE_REQUEST = 'peer_exchange_request',
  WEBINAR = 'webinar',
}

/** Narrowing by facet: each field lists alternatives, all fields given must hold. */
export interface SearchFilterValues {
  groupSlugs?: string[] | null;
  countryCodes?: string[] | null;
  languages?: string[] | null;
  topics?: string[] | null;
  kinds?: ResourceKind[] | null;
  /** People who welcome peer-exchange requests (true), or who do not (false). */
  openToPeerExchange?: boolean | null;
}

/**
 * How results are ordered. Both are total: ties on the score go by type and
 * id, so pages of a ranked list never skip or repeat an item.
 * - `relevance`: best match first.
 * - `openToPeerExchangeFirst`: people who welcome requests first, then best match (experts).
 */
export type SearchOrder = 'relevance' | 'openToPeerExchangeFirst';

export interface SearchRequest {
  text: SearchText;
  /** Only these kinds of things; all when null. */
  subjects?: SearchSubject[] | null;
  filter: SearchFilterValues;
  order: SearchOrder;
  page: ConnectionArguments;
  /** Count facet values over the whole result set (a little extra work per match). */
  facets: boolean;
  /** Also say which of each person's topics matched (experts). */
  topicReasons?: boolean;
}

/** One result of a page, before its object is loaded. */
export interface SearchRow extends Record<string, unknown> {
  type: SearchSubject;
  key: string;
  score: number;
  /** ts_headline output with marker characters (see snippet.ts). */
  headline: string;
  /** False when the headline is plain text (similar-spelling matches have nothing to highlight). */
  highlighted: boolean;
  /** The person's topics that the query named or the filter asked for (with `topicReasons`). */
  reasonTopicKeys?: string[];
}

/** A facet value (`dimension:value`, as in `search_facet.key`) and how many results carry it. */
export type FacetCount = [key: string, count: number];

export interface SearchOutcome {
  page: Page<SearchRow>;
  /** Results in the whole set, across pages (at most RANKED_MATCH_LIMIT). */
  total: number;
  /** True when more documents matched than are ranked: the results are the RANKED_MATCH_LIMIT newest matches (or, spelled alike, any that many). */
  limited: boolean;
  facets: FacetCount[] | null;
  /**
   * True when no document contained the words, and the results are names and
   * titles spelled like the query instead (a trigram match, for misspellings).
   */
  similarSpelling: boolean;
  /** False when the query held nothing to look for (stop words only, or only exclusions). */
  meaningful: boolean;
}

/**
 * How a result set was matched: by the words; or, when they match nothing, by
 * names spelled like the query (people, organisations); or, when no name is,
 * by the other titles spelled like it. Names come first because the fallback
 * is for misspelled names above all, and there are ten times fewer of them
 * than titles: a misspelled name is answered without comparing it with a
 * million titles.
 */
type MatchMode = 'words' | SpellingMode;
type SpellingMode = 'names' | 'titles';

/** The spelling modes, in the order they are tried. */
const SPELLING_MODES: SpellingMode[] = ['names', 'titles'];

/** The things whose title is a name (the predicate of `search_document_name_trgm_idx`). */
const NAMED_SUBJECTS: SearchSubject[] = [SearchSubject.PERSON, SearchSubject.ORGANIZATION];
/** A document that is a name, as a literal: the planner uses a partial index only for a condition it can compare. */
const IS_NAME = sql.raw(`d.subject_type in (${NAMED_SUBJECTS.map((subject) => `'${subject}'`).join(', ')})`);

/**
 * How many documents matching the words a search ranks, at most: the newest
 * ones when more match. (Of names and titles spelled like a misspelled query,
 * any that many: see searchStatement.) Ranking reads every match it ranks
 * (its text and its own language's reading), and counting the matches of a
 * common word ("budget" in half of a million documents) costs as much as
 * ranking them; bounding the set keeps a first-time question fast however
 * common its words. The connections say so (`resultsLimited`), as search
 * engines report "1,000+". A thousand results is fifty pages; a reader
 * narrows the search long before.
 */
export const RANKED_MATCH_LIMIT = 1000;

/**
 * The query read with the text search configurations in use: one reading per
 * group of configurations that read it alike (see prepareSearch).
 */
interface Reading {
  /** The reading, as tsquery text. */
  q: string;
  /** The reading without its exclusions (a NOT flattens the rank to nothing), as tsquery text. */
  ranked: string;
  /** The configurations (regconfig names) whose documents are held to this reading. */
  configs: string[];
}

/** A query's readings, and whether one of them serves every configuration in use. */
interface QueryReadings {
  readings: Reading[];
  /** True when there is one reading, without exclusions, for every configuration in use: then matching the index is matching the reading. */
  uniform: boolean;
  /**
   * What the full-text index is asked for when the readings differ: each
   * word of the query once, as any language reads it (tsquery text). Every
   * document matching a reading matches it; each is then held to its own
   * reading. Null when no word is read by every language (stop words).
   */
  indexed: string | null;
}

/**
 * What a search knows before it looks: the query's readings and the filter's
 * facet values, read in a statement of their own and carried by the search
 * statement as values. The planner then sees how common the words and the
 * filtered values are, and chooses between the full-text index (rare words)
 * and the newest-first index (common ones).
 */
interface PreparedSearch {
  readings: QueryReadings;
  /** The filter's conditions on `d` (a search_document). */
  filter: RawBuilder<unknown>[];
  /** The documents a search of one type reads newest first: those of that type (null: all). */
  windowType: SearchSubject | null;
  /** About how many documents the search looks among (all, or those of its one type), from the planner's statistics. */
  scopeRows: number;
  /**
   * At most about how many documents match the words, from the planner's
   * statistics: the estimate for the query's rarest term (the words together
   * match no more). Null when no term is required (see QueryReadings.indexed).
   */
  expectedMatches: number | null;
  /** The tiers of the full-text index in use, the smallest first (see search-tiers.ts). */
  tiers: IndexTier[];
}

/**
 * Runs a search: one statement reads the query and the filter, a second finds
 * the page, the count and the facets. When the words match nothing, names
 * spelled like the query are looked for, then other titles (MatchMode).
 * Paging on from a cursor keeps the mode the cursor was issued in.
 */
export async function runSearch(db: Db, request: SearchRequest): Promise<SearchOutcome> {
  const prepared = await prepareSearch(db, request);
  const cursor = request.page.after ?? request.page.before;
  if (cursor != null) {
    const ordering = cursorOrdering(cursor);
    // A cursor of any other search is refused when its page is read (as the words' ordering does not match).
    const mode = SPELLING_MODES.find((spelling) => ordering?.endsWith(`:${spelling}`)) ?? 'words';
    return runMode(db, request, prepared, mode);
  }
  let outcome = await runMode(db, request, prepared, 'words');
  // Nothing matched words the index knows: maybe a misspelling. (Stop words only is not one.)
  if (outcome.total > 0 || !outcome.meaningful || request.text.spelling === null) return outcome;
  for (const mode of spellingModes(request.subjects)) {
    outcome = await runMode(db, request, prepared, mode);
    if (outcome.total > 0) break;
  }
  return outcome;
}

/** The spelling modes that can find anything of the types searched, in the order they are tried. */
function spellingModes(subjects: SearchSubject[] | null | undefined): SpellingMode[] {
  if (!subjects) return SPELLING_MODES;
  return SPELLING_MODES.filter((mode) => subjects.some((subject) => NAMED_SUBJECTS.includes(subject) === (mode === 'names')));
}

async function runMode(db: Db, request: SearchRequest, prepared: PreparedSearch, mode: MatchMode): Promise<SearchOutcome> {
  const ordering = searchOrdering(request, mode);
  const pageRequest = toPageRequest(request.page, ordering.name);
  const similarSpelling = mode !== 'words';
  const readings = mode === 'words' ? prepared.readings : null;
  if (readings?.readings.length === 0) {
    // Nothing to look for (stop words only, or only exclusions): no match, rather than everything.
    const page = toPage(ordering, [], pageRequest);
    return { page, total: 0, limited: false, meaningful: false, facets: request.facets ? [] : null, similarSpelling };
  }
  const [result] = await db.rows(searchStatement(request, prepared, mode, ordering, pageRequest));
  return {
    page: toPage(ordering, result.rows, pageRequest),
    total: result.total,
    limited: result.limited,
    meaningful: true,
    facets: result.facets ?? (request.facets ? [] : null),
    similarSpelling,
  };
}

/**
 * Reads the query once per text search configuration in use (each language
 * stems differently), grouping the configurations that read it alike, and
 * the filter's values as facet ids.
 */
async function prepareSearch(db: Db, request: SearchRequest): Promise<PreparedSearch> {
  const { text } = request;
  const facetFilters = facetFiltersOf(request.filter);
  const windowType = request.subjects?.length === 1 ? request.subjects[0] : null;
  const terms = indexTermsOf(text);
  const idsOf = (keys: RawBuilder<unknown>) => sql`array(select f.id from search_facet f where f.key = any(${keys}) order by f.id)`;
  const [row] = await db.rows<{
    readings: Reading[];
    inUse: number;
    facetIds: number[][];
    indexed: string | null;
    scopeRows: number;
    expectedMatches: number | null;
    tiers: IndexTier[];
  }>(sql`
    with configs as (${configurationsInUse}),
    readings as (
      select r.q, querytree(r.q) as ranked, array_agg(r.config::text order by r.config::text) as configs
      from (
        select config, hub_search_tsquery(config, ${text.words}, ${text.prefix}, ${text.excluded}::text[]) as q from configs
      ) r
      where numnode(r.q) > 0 and querytree(r.q) <> 'T'
      group by r.q
    ),
    -- Each term as every language that finds anything reads it; a term some reading drops (a stop word) constrains nothing.
    index_terms as (
      select t.ord, hub_search_any(array_agg(r.q)) as q, bool_and(numnode(r.q) > 0) as required
      from unnest(${terms.map(({ term }) => term)}::text[], ${terms.map(({ typing }) => typing)}::boolean[]) with ordinality as t(term, typing, ord)
      cross join (select distinct unnest(readings.configs)::regconfig as config from readings) c
      cross join lateral unnest(hub_search_readings(c.config, t.term, t.typing)) as r(q)
      group by t.ord
    ),
    required_terms as (select ord, q from index_terms where required and numnode(q) > 0)
    select
      coalesce((select json_agg(json_build_object('q', q::text, 'ranked', ranked, 'configs', configs) order by configs[1]) from readings), '[]') as readings,
      (select count(*)::int from configs) as "inUse",
      ${facetFilters.length ? sql`json_build_array(${sql.join(facetFilters.map(({ keys }) => idsOf(keys)))})` : sql`'[]'::json`} as "facetIds",
      (select string_agg('(' || q::text || ')', ' & ' order by ord) from required_terms) as indexed,
      (${documentsOfType(windowType)}) as "scopeRows",
      (select min(hub_search_estimate(q)) from required_terms) as "expectedMatches",
      (${tiersInUse(windowType)}) as tiers`,
    // A few shapes (one per set of filter fields), and a plan that does not depend on the words: named, it is
    // parsed and planned once per connection instead of on every search (some 3 ms).
    { prepared: true },
  );
  const { readings, inUse, indexed } = row;
  const uniform = readings.length === 1 && readings[0].configs.length === inUse && readings[0].q === readings[0].ranked;
  const filter = facetFilters.map(({ carried }, index) => {
    const carries = sql`d.facets && ${row.facetIds[index]}::int[]`;
    return carried ? carries : sql`not ${carries}`;
  });
  if (request.subjects) filter.unshift(sql`d.subject_type = any(${request.subjects}::text[])`);
  return { readings: { readings, uniform, indexed }, filter, windowType, scopeRows: row.scopeRows, expectedMatches: row.expectedMatches, tiers: row.tiers };
}

/**
 * The query's terms as the full-text index is asked for them, all required:
 * each word of a query that is only words, or the web-search words whole
 * (phrases, `or`); and the word being typed, as a prefix.
 */
function indexTermsOf(text: SearchText): { term: string; typing: boolean }[] {
  const words = text.spelling !== null ? text.words.split(' ') : [text.words];
  const terms = words.filter((word) => word !== '').map((term) => ({ term, typing: false }));
  if (text.prefix !== null) terms.push({ term: text.prefix, typing: true });
  return terms;
}

/** The planner's estimate of how many documents there are (of one type, or in all). */
function documentsOfType(type: SearchSubject | null): RawBuilder<number> {
  const share = sql`(select m.share from pg_stats s
    cross join unnest(s.most_common_vals::text::text[], s.most_common_freqs) as m(type, share)
    where s.schemaname = current_schema() and s.tablename = 'search_document' and s.attname = 'subject_type' and m.type = ${type}::text)`;
  return sql<number>`select greatest(c.reltuples, 0)::float8 * coalesce(${share}, 1) from pg_class c where c.oid = 'search_document'::regclass`;
}

/**
 * The filter by facet: for each field given, the facet keys it accepts (any
 * of them), and whether a document must carry one (or, for
 * `openToPeerExchange: false`, none). Groups and topics are named by slug.
 */
function facetFiltersOf(filter: SearchFilterValues): { keys: RawBuilder<unknown>; carried: boolean }[] {
  const keysOf = (dimension: string, values: string[]) => sql`${values.map((value) => `${dimension}:${value}`)}::text[]`;
  const filters: { keys: RawBuilder<unknown>; carried: boolean }[] = [];
  if (filter.groupSlugs) {
    filters.push({ keys: sql`array(select 'group:' || g.id from working_group g where g.slug = any(${filter.groupSlugs}::text[]))`, carried: true });
  }
  if (filter.topics) filters.push({ keys: sql`array(select 'topic:' || t.id from topic t where t.slug = any(${filter.topics}::text[]))`, carried: true });
  if (filter.countryCodes) filters.push({ keys: keysOf('country', filter.countryCodes), carried: true });
  if (filter.languages) filters.push({ keys: keysOf('language', filter.languages), carried: true });
  if (filter.kinds) filters.push({ keys: keysOf('kind', filter.kinds), carried: true });
  if (filter.openToPeerExchange != null) filters.push({ keys: keysOf('peer-exchange', ['open']), carried: filter.openToPeerExchange });
  return filters;
}

/**
 * The ordering of one search's results. Its name carries a digest of the
 * query, filter and mode: a cursor belongs to the result list it came from,
 * and any other search refuses it.
 */
function searchOrdering(request: SearchRequest, mode: MatchMode): Ordering {
  const filter = Object.entries(request.filter).sort(([a], [b]) => (a < b ? -1 : 1));
  const identity = JSON.stringify([request.text.normalized, [...(request.subjects ?? [])].sort(), filter, request.order]);
  const digest = createHash('sha256').update(identity).digest('base64url').slice(0, 16);
  const keys: Ordering['keys'] = [
    { expression: sql`m.rank`, direction: 'desc', type: 'real' },
    { expression: sql`m.subject_type`, direction: 'desc', type: 'text' },
    { expression: sql`m.subject_id`, direction: 'desc', type: 'uuid' },
  ];
  if (request.order === 'openToPeerExchangeFirst') keys.unshift({ expression: sql`m.open`, direction: 'desc', type: 'bool' });
  return { name: `search:${digest}:${mode}`, keys };
}

/** What the search statement returns: one row. */
interface SearchStatementResult {
  total: number;
  limited: boolean;
  facets: FacetCount[] | null;
  rows: SearchRow[];
}

/**
 * One statement for the page, the count and the facets. Documents matching
 * the words are taken newest first, at most RANKED_MATCH_LIMIT of them (one
 * more says whether others were left out); only those are ranked and counted.
 * The order of that choice is total, so every page of a result list draws
 * from the same documents.
 *
 * Common words are found fastest by reading the newest documents until
 * enough match; rarer ones through the full-text index, or through its
 * tiers, which hold the newest documents only. Which applies is learnt, not
 * guessed (the planner misjudges words that occur together, such as
 * "beneficial ownership"): see wordMatchStages.
 */
function searchStatement(
  request: SearchRequest,
  prepared: PreparedSearch,
  mode: MatchMode,
  ordering: Ordering,
  page: PageRequest,
): RawBuilder<SearchStatementResult> {
  const readings = mode === 'words' ? prepared.readings : null;
  // The filter first: where documents are read in order, PostgreSQL checks conditions as written, and a
  // facet is checked in a fraction of the time a word match takes.
  const where = allOf([...prepared.filter, mode === 'words' ? wordCandidates(prepared.readings) : spellingCandidates(request, mode)]);
  // What ranking reads: the words' matches by their text, the spelling's by their folded title.
  const ranked = readings ? sql`d.document` : sql`d.title_folded`;
  const columns = sql`d.subject_type, d.subject_id, d.config, d.facets, ${ranked}, d.happened_at ${openColumn(request)}`;
  const candidates = readings
    ? wordMatchStages(prepared, columns, where)
    : // Any of the names or titles spelled alike: which ones the trigram index finds first. The closest may be
      // the oldest, so newest-first does not choose them; and finding every one to choose would compare the
      // query with each (tens of thousands of titles share a common word's trigrams). The limit is outside
      // `spelled`, which is planned as if read whole: through the trigram index. With the limit in the same
      // query, the planner may prefer reading the table until enough are alike, which reads all of it when few are.
      sql`
      spelled as materialized (select ${columns} from search_document d where ${where}),
      candidates as materialized (select * from spelled limit ${RANKED_MATCH_LIMIT + 1})`;
  const rank = readings ? sql`ts_rank_cd(c.document, ${ownReading(readings, 'ranked', sql`c.config`)})` : spellingRank(request, sql`c.title_folded`);
  const facets = request.facets
    ? sql`(
        select json_agg(json_build_array(f.key, c.count))
        from (select fid, count(*)::int as count from (select unnest(facets) as fid from matches) value group by fid) c
        join search_facet f on f.id = c.fid)`
    : sql`null`;
  // The reading each row of the page matched, for its snippet and reasons (computed for the page only).
  const reading = readings ? ownReading(readings, 'q', sql`hit.config`) : sql`null::tsquery`;
  // Row order inside the JSON array: the page's reading order, by the sort-key columns.
  const rowOrder = sql.join(
    ordering.keys.map((key, index) => {
      const ascending = (key.direction === 'asc') !== page.backward;
      return sql`${sql.ref(`hit._k${index}`)} ${sql.raw(ascending ? 'asc' : 'desc')}`;
    }),
  );
  return sql<SearchStatementResult>`
    with ${candidates},
    matches as materialized (
      select c.subject_type, c.subject_id, c.config, c.facets, ${rank} as rank ${request.order === 'openToPeerExchangeFirst' ? sql`, c.open` : sql``}
      from (select * from candidates d order by ${NEWEST_FIRST} limit ${RANKED_MATCH_LIMIT}) c
    ),
    page as (
      select m.subject_type, m.subject_id, m.config, m.rank, ${selectSortKeys(ordering)}
      from matches m
      where ${conditions({ where: [], ordering }, page)}
      order by ${orderByClause(ordering, page.backward)}
      limit ${page.size + 1}
    )
    select
      (select count(*)::int from matches) as total,
      (select count(*) > ${RANKED_MATCH_LIMIT} from candidates) as limited,
      ${facets} as facets,
      coalesce((
        select json_agg(json_build_object(
          'type', hit.subject_type, 'key', hit.subject_id, 'score', hit.rank,
          'headline', ${headline(sql`hit`, reading)}, 'highlighted', ${reading} is not null
          ${request.topicReasons ? sql`, 'reasonTopicKeys', ${reasonTopics(sql`hit`, reading, request.filter.topics ?? [])}` : sql``},
          ${sql.join(ordering.keys.map((_, index) => sql`${`_k${index}`}::text, ${sql.ref(`hit._k${index}`)}`))}
        ) order by ${rowOrder})
        from page hit
      ), '[]') as rows`;
}

/**
 * How many of the newest documents are read for matches before the
 * full-text index is asked: words in more than one document in 5 are
 * answered from them alone, and how many matched tells the cost of each way
 * on for rarer ones (a few hundred matches predict it well enough). At under
 * a microsecond each, a rarer word's search loses some 3 ms to them (those
 * the statistics know to be rare skip them). Measured at a million documents
 * against 2,500 and 12,500: 12,500 cost the words a tier answers more than
 * it saved the common ones; 2,500 and 5,000 did as well, and 5,000 predicts
 * from twice the matches.
 */
export const RECENT_WINDOW = 5_000;

/**
 * How many of the newest documents to read first: none when the words are
 * rare enough that finding all their matches through the index costs less
 * than reading the window. The statistics' estimate for a term missing from
 * their list of common ones is half the rarest listed frequency, so it is
 * doubled: the words may be up to that common.
 */
function recentWindow({ expectedMatches }: PreparedSearch): number {
  const rare = expectedMatches !== null && 2 * expectedMatches * INDEX_MATCH_COST < RECENT_WINDOW;
  return rare ? 0 : RECENT_WINDOW;
}

/**
 * How much more a match found through the full-text index costs than a
 * document read in order (measured at a million documents: the index's
 * posting lists, then each match's row, in no useful order, then the sort
 * that takes the newest; "right to information", whose words are in one
 * document in twenty, cost 4.4 µs a match through the first tier and 0.8 µs
 * a document read on past the window). The cost of reading in order varies
 * with the query (a reading per language costs more per document than one
 * for all), so this is the middle of what was measured, not a bound.
 */
export const INDEX_MATCH_COST = 6;

/** How many more documents the wide window reads than the recent window's rate of matches predicts: a margin for chance. */
export const WIDE_WINDOW_MARGIN = 1.25;

/**
 * A tier of the full-text index: a partial index of the documents that
 * happened since a moment, the newest hundred thousand or so (see
 * search-tiers.ts). Its matches are the newest matches there are, found at
 * the cost of the tier's own matches instead of everyone's.
 */
export interface IndexTier {
  /** Where the tier's band begins (search_tier.since), as PostgreSQL wrote it: the statement gives it back as written, so the planner sees the index's own condition. */
  since: string;
  /** How many documents the band held when it was laid out. */
  documents: number;
  /** How many of them are of the search's type (all of them when it has none). */
  ofType: number;
}

/** The tiers in use (laid out), the smallest first, as JSON. */
function tiersInUse(type: SearchSubject | null): RawBuilder<IndexTier[]> {
  const ofType = type ? sql`coalesce((t.documents_by_type ->> ${type}::text)::int, 0)` : sql`t.documents`;
  return sql`select coalesce(json_agg(json_build_object('since', t.since::text, 'documents', t.documents, 'ofType', ${ofType}) order by t.since desc), '[]')
    from search_tier t where t.since < 'infinity'`;
}

/**
 * The `candidates` of a search by words, and the stages that find them: the
 * RANKED_MATCH_LIMIT + 1 newest matches (all of them when fewer match).
 *
 * `recent` reads the RECENT_WINDOW newest documents (of the search's type,
 * when it has one), unless the statistics say the words are rare
 * (recentWindow). When enough match there, they are the answer: no older
 * document can be among the newest matches. Otherwise how many did (`route`)
 * predicts what each way on costs, in documents read in order:
 * - `wide`: reading on from where the window ends until enough match;
 * - the tiers: every match among the newest documents, through the indexes
 *   of the tiers' bands (`band_1`, …: tier k is bands 1 to k), which hold the
 *   words and the facets, costed as the matches of the first tier expected
 *   to hold enough, each costing INDEX_MATCH_COST; asked from tier 1 on
 *   (each tier holds the bands before it, so a tier that finds too few
 *   costs the next nothing), then the whole index;
 * - `indexed`: every match, through the whole full-text index.
 * The cheapest is taken; when reading on finds too few, the tiers, then the
 * whole index. Each stage is a CTE planned on its own, for all its rows:
 * with a limit, the planner may prefer reading documents newest first until
 * enough match, as it does when it takes the words for commoner than they are
 * (a common word and a common facet that seldom meet: "audit" among reports
 * read a hundred thousand documents). A CTE that no branch reaches is not run.
 */
function wordMatchStages(prepared: PreparedSearch, columns: RawBuilder<unknown>, where: RawBuilder<unknown>): RawBuilder<unknown> {
  const limit = RANKED_MATCH_LIMIT;
  // The newest matches among the documents `from` yields, read newest first until enough match.
  const newestMatches = (from: RawBuilder<unknown>) => sql`select ${columns} from ${from} where ${where} order by ${NEWEST_FIRST} limit ${limit + 1}`;
  const window = recentWindow(prepared);
  const ofType = prepared.windowType ? sql`d.subject_type = ${prepared.windowType}` : sql`true`;
  const newest = (after: RawBuilder<unknown>, rows: RawBuilder<unknown> | number) =>
    sql`(select * from search_document d where ${ofType} and ${after} order by ${NEWEST_FIRST} limit ${rows}) d`;
  // How many matches a stage found: counted once, in a CTE of its own, however many conditions ask.
  const found = (cte: string) => sql`(select n from ${sql.ref(`${cte}_found`)})`;
  const counted = (cte: string) => sql`${sql.ref(`${cte}_found`)} as materialized (select count(*) as n from ${sql.ref(cte)})`;
  const route = (column: string) => sql`(select ${sql.ref(column)} from route)`;
  // The newest of a stage's matches, when `when` says the stage is the one that answers.
  const newestOf = (from: RawBuilder<unknown>, when: RawBuilder<unknown>) =>
    sql`(select * from ${from} d where ${when} order by ${NEWEST_FIRST} limit ${limit + 1})`;
  // Where the recent window ends (read from the index alone): the wide window goes on from there,
  // by the columns that order its index (one type's documents are all of one subject_type).
  const keys = prepared.windowType ? ['happened_at', 'subject_id'] : ['happened_at', 'subject_type', 'subject_id'];
  const pastWindowEnd = sql`(${sql.join(keys.map((key) => sql.ref(`d.${key}`)))}) < (${sql.join(
    keys.map((key) => sql`(select ${sql.ref(`w.${key}`)} from window_end w)`),
  )})`;
  const { tiers } = prepared;
  // Each tier's own band of documents, newer than the next tier's (numbered from 1), through its index.
  const bandName = (index: number) => `band_${index + 1}`;
  const bands = tiers.map(({ since, ofType: typed }, index) => {
    const inBand = sql`d.happened_at >= ${since}::timestamptz${index > 0 ? sql` and d.happened_at < ${tiers[index - 1].since}::timestamptz` : sql``}`;
    // A band that held none of the search's type when laid out holds only those added since: read in order, through the type's own index.
    // Its newest matches are enough: a tier's newest are its newest band's first.
    const matches =
      prepared.windowType && typed === 0
        ? newestMatches(sql`(select * from search_document d where ${ofType} and ${inBand}) d`)
        : sql`select ${columns} from search_document d where ${inBand} and ${where}`;
    return sql`${sql.ref(bandName(index))} as materialized (${matches}), ${counted(bandName(index))}`;
  });
  // Tier k: the bands 1 to k, every match since the tier's start.
  const tier = (index: number) => sql`(${sql.join(tiers.slice(0, index + 1).map((_, band) => sql`select * from ${sql.ref(bandName(band))}`), sql` union all `)})`;
  const foundInTier = (index: number) => sql.join(tiers.slice(0, index + 1).map((_, band) => found(bandName(band))), sql` + `);
  // The tiers before tier `upTo` (numbered from 0 here) found too few.
  const tiersTooFew = (upTo: number) => allOf(tiers.slice(0, upTo).map((_, index) => sql`${foundInTier(index)} <= ${limit}`));
  // The route goes through the tiers (not straight to the whole index). It starts at tier 1 even when a
  // later one is expected to hold enough: every tier holds tier 1's band, so asking it first costs
  // nothing, and the words may be commoner among the newest documents than the window foretold.
  const byTiers = sql`${route('first_tier')} <= ${tiers.length}`;
  const wideTooFew = sql`(${route('wide_rows')} = 0 or ${route('n')} + ${found('wide')} <= ${limit})`;
  const pastRecent = sql`${route('n')} <= ${limit} and ${wideTooFew}`;
  return sql`
    recent as materialized (${newestMatches(newest(sql`true`, window))}),
    ${counted('recent')},
    route as materialized (${routeOf(prepared, window, sql.ref('recent_found'))}),
    window_end as materialized (
      select d.happened_at, d.subject_type, d.subject_id from search_document d where ${ofType}
      order by ${NEWEST_FIRST} offset ${RECENT_WINDOW - 1} limit 1),
    wide as materialized (${newestMatches(newest(pastWindowEnd, route('wide_rows')))}),
    ${counted('wide')},
    ${bands.length ? sql`${sql.join(bands)},` : sql``}
    indexed as materialized (select ${columns} from search_document d where ${where}),
    candidates as materialized (
      select * from recent where ${route('n')} > ${limit}
      union all
      select * from (select * from recent union all select * from wide) w
      where ${route('n')} <= ${limit} and ${route('wide_rows')} > 0 and ${route('n')} + ${found('wide')} > ${limit}
      ${sql.join(
        tiers.map(
          (_, index) =>
            sql`union all ${newestOf(tier(index), sql`${pastRecent} and ${byTiers} and ${tiersTooFew(index)} and ${foundInTier(index)} > ${limit}`)}`,
        ),
        sql` `,
      )}
      union all ${newestOf(sql`indexed`, sql`${pastRecent} and (not ${byTiers} or ${tiersTooFew(tiers.length)})`)}
    )`;
}

/**
 * What the recent window's matches predict (one row): `n`, how many matched
 * there; `first_tier`, the first stage after it expected to hold enough
 * matches (a tier's number, or tiers.length + 1 for the whole index); and
 * `wide_rows`, how many documents to read on past the window, when that costs
 * less than the index's way (else 0). Nothing matched in the window predicts
 * nothing: the index is asked. `recentFound` is the one-row CTE holding how
 * many matched (`n`).
 */
function routeOf(prepared: PreparedSearch, window: number, recentFound: RawBuilder<unknown>): RawBuilder<unknown> {
  const { scopeRows } = prepared;
  // Words too rare to read a window for are looked for in the whole index: they have few matches in all.
  if (window === 0) return sql`select 0::bigint as n, ${prepared.tiers.length + 1}::int as first_tier, 0::bigint as wide_rows`;
  // Tier k holds the documents of bands 1 to k.
  let held = 0;
  let heldOfType = 0;
  // What a tier's index hands over: every document's of its bands (but those of a band without the search's type, read otherwise).
  const tiers = prepared.tiers.map(({ documents, ofType }) => ({ documents: (held += ofType > 0 ? documents : 0), ofType: (heldOfType += ofType) }));
  const enough = (RANKED_MATCH_LIMIT + 1) * WIDE_WINDOW_MARGIN;
  // A tier is expected to hold enough when the window's rate of matches, over its documents of the search's type, comes to enough.
  const firstTier = tiers.length
    ? sql`case ${sql.join(
        tiers.map(({ ofType }, index) => sql`when h.n::float8 * ${ofType}::float8 >= ${window * enough}::float8 then ${index + 1}`),
        sql` `,
      )} else ${tiers.length + 1} end`
    : sql`1`;
  const tierDocuments = sql`(array[${sql.join([...tiers.map(({ documents }) => sql`${documents}::float8`), sql`0::float8`])}])[f.first_tier]`;
  const indexCost = sql`${INDEX_MATCH_COST} * h.n::float8 / ${window} * case when f.first_tier <= ${tiers.length} then ${tierDocuments} else ${scopeRows}::float8 end`;
  const needed = sql`ceil(${window * enough}::float8 / h.n)`;
  return sql`select h.n, f.first_tier,
      case when h.n between 1 and ${RANKED_MATCH_LIMIT} and ${needed} <= ${indexCost} then ${needed}::bigint - ${window} else 0 end as wide_rows
    from ${recentFound} h cross join lateral (select (${firstTier})::int as first_tier) f`;
}

/** The order in which matches are taken when more match than are ranked (search_document_newest_idx). */
const NEWEST_FIRST = sql`d.happened_at desc, d.subject_type desc, d.subject_id desc`;

/**
 * The text search configurations documents are read with: those of the
 * languages they carry (facet keys `language:…`), and hub_simple (organisations).
 */
export const configurationsInUse = sql`
  select 'hub_simple'::regconfig as config
  union select hub_search_config(substr(f.key, 10)) from search_facet f where f.key like 'language:%'`;

/**
 * Documents containing the words, each held to the reading of its own
 * configuration, so stemming, stop words and exclusions (`-word`) follow each
 * document's language. The full-text index is searched once for every
 * reading: for each word as any language reads it (QueryReadings.indexed),
 * or else for any reading's positive part.
 */
function wordCandidates(readings: QueryReadings): RawBuilder<unknown> {
  if (readings.uniform) return sql`d.document @@ ${readings.readings[0].q}::tsquery`;
  const anyReading = readings.readings.map((reading) => `(${reading.ranked})`).join(' | ');
  const indexed = sql`d.document @@ ${readings.indexed ?? anyReading}::tsquery`;
  // ts_match_vq is the function behind @@: written as a call, the planner does not take it for a
  // second, independent word match (whose default selectivity would make every query look rare).
  return sql`${indexed} and ts_match_vq(d.document, ${ownReading(readings, 'q', sql`d.config`)})`;
}

/** The reading a document of configuration `config` is held to (null when its language reads the query as nothing). */
function ownReading(readings: QueryReadings, part: 'q' | 'ranked', config: RawBuilder<unknown>): RawBuilder<unknown> {
  if (readings.uniform) return sql`${readings.readings[0][part]}::tsquery`;
  // Compared as regconfig (an oid), not as text: naming a configuration looks it up in the catalog, and
  // this is asked of every match (a tenth of a search's time when it was compared by name).
  const cases = readings.readings.map((reading) => sql`when ${config} = any(${reading.configs}::regconfig[]) then ${reading[part]}::tsquery`);
  return sql`(case ${sql.join(cases, sql` `)} end)`;
}

/** Names, or the other titles, spelled like the query: trigram similarity, for misspellings. */
function spellingCandidates(request: SearchRequest, mode: SpellingMode): RawBuilder<unknown> {
  const probe = spellingProbe(request);
  const titles = mode === 'names' ? IS_NAME : sql`not ${IS_NAME}`;
  return sql`${titles} and (d.title_folded % ${probe} or d.title_folded %> ${probe})`;
}

/** How close a title (folded, `title_folded`) is to the query's spelling, 0 to 1. */
function spellingRank(request: SearchRequest, folded: RawBuilder<unknown>): RawBuilder<unknown> {
  const probe = spellingProbe(request);
  return sql`greatest(similarity(${folded}, ${probe}), word_similarity(${probe}, ${folded}))::real`;
}

/**
 * The query folded as titles are (search_document.title_folded). A sub-select,
 * so the planner does not know its value: with it, it would estimate how
 * many titles are alike by comparing the query with every title in the
 * column's statistics, which takes longer than the trigram index takes to
 * answer (and the index is the plan either way).
 */
function spellingProbe(request: SearchRequest): RawBuilder<unknown> {
  return sql`(select hub_search_normalize(${request.text.spelling}))`;
}

function openColumn(request: SearchRequest): RawBuilder<unknown> {
  if (request.order !== 'openToPeerExchangeFirst') return sql``;
  return sql`, coalesce(d.facets @> (select array_agg(f.id) from search_facet f where f.key = 'peer-exchange:open'), false) as open`;
}

/** The text a result's snippet is cut from: a resource's summary, a person's title and expertise, a request's or webinar's description. */
function snippetSource(row: RawBuilder<unknown>): RawBuilder<unknown> {
  return sql`translate(case ${row}.subject_type
      when 'resource' then (select r.summary from resource r where r.id = ${row}.subject_id)
      when 'person' then (select concat_ws(' · ', p.title, p.expertise) from person p where p.id = ${row}.subject_id)
      when 'organization' then (select o.name from organization o where o.id = ${row}.subject_id)
      when 'peer_exchange_request' then (select x.description from peer_exchange_request x where x.id = ${row}.subject_id)
      when 'webinar' then (select w.description from webinar w where w.id = ${row}.subject_id)
    end, ${MARKER_CHARACTERS}, '')`;
}

/** The matches marked in the snippet source; its beginning when matched by spelling (no reading). */
function headline(row: RawBuilder<unknown>, reading: RawBuilder<unknown>): RawBuilder<unknown> {
  const source = snippetSource(row);
  return sql`case when ${reading} is null then coalesce(substring(${source} from '^\\s*((?:\\S+\\s+){0,23}\\S*)'), '')
    else ts_headline(${row}.config, coalesce(${source}, ''), ${reading}, ${HEADLINE_OPTIONS}) end`;
}

/** The person's topics the query names (any of its words in the topic's name) or the filter asked for, by name. */
function reasonTopics(row: RawBuilder<unknown>, reading: RawBuilder<unknown>, filterTopics: string[]): RawBuilder<unknown> {
  const options = `HighlightAll=true, StartSel="${HIGHLIGHT_START}", StopSel="${HIGHLIGHT_END}"`;
  return sql`array(
    select t.id from person_topic pt join topic t on t.id = pt.topic_id
    where pt.person_id = ${row}.subject_id
      and (t.slug = any(${filterTopics}::text[])
        or (${reading} is not null and strpos(ts_headline(${row}.config, t.name, ${reading}, ${options}), ${HIGHLIGHT_START}) > 0))
    order by t.name, t.id)`;
}
