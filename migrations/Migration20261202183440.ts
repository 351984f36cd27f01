import { Migration } from '@mikro-orm/migrations';

/** Titles folded for spelling matches once, when written, rather than for every candidate of every misspelled query. */
export class Migration20261202183440 extends Migration {

  override name = 'Migration20261202183440';

  override up(): void | Promise<void> {
    this.addSql(`drop index "search_document_title_trgm_idx";`);
    this.addSql(`alter table "search_document" add "title_folded" text generated always as (hub_search_normalize(title)) stored not null;`);
    this.addSql(`create index "search_document_title_folded_trgm_idx" on "search_document" using gin ("title_folded" gin_trgm_ops);`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop index "search_document_title_folded_trgm_idx";`);
    this.addSql(`alter table "search_document" drop column "title_folded";`);
    this.addSql(`create index "search_document_title_trgm_idx" on "search_document" using gin (hub_search_normalize("title") gin_trgm_ops);`);
  }

}
