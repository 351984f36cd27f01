import { Entity, Enum, Index, Property, Unique } from '@mikro-orm/decorators/legacy';
import { BaseEntity } from '../db/entity-base.js';
import { WorkingGroupStatus } from './group.enums.js';

/** A thematic working group (fiscal openness, open data, …). */
@Entity({ tableName: 'working_group' })
@Index({ properties: ['name', 'id'] })
@Index({ properties: ['launchedOn', 'id'] })
export class WorkingGroup extends BaseEntity {
  @Unique()
  @Property({ type: 'text' })
  slug!: string;

  @Property({ type: 'text' })
  name!: string;

  @Property({ type: 'text' })
  description!: string;

  @Index()
  @Enum({ items: () => WorkingGroupStatus })
  status!: WorkingGroupStatus;

  @Property({ type: 'date', nullable: true })
  launchedOn?: string | null;
}
