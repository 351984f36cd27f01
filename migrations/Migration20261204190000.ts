import { Migration } from '@mikro-orm/migrations';

/**
 * The resources not published, by id: a library filtered by topic, country
 * or group alone counts the resources those tables name, less the
 * unpublished ones found here, instead of reading every published resource
 * to keep those that match (see resourceList).
 */
export class Migration20261204190000 extends Migration {

  override name = 'Migration20261204190000';

  override up(): void | Promise<void> {
    this.addSql(`create index "resource_unpublished_idx" on "resource" ("id") where status <> 'published';`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop index "resource_unpublished_idx";`);
  }

}
