import { Migration } from '@mikro-orm/migrations';

/**
 * The tiers of the full-text index hold the documents' facets beside their
 * words: a filtered search's facet is then matched inside the tier's index
 * with the words, against the tier's documents only, instead of in the
 * index of every document's facets (a common facet there is a hundred
 * thousand entries to read). Each tier keeps the band it was laid out for.
 */
export class Migration20261203110000 extends Migration {

  override name = 'Migration20261203110000';

  override up(): void | Promise<void> {
    this.addSql(tierIndexesOn('document, facets'));
  }

  override down(): void | Promise<void> {
    this.addSql(tierIndexesOn('document'));
  }

}

/** Builds each tier's index again on `columns`, with the condition (band) it has. */
function tierIndexesOn(columns: string): string {
  return `do $$
declare
  band text;
begin
  for tier in 1..2 loop
    select pg_get_expr(i.indpred, i.indrelid) into band
    from pg_index i join pg_class c on c.oid = i.indexrelid
    where c.relname = format('search_document_tier%s_idx', tier);
    execute format('drop index search_document_tier%s_idx', tier);
    execute format('create index search_document_tier%s_idx on search_document using gin (${columns}) where %s', tier, band);
  end loop;
end $$;`;
}
