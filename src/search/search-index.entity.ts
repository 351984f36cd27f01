import { Entity, Index, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';
import type { Opt } from '@mikro-orm/core';

/**
 * One searchable thing (a published resource, a person, an organisation, a
 * peer-exchange request or a webinar) as full-text search sees it. The
 * database keeps these rows itself: triggers on the source tables call
 * `hub_search_refresh` in the same transaction as every write (see
 * migrations/…_search_index), so no write path can forget to reindex and a
 * rolled-back write leaves the index as it was. The application only reads.
 */
@Entity({ tableName: 'search_document' })
@Index({ name: 'search_document_document_idx', expression: 'create index "search_document_document_idx" on "search_document" using gin ("document")' })
// One type's documents newest first, in the order search takes matches (searches of one type; suggestions' candidates).
@Index({
  name: 'search_document_type_newest_idx',
  expression: 'create index "search_document_type_newest_idx" on "search_document" ("subject_type", "happened_at" desc, "subject_id" desc)',
})
// Matches newest first, when more match than a search ranks (RANKED_MATCH_LIMIT): a common word's newest matches are the first rows of this index.
@Index({
  name: 'search_document_newest_idx',
  expression: 'create index "search_document_newest_idx" on "search_document" ("happened_at" desc, "subject_type" desc, "subject_id" desc)',
})
@Index({ name: 'search_document_facets_idx', expression: 'create index "search_document_facets_idx" on "search_document" using gin ("facets")' })
// Names spelled like a misspelled query (trigram similarity), looked for first: a tenth of all titles.
@Index({
  name: 'search_document_name_trgm_idx',
  expression:
    'create index "search_document_name_trgm_idx" on "search_document" using gin ("title_folded" gin_trgm_ops) ' +
    "where subject_type in ('person', 'organization')",
})
// The other titles spelled like a misspelled query, when no name is.
@Index({
  name: 'search_document_other_title_trgm_idx',
  expression:
    'create index "search_document_other_title_trgm_idx" on "search_document" using gin ("title_folded" gin_trgm_ops) ' +
    "where subject_type not in ('person', 'organization')",
})
// The tiers of the full-text index (see search-tiers.ts): their conditions are laid out anew as documents are added.
@Index({
  name: 'search_document_tier1_idx',
  expression: `create index "search_document_tier1_idx" on "search_document" using gin ("document", "facets") where happened_at >= 'infinity'`,
})
@Index({
  name: 'search_document_tier2_idx',
  expression: `create index "search_document_tier2_idx" on "search_document" using gin ("document", "facets") where happened_at >= 'infinity' and happened_at < 'infinity'`,
})
export class SearchDocument {
  /** `resource`, `person`, `organization`, `peer_exchange_request` or `webinar`: also the source table's name. */
  @PrimaryKey({ type: 'text' })
  subjectType!: string;

  @PrimaryKey({ type: 'uuid' })
  subjectId!: string;

  /** The text search configuration the row's language chose (`hub_simple` when PostgreSQL has no stemmer for it). */
  @Property({ columnType: 'regconfig', type: 'string' })
  config!: string;

  /** The name or title, as shown; misspelled queries are matched against it by trigrams. */
  @Property({ type: 'text' })
  title!: string;

  /** Weighted lexemes: A names and titles, B topics, C bodies. */
  @Property({ columnType: 'tsvector', type: 'string' })
  document!: string;

  /** Ids of `search_facet` values (type, groups, countries, languages, topics, kind…) the filters and facet counts use. */
  @Property({ columnType: 'int[]', type: 'string' })
  facets!: string;

  /**
   * When the thing happened: a resource's publication, a webinar's start, when
   * a request, person or organisation was added. Suggestions draw their
   * candidates newest first from it (search_document_type_newest_idx).
   */
  @Property({ type: 'timestamptz' })
  happenedAt!: Date;

  /**
   * The title folded as misspelled queries are (lower case, no accents), kept
   * by the database: the similarity of every candidate is checked and ranked
   * on it, and folding a title costs more than comparing it.
   */
  @Property<SearchDocument>({ type: 'text', generated: (cols) => `(hub_search_normalize(${cols.title})) stored` })
  titleFolded!: Opt<string>;
}

/**
 * The facet values documents carry, as small integers: facet counts over
 * thousands of matches aggregate integers, which is several times faster
 * than aggregating the text keys. Keys read `dimension:value`, e.g.
 * `type:resource`, `group:<uuid>`, `country:TN`, `language:fr`,
 * `topic:<uuid>`, `kind:guide`, `peer-exchange:open`.
 */
@Entity({ tableName: 'search_facet' })
export class SearchFacet {
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: Opt<number>;

  @Unique()
  @Property({ type: 'text' })
  key!: string;
}

/**
 * One tier of the full-text index: the band of documents that happened from
 * `since` on (and before the previous tier's `since`), indexed on their own
 * by `search_document_tier<n>_idx`. A search looks for the newest matches in
 * the tiers before the whole index (see search-tiers.ts).
 */
@Entity({ tableName: 'search_tier' })
export class SearchTier {
  /** 1 for the newest documents, 2 for the band before them. */
  @PrimaryKey({ type: 'smallint', autoincrement: false })
  tier!: number;

  /** Where the band begins; `infinity` while the tier is not in use (too few documents to be worth one). */
  @Property({ type: 'timestamptz', defaultRaw: `'infinity'` })
  since!: Opt<Date>;

  /** How many documents the band held when it was laid out. */
  @Property({ type: 'integer', default: 0 })
  documents!: Opt<number>;

  /** The same, by type (`{"resource": 95000, "person": 5000}`): a search of one type expects that type's matches from a tier. */
  @Property({ type: 'json', default: '{}' })
  documentsByType!: Opt<Record<string, number>>;
}
