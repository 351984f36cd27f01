import { Entity, Enum, Index, ManyToOne, Property } from '@mikro-orm/decorators/legacy';
import type { Ref } from '@mikro-orm/core';
import { BaseEntity } from '../db/entity-base.js';
import { Country } from '../countries/country.entity.js';
import { OrganizationKind } from './organization.enums.js';
import { refreshesSearch } from '../search/search-index.triggers.js';

/** A government body, parliament, civil-society organisation or other participant. */
@Entity({ tableName: 'organization', triggers: [refreshesSearch('organization')] })
@Index({ properties: ['name', 'id'] })
export class Organization extends BaseEntity {
  @Property({ type: 'text' })
  name!: string;

  @Index()
  @Enum({ items: () => OrganizationKind })
  kind!: OrganizationKind;

  /** Empty for international bodies. */
  @Index()
  @ManyToOne({ entity: () => Country, ref: true, nullable: true, fieldName: 'country_code' })
  country?: Ref<Country> | null;

  @Property({ type: 'text', nullable: true })
  website?: string | null;
}
