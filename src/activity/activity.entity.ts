import { Entity, Index, ManyToOne, Property } from '@mikro-orm/decorators/legacy';
import type { Ref } from '@mikro-orm/core';
import { BaseEntity } from '../db/entity-base.js';
import { WorkingGroup } from '../groups/working-group.entity.js';
import { Person } from '../people/person.entity.js';

/**
 * One curation or status action: who did what to which object, when, and a
 * summary of the change. Written in the transaction of the action itself.
 */
@Entity({ tableName: 'activity' })
@Index({ properties: ['workingGroup', 'createdAt', 'id'] })
export class Activity extends BaseEntity {
  /** The group the action concerns; null for hub-wide actions (e.g. a profile update). */
  @ManyToOne({ entity: () => WorkingGroup, ref: true, nullable: true, deleteRule: 'cascade' })
  workingGroup?: Ref<WorkingGroup> | null;

  @Index()
  @ManyToOne({ entity: () => Person, ref: true, nullable: true, deleteRule: 'set null' })
  actor?: Ref<Person> | null;

  /** Verb and noun, e.g. `resource.published`, `curator.appointed`. */
  @Property({ type: 'text' })
  action!: string;

  /** The GraphQL type name and key of the object acted on. */
  @Property({ type: 'text' })
  subjectType!: string;

  @Property({ type: 'text' })
  subjectKey!: string;

  /** What changed: field names to their new values, or a note. */
  @Property({ type: 'json' })
  summary: Record<string, unknown> = {};
}
