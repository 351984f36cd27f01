import { Migration } from '@mikro-orm/migrations';

/**
 * The library's filters (kind, language, topic, country) as covering
 * indexes: a filtered list's totalCount counts every match, and now reads
 * the indexes alone instead of a row per match.
 */
export class Migration20261202193721 extends Migration {

  override name = 'Migration20261202193721';

  override up(): void | Promise<void> {
    this.addSql(`drop index "resource_kind_index";`);
    this.addSql(`drop index "resource_language_index";`);
    this.addSql(`create index "resource_language_status_id_index" on "resource" ("language", "status", "id");`);
    this.addSql(`create index "resource_kind_status_id_index" on "resource" ("kind", "status", "id");`);
    this.addSql(`drop index "resource_country_country_code_index";`);
    this.addSql(`create index "resource_country_country_code_resource_id_index" on "resource_country" ("country_code", "resource_id");`);
    this.addSql(`drop index "resource_topic_topic_id_index";`);
    this.addSql(`create index "resource_topic_topic_id_resource_id_index" on "resource_topic" ("topic_id", "resource_id");`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop index "resource_language_status_id_index";`);
    this.addSql(`drop index "resource_kind_status_id_index";`);
    this.addSql(`create index "resource_kind_index" on "resource" ("kind");`);
    this.addSql(`create index "resource_language_index" on "resource" ("language");`);
    this.addSql(`drop index "resource_country_country_code_resource_id_index";`);
    this.addSql(`create index "resource_country_country_code_index" on "resource_country" ("country_code");`);
    this.addSql(`drop index "resource_topic_topic_id_resource_id_index";`);
    this.addSql(`create index "resource_topic_topic_id_index" on "resource_topic" ("topic_id");`);
  }

}
