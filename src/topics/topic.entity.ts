import { Entity, Property, Unique } from '@mikro-orm/decorators/legacy';
import { BaseEntity } from '../db/entity-base.js';
import { refreshesSearch } from '../search/search-index.triggers.js';

/** One term of the controlled vocabulary shared by people, resources, requests and webinars. */
@Entity({ tableName: 'topic', triggers: [refreshesSearch('topic')] })
export class Topic extends BaseEntity {
  @Unique()
  @Property({ type: 'text' })
  slug!: string;

  @Property({ type: 'text' })
  name!: string;

  @Property({ type: 'text', nullable: true })
  description?: string | null;
}
