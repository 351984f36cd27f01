import { Migration } from '@mikro-orm/migrations';

/** Search takes a common word's newest matches from this index (RANKED_MATCH_LIMIT in src/search/search.queries.ts). */
export class Migration20261202115808 extends Migration {

  override name = 'Migration20261202115808';

  override up(): void | Promise<void> {
    this.addSql(`create index "search_document_newest_idx" on "search_document" ("happened_at" desc, "subject_type" desc, "subject_id" desc);`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop index "search_document_newest_idx";`);
  }

}
