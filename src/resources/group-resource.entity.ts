import { Entity, Index, ManyToOne, Property } from '@mikro-orm/decorators/legacy';
import { PrimaryKeyProp, type Opt } from '@mikro-orm/core';
import { WorkingGroup } from '../groups/working-group.entity.js';
import { Resource } from './resource.entity.js';
import { refreshesSearch } from '../search/search-index.triggers.js';

/**
 * A resource on a group's curated list. Each group features and orders its
 * own list, so the flag and the position live here, not on the resource.
 */
@Entity({ tableName: 'group_resource', triggers: [refreshesSearch('resource', 'resource_id')] })
@Index({ name: 'group_resource_curated_order_idx', expression: 'create index "group_resource_curated_order_idx" on "group_resource" ("working_group_id", "featured" desc, "position")' })
export class GroupResource {
  [PrimaryKeyProp]?: ['workingGroup', 'resource'];

  @ManyToOne({ entity: () => WorkingGroup, primary: true, deleteRule: 'cascade' })
  workingGroup!: WorkingGroup;

  @Index()
  @ManyToOne({ entity: () => Resource, primary: true, deleteRule: 'cascade' })
  resource!: Resource;

  @Property({ type: 'boolean', default: false })
  featured: Opt<boolean> = false;

  @Property({ type: 'integer' })
  position!: number;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  addedAt: Opt<Date> = new Date();
}
