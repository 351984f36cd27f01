import { createUnionType, Field, Float, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { PageInfo } from '../graphql/pagination/connection.js';
import { CountryNode } from '../countries/country.node.js';
import { WorkingGroupNode } from '../groups/group.node.js';
import { CountryCode, Locale } from '../graphql/scalars.js';
import { OrganizationNode } from '../organizations/organization.node.js';
import { PeerExchangeRequestNode } from '../peer-exchange/peer-exchange.node.js';
import { PersonNode } from '../people/person.node.js';
import { ResourceKind } from '../resources/resource.enums.js';
import { ResourceNode } from '../resources/resource.node.js';
import { TopicNode } from '../topics/topic.node.js';
import { WebinarNode } from '../webinars/webinar.node.js';
import { RANKED_MATCH_LIMIT, SearchSubject, type FacetCount } from './search.queries.js';
import type { SnippetPart as SnippetPartValue } from './snippet.js';

registerEnumType(SearchSubject, {
  name: 'SearchResultType',
  description: 'The kinds of things search finds.',
  valuesConfig: {
    RESOURCE: { description: 'A published resource (title, summary, topics).' },
    PERSON: { description: 'A person (name, title, expertise statement, topics, organisation).' },
    ORGANIZATION: { description: 'An organisation (name).' },
    PEER_EXCHANGE_REQUEST: { description: 'A peer-exchange request (title, description, outcome, topics).' },
    WEBINAR: { description: 'A webinar (title, description, topics).' },
  },
});

export const SearchResult = createUnionType({
  name: 'SearchResult',
  description: 'Something search found; ask for the fields of each type with `... on Resource { … }` and so on.',
  types: () => [ResourceNode, PersonNode, OrganizationNode, PeerExchangeRequestNode, WebinarNode] as const,
});
export type SearchResultValue = ResourceNode | PersonNode | OrganizationNode | PeerExchangeRequestNode | WebinarNode;

@InputType({ description: 'Narrows search results. Each field takes alternatives (any may match); all fields given must hold.' })
export class SearchFilter {
  @Field(() => [String], {
    nullable: true,
    description: 'Only results of these working groups (by slug): resources they curate, their webinars and requests, member organisations and their people.',
  })
  groupSlugs?: string[] | null;

  @Field(() => [CountryCode], {
    nullable: true,
    description: 'Only results from or about these countries: a resource\'s countries, a person\'s or organisation\'s country, a requester\'s country.',
  })
  countryCodes?: string[] | null;

  @Field(() => [Locale], {
    nullable: true,
    description: 'Only results in these languages: a resource\'s or webinar\'s language, the languages a person works in, a requester\'s first language.',
  })
  languages?: string[] | null;

  @Field(() => [String], { nullable: true, description: 'Only results tagged with at least one of these topics (by slug).' })
  topics?: string[] | null;

  @Field(() => [ResourceKind], { nullable: true, description: 'Only resources of these kinds (other types have no kind, so this leaves them out).' })
  kinds?: ResourceKind[] | null;
}

@ObjectType('SnippetPart', { description: 'A run of snippet text; `highlighted` runs matched the query.' })
export class SnippetPart implements SnippetPartValue {
  @Field({ description: 'The text of the run, as plain text.' })
  text!: string;

  @Field({ description: 'True when the run matched the query.' })
  highlighted!: boolean;
}

@ObjectType('SearchSnippet', {
  description: 'A short excerpt of a result\'s text (summary, expertise statement, description) around the words that matched, or its beginning.',
})
export class SearchSnippet {
  @Field({ description: 'The excerpt as plain text. Separate fragments are joined by " … ".' })
  text!: string;

  @Field({ description: 'The excerpt as HTML: the text escaped, the matches wrapped in `<mark>…</mark>`. Safe to insert into a page as it is.' })
  html!: string;

  @Field(() => [SnippetPart], { description: 'The excerpt as runs of text, for rendering highlights without HTML.' })
  parts!: SnippetPart[];
}

@ObjectType('SearchResultEdge', { description: 'A search result with its cursor, relevance and snippet.' })
export class SearchResultEdge {
  @Field({ description: 'Opaque position of this result; pass it as `after` or `before` to page from here (with the same query and filter).' })
  cursor!: string;

  @Field(() => SearchResult, { description: 'The result.' })
  node!: SearchResultValue;

  @Field(() => SearchSubject, { description: 'What the result is (also its `__typename`).' })
  type!: SearchSubject;

  @Field(() => Float, {
    description: 'How well the result matches, higher first. Comparable within one result list only: matches in names and titles weigh most, then topics, then text.',
  })
  score!: number;

  @Field(() => SearchSnippet, { description: 'An excerpt with the matches highlighted.' })
  snippet!: SearchSnippet;
}

@ObjectType('SearchFacetType', { description: 'How many results are of one type.' })
export class SearchFacetType {
  @Field(() => SearchSubject, { description: 'The type.' })
  type!: SearchSubject;

  @Field(() => Int, { description: 'Results of this type.' })
  count!: number;
}

@ObjectType('SearchFacetLanguage', { description: 'How many results are in one language.' })
export class SearchFacetLanguage {
  @Field(() => Locale, { description: 'The language, as a BCP 47 tag.' })
  language!: string;

  @Field(() => Int, { description: 'Results in this language.' })
  count!: number;
}

@ObjectType('SearchFacetKind', { description: 'How many resources are of one kind.' })
export class SearchFacetKind {
  @Field(() => ResourceKind, { description: 'The kind of resource.' })
  kind!: ResourceKind;

  @Field(() => Int, { description: 'Resources of this kind.' })
  count!: number;
}

@ObjectType('SearchFacetGroup', { description: 'How many results belong to one working group.' })
export class SearchFacetGroup {
  @Field(() => WorkingGroupNode, { description: 'The working group.' })
  workingGroup!: WorkingGroupNode;

  @Field(() => Int, { description: 'Results of this group.' })
  count!: number;
}

@ObjectType('SearchFacetCountry', { description: 'How many results are from or about one country.' })
export class SearchFacetCountry {
  @Field(() => CountryNode, { description: 'The country.' })
  country!: CountryNode;

  @Field(() => Int, { description: 'Results from or about this country.' })
  count!: number;
}

@ObjectType('SearchFacetTopic', { description: 'How many results are tagged with one topic.' })
export class SearchFacetTopic {
  @Field(() => TopicNode, { description: 'The topic.' })
  topic!: TopicNode;

  @Field(() => Int, { description: 'Results tagged with this topic.' })
  count!: number;
}

/** Facet values of one dimension (`group`, `country`…) with their counts, most frequent first. */
export interface ValueCount {
  value: string;
  count: number;
}

/**
 * Facet counts over the whole result set (every page). Groups, countries and
 * topics are loaded as objects by SearchFacetsResolver.
 */
@ObjectType('SearchFacets', {
  description:
    'How the whole result set (all pages, filters applied; see `resultsLimited`) divides up, most frequent values first. `types` adds up to `totalCount`; in the other facets a result may count under several values or none (a resource about two countries, an organisation without a language).',
})
export class SearchFacets {
  @Field(() => [SearchFacetType], { description: 'Results per type.' })
  types: SearchFacetType[];

  @Field(() => [SearchFacetLanguage], { description: 'Results per language.' })
  languages: SearchFacetLanguage[];

  @Field(() => [SearchFacetKind], { description: 'Resources per kind.' })
  kinds: SearchFacetKind[];

  readonly groupCounts: ValueCount[];
  readonly countryCounts: ValueCount[];
  readonly topicCounts: ValueCount[];

  constructor(counts: FacetCount[]) {
    // Most frequent first; equal counts by key, so the order is stable.
    const sorted = [...counts].sort(([a, m], [b, n]) => n - m || (a < b ? -1 : a > b ? 1 : 0));
    const of = (dimension: string): ValueCount[] =>
      sorted.filter(([key]) => key.startsWith(`${dimension}:`)).map(([key, count]) => ({ value: key.slice(dimension.length + 1), count }));
    this.types = of('type').map(({ value, count }) => ({ type: value as SearchSubject, count }));
    this.languages = of('language').map(({ value, count }) => ({ language: value, count }));
    this.kinds = of('kind').map(({ value, count }) => ({ kind: value as ResourceKind, count }));
    this.groupCounts = of('group');
    this.countryCounts = of('country');
    this.topicCounts = of('topic');
  }
}

const RANKED_LIMIT = RANKED_MATCH_LIMIT.toLocaleString('en-GB');
const RESULTS_LIMITED_DESCRIPTION =
  `True when more than ${RANKED_LIMIT} things match the query: the results are then the ${RANKED_LIMIT} most recent matches (when \`similarSpelling\`, ${RANKED_LIMIT} of the names and titles spelled alike), best match first, and \`totalCount\` and the facets count those. Show it as "${RANKED_LIMIT}+ results"; more words or a filter narrow the search to what the reader wants.`;

/** What the search connections share: a page of edges and the size of the whole result set. */
export interface RankedConnection<TEdge> {
  edges: TEdge[];
  pageInfo: PageInfo;
  totalCount: number;
  resultsLimited: boolean;
  similarSpelling: boolean;
}

@ObjectType('SearchResultConnection', { description: 'A page of search results, best match first, with counts over the whole result set.' })
export class SearchResultConnection implements RankedConnection<SearchResultEdge> {
  @Field(() => [SearchResultEdge], { description: 'The results of this page with their cursors, scores and snippets, best first.' })
  edges!: SearchResultEdge[];

  @Field(() => PageInfo, { description: 'Cursors and whether more results precede or follow this page.' })
  pageInfo!: PageInfo;

  @Field(() => Int, { description: `How many results the whole result set holds, across all pages: at most ${RANKED_LIMIT} (see \`resultsLimited\`).` })
  totalCount!: number;

  @Field({ description: RESULTS_LIMITED_DESCRIPTION })
  resultsLimited!: boolean;

  @Field({
    description:
      'True when no name or text contained the words of the query, and these results are names and titles spelled like it instead (for misspelled queries: "Did you mean …").',
  })
  similarSpelling!: boolean;

  /** The facet counts, computed with the page when the query asked for them, or on demand. */
  loadFacets!: () => Promise<SearchFacets>;

  @Field(() => [SearchResult], { description: 'The results of this page, without cursors (a shortcut for `edges { node }`).' })
  get nodes(): SearchResultValue[] {
    return this.edges.map((edge) => edge.node);
  }
}

@InputType({ description: 'Narrows the experts search. Each field takes alternatives (any may match); all fields given must hold.' })
export class ExpertFilter {
  @Field(() => [CountryCode], { nullable: true, description: 'Only people working in one of these countries.' })
  countryCodes?: string[] | null;

  @Field(() => [Locale], { nullable: true, description: 'Only people who work in at least one of these languages.' })
  languages?: string[] | null;

  @Field(() => [String], { nullable: true, description: 'Only people with expertise in at least one of these topics (by slug).' })
  topics?: string[] | null;

  @Field(() => [String], { nullable: true, description: 'Only people taking part in one of these working groups (by slug), through their organisation.' })
  groupSlugs?: string[] | null;

  @Field(() => Boolean, { nullable: true, description: 'true: only people open to peer exchange. (They come first anyway.)' })
  openToPeerExchange?: boolean | null;
}

@ObjectType('ExpertMatchReasons', { description: 'Why a person matched an experts search.' })
export class ExpertMatchReasons {
  topicKeys!: string[];

  @Field(() => [String], {
    description: 'The words and phrases of the query found in the person\'s title, expertise statement or organisation, as written there (e.g. "beneficial ownership").',
  })
  phrases!: string[];
}

@ObjectType('ExpertEdge', { description: 'A person found by an experts search, with why they matched.' })
export class ExpertEdge {
  @Field({ description: 'Opaque position of this person; pass it as `after` or `before` to page from here (with the same query and filter).' })
  cursor!: string;

  @Field(() => PersonNode, { description: 'The person.' })
  node!: PersonNode;

  @Field(() => Float, { description: 'How well the person\'s name, topics and expertise match the query, higher first (within one result list).' })
  score!: number;

  @Field(() => ExpertMatchReasons, { description: 'The topics and phrases that matched.' })
  reasons!: ExpertMatchReasons;

  @Field(() => SearchSnippet, { description: 'An excerpt of the person\'s title and expertise statement with the matches highlighted.' })
  snippet!: SearchSnippet;
}

@ObjectType('ExpertConnection', {
  description: 'A page of experts: people open to peer exchange first, then by how well their expertise matches.',
})
export class ExpertConnection implements RankedConnection<ExpertEdge> {
  @Field(() => [ExpertEdge], { description: 'The people of this page with their cursors, scores and reasons.' })
  edges!: ExpertEdge[];

  @Field(() => PageInfo, { description: 'Cursors and whether more people precede or follow this page.' })
  pageInfo!: PageInfo;

  @Field(() => Int, { description: `How many people match, across all pages: at most ${RANKED_LIMIT} (see \`resultsLimited\`).` })
  totalCount!: number;

  @Field({ description: RESULTS_LIMITED_DESCRIPTION })
  resultsLimited!: boolean;

  @Field({ description: 'True when no expertise contained the words of the query, and these are people whose names are spelled like it.' })
  similarSpelling!: boolean;

  @Field(() => [PersonNode], { description: 'The people of this page, without cursors.' })
  get nodes(): PersonNode[] {
    return this.edges.map((edge) => edge.node);
  }
}
