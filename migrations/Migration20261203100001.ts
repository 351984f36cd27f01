import { Migration } from '@mikro-orm/migrations';

/**
 * Tiers of the full-text index: partial indexes of the newest documents
 * (the newest band, then the band before it), so a search whose words are
 * neither common nor rare finds its newest matches among a hundred thousand
 * documents instead of a million. Both start unused (`infinity`: no
 * document); `search:tiers`, the search index rebuild and the running hub
 * lay them out once there are enough documents (src/search/search-tiers.ts).
 */
export class Migration20261203100001 extends Migration {

  override name = 'Migration20261203100001';

  override up(): void | Promise<void> {
    this.addSql(`create table "search_tier" ("tier" smallint not null, "since" timestamptz not null default 'infinity', "documents" int not null default 0, "documents_by_type" jsonb not null default '{}', primary key ("tier"));`);
    this.addSql(`insert into "search_tier" ("tier") values (1), (2);`);

    this.addSql(`create index "search_document_tier2_idx" on "search_document" using gin ("document") where happened_at >= 'infinity' and happened_at < 'infinity';`);
    this.addSql(`create index "search_document_tier1_idx" on "search_document" using gin ("document") where happened_at >= 'infinity';`);

    this.addSql(`create or replace function "search_tier_announce_change_fn"() returns trigger as \$\$ begin perform pg_notify('hub_changes', tg_table_name); return null; end; \$\$ language plpgsql;`);
    this.addSql(`create trigger "announce_change" AFTER INSERT OR UPDATE OR DELETE on "search_tier" for each STATEMENT execute function "search_tier_announce_change_fn"();`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop trigger if exists "announce_change" on "search_tier";`);
    this.addSql(`drop function if exists "search_tier_announce_change_fn"();`);
    this.addSql(`drop table if exists "search_tier" cascade;`);

    this.addSql(`drop index "search_document_tier2_idx";`);
    this.addSql(`drop index "search_document_tier1_idx";`);
  }

}
