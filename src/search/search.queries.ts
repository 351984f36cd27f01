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
  /** Results in the whole set, across pages. */
  total: number;
  facets: FacetCount[] | null;
  /**
   * True when no document contained the words, and the results are names and
   * titles spelled like the query instead (a trigram match, for misspellings).
   */
  similarSpelling: boolean;
  /** False when the query held nothing to look for (stop words only, or only exclusions). */
  meaningful: boolean;
}

/** How a result set was matched: the words, or (when they match nothing) names and titles spelled alike. */
type MatchMode = 'words' | 'spelling';

/**
 * Runs a search: one statement for the page, the count and the facets. When
 * the words match nothing, a second statement looks for names and titles
 * spelled like the query. Paging on from a cursor keeps the mode the cursor
 * was issued in.
 */
export async function runSearch(db: Db, request: SearchRequest): Promise<SearchOutcome> {
  const cursor = request.page.after ?? request.page.before;
  const cursorMode = cursor == null ? null : cursorOrdering(cursor)?.endsWith(':spelling') ? 'spelling' : 'words';
  if (cursorMode !== 'spelling') {
    const outcome = await runMode(db, request, 'words');
    // Nothing matched words the index knows: maybe a misspelling. (Stop words only is not one.)
    const misspelled = outcome.total === 0 && outcome.meaningful && request.text.spelling !== null;
    if (!misspelled || cursorMode === 'words') return outcome;
  }
  return runMode(db, request, 'spelling');
}

async function runMode(db: Db, request: SearchRequest, mode: MatchMode): Promise<SearchOutcome> {
  const ordering = searchOrdering(request, mode);
  const pageRequest = toPageRequest(request.page, ordering.name);
  const [result] = await db.rows(searchStatement(request, mode, ordering, pageRequest));
  return {
    page: toPage(ordering, result.rows, pageRequest),
    total: result.total,
    meaningful: result.meaningful,
    facets: result.facets ?? (request.facets ? [] : null),
    similarSpelling: mode === 'spelling',
  };
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
  meaningful: boolean;
  facets: FacetCount[] | null;
  rows: SearchRow[];
}

function searchStatement(request: SearchRequest, mode: MatchMode, ordering: Ordering, page: PageRequest): RawBuilder<SearchStatementResult> {
  const matches = mode === 'words' ? wordMatches(request) : spellingMatches(request);
  const facets = request.facets
    ? sql`(
        select json_agg(json_build_array(f.key, c.count))
        from (select fid, count(*)::int as count from (select unnest(facets) as fid from matches) value group by fid) c
        join search_facet f on f.id = c.fid)`
    : sql`null`;
  // The reading each row of the page matched, for its snippet and reasons (computed for the page only).
  const reading = readingOf(mode, sql`hit`);
  // Row order inside the JSON array: the page's reading order, by the sort-key columns.
  const rowOrder = sql.join(
    ordering.keys.map((key, index) => {
      const ascending = (key.direction === 'asc') !== page.backward;
      return sql`${sql.ref(`hit._k${index}`)} ${sql.raw(ascending ? 'asc' : 'desc')}`;
    }),
  );
  return sql<SearchStatementResult>`
    with ${matches},
    page as (
      select m.subject_type, m.subject_id, m.config, m.rank, ${selectSortKeys(ordering)}
      from matches m
      where ${conditions({ where: [], ordering }, page)}
      order by ${orderByClause(ordering, page.backward)}
      limit ${page.size + 1}
    )
    select
      (select count(*)::int from matches) as total,
      ${mode === 'words' ? sql`exists (select from readings)` : sql`true`} as meaningful,
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
 * The text search configurations documents are read with: those of the
 * languages they carry (facet keys `language:…`), and hub_simple (organisations).
 */
export const configurationsInUse = sql`
  select 'hub_simple'::regconfig as config
  union select hub_search_config(substr(f.key, 10)) from search_facet f where f.key like 'language:%'`;

/**
 * Documents containing the words. The query is read once per text search
 * configuration in use (each language stems differently), and each document
 * must match the reading of its own configuration, so stemming, stop words
 * and exclusions (`-word`) follow each document's language. Readings that
 * agree are grouped. One index scan serves every reading at once (any of
 * their positive parts); each document found is then held to its own
 * reading and ranked by it.
 */
function wordMatches(request: SearchRequest): RawBuilder<unknown> {
  const ownReading = (part: 'q' | 'ranked') => sql`(select r.${sql.raw(part)} from readings r where d.config = any(r.configs))`;
  return sql`
    configs as (${configurationsInUse}),
    readings as (
      -- ranked: the reading without its exclusions (a NOT flattens the rank to nothing).
      select q, querytree(q)::tsquery as ranked, array_agg(config) as configs
      from (
        select config, hub_search_tsquery(config, ${request.text.words}, ${request.text.prefix}, ${request.text.excluded}::text[]) as q
        from configs
      ) reading
      -- Nothing to look for (stop words only) or only exclusions: no match, rather than everything.
      where numnode(q) > 0 and querytree(q) <> 'T'
      group by q
    ),
    matches as materialized (
      select d.subject_type, d.subject_id, d.config, d.facets, ts_rank_cd(d.document, ${ownReading('ranked')}) as rank ${openColumn(request)}
      from search_document d
      where d.document @@ (select string_agg('(' || r.ranked::text || ')', ' | ')::tsquery from readings r)
        and d.document @@ ${ownReading('q')}
        and ${allOf(filterConditions(request))}
    )`;
}

/** The reading a page row matched by (null when matched by spelling), for its snippet. */
function readingOf(mode: MatchMode, row: RawBuilder<unknown>): RawBuilder<unknown> {
  return mode === 'words' ? sql`(select r.q from readings r where ${row}.config = any(r.configs))` : sql`null::tsquery`;
}

/** Names and titles spelled like the query: trigram similarity, for misspelled names. */
function spellingMatches(request: SearchRequest): RawBuilder<unknown> {
  const probe = sql`hub_search_normalize(${request.text.spelling})`;
  const title = sql`hub_search_normalize(d.title)`;
  return sql`
    matches as materialized (
      select d.subject_type, d.subject_id, d.config, d.facets,
        greatest(similarity(${title}, ${probe}), word_similarity(${probe}, ${title}))::real as rank ${openColumn(request)}
      from search_document d
      where (${title} % ${probe} or ${title} %> ${probe}) and ${allOf(filterConditions(request))}
    )`;
}

function openColumn(request: SearchRequest): RawBuilder<unknown> {
  if (request.order !== 'openToPeerExchangeFirst') return sql``;
  return sql`, coalesce(d.facets @> (select array_agg(f.id) from search_facet f where f.key = 'peer-exchange:open'), false) as open`;
}

/** The filter as conditions on `d` (a search_document); facet values by key, groups and topics by slug. */
function filterConditions({ subjects, filter }: SearchRequest): RawBuilder<unknown>[] {
  const where: RawBuilder<unknown>[] = [];
  const carriesAnyOf = (keys: RawBuilder<unknown>) =>
    sql`d.facets && array(select f.id from search_facet f where f.key = any(${keys}))`;
  const keysOf = (dimension: string, values: string[]) => sql`${values.map((value) => `${dimension}:${value}`)}::text[]`;
  if (subjects) where.push(sql`d.subject_type = any(${subjects}::text[])`);
  if (filter.groupSlugs) {
    where.push(carriesAnyOf(sql`array(select 'group:' || g.id from working_group g where g.slug = any(${filter.groupSlugs}::text[]))`));
  }
  if (filter.topics) where.push(carriesAnyOf(sql`array(select 'topic:' || t.id from topic t where t.slug = any(${filter.topics}::text[]))`));
  if (filter.countryCodes) where.push(carriesAnyOf(keysOf('country', filter.countryCodes)));
  if (filter.languages) where.push(carriesAnyOf(keysOf('language', filter.languages)));
  if (filter.kinds) where.push(carriesAnyOf(keysOf('kind', filter.kinds)));
  if (filter.openToPeerExchange != null) {
    const open = carriesAnyOf(keysOf('peer-exchange', ['open']));
    where.push(filter.openToPeerExchange ? open : sql`not ${open}`);
  }
  return where;
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
