import { Check, Entity, Enum, Index, ManyToOne, Property, Unique } from '@mikro-orm/decorators/legacy';
import type { Ref } from '@mikro-orm/core';
import { BaseEntity } from '../db/entity-base.js';
import { Organization } from '../organizations/organization.entity.js';
import { Person } from '../people/person.entity.js';
import { AnchorSector } from './group.enums.js';
import { WorkingGroup } from './working-group.entity.js';

/**
 * An organisation leading a group for one sector over a period. The current
 * anchorship of a sector is the one without an end date; the partial unique
 * index makes the database itself refuse a second one.
 */
@Entity({ tableName: 'anchorship' })
@Unique({
  name: 'anchorship_one_current_per_sector',
  properties: ['workingGroup', 'sector'],
  where: 'ends_on is null',
})
@Index({ properties: ['workingGroup', 'startsOn'] })
@Check({ name: 'anchorship_period_check', expression: 'ends_on is null or ends_on >= starts_on' })
export class Anchorship extends BaseEntity {
  @ManyToOne({ entity: () => WorkingGroup, ref: true, deleteRule: 'cascade' })
  workingGroup!: Ref<WorkingGroup>;

  @Index()
  @ManyToOne({ entity: () => Organization, ref: true })
  organization!: Ref<Organization>;

  @Enum({ items: () => AnchorSector })
  sector!: AnchorSector;

  @Index()
  @ManyToOne({ entity: () => Person, ref: true, nullable: true })
  leadContact?: Ref<Person> | null;

  @Property({ type: 'date' })
  startsOn!: string;

  @Property({ type: 'date', nullable: true })
  endsOn?: string | null;
}
