import { Check, Entity, Index, ManyToOne, Property, Unique } from '@mikro-orm/decorators/legacy';
import type { Ref } from '@mikro-orm/core';
import { BaseEntity } from '../db/entity-base.js';
import { Organization } from '../organizations/organization.entity.js';
import { WorkingGroup } from './working-group.entity.js';
import { refreshesSearch } from '../search/search-index.triggers.js';

/** An organisation taking part in a group; people take part through it. */
@Entity({ tableName: 'membership', triggers: [refreshesSearch('organization', 'organization_id')] })
@Unique({
  name: 'membership_one_current_per_organization',
  properties: ['workingGroup', 'organization'],
  where: 'left_on is null',
})
@Check({ name: 'membership_period_check', expression: 'left_on is null or left_on >= joined_on' })
export class Membership extends BaseEntity {
  @ManyToOne({ entity: () => WorkingGroup, ref: true, deleteRule: 'cascade' })
  workingGroup!: Ref<WorkingGroup>;

  @Index()
  @ManyToOne({ entity: () => Organization, ref: true })
  organization!: Ref<Organization>;

  @Property({ type: 'date' })
  joinedOn!: string;

  @Property({ type: 'date', nullable: true })
  leftOn?: string | null;
}
