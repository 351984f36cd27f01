import { Entity, Index, ManyToOne, Property } from '@mikro-orm/decorators/legacy';
import type { Ref } from '@mikro-orm/core';
import { BaseEntity } from '../db/entity-base.js';
import { WorkingGroup } from './working-group.entity.js';

/** A priority area of engagement a group agreed on. */
@Entity({ tableName: 'priority_area' })
@Index({ properties: ['workingGroup', 'position'] })
export class PriorityArea extends BaseEntity {
  @ManyToOne({ entity: () => WorkingGroup, ref: true, deleteRule: 'cascade' })
  workingGroup!: Ref<WorkingGroup>;

  @Property({ type: 'text' })
  title!: string;

  @Property({ type: 'text', nullable: true })
  description?: string | null;

  @Property({ type: 'integer' })
  position!: number;
}
