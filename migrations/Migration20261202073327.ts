import { Migration } from '@mikro-orm/migrations';

/**
 * Every table but access_token announces its committed writes on the
 * `hub_changes` channel (see src/events/committed-changes.ts): the response
 * cache of each instance forgets what it holds when it hears one.
 */
export class Migration20261202073327 extends Migration {

  override name = 'Migration20261202073327';

  override up(): void | Promise<void> {
    this.addSql(`create or replace function "country_announce_change_fn"() returns trigger as \$\$ begin perform pg_notify('hub_changes', tg_table_name); return null; end; \$\$ language plpgsql;`);
    this.addSql(`create trigger "announce_change" AFTER INSERT OR UPDATE OR DELETE on "country" for each STATEMENT execute function "country_announce_change_fn"();`);

    this.addSql(`create or replace function "organization_announce_change_fn"() returns trigger as \$\$ begin perform pg_notify('hub_changes', tg_table_name); return null; end; \$\$ language plpgsql;`);
    this.addSql(`create trigger "announce_change" AFTER INSERT OR UPDATE OR DELETE on "organization" for each STATEMENT execute function "organization_announce_change_fn"();`);

    this.addSql(`create or replace function "person_announce_change_fn"() returns trigger as \$\$ begin perform pg_notify('hub_changes', tg_table_name); return null; end; \$\$ language plpgsql;`);
    this.addSql(`create trigger "announce_change" AFTER INSERT OR UPDATE OR DELETE on "person" for each STATEMENT execute function "person_announce_change_fn"();`);

    this.addSql(`create or replace function "resource_announce_change_fn"() returns trigger as \$\$ begin perform pg_notify('hub_changes', tg_table_name); return null; end; \$\$ language plpgsql;`);
    this.addSql(`create trigger "announce_change" AFTER INSERT OR UPDATE OR DELETE on "resource" for each STATEMENT execute function "resource_announce_change_fn"();`);

    this.addSql(`create or replace function "resource_country_announce_change_fn"() returns trigger as \$\$ begin perform pg_notify('hub_changes', tg_table_name); return null; end; \$\$ language plpgsql;`);
    this.addSql(`create trigger "announce_change" AFTER INSERT OR UPDATE OR DELETE on "resource_country" for each STATEMENT execute function "resource_country_announce_change_fn"();`);

    this.addSql(`create or replace function "resource_status_change_announce_change_fn"() returns trigger as \$\$ begin perform pg_notify('hub_changes', tg_table_name); return null; end; \$\$ language plpgsql;`);
    this.addSql(`create trigger "announce_change" AFTER INSERT OR UPDATE OR DELETE on "resource_status_change" for each STATEMENT execute function "resource_status_change_announce_change_fn"();`);

    this.addSql(`create or replace function "search_document_announce_change_fn"() returns trigger as \$\$ begin perform pg_notify('hub_changes', tg_table_name); return null; end; \$\$ language plpgsql;`);
    this.addSql(`create trigger "announce_change" AFTER INSERT OR UPDATE OR DELETE on "search_document" for each STATEMENT execute function "search_document_announce_change_fn"();`);

    this.addSql(`create or replace function "search_facet_announce_change_fn"() returns trigger as \$\$ begin perform pg_notify('hub_changes', tg_table_name); return null; end; \$\$ language plpgsql;`);
    this.addSql(`create trigger "announce_change" AFTER INSERT OR UPDATE OR DELETE on "search_facet" for each STATEMENT execute function "search_facet_announce_change_fn"();`);

    this.addSql(`create or replace function "topic_announce_change_fn"() returns trigger as \$\$ begin perform pg_notify('hub_changes', tg_table_name); return null; end; \$\$ language plpgsql;`);
    this.addSql(`create trigger "announce_change" AFTER INSERT OR UPDATE OR DELETE on "topic" for each STATEMENT execute function "topic_announce_change_fn"();`);

    this.addSql(`create or replace function "resource_topic_announce_change_fn"() returns trigger as \$\$ begin perform pg_notify('hub_changes', tg_table_name); return null; end; \$\$ language plpgsql;`);
    this.addSql(`create trigger "announce_change" AFTER INSERT OR UPDATE OR DELETE on "resource_topic" for each STATEMENT execute function "resource_topic_announce_change_fn"();`);

    this.addSql(`create or replace function "person_topic_announce_change_fn"() returns trigger as \$\$ begin perform pg_notify('hub_changes', tg_table_name); return null; end; \$\$ language plpgsql;`);
    this.addSql(`create trigger "announce_change" AFTER INSERT OR UPDATE OR DELETE on "person_topic" for each STATEMENT execute function "person_topic_announce_change_fn"();`);

    this.addSql(`create or replace function "working_group_announce_change_fn"() returns trigger as \$\$ begin perform pg_notify('hub_changes', tg_table_name); return null; end; \$\$ language plpgsql;`);
    this.addSql(`create trigger "announce_change" AFTER INSERT OR UPDATE OR DELETE on "working_group" for each STATEMENT execute function "working_group_announce_change_fn"();`);

    this.addSql(`create or replace function "webinar_announce_change_fn"() returns trigger as \$\$ begin perform pg_notify('hub_changes', tg_table_name); return null; end; \$\$ language plpgsql;`);
    this.addSql(`create trigger "announce_change" AFTER INSERT OR UPDATE OR DELETE on "webinar" for each STATEMENT execute function "webinar_announce_change_fn"();`);

    this.addSql(`create or replace function "webinar_topic_announce_change_fn"() returns trigger as \$\$ begin perform pg_notify('hub_changes', tg_table_name); return null; end; \$\$ language plpgsql;`);
    this.addSql(`create trigger "announce_change" AFTER INSERT OR UPDATE OR DELETE on "webinar_topic" for each STATEMENT execute function "webinar_topic_announce_change_fn"();`);

    this.addSql(`create or replace function "webinar_speaker_announce_change_fn"() returns trigger as \$\$ begin perform pg_notify('hub_changes', tg_table_name); return null; end; \$\$ language plpgsql;`);
    this.addSql(`create trigger "announce_change" AFTER INSERT OR UPDATE OR DELETE on "webinar_speaker" for each STATEMENT execute function "webinar_speaker_announce_change_fn"();`);

    this.addSql(`create or replace function "priority_area_announce_change_fn"() returns trigger as \$\$ begin perform pg_notify('hub_changes', tg_table_name); return null; end; \$\$ language plpgsql;`);
    this.addSql(`create trigger "announce_change" AFTER INSERT OR UPDATE OR DELETE on "priority_area" for each STATEMENT execute function "priority_area_announce_change_fn"();`);

    this.addSql(`create or replace function "peer_exchange_request_announce_change_fn"() returns trigger as \$\$ begin perform pg_notify('hub_changes', tg_table_name); return null; end; \$\$ language plpgsql;`);
    this.addSql(`create trigger "announce_change" AFTER INSERT OR UPDATE OR DELETE on "peer_exchange_request" for each STATEMENT execute function "peer_exchange_request_announce_change_fn"();`);

    this.addSql(`create or replace function "peer_exchange_status_change_announce_change_fn"() returns trigger as \$\$ begin perform pg_notify('hub_changes', tg_table_name); return null; end; \$\$ language plpgsql;`);
    this.addSql(`create trigger "announce_change" AFTER INSERT OR UPDATE OR DELETE on "peer_exchange_status_change" for each STATEMENT execute function "peer_exchange_status_change_announce_change_fn"();`);

    this.addSql(`create or replace function "peer_exchange_request_topic_announce_change_fn"() returns trigger as \$\$ begin perform pg_notify('hub_changes', tg_table_name); return null; end; \$\$ language plpgsql;`);
    this.addSql(`create trigger "announce_change" AFTER INSERT OR UPDATE OR DELETE on "peer_exchange_request_topic" for each STATEMENT execute function "peer_exchange_request_topic_announce_change_fn"();`);

    this.addSql(`create or replace function "peer_exchange_offer_announce_change_fn"() returns trigger as \$\$ begin perform pg_notify('hub_changes', tg_table_name); return null; end; \$\$ language plpgsql;`);
    this.addSql(`create trigger "announce_change" AFTER INSERT OR UPDATE OR DELETE on "peer_exchange_offer" for each STATEMENT execute function "peer_exchange_offer_announce_change_fn"();`);

    this.addSql(`create or replace function "membership_announce_change_fn"() returns trigger as \$\$ begin perform pg_notify('hub_changes', tg_table_name); return null; end; \$\$ language plpgsql;`);
    this.addSql(`create trigger "announce_change" AFTER INSERT OR UPDATE OR DELETE on "membership" for each STATEMENT execute function "membership_announce_change_fn"();`);

    this.addSql(`create or replace function "hub_event_announce_change_fn"() returns trigger as \$\$ begin perform pg_notify('hub_changes', tg_table_name); return null; end; \$\$ language plpgsql;`);
    this.addSql(`create trigger "announce_change" AFTER INSERT OR UPDATE OR DELETE on "hub_event" for each STATEMENT execute function "hub_event_announce_change_fn"();`);

    this.addSql(`create or replace function "group_resource_announce_change_fn"() returns trigger as \$\$ begin perform pg_notify('hub_changes', tg_table_name); return null; end; \$\$ language plpgsql;`);
    this.addSql(`create trigger "announce_change" AFTER INSERT OR UPDATE OR DELETE on "group_resource" for each STATEMENT execute function "group_resource_announce_change_fn"();`);

    this.addSql(`create or replace function "anchorship_announce_change_fn"() returns trigger as \$\$ begin perform pg_notify('hub_changes', tg_table_name); return null; end; \$\$ language plpgsql;`);
    this.addSql(`create trigger "announce_change" AFTER INSERT OR UPDATE OR DELETE on "anchorship" for each STATEMENT execute function "anchorship_announce_change_fn"();`);

    this.addSql(`create or replace function "curator_appointment_announce_change_fn"() returns trigger as \$\$ begin perform pg_notify('hub_changes', tg_table_name); return null; end; \$\$ language plpgsql;`);
    this.addSql(`create trigger "announce_change" AFTER INSERT OR UPDATE OR DELETE on "curator_appointment" for each STATEMENT execute function "curator_appointment_announce_change_fn"();`);

    this.addSql(`create or replace function "activity_announce_change_fn"() returns trigger as \$\$ begin perform pg_notify('hub_changes', tg_table_name); return null; end; \$\$ language plpgsql;`);
    this.addSql(`create trigger "announce_change" AFTER INSERT OR UPDATE OR DELETE on "activity" for each STATEMENT execute function "activity_announce_change_fn"();`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop trigger if exists "announce_change" on "activity";`);
    this.addSql(`drop function if exists "activity_announce_change_fn"();`);

    this.addSql(`drop trigger if exists "announce_change" on "anchorship";`);
    this.addSql(`drop function if exists "anchorship_announce_change_fn"();`);

    this.addSql(`drop trigger if exists "announce_change" on "country";`);
    this.addSql(`drop function if exists "country_announce_change_fn"();`);

    this.addSql(`drop trigger if exists "announce_change" on "curator_appointment";`);
    this.addSql(`drop function if exists "curator_appointment_announce_change_fn"();`);

    this.addSql(`drop trigger if exists "announce_change" on "group_resource";`);
    this.addSql(`drop function if exists "group_resource_announce_change_fn"();`);

    this.addSql(`drop trigger if exists "announce_change" on "hub_event";`);
    this.addSql(`drop function if exists "hub_event_announce_change_fn"();`);

    this.addSql(`drop trigger if exists "announce_change" on "membership";`);
    this.addSql(`drop function if exists "membership_announce_change_fn"();`);

    this.addSql(`drop trigger if exists "announce_change" on "organization";`);
    this.addSql(`drop function if exists "organization_announce_change_fn"();`);

    this.addSql(`drop trigger if exists "announce_change" on "peer_exchange_offer";`);
    this.addSql(`drop function if exists "peer_exchange_offer_announce_change_fn"();`);

    this.addSql(`drop trigger if exists "announce_change" on "peer_exchange_request";`);
    this.addSql(`drop function if exists "peer_exchange_request_announce_change_fn"();`);

    this.addSql(`drop trigger if exists "announce_change" on "peer_exchange_request_topic";`);
    this.addSql(`drop function if exists "peer_exchange_request_topic_announce_change_fn"();`);

    this.addSql(`drop trigger if exists "announce_change" on "peer_exchange_status_change";`);
    this.addSql(`drop function if exists "peer_exchange_status_change_announce_change_fn"();`);

    this.addSql(`drop trigger if exists "announce_change" on "person";`);
    this.addSql(`drop function if exists "person_announce_change_fn"();`);

    this.addSql(`drop trigger if exists "announce_change" on "person_topic";`);
    this.addSql(`drop function if exists "person_topic_announce_change_fn"();`);

    this.addSql(`drop trigger if exists "announce_change" on "priority_area";`);
    this.addSql(`drop function if exists "priority_area_announce_change_fn"();`);

    this.addSql(`drop trigger if exists "announce_change" on "resource";`);
    this.addSql(`drop function if exists "resource_announce_change_fn"();`);

    this.addSql(`drop trigger if exists "announce_change" on "resource_country";`);
    this.addSql(`drop function if exists "resource_country_announce_change_fn"();`);

    this.addSql(`drop trigger if exists "announce_change" on "resource_status_change";`);
    this.addSql(`drop function if exists "resource_status_change_announce_change_fn"();`);

    this.addSql(`drop trigger if exists "announce_change" on "resource_topic";`);
    this.addSql(`drop function if exists "resource_topic_announce_change_fn"();`);

    this.addSql(`drop trigger if exists "announce_change" on "search_document";`);
    this.addSql(`drop function if exists "search_document_announce_change_fn"();`);

    this.addSql(`drop trigger if exists "announce_change" on "search_facet";`);
    this.addSql(`drop function if exists "search_facet_announce_change_fn"();`);

    this.addSql(`drop trigger if exists "announce_change" on "topic";`);
    this.addSql(`drop function if exists "topic_announce_change_fn"();`);

    this.addSql(`drop trigger if exists "announce_change" on "webinar";`);
    this.addSql(`drop function if exists "webinar_announce_change_fn"();`);

    this.addSql(`drop trigger if exists "announce_change" on "webinar_speaker";`);
    this.addSql(`drop function if exists "webinar_speaker_announce_change_fn"();`);

    this.addSql(`drop trigger if exists "announce_change" on "webinar_topic";`);
    this.addSql(`drop function if exists "webinar_topic_announce_change_fn"();`);

    this.addSql(`drop trigger if exists "announce_change" on "working_group";`);
    this.addSql(`drop function if exists "working_group_announce_change_fn"();`);
  }

}
