import { Migration } from '@mikro-orm/migrations';

export class Migration20261123062345 extends Migration {

  override name = 'Migration20261123062345';

  override up(): void | Promise<void> {
    this.addSql(`create index "country_region_index" on "country" ("region");`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop index "country_region_index";`);
  }

}
