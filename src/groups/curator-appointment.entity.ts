import { Entity, Index, ManyToOne, Property, Unique } from '@mikro-orm/decorators/legacy';
import type { Ref } from '@mikro-orm/core';
import { BaseEntity } from '../db/entity-base.js';
import { Person } from '../people/person.entity.js';
import { Anchorship } from './anchorship.entity.js';
import { WorkingGroup } from './working-group.entity.js';

/**
 * A person an anchor (or an admin) appointed to curate a group. An
 * appointment made by an anchor's lead contact lasts while that anchorship
 * is current: when the anchor changes, its appointees' rights end with it.
 */
@Entity({ tableName: 'curator_appointment' })
@Unique({ name: 'curator_appointment_one_active', properties: ['workingGroup', 'person'], where: 'ended_at is null' })
export class CuratorAppointment extends BaseEntity {
  @ManyToOne({ entity: () => WorkingGroup, ref: true, deleteRule: 'cascade' })
  workingGroup!: Ref<WorkingGroup>;

  @Index()
  @ManyToOne({ entity: () => Person, ref: true, deleteRule: 'cascade' })
  person!: Ref<Person>;

  /** The anchorship whose lead contact appointed the curator; null when an admin did. */
  @Index()
  @ManyToOne({ entity: () => Anchorship, ref: true, nullable: true, deleteRule: 'cascade' })
  anchorship?: Ref<Anchorship> | null;

  @ManyToOne({ entity: () => Person, ref: true, nullable: true, deleteRule: 'set null' })
  appointedBy?: Ref<Person> | null;

  @Property({ type: 'timestamptz', nullable: true })
  endedAt?: Date | null;

  @ManyToOne({ entity: () => Person, ref: true, nullable: true, deleteRule: 'set null' })
  endedBy?: Ref<Person> | null;
}
