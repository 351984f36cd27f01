import { Migration } from '@mikro-orm/migrations';

export class Migration20261123062507 extends Migration {

  override name = 'Migration20261123062507';

  override up(): void | Promise<void> {
    this.addSql(`create table "access_token" ("id" uuid not null, "created_at" timestamptz not null default now(), "person_id" uuid not null, "token_hash" text not null, "prefix" text not null, "label" text not null, "created_by_id" uuid null, "revoked_at" timestamptz null, primary key ("id"));`);
    this.addSql(`create index "access_token_person_id_index" on "access_token" ("person_id");`);
    this.addSql(`alter table "access_token" add constraint "access_token_token_hash_unique" unique ("token_hash");`);

    this.addSql(`create table "hub_event" ("sequence" bigserial primary key, "type" text not null, "working_group_id" uuid null, "subject_type" text not null, "subject_key" text not null, "created_at" timestamptz not null default now());`);
    this.addSql(`create index "hub_event_working_group_id_sequence_index" on "hub_event" ("working_group_id", "sequence");`);

    this.addSql(`create table "curator_appointment" ("id" uuid not null, "created_at" timestamptz not null default now(), "working_group_id" uuid not null, "person_id" uuid not null, "anchorship_id" uuid null, "appointed_by_id" uuid null, "ended_at" timestamptz null, "ended_by_id" uuid null, primary key ("id"));`);
    this.addSql(`create index "curator_appointment_person_id_index" on "curator_appointment" ("person_id");`);
    this.addSql(`create index "curator_appointment_anchorship_id_index" on "curator_appointment" ("anchorship_id");`);
    this.addSql(`create unique index "curator_appointment_one_active" on "curator_appointment" ("working_group_id", "person_id") where ended_at is null;`);

    this.addSql(`create table "activity" ("id" uuid not null, "created_at" timestamptz not null default now(), "working_group_id" uuid null, "actor_id" uuid null, "action" text not null, "subject_type" text not null, "subject_key" text not null, "summary" jsonb not null, primary key ("id"));`);
    this.addSql(`create index "activity_actor_id_index" on "activity" ("actor_id");`);
    this.addSql(`create index "activity_working_group_id_created_at_id_index" on "activity" ("working_group_id", "created_at", "id");`);

    this.addSql(`alter table "person" add "is_admin" boolean not null default false;`);

    this.addSql(`alter table "access_token" add constraint "access_token_person_id_foreign" foreign key ("person_id") references "person" ("id") on delete cascade;`);
    this.addSql(`alter table "access_token" add constraint "access_token_created_by_id_foreign" foreign key ("created_by_id") references "person" ("id") on delete set null;`);

    this.addSql(`alter table "hub_event" add constraint "hub_event_working_group_id_foreign" foreign key ("working_group_id") references "working_group" ("id") on delete cascade;`);

    this.addSql(`alter table "curator_appointment" add constraint "curator_appointment_working_group_id_foreign" foreign key ("working_group_id") references "working_group" ("id") on delete cascade;`);
    this.addSql(`alter table "curator_appointment" add constraint "curator_appointment_person_id_foreign" foreign key ("person_id") references "person" ("id") on delete cascade;`);
    this.addSql(`alter table "curator_appointment" add constraint "curator_appointment_anchorship_id_foreign" foreign key ("anchorship_id") references "anchorship" ("id") on delete cascade;`);
    this.addSql(`alter table "curator_appointment" add constraint "curator_appointment_appointed_by_id_foreign" foreign key ("appointed_by_id") references "person" ("id") on delete set null;`);
    this.addSql(`alter table "curator_appointment" add constraint "curator_appointment_ended_by_id_foreign" foreign key ("ended_by_id") references "person" ("id") on delete set null;`);

    this.addSql(`alter table "activity" add constraint "activity_working_group_id_foreign" foreign key ("working_group_id") references "working_group" ("id") on delete cascade;`);
    this.addSql(`alter table "activity" add constraint "activity_actor_id_foreign" foreign key ("actor_id") references "person" ("id") on delete set null;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "access_token" cascade;`);
    this.addSql(`drop table if exists "hub_event" cascade;`);
    this.addSql(`drop table if exists "curator_appointment" cascade;`);
    this.addSql(`drop table if exists "activity" cascade;`);

    this.addSql(`alter table "person" drop column "is_admin";`);
  }

}
