import { Migration } from '@mikro-orm/migrations';

/** The counters of the PostgreSQL rate-limit store (src/ratelimits/). Unannounced: written on every request. */
export class Migration20261202081711 extends Migration {

  override name = 'Migration20261202081711';

  override up(): void | Promise<void> {
    this.addSql(`create table "rate_limit_counter" ("key" varchar(255) not null, "points" int not null default 0, "expire" bigint null, primary key ("key"));`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "rate_limit_counter" cascade;`);
  }

}
