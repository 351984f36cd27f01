import { Check, Entity, Enum, Index, ManyToOne, Property } from '@mikro-orm/decorators/legacy';
import { PrimaryKeyProp, type Opt, type Ref } from '@mikro-orm/core';
import { BaseEntity } from '../db/entity-base.js';
import { WorkingGroup } from '../groups/working-group.entity.js';
import { Person } from '../people/person.entity.js';
import { Resource } from '../resources/resource.entity.js';
import { Topic } from '../topics/topic.entity.js';
import { WebinarStatus } from './webinar.enums.js';
import { refreshesSearch } from '../search/search-index.triggers.js';

/** An online session a group announces. */
@Entity({ tableName: 'webinar', triggers: [refreshesSearch('webinar')] })
@Index({ properties: ['startsAt', 'id'] })
@Index({ properties: ['workingGroup', 'startsAt'] })
@Check({ name: 'webinar_duration_check', expression: 'duration_minutes >= 1 and duration_minutes <= 1440' })
export class Webinar extends BaseEntity {
  @ManyToOne({ entity: () => WorkingGroup, ref: true, deleteRule: 'cascade' })
  workingGroup!: Ref<WorkingGroup>;

  @Property({ type: 'text' })
  title!: string;

  @Property({ type: 'text' })
  description!: string;

  @Property({ type: 'timestamptz' })
  startsAt!: Date;

  /** IANA time zone the organisers announce the start in (e.g. Africa/Tunis). */
  @Property({ type: 'text' })
  timeZone!: string;

  @Property({ type: 'integer' })
  durationMinutes!: number;

  @Index()
  @Property({ type: 'text' })
  language!: string;

  @Property({ type: 'text', nullable: true })
  joinUrl?: string | null;

  @Index()
  @Enum({ items: () => WebinarStatus })
  status!: WebinarStatus;

  @Index()
  @ManyToOne({ entity: () => Resource, ref: true, nullable: true, deleteRule: 'set null' })
  recording?: Ref<Resource> | null;

  @Property({ type: 'boolean', default: false })
  isDemo: Opt<boolean> = false;
}

/** A person speaking at a webinar, in billing order. */
@Entity({ tableName: 'webinar_speaker' })
export class WebinarSpeaker {
  [PrimaryKeyProp]?: ['webinar', 'person'];

  @ManyToOne({ entity: () => Webinar, primary: true, deleteRule: 'cascade' })
  webinar!: Webinar;

  @Index()
  @ManyToOne({ entity: () => Person, primary: true })
  person!: Person;

  @Property({ type: 'integer' })
  position!: number;
}

/** A topic a webinar is about. */
@Entity({ tableName: 'webinar_topic', triggers: [refreshesSearch('webinar', 'webinar_id')] })
export class WebinarTopic {
  [PrimaryKeyProp]?: ['webinar', 'topic'];

  @ManyToOne({ entity: () => Webinar, primary: true, deleteRule: 'cascade' })
  webinar!: Webinar;

  @Index()
  @ManyToOne({ entity: () => Topic, primary: true, deleteRule: 'cascade' })
  topic!: Topic;
}
