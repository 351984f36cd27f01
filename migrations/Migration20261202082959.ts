import { Migration } from '@mikro-orm/migrations';

/** Partners' API keys and the operations registered for them (src/partners/). */
export class Migration20261202082959 extends Migration {

  override name = 'Migration20261202082959';

  override up(): void | Promise<void> {
    this.addSql(`create table "api_key" ("id" uuid not null, "created_at" timestamptz not null default now(), "name" text not null, "key_hash" text not null, "prefix" text not null, "points_per_hour" int not null, "persisted_queries_only" boolean not null default false, "created_by_id" uuid null, "revoked_at" timestamptz null, primary key ("id"));`);
    this.addSql(`alter table "api_key" add constraint "api_key_key_hash_unique" unique ("key_hash");`);

    this.addSql(`create table "persisted_query" ("id" uuid not null, "created_at" timestamptz not null default now(), "api_key_id" uuid not null, "sha256" text not null, "document" text not null, primary key ("id"));`);
    this.addSql(`alter table "persisted_query" add constraint "persisted_query_api_key_id_sha256_unique" unique ("api_key_id", "sha256");`);

    this.addSql(`alter table "api_key" add constraint "api_key_created_by_id_foreign" foreign key ("created_by_id") references "person" ("id") on delete set null;`);
    this.addSql(`create or replace function "api_key_announce_change_fn"() returns trigger as \$\$ begin perform pg_notify('hub_changes', tg_table_name); return null; end; \$\$ language plpgsql;`);
    this.addSql(`create trigger "announce_change" AFTER INSERT OR UPDATE OR DELETE on "api_key" for each STATEMENT execute function "api_key_announce_change_fn"();`);

    this.addSql(`alter table "persisted_query" add constraint "persisted_query_api_key_id_foreign" foreign key ("api_key_id") references "api_key" ("id") on delete cascade;`);
    this.addSql(`create or replace function "persisted_query_announce_change_fn"() returns trigger as \$\$ begin perform pg_notify('hub_changes', tg_table_name); return null; end; \$\$ language plpgsql;`);
    this.addSql(`create trigger "announce_change" AFTER INSERT OR UPDATE OR DELETE on "persisted_query" for each STATEMENT execute function "persisted_query_announce_change_fn"();`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "persisted_query" drop constraint "persisted_query_api_key_id_foreign";`);

    this.addSql(`drop trigger if exists "announce_change" on "api_key";`);
    this.addSql(`drop function if exists "api_key_announce_change_fn"();`);
    this.addSql(`drop table if exists "api_key" cascade;`);
    this.addSql(`drop trigger if exists "announce_change" on "persisted_query";`);
    this.addSql(`drop function if exists "persisted_query_announce_change_fn"();`);
    this.addSql(`drop table if exists "persisted_query" cascade;`);
  }

}
