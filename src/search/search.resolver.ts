import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Ctx, FieldResolver, Info, Query, Resolver, Root } from 'type-graphql';
import { workingGroupByKey } from '../groups/group.queries.js';
import type { RequestContext } from '../graphql/context.js';
import type { MaybePromise } from '../graphql/reference-table.js';
import { filterValues } from '../graphql/filters.js';
import { withLoaded } from '../graphql/loaders.js';
import { fetchNodeByKey } from '../graphql/node.js';
import { ConnectionArgs, toPageInfo, withCursor } from '../graphql/pagination/connection.js';
import { toPageRequest } from '../graphql/pagination/page-request.js';
import { selectsField } from '../graphql/selection.js';
import { PersonNode } from '../people/person.node.js';
import { TopicNode } from '../topics/topic.node.js';
import { topicsByKey } from '../topics/topic.queries.js';
import { parseSearchText } from './search-text.js';
import {
  ExpertConnection,
  ExpertEdge,
  ExpertFilter,
  ExpertMatchReasons,
  SearchFacetCountry,
  SearchFacetGroup,
  SearchFacets,
  SearchFacetTopic,
  SearchFilter,
  SearchResultConnection,
  SearchResultEdge,
  SearchSnippet,
  type SearchResultValue,
} from './search.node.js';
import { runSearch, SearchSubject, type SearchOutcome, type SearchRequest, type SearchRow } from './search.queries.js';
import { highlightedPhrases, snippetHtml, snippetParts, type SnippetPart } from './snippet.js';

/** The GraphQL type of each kind of result, as registered for `node(id:)`. */
const TYPE_NAMES: Record<SearchSubject, string> = {
  [SearchSubject.RESOURCE]: 'Resource',
  [SearchSubject.PERSON]: 'Person',
  [SearchSubject.ORGANIZATION]: 'Organization',
  [SearchSubject.PEER_EXCHANGE_REQUEST]: 'PeerExchangeRequest',
  [SearchSubject.WEBINAR]: 'Webinar',
};

const QUERY_DESCRIPTION =
  'What to look for, as in a search box: words (any order, any form: "budgets" finds "budget"), "quoted phrases", `or` between alternatives, `-word` to exclude. Accents and case do not matter; the last word also matches as the beginning of a longer word. At most 256 characters.';

@Resolver()
export class SearchResolver {
  @Query(() => SearchResultConnection, {
    description:
      'Full-text search across published resources, people, organisations, peer-exchange requests and webinars, in every language of the hub, best match first. Each result has a highlighted snippet; `facets` counts the whole result set. When nothing contains the words, names and titles spelled like the query are returned instead (`similarSpelling`).',
  })
  async search(
    @Ctx() context: RequestContext,
    @Info() info: GraphQLResolveInfo,
    @Arg('query', { description: QUERY_DESCRIPTION }) query: string,
    @Args(() => ConnectionArgs) page: ConnectionArgs,
    @Arg('types', () => [SearchSubject], { nullable: true, description: 'Only results of these types; all when omitted or empty.' })
    types?: SearchSubject[] | null,
    @Arg('filter', () => SearchFilter, { nullable: true, description: 'Which results to keep; all when omitted.' })
    filter?: SearchFilter | null,
  ): Promise<SearchResultConnection> {
    const request = {
      subjects: types?.length ? types : null,
      filter: filterValues(filter),
      order: 'relevance' as const,
      page,
    };
    const outcome = await searchFor(query, page, (text, facets) => runSearch(context.db, { ...request, text, facets }), selectsField(info, 'facets'));
    // A result unpublished since the search statement ran is left out.
    const edges = withLoaded(pageOf(outcome), await loadResults(context, outcome.page.rows), (node, { row, cursor }) =>
      withCursor<SearchResultEdge>({ node, type: row.type, score: row.score, snippet: snippetOf(row) }, cursor),
    );
    return Object.assign(new SearchResultConnection(), {
      edges,
      pageInfo: toPageInfo(outcome.page),
      totalCount: outcome.total,
      resultsLimited: outcome.limited,
      similarSpelling: outcome.similarSpelling,
      loadFacets: async () => new SearchFacets(outcome.facets ?? (await outcome.recount()).facets ?? []),
    });
  }

  @Query(() => ExpertConnection, {
    description:
      'Finds people with the expertise a reformer needs: people open to peer exchange first, then by how well their name, topics, title, expertise statement and organisation match the query, each with the topics and phrases that matched.',
  })
  async experts(
    @Ctx() context: RequestContext,
    @Arg('query', { description: QUERY_DESCRIPTION }) query: string,
    @Args(() => ConnectionArgs) page: ConnectionArgs,
    @Arg('filter', () => ExpertFilter, { nullable: true, description: 'Which people to keep; all when omitted.' })
    filter?: ExpertFilter | null,
  ): Promise<ExpertConnection> {
    const request = {
      subjects: [SearchSubject.PERSON],
      filter: filterValues(filter),
      order: 'openToPeerExchangeFirst' as const,
      page,
      topicReasons: true,
    };
    const outcome = await searchFor(query, page, (text, facets) => runSearch(context.db, { ...request, text, facets }), false);
    const people = (await loadResults(context, outcome.page.rows)) as (PersonNode | null)[];
    const edges = withLoaded(pageOf(outcome), people, (person, { row, cursor }) => {
      const snippet = snippetOf(row);
      const reasons = Object.assign(new ExpertMatchReasons(), { topicKeys: row.reasonTopicKeys ?? [], phrases: highlightedPhrases(snippet.parts) });
      return withCursor<ExpertEdge>({ node: person, score: row.score, snippet, reasons }, cursor);
    });
    return Object.assign(new ExpertConnection(), {
      edges,
      pageInfo: toPageInfo(outcome.page),
      totalCount: outcome.total,
      resultsLimited: outcome.limited,
      similarSpelling: outcome.similarSpelling,
    });
  }
}

@Resolver(() => SearchResultConnection)
export class SearchResultConnectionResolver {
  @FieldResolver(() => SearchFacets, {
    description: 'Counts of the whole result set by type, working group, country, language, topic and resource kind (filters applied, every page).',
  })
  facets(@Root() connection: SearchResultConnection): Promise<SearchFacets> {
    return connection.loadFacets();
  }
}

@Resolver(() => SearchFacets)
export class SearchFacetsResolver {
  @FieldResolver(() => [SearchFacetGroup], { description: 'Results per working group.' })
  async groups(@Root() facets: SearchFacets, @Ctx() context: RequestContext): Promise<SearchFacetGroup[]> {
    const groups = await Promise.all(facets.groupCounts.map(({ value }) => workingGroupByKey(context, value)));
    return withLoaded(facets.groupCounts, groups, (workingGroup, { count }) => ({ workingGroup, count }));
  }

  @FieldResolver(() => [SearchFacetCountry], { description: 'Results per country.' })
  async countries(@Root() facets: SearchFacets, @Ctx() context: RequestContext): Promise<SearchFacetCountry[]> {
    const countries = await Promise.all(facets.countryCounts.map(({ value }) => context.countries.get(value)));
    return withLoaded(facets.countryCounts, countries, (country, { count }) => ({ country, count }));
  }

  @FieldResolver(() => [SearchFacetTopic], { description: 'Results per topic.' })
  async topics(@Root() facets: SearchFacets, @Ctx() context: RequestContext): Promise<SearchFacetTopic[]> {
    const topics = await Promise.all(facets.topicCounts.map(({ value }) => context.topics.get(value)));
    return withLoaded(facets.topicCounts, topics, (topic, { count }) => ({ topic, count }));
  }
}

@Resolver(() => ExpertMatchReasons)
export class ExpertMatchReasonsResolver {
  @FieldResolver(() => [TopicNode], { description: 'The person\'s topics that the query named, or that the filter asked for, by name.' })
  topics(@Root() reasons: ExpertMatchReasons, @Ctx() context: RequestContext): MaybePromise<TopicNode[]> {
    return topicsByKey(context.topics, reasons.topicKeys);
  }
}

/** What a search resolver gets back: the outcome, and a way to run it again with facet counts. */
type SearchRun = SearchOutcome & { recount(): Promise<SearchOutcome> };

/**
 * Reads the query and runs the search; a query with nothing to look for
 * (blank, punctuation or emoji only) has no results rather than an error.
 * The page arguments are checked either way.
 */
async function searchFor(
  query: string,
  page: ConnectionArgs,
  run: (text: SearchRequest['text'], facets: boolean) => Promise<SearchOutcome>,
  facets: boolean,
): Promise<SearchRun> {
  const text = parseSearchText(query);
  if (!text) {
    toPageRequest({ first: page.first, last: page.last }, 'search');
    return { ...emptyOutcome(), recount: async () => emptyOutcome() };
  }
  const outcome = await run(text, facets);
  return { ...outcome, recount: () => run(text, true) };
}

function emptyOutcome(): SearchOutcome {
  return {
    page: { rows: [], cursorAt: noCursor, hasNextPage: false, hasPreviousPage: false },
    total: 0,
    limited: false,
    facets: [],
    similarSpelling: false,
    meaningful: false,
  };
}

/** The page's rows, each with the way to its cursor. */
function pageOf(outcome: SearchOutcome): { row: SearchRow; cursor: () => string }[] {
  return outcome.page.rows.map((row, index) => ({ row, cursor: () => outcome.page.cursorAt(index) }));
}

/** An empty page has no row to give a cursor. */
function noCursor(index: number): never {
  throw new RangeError(`an empty page has no cursor at ${index}`);
}

/** The objects behind a page of results, each through its type's loader and visibility rules, in order. */
function loadResults(context: RequestContext, rows: SearchRow[]): Promise<(SearchResultValue | null)[]> {
  return Promise.all(rows.map((row) => fetchNodeByKey(context, TYPE_NAMES[row.type], row.key) as Promise<SearchResultValue | null>));
}

function snippetOf(row: SearchRow): SearchSnippet {
  const parts: SnippetPart[] = row.highlighted ? snippetParts(row.headline) : row.headline ? [{ text: row.headline, highlighted: false }] : [];
  return { text: parts.map((part) => part.text).join(''), html: snippetHtml(parts), parts };
}

