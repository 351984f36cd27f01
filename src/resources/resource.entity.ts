import { Check, Entity, Enum, Index, ManyToOne, Property } from '@mikro-orm/decorators/legacy';
import { PrimaryKeyProp, type Opt, type Ref } from '@mikro-orm/core';
import { BaseEntity } from '../db/entity-base.js';
import { Country } from '../countries/country.entity.js';
import { Person } from '../people/person.entity.js';
import { Topic } from '../topics/topic.entity.js';
import { ResourceKind, ResourceStatus } from './resource.enums.js';
import { refreshesSearch } from '../search/search-index.triggers.js';

/** A guide, toolkit, case study, dataset… that one or more groups curate. */
@Entity({ tableName: 'resource', triggers: [refreshesSearch('resource')] })
@Index({ properties: ['status', 'publishedOn', 'id'] })
@Index({ properties: ['status', 'title', 'id'] })
// The library's filters by kind and language: a list's totalCount counts every match, from the index alone.
@Index({ properties: ['kind', 'status', 'id'] })
@Index({ properties: ['language', 'status', 'id'] })
// The few resources not published: a filter by topic, country or group alone is counted from its own table, less these.
@Index({ name: 'resource_unpublished_idx', expression: `create index "resource_unpublished_idx" on "resource" ("id") where status <> 'published'` })
@Check({ name: 'resource_url_scheme_check', expression: "url ~* '^https?://'" })
export class Resource extends BaseEntity {
  @Property({ type: 'text' })
  title!: string;

  @Property({ type: 'text' })
  summary!: string;

  @Property({ type: 'text' })
  url!: string;

  @Enum({ items: () => ResourceKind })
  kind!: ResourceKind;

  /** BCP 47 language tag of the resource's text. */
  @Property({ type: 'text' })
  language!: string;

  @Property({ type: 'date' })
  publishedOn!: string;

  @Enum({ items: () => ResourceStatus })
  status!: ResourceStatus;

  @Index()
  @ManyToOne({ entity: () => Person, ref: true, nullable: true })
  submittedBy?: Ref<Person> | null;

  @Property({ type: 'boolean', default: false })
  isDemo: Opt<boolean> = false;
}

/** A topic a resource is about. */
@Entity({ tableName: 'resource_topic', triggers: [refreshesSearch('resource', 'resource_id')] })
// A topic's resources from the index alone (the library's filter by topic counts them all).
@Index({ properties: ['topic', 'resource'] })
export class ResourceTopic {
  [PrimaryKeyProp]?: ['resource', 'topic'];

  @ManyToOne({ entity: () => Resource, primary: true, deleteRule: 'cascade' })
  resource!: Resource;

  @ManyToOne({ entity: () => Topic, primary: true, deleteRule: 'cascade' })
  topic!: Topic;
}

/** A country a resource is about. */
@Entity({ tableName: 'resource_country', triggers: [refreshesSearch('resource', 'resource_id')] })
// A country's resources from the index alone (the library's filter by country counts them all).
@Index({ properties: ['country', 'resource'] })
export class ResourceCountry {
  [PrimaryKeyProp]?: ['resource', 'country'];

  @ManyToOne({ entity: () => Resource, primary: true, deleteRule: 'cascade' })
  resource!: Resource;

  @ManyToOne({ entity: () => Country, primary: true, fieldName: 'country_code' })
  country!: Country;
}

/** One step of a resource's lifecycle: who moved it to which status, when and why. */
@Entity({ tableName: 'resource_status_change' })
@Index({ properties: ['resource', 'createdAt'] })
export class ResourceStatusChange extends BaseEntity {
  @ManyToOne({ entity: () => Resource, ref: true, deleteRule: 'cascade' })
  resource!: Ref<Resource>;

  @Enum({ items: () => ResourceStatus })
  status!: ResourceStatus;

  @Index()
  @ManyToOne({ entity: () => Person, ref: true, nullable: true })
  actor?: Ref<Person> | null;

  @Property({ type: 'text', nullable: true })
  note?: string | null;
}
