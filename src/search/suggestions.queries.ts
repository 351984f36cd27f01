import { sql, type RawBuilder } from '../db/sql.js';
import { defineLoader, groupedByKey } from '../graphql/loaders.js';
import { configurationsInUse } from './search.queries.js';

/** A person or resource suggested for a peer-exchange request, before it is loaded. */
export interface SuggestionRow {
  requestKey: string;
  key: string;
  score: number;
  sharedTopicKeys: string[];
}

/** What to suggest: people who could help, or resources to read. */
type SuggestionKind = 'person' | 'resource';

/** Candidates drawn per path (shared topics, shared title words), newest first. */
const CANDIDATES_PER_PATH = 500;
/** The newest documents of a kind in which title words are looked for. */
const TITLE_MATCH_WINDOW = 20_000;

/**
 * Suggestions for many requests in one statement (a LATERAL subquery per
 * request). Each request draws candidates two ways, newest first: documents
 * sharing one of its topics, and documents among the newest TITLE_MATCH_WINDOW
 * containing a word of its title. Both are bounded, so
 * the cost does not grow with the data. A candidate's score is one point per
 * shared topic plus up to one point for how much of the request's wording
 * (title and the start of its description) it shares, read in the
 * candidate's language: ts_rank scaled to 0–1. So topic overlap ranks first
 * and text similarity orders within it. (ts_rank, not the cover density of
 * ts_rank_cd: the wording is a list of alternatives, where cover density
 * says little, and ts_rank_cd clears some 32 kB per query term for every row
 * it ranks: with a request's 48 words, most of the statement's time.)
 * Nothing from the requester's own organisation is suggested: people must
 * be open to peer exchange and not colleagues; resources must not be
 * submitted by the requester's organisation.
 */
function suggestions(kind: SuggestionKind, requestKeys: readonly string[], first: number): RawBuilder<SuggestionRow> {
  const eligible =
    kind === 'person'
      ? sql`d.subject_id <> req.requester_id
          and not exists (select 1 from person p where p.id = d.subject_id and p.organization_id = req.organization_id)`
      : sql`not exists (
          select 1 from resource r join person p on p.id = r.submitted_by_id
          where r.id = d.subject_id and (p.id = req.requester_id or p.organization_id = req.organization_id))`;
  // People are suggested only when they welcome requests.
  const open = kind === 'person' ? sql`and d.facets && req.open` : sql``;
  const tags = kind === 'person' ? sql`person_topic tag where tag.person_id` : sql`resource_topic tag where tag.resource_id`;
  const words = (text: RawBuilder<unknown>, count: number) =>
    sql`array_to_string((regexp_split_to_array(${text}, '[^[:alnum:]]+'))[1:${count}], ' or ')`;
  return sql<SuggestionRow>`
    select parent.key as "requestKey", s.key, s.score, s."sharedTopicKeys"
    from unnest(${requestKeys}::uuid[]) as parent(key)
    cross join lateral (
      with req as (
        select x.id, x.requester_id, p.organization_id,
          array(select f.id from peer_exchange_request_topic t join search_facet f on f.key = 'topic:' || t.topic_id
                where t.request_id = x.id) as topics,
          array(select f.id from search_facet f where f.key = 'peer-exchange:open') as open,
          -- Words as alternatives, "w1 or w2 or …" in web-search syntax: the title's, and the title's and the description's.
          ${words(sql`x.title`, 24)} as title_words,
          ${words(sql`concat_ws(' ', x.title, x.description)`, 48)} as words
        from peer_exchange_request x join person p on p.id = x.requester_id
        where x.id = parent.key
      ),
      readings as (
        select c.config, hub_search_tsquery(c.config, req.words, null, '{}') as q,
          hub_search_tsquery(c.config, req.title_words, null, '{}') as title_q
        from req, (${configurationsInUse}) c
      ),
      -- Each candidate once, with what scoring reads: the paths have read their documents already, and
      -- looking them up again by key took a sixth of the statement's time.
      candidates as (
        select distinct on (subject_id) * from (
          (select d.subject_id, d.document, d.facets, d.config from req, search_document d
           where d.subject_type = ${kind} and d.facets && req.topics ${open}
           order by d.happened_at desc limit ${CANDIDATES_PER_PATH})
          union all
          (select d.subject_id, d.document, d.facets, d.config
           from req, (select * from search_document where subject_type = ${kind} order by happened_at desc limit ${TITLE_MATCH_WINDOW}) d
           where d.document @@ (select r.title_q from readings r where r.config = d.config and numnode(r.title_q) > 0) ${open}
           order by d.happened_at desc limit ${CANDIDATES_PER_PATH})
        ) both_paths
        order by subject_id
      ),
      scored as (
        select d.subject_id as key,
          (select count(*) from unnest(d.facets) as f where f = any(req.topics))
            -- normalization 32 scales the rank to rank / (rank + 1): below one point
            + coalesce(ts_rank(d.document, r.q, 32), 0) as score
        from req, candidates d
        left join readings r on r.config = d.config and numnode(r.q) > 0
        where ${eligible}
        order by score desc, key
        limit ${first}
      )
      select scored.key, scored.score::real as score,
        array(select tag.topic_id from ${tags} = scored.key
              and tag.topic_id in (select t.topic_id from peer_exchange_request_topic t where t.request_id = parent.key)
              order by tag.topic_id) as "sharedTopicKeys"
      from scored
    ) s
    order by parent.key, s.score desc, s.key`;
}

/** Suggestions of `kind` for each request, best first. */
export const suggestionsFor = defineLoader<string, SuggestionRow[], { kind: SuggestionKind; first: number }>(
  'peerExchangeRequest.suggestions',
  async (db, requestKeys, { kind, first }) => {
    const rows = await db.rows(suggestions(kind, requestKeys, first));
    return groupedByKey(rows, requestKeys, (row) => row.requestKey);
  },
);
