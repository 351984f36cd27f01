import { Migration } from '@mikro-orm/migrations';

export class Migration20261123060638 extends Migration {

  override name = 'Migration20261123060638';

  override up(): void | Promise<void> {
    this.addSql(`create table "country" ("code" char(2) not null, "name" text not null, "region" text not null, "ogp_status" text not null, "ogp_member_since" date null, primary key ("code"));`);
    this.addSql(`create index "country_ogp_status_index" on "country" ("ogp_status");`);

    this.addSql(`create table "organization" ("id" uuid not null, "created_at" timestamptz not null default now(), "name" text not null, "kind" text not null, "country_code" char(2) null, "website" text null, primary key ("id"));`);
    this.addSql(`create index "organization_kind_index" on "organization" ("kind");`);
    this.addSql(`create index "organization_country_code_index" on "organization" ("country_code");`);
    this.addSql(`create index "organization_name_id_index" on "organization" ("name", "id");`);

    this.addSql(`create table "person" ("id" uuid not null, "created_at" timestamptz not null default now(), "name" text not null, "title" text null, "organization_id" uuid null, "country_code" char(2) null, "languages" text[] not null default '{}', "expertise" text null, "open_to_peer_exchange" boolean not null default false, "email" text not null, "is_demo" boolean not null default false, primary key ("id"));`);
    this.addSql(`create index "person_organization_id_index" on "person" ("organization_id");`);
    this.addSql(`create index "person_country_code_index" on "person" ("country_code");`);
    this.addSql(`create index "person_open_to_peer_exchange_index" on "person" ("open_to_peer_exchange");`);
    this.addSql(`alter table "person" add constraint "person_email_unique" unique ("email");`);
    this.addSql(`create index "person_languages_index" on "person" using gin ("languages");`);
    this.addSql(`create index "person_name_id_index" on "person" ("name", "id");`);

    this.addSql(`create table "resource" ("id" uuid not null, "created_at" timestamptz not null default now(), "title" text not null, "summary" text not null, "url" text not null, "kind" text not null, "language" text not null, "published_on" date not null, "status" text not null, "submitted_by_id" uuid null, "is_demo" boolean not null default false, primary key ("id"));`);
    this.addSql(`create index "resource_kind_index" on "resource" ("kind");`);
    this.addSql(`create index "resource_language_index" on "resource" ("language");`);
    this.addSql(`create index "resource_submitted_by_id_index" on "resource" ("submitted_by_id");`);
    this.addSql(`create index "resource_status_title_id_index" on "resource" ("status", "title", "id");`);
    this.addSql(`create index "resource_status_published_on_id_index" on "resource" ("status", "published_on", "id");`);

    this.addSql(`create table "resource_country" ("resource_id" uuid not null, "country_code" char(2) not null, primary key ("resource_id", "country_code"));`);
    this.addSql(`create index "resource_country_country_code_index" on "resource_country" ("country_code");`);

    this.addSql(`create table "resource_status_change" ("id" uuid not null, "created_at" timestamptz not null default now(), "resource_id" uuid not null, "status" text not null, "actor_id" uuid null, "note" text null, primary key ("id"));`);
    this.addSql(`create index "resource_status_change_actor_id_index" on "resource_status_change" ("actor_id");`);
    this.addSql(`create index "resource_status_change_resource_id_created_at_index" on "resource_status_change" ("resource_id", "created_at");`);

    this.addSql(`create table "topic" ("id" uuid not null, "created_at" timestamptz not null default now(), "slug" text not null, "name" text not null, "description" text null, primary key ("id"));`);
    this.addSql(`alter table "topic" add constraint "topic_slug_unique" unique ("slug");`);

    this.addSql(`create table "resource_topic" ("resource_id" uuid not null, "topic_id" uuid not null, primary key ("resource_id", "topic_id"));`);
    this.addSql(`create index "resource_topic_topic_id_index" on "resource_topic" ("topic_id");`);

    this.addSql(`create table "person_topic" ("person_id" uuid not null, "topic_id" uuid not null, primary key ("person_id", "topic_id"));`);
    this.addSql(`create index "person_topic_topic_id_index" on "person_topic" ("topic_id");`);

    this.addSql(`create table "working_group" ("id" uuid not null, "created_at" timestamptz not null default now(), "slug" text not null, "name" text not null, "description" text not null, "status" text not null, "launched_on" date null, primary key ("id"));`);
    this.addSql(`alter table "working_group" add constraint "working_group_slug_unique" unique ("slug");`);
    this.addSql(`create index "working_group_status_index" on "working_group" ("status");`);
    this.addSql(`create index "working_group_launched_on_id_index" on "working_group" ("launched_on", "id");`);
    this.addSql(`create index "working_group_name_id_index" on "working_group" ("name", "id");`);

    this.addSql(`create table "webinar" ("id" uuid not null, "created_at" timestamptz not null default now(), "working_group_id" uuid not null, "title" text not null, "description" text not null, "starts_at" timestamptz not null, "time_zone" text not null, "duration_minutes" int not null, "language" text not null, "join_url" text null, "status" text not null, "recording_id" uuid null, "is_demo" boolean not null default false, primary key ("id"));`);
    this.addSql(`create index "webinar_language_index" on "webinar" ("language");`);
    this.addSql(`create index "webinar_status_index" on "webinar" ("status");`);
    this.addSql(`create index "webinar_recording_id_index" on "webinar" ("recording_id");`);
    this.addSql(`create index "webinar_working_group_id_starts_at_index" on "webinar" ("working_group_id", "starts_at");`);
    this.addSql(`create index "webinar_starts_at_id_index" on "webinar" ("starts_at", "id");`);

    this.addSql(`create table "webinar_topic" ("webinar_id" uuid not null, "topic_id" uuid not null, primary key ("webinar_id", "topic_id"));`);
    this.addSql(`create index "webinar_topic_topic_id_index" on "webinar_topic" ("topic_id");`);

    this.addSql(`create table "webinar_speaker" ("webinar_id" uuid not null, "person_id" uuid not null, "position" int not null, primary key ("webinar_id", "person_id"));`);
    this.addSql(`create index "webinar_speaker_person_id_index" on "webinar_speaker" ("person_id");`);

    this.addSql(`create table "priority_area" ("id" uuid not null, "created_at" timestamptz not null default now(), "working_group_id" uuid not null, "title" text not null, "description" text null, "position" int not null, primary key ("id"));`);
    this.addSql(`create index "priority_area_working_group_id_position_index" on "priority_area" ("working_group_id", "position");`);

    this.addSql(`create table "peer_exchange_request" ("id" uuid not null, "created_at" timestamptz not null default now(), "title" text not null, "description" text not null, "format" text not null, "needed_by" date null, "status" text not null, "requester_id" uuid not null, "working_group_id" uuid null, "outcome" text null, "is_demo" boolean not null default false, primary key ("id"));`);
    this.addSql(`create index "peer_exchange_request_format_index" on "peer_exchange_request" ("format");`);
    this.addSql(`create index "peer_exchange_request_needed_by_index" on "peer_exchange_request" ("needed_by");`);
    this.addSql(`create index "peer_exchange_request_status_index" on "peer_exchange_request" ("status");`);
    this.addSql(`create index "peer_exchange_request_requester_id_index" on "peer_exchange_request" ("requester_id");`);
    this.addSql(`create index "peer_exchange_request_working_group_id_created_at_index" on "peer_exchange_request" ("working_group_id", "created_at");`);
    this.addSql(`create index "peer_exchange_request_created_at_id_index" on "peer_exchange_request" ("created_at", "id");`);

    this.addSql(`create table "peer_exchange_status_change" ("id" uuid not null, "created_at" timestamptz not null default now(), "request_id" uuid not null, "status" text not null, "actor_id" uuid null, "note" text null, primary key ("id"));`);
    this.addSql(`create index "peer_exchange_status_change_actor_id_index" on "peer_exchange_status_change" ("actor_id");`);
    this.addSql(`create index "peer_exchange_status_change_request_id_created_at_index" on "peer_exchange_status_change" ("request_id", "created_at");`);

    this.addSql(`create table "peer_exchange_request_topic" ("request_id" uuid not null, "topic_id" uuid not null, primary key ("request_id", "topic_id"));`);
    this.addSql(`create index "peer_exchange_request_topic_topic_id_index" on "peer_exchange_request_topic" ("topic_id");`);

    this.addSql(`create table "peer_exchange_offer" ("id" uuid not null, "created_at" timestamptz not null default now(), "request_id" uuid not null, "expert_id" uuid not null, "message" text not null, "status" text not null, primary key ("id"));`);
    this.addSql(`create index "peer_exchange_offer_expert_id_index" on "peer_exchange_offer" ("expert_id");`);
    this.addSql(`create index "peer_exchange_offer_request_id_created_at_index" on "peer_exchange_offer" ("request_id", "created_at");`);

    this.addSql(`create table "membership" ("id" uuid not null, "created_at" timestamptz not null default now(), "working_group_id" uuid not null, "organization_id" uuid not null, "joined_on" date not null, "left_on" date null, primary key ("id"));`);
    this.addSql(`create index "membership_organization_id_index" on "membership" ("organization_id");`);
    this.addSql(`create unique index "membership_one_current_per_organization" on "membership" ("working_group_id", "organization_id") where left_on is null;`);

    this.addSql(`create table "group_resource" ("working_group_id" uuid not null, "resource_id" uuid not null, "featured" boolean not null default false, "position" int not null, "added_at" timestamptz not null default now(), primary key ("working_group_id", "resource_id"));`);
    this.addSql(`create index "group_resource_resource_id_index" on "group_resource" ("resource_id");`);
    this.addSql(`create index "group_resource_curated_order_idx" on "group_resource" ("working_group_id", "featured" desc, "position");`);

    this.addSql(`create table "anchorship" ("id" uuid not null, "created_at" timestamptz not null default now(), "working_group_id" uuid not null, "organization_id" uuid not null, "sector" text not null, "lead_contact_id" uuid null, "starts_on" date not null, "ends_on" date null, primary key ("id"));`);
    this.addSql(`create index "anchorship_organization_id_index" on "anchorship" ("organization_id");`);
    this.addSql(`create index "anchorship_lead_contact_id_index" on "anchorship" ("lead_contact_id");`);
    this.addSql(`create index "anchorship_working_group_id_starts_on_index" on "anchorship" ("working_group_id", "starts_on");`);
    this.addSql(`create unique index "anchorship_one_current_per_sector" on "anchorship" ("working_group_id", "sector") where ends_on is null;`);

    this.addSql(`alter table "country" add constraint "country_ogp_status_check" check ("ogp_status" in ('member', 'inactive', 'not_a_member'));`);

    this.addSql(`alter table "organization" add constraint "organization_country_code_foreign" foreign key ("country_code") references "country" ("code") on delete set null;`);
    this.addSql(`alter table "organization" add constraint "organization_kind_check" check ("kind" in ('national_government', 'subnational_government', 'parliament', 'civil_society', 'private_sector', 'multilateral', 'academia'));`);

    this.addSql(`alter table "person" add constraint "person_organization_id_foreign" foreign key ("organization_id") references "organization" ("id") on delete set null;`);
    this.addSql(`alter table "person" add constraint "person_country_code_foreign" foreign key ("country_code") references "country" ("code") on delete set null;`);

    this.addSql(`alter table "resource" add constraint "resource_submitted_by_id_foreign" foreign key ("submitted_by_id") references "person" ("id") on delete set null;`);
    this.addSql(`alter table "resource" add constraint "resource_url_scheme_check" check (url ~* '^https?://');`);
    this.addSql(`alter table "resource" add constraint "resource_kind_check" check ("kind" in ('guide', 'toolkit', 'case_study', 'report', 'dataset', 'commitment_example', 'webinar_recording', 'other'));`);
    this.addSql(`alter table "resource" add constraint "resource_status_check" check ("status" in ('submitted', 'published', 'rejected', 'archived'));`);

    this.addSql(`alter table "resource_country" add constraint "resource_country_resource_id_foreign" foreign key ("resource_id") references "resource" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "resource_country" add constraint "resource_country_country_code_foreign" foreign key ("country_code") references "country" ("code") on update cascade on delete cascade;`);

    this.addSql(`alter table "resource_status_change" add constraint "resource_status_change_resource_id_foreign" foreign key ("resource_id") references "resource" ("id") on delete cascade;`);
    this.addSql(`alter table "resource_status_change" add constraint "resource_status_change_actor_id_foreign" foreign key ("actor_id") references "person" ("id") on delete set null;`);
    this.addSql(`alter table "resource_status_change" add constraint "resource_status_change_status_check" check ("status" in ('submitted', 'published', 'rejected', 'archived'));`);

    this.addSql(`alter table "resource_topic" add constraint "resource_topic_resource_id_foreign" foreign key ("resource_id") references "resource" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "resource_topic" add constraint "resource_topic_topic_id_foreign" foreign key ("topic_id") references "topic" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "person_topic" add constraint "person_topic_person_id_foreign" foreign key ("person_id") references "person" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "person_topic" add constraint "person_topic_topic_id_foreign" foreign key ("topic_id") references "topic" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "working_group" add constraint "working_group_status_check" check ("status" in ('proposed', 'pilot', 'active', 'archived'));`);

    this.addSql(`alter table "webinar" add constraint "webinar_working_group_id_foreign" foreign key ("working_group_id") references "working_group" ("id") on delete cascade;`);
    this.addSql(`alter table "webinar" add constraint "webinar_recording_id_foreign" foreign key ("recording_id") references "resource" ("id") on delete set null;`);
    this.addSql(`alter table "webinar" add constraint "webinar_duration_check" check (duration_minutes >= 1 and duration_minutes <= 1440);`);
    this.addSql(`alter table "webinar" add constraint "webinar_status_check" check ("status" in ('scheduled', 'rescheduled', 'cancelled', 'held'));`);

    this.addSql(`alter table "webinar_topic" add constraint "webinar_topic_webinar_id_foreign" foreign key ("webinar_id") references "webinar" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "webinar_topic" add constraint "webinar_topic_topic_id_foreign" foreign key ("topic_id") references "topic" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "webinar_speaker" add constraint "webinar_speaker_webinar_id_foreign" foreign key ("webinar_id") references "webinar" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "webinar_speaker" add constraint "webinar_speaker_person_id_foreign" foreign key ("person_id") references "person" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "priority_area" add constraint "priority_area_working_group_id_foreign" foreign key ("working_group_id") references "working_group" ("id") on delete cascade;`);

    this.addSql(`alter table "peer_exchange_request" add constraint "peer_exchange_request_requester_id_foreign" foreign key ("requester_id") references "person" ("id");`);
    this.addSql(`alter table "peer_exchange_request" add constraint "peer_exchange_request_working_group_id_foreign" foreign key ("working_group_id") references "working_group" ("id") on delete set null;`);
    this.addSql(`alter table "peer_exchange_request" add constraint "peer_exchange_request_format_check" check ("format" in ('virtual', 'in_person', 'document_review', 'study_visit'));`);
    this.addSql(`alter table "peer_exchange_request" add constraint "peer_exchange_request_status_check" check ("status" in ('open', 'matched', 'completed', 'withdrawn'));`);

    this.addSql(`alter table "peer_exchange_status_change" add constraint "peer_exchange_status_change_request_id_foreign" foreign key ("request_id") references "peer_exchange_request" ("id") on delete cascade;`);
    this.addSql(`alter table "peer_exchange_status_change" add constraint "peer_exchange_status_change_actor_id_foreign" foreign key ("actor_id") references "person" ("id") on delete set null;`);
    this.addSql(`alter table "peer_exchange_status_change" add constraint "peer_exchange_status_change_status_check" check ("status" in ('open', 'matched', 'completed', 'withdrawn'));`);

    this.addSql(`alter table "peer_exchange_request_topic" add constraint "peer_exchange_request_topic_request_id_foreign" foreign key ("request_id") references "peer_exchange_request" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "peer_exchange_request_topic" add constraint "peer_exchange_request_topic_topic_id_foreign" foreign key ("topic_id") references "topic" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "peer_exchange_offer" add constraint "peer_exchange_offer_request_id_foreign" foreign key ("request_id") references "peer_exchange_request" ("id") on delete cascade;`);
    this.addSql(`alter table "peer_exchange_offer" add constraint "peer_exchange_offer_expert_id_foreign" foreign key ("expert_id") references "person" ("id");`);
    this.addSql(`alter table "peer_exchange_offer" add constraint "peer_exchange_offer_status_check" check ("status" in ('pending', 'accepted', 'declined', 'withdrawn'));`);

    this.addSql(`alter table "membership" add constraint "membership_working_group_id_foreign" foreign key ("working_group_id") references "working_group" ("id") on delete cascade;`);
    this.addSql(`alter table "membership" add constraint "membership_organization_id_foreign" foreign key ("organization_id") references "organization" ("id");`);
    this.addSql(`alter table "membership" add constraint "membership_period_check" check (left_on is null or left_on >= joined_on);`);

    this.addSql(`alter table "group_resource" add constraint "group_resource_working_group_id_foreign" foreign key ("working_group_id") references "working_group" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "group_resource" add constraint "group_resource_resource_id_foreign" foreign key ("resource_id") references "resource" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "anchorship" add constraint "anchorship_working_group_id_foreign" foreign key ("working_group_id") references "working_group" ("id") on delete cascade;`);
    this.addSql(`alter table "anchorship" add constraint "anchorship_organization_id_foreign" foreign key ("organization_id") references "organization" ("id");`);
    this.addSql(`alter table "anchorship" add constraint "anchorship_lead_contact_id_foreign" foreign key ("lead_contact_id") references "person" ("id") on delete set null;`);
    this.addSql(`alter table "anchorship" add constraint "anchorship_period_check" check (ends_on is null or ends_on >= starts_on);`);
    this.addSql(`alter table "anchorship" add constraint "anchorship_sector_check" check ("sector" in ('government', 'civil_society'));`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "organization" drop constraint "organization_country_code_foreign";`);
    this.addSql(`alter table "person" drop constraint "person_country_code_foreign";`);
    this.addSql(`alter table "resource_country" drop constraint "resource_country_country_code_foreign";`);
    this.addSql(`alter table "person" drop constraint "person_organization_id_foreign";`);
    this.addSql(`alter table "membership" drop constraint "membership_organization_id_foreign";`);
    this.addSql(`alter table "anchorship" drop constraint "anchorship_organization_id_foreign";`);
    this.addSql(`alter table "resource" drop constraint "resource_submitted_by_id_foreign";`);
    this.addSql(`alter table "resource_status_change" drop constraint "resource_status_change_actor_id_foreign";`);
    this.addSql(`alter table "person_topic" drop constraint "person_topic_person_id_foreign";`);
    this.addSql(`alter table "webinar_speaker" drop constraint "webinar_speaker_person_id_foreign";`);
    this.addSql(`alter table "peer_exchange_request" drop constraint "peer_exchange_request_requester_id_foreign";`);
    this.addSql(`alter table "peer_exchange_status_change" drop constraint "peer_exchange_status_change_actor_id_foreign";`);
    this.addSql(`alter table "peer_exchange_offer" drop constraint "peer_exchange_offer_expert_id_foreign";`);
    this.addSql(`alter table "anchorship" drop constraint "anchorship_lead_contact_id_foreign";`);
    this.addSql(`alter table "resource_country" drop constraint "resource_country_resource_id_foreign";`);
    this.addSql(`alter table "resource_status_change" drop constraint "resource_status_change_resource_id_foreign";`);
    this.addSql(`alter table "resource_topic" drop constraint "resource_topic_resource_id_foreign";`);
    this.addSql(`alter table "webinar" drop constraint "webinar_recording_id_foreign";`);
    this.addSql(`alter table "group_resource" drop constraint "group_resource_resource_id_foreign";`);
    this.addSql(`alter table "resource_topic" drop constraint "resource_topic_topic_id_foreign";`);
    this.addSql(`alter table "person_topic" drop constraint "person_topic_topic_id_foreign";`);
    this.addSql(`alter table "webinar_topic" drop constraint "webinar_topic_topic_id_foreign";`);
    this.addSql(`alter table "peer_exchange_request_topic" drop constraint "peer_exchange_request_topic_topic_id_foreign";`);
    this.addSql(`alter table "webinar" drop constraint "webinar_working_group_id_foreign";`);
    this.addSql(`alter table "priority_area" drop constraint "priority_area_working_group_id_foreign";`);
    this.addSql(`alter table "peer_exchange_request" drop constraint "peer_exchange_request_working_group_id_foreign";`);
    this.addSql(`alter table "membership" drop constraint "membership_working_group_id_foreign";`);
    this.addSql(`alter table "group_resource" drop constraint "group_resource_working_group_id_foreign";`);
    this.addSql(`alter table "anchorship" drop constraint "anchorship_working_group_id_foreign";`);
    this.addSql(`alter table "webinar_topic" drop constraint "webinar_topic_webinar_id_foreign";`);
    this.addSql(`alter table "webinar_speaker" drop constraint "webinar_speaker_webinar_id_foreign";`);
    this.addSql(`alter table "peer_exchange_status_change" drop constraint "peer_exchange_status_change_request_id_foreign";`);
    this.addSql(`alter table "peer_exchange_request_topic" drop constraint "peer_exchange_request_topic_request_id_foreign";`);
    this.addSql(`alter table "peer_exchange_offer" drop constraint "peer_exchange_offer_request_id_foreign";`);

    this.addSql(`drop table if exists "country" cascade;`);
    this.addSql(`drop table if exists "organization" cascade;`);
    this.addSql(`drop table if exists "person" cascade;`);
    this.addSql(`drop table if exists "resource" cascade;`);
    this.addSql(`drop table if exists "resource_country" cascade;`);
    this.addSql(`drop table if exists "resource_status_change" cascade;`);
    this.addSql(`drop table if exists "topic" cascade;`);
    this.addSql(`drop table if exists "resource_topic" cascade;`);
    this.addSql(`drop table if exists "person_topic" cascade;`);
    this.addSql(`drop table if exists "working_group" cascade;`);
    this.addSql(`drop table if exists "webinar" cascade;`);
    this.addSql(`drop table if exists "webinar_topic" cascade;`);
    this.addSql(`drop table if exists "webinar_speaker" cascade;`);
    this.addSql(`drop table if exists "priority_area" cascade;`);
    this.addSql(`drop table if exists "peer_exchange_request" cascade;`);
    this.addSql(`drop table if exists "peer_exchange_status_change" cascade;`);
    this.addSql(`drop table if exists "peer_exchange_request_topic" cascade;`);
    this.addSql(`drop table if exists "peer_exchange_offer" cascade;`);
    this.addSql(`drop table if exists "membership" cascade;`);
    this.addSql(`drop table if exists "group_resource" cascade;`);
    this.addSql(`drop table if exists "anchorship" cascade;`);
  }

}
