import { Migration } from '@mikro-orm/migrations';

export class Migration20261123070130 extends Migration {

  override name = 'Migration20261123070130';

  override up(): void | Promise<void> {
    this.addSql(`create or replace function "hub_event_hub_event_notify_fn"() returns trigger as \$\$ begin perform pg_notify('hub_events', new.sequence::text); return new; end; \$\$ language plpgsql;`);
    this.addSql(`create trigger "hub_event_notify" AFTER INSERT on "hub_event" for each ROW execute function "hub_event_hub_event_notify_fn"();`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop trigger if exists "hub_event_notify" on "hub_event";`);
    this.addSql(`drop function if exists "hub_event_hub_event_notify_fn"();`);
  }

}
