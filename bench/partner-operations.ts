/**
 * The partner operations the benchmark measures: what partner sites send on
 * every page view, plus a reformer's write. Each has a fixed document and a
 * list of variable sets the load generator cycles through.
 */

/** A partner's group page: the group, its anchors, 50 members, 20 resources and the upcoming webinars. */
export const GROUP_PAGE = `query GroupPage($slug: String!) {
  workingGroup(slug: $slug) {
    id
    slug
    name
    governmentAnchor { since organization { id name country { code name } } }
    civilSocietyAnchor { since organization { id name country { code name } } }
    members(first: 50) {
      totalCount
      edges { joinedOn node { id name kind country { code name } } }
    }
    resources(first: 20) {
      edges { featured position node { id title language kind publishedOn topics { slug name } } }
    }
    webinars(first: 5, filter: { timing: UPCOMING }) {
      nodes { id title startsAt timeZone language }
    }
  }
}`;

/** The library filtered as a partner's "resources in Spanish on open contracting" page would. */
export const FILTERED_RESOURCES = `query FilteredResources($filter: ResourceFilter) {
  resources(first: 20, filter: $filter) {
    totalCount
    edges { node { id title language kind publishedOn topics { slug } countries { code } workingGroups { slug } } }
    pageInfo { hasNextPage endCursor }
  }
}`;

/** Fetching one object again by its global ID (a resource page). */
export const NODE = `query Node($id: ID!) {
  node(id: $id) {
    id
    ... on Resource { title summary url language kind publishedOn topics { slug name } countries { code name } workingGroups { slug name } }
  }
}`;

/** The search box of a partner site. */
export const SEARCH = `query Search($query: String!) {
  search(query: $query, first: 20) {
    totalCount
    edges { score type snippet { html } node { __typename ... on Resource { id title } ... on Person { id name } ... on Organization { id name } ... on PeerExchangeRequest { id title } ... on Webinar { id title } } }
    facets { types { type count } languages { language count } }
  }
}`;

/** A reformer updating their profile: a write, with its triggers and announcements. */
export const UPDATE_PROFILE = `mutation UpdateProfile($input: UpdateMyProfileInput!) {
  updateMyProfile(input: $input) { person { id title openToPeerExchange } userErrors { field message code } }
}`;

export interface Operation {
  name: string;
  document: string;
  /** Variable sets, sent in turn. */
  variables: Record<string, unknown>[];
  /** Sent with a reformer's token (a signed-in caller: never from the shared cache). */
  signedIn?: boolean;
}

export const SEARCH_QUERIES = ['open contracting', 'beneficial ownership', 'budget transparency', 'données ouvertes', 'contratación abierta', 'parliamentary monitoring'];
