import { Entity, Index, ManyToOne, Property, Unique } from '@mikro-orm/decorators/legacy';
import { PrimaryKeyProp, type Opt, type Ref } from '@mikro-orm/core';
import { BaseEntity } from '../db/entity-base.js';
import { Country } from '../countries/country.entity.js';
import { Organization } from '../organizations/organization.entity.js';
import { Topic } from '../topics/topic.entity.js';
import { refreshesSearch } from '../search/search-index.triggers.js';

/** A reformer or expert taking part in the working groups. */
@Entity({ tableName: 'person', triggers: [refreshesSearch('person')] })
@Index({ properties: ['name', 'id'] })
export class Person extends BaseEntity {
  @Property({ type: 'text' })
  name!: string;

  @Property({ type: 'text', nullable: true })
  title?: string | null;

  @Index()
  @ManyToOne({ entity: () => Organization, ref: true, nullable: true })
  organization?: Ref<Organization> | null;

  @Index()
  @ManyToOne({ entity: () => Country, ref: true, nullable: true, fieldName: 'country_code' })
  country?: Ref<Country> | null;

  /** BCP 47 language tags the person works in. */
  @Index({ type: 'gin' })
  @Property({ type: 'text[]', defaultRaw: "'{}'" })
  languages: Opt<string[]> = [];

  @Property({ type: 'text', nullable: true })
  expertise?: string | null;

  @Index()
  @Property({ type: 'boolean', default: false })
  openToPeerExchange: Opt<boolean> = false;

  /** Private contact address: never a GraphQL field. */
  @Unique()
  @Property({ type: 'text' })
  email!: string;

  /** A member of the OGP Support Unit, who administers the hub. */
  @Property({ type: 'boolean', default: false })
  isAdmin: Opt<boolean> = false;

  /** True for the fictional people of the demonstration data. */
  @Property({ type: 'boolean', default: false })
  isDemo: Opt<boolean> = false;
}

/** A topic a person has expertise in. */
@Entity({ tableName: 'person_topic', triggers: [refreshesSearch('person', 'person_id')] })
export class PersonTopic {
  [PrimaryKeyProp]?: ['person', 'topic'];

  @ManyToOne({ entity: () => Person, primary: true, deleteRule: 'cascade' })
  person!: Person;

  @Index()
  @ManyToOne({ entity: () => Topic, primary: true, deleteRule: 'cascade' })
  topic!: Topic;
}
