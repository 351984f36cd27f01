import { Entity, Index, ManyToOne, Property, Unique } from '@mikro-orm/decorators/legacy';
import type { Ref } from '@mikro-orm/core';
import { BaseEntity } from '../db/entity-base.js';
import { Person } from '../people/person.entity.js';

/**
 * A bearer token that signs its person in. Only the SHA-256 of the token is
 * stored: the token itself is shown once, when it is created.
 */
@Entity({ tableName: 'access_token' })
export class AccessToken extends BaseEntity {
  @Index()
  @ManyToOne({ entity: () => Person, ref: true, deleteRule: 'cascade' })
  person!: Ref<Person>;

  /** Hex SHA-256 of the token. */
  @Unique()
  @Property({ type: 'text' })
  tokenHash!: string;

  /** The first characters of the token, to recognise it in lists. */
  @Property({ type: 'text' })
  prefix!: string;

  /** What the token is for, e.g. "laptop" or "partner site sync". */
  @Property({ type: 'text' })
  label!: string;

  @ManyToOne({ entity: () => Person, ref: true, nullable: true, deleteRule: 'set null' })
  createdBy?: Ref<Person> | null;

  @Property({ type: 'timestamptz', nullable: true })
  revokedAt?: Date | null;
}
