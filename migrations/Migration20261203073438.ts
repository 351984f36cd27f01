import { Migration } from '@mikro-orm/migrations';

/**
 * The trigram index for misspelled queries, split in two: names (people,
 * organisations), which the fallback tries first, and the other titles. A
 * misspelled name is then compared with a hundred thousand names instead of
 * a million titles.
 */
export class Migration20261203073438 extends Migration {

  override name = 'Migration20261203073438';

  override up(): void | Promise<void> {
    this.addSql(`drop index "search_document_title_folded_trgm_idx";`);
    this.addSql(`create index "search_document_other_title_trgm_idx" on "search_document" using gin ("title_folded" gin_trgm_ops) where subject_type not in ('person', 'organization');`);
    this.addSql(`create index "search_document_name_trgm_idx" on "search_document" using gin ("title_folded" gin_trgm_ops) where subject_type in ('person', 'organization');`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop index "search_document_other_title_trgm_idx";`);
    this.addSql(`drop index "search_document_name_trgm_idx";`);
    this.addSql(`create index "search_document_title_folded_trgm_idx" on "search_document" using gin ("title_folded" gin_trgm_ops);`);
  }

}
