import { Entity, ManyToOne, Property, Unique } from '@mikro-orm/decorators/legacy';
import type { Ref } from '@mikro-orm/core';
import { BaseEntity } from '../db/entity-base.js';
import { Person } from '../people/person.entity.js';

/**
 * A partner's API key (`X-Api-Key`): read-only, with its own rate-limit
 * budget, and optionally restricted to the operations registered for it.
 * Only the SHA-256 of the key is stored; the key is shown once.
 */
@Entity({ tableName: 'api_key' })
export class ApiKey extends BaseEntity {
  /** The partner, e.g. "OGP website" or "Open North portal". */
  @Property({ type: 'text' })
  name!: string;

  /** Hex SHA-256 of the key. */
  @Unique()
  @Property({ type: 'text' })
  keyHash!: string;

  /** The first characters of the key, to recognise it in lists. */
  @Property({ type: 'text' })
  prefix!: string;

  /** Rate-limit points per hour. */
  @Property({ type: 'integer' })
  pointsPerHour!: number;

  /** When true, only the operations registered for the key run (persisted queries as an allow-list). */
  @Property({ type: 'boolean', default: false })
  persistedQueriesOnly: boolean = false;

  @ManyToOne({ entity: () => Person, ref: true, nullable: true, deleteRule: 'set null' })
  createdBy?: Ref<Person> | null;

  @Property({ type: 'timestamptz', nullable: true })
  revokedAt?: Date | null;
}

/** An operation registered for a key: what it may run when the key is restricted to them. */
@Entity({ tableName: 'persisted_query' })
@Unique({ properties: ['apiKey', 'sha256'] })
export class PersistedQuery extends BaseEntity {
  // The unique (api_key_id, sha256) index serves lookups by key.
  @ManyToOne({ entity: () => ApiKey, ref: true, deleteRule: 'cascade' })
  apiKey!: Ref<ApiKey>;

  /** Hex SHA-256 of the document, as automatic persisted queries name it. */
  @Property({ type: 'text' })
  sha256!: string;

  @Property({ type: 'text' })
  document!: string;
}
