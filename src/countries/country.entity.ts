import { Entity, Enum, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { OgpStatus } from './country.enums.js';

/** A country, keyed by its ISO 3166-1 alpha-2 code. */
@Entity({ tableName: 'country' })
export class Country {
  @PrimaryKey({ type: 'character', length: 2 })
  code!: string;

  @Property({ type: 'text' })
  name!: string;

  @Index()
  @Property({ type: 'text' })
  region!: string;

  @Index()
  @Enum({ items: () => OgpStatus })
  ogpStatus!: OgpStatus;

  @Property({ type: 'date', nullable: true })
  ogpMemberSince?: string | null;
}
