import { Entity, Enum, Index, ManyToOne, Property } from '@mikro-orm/decorators/legacy';
import type { Ref } from '@mikro-orm/core';
import { BaseEntity } from '../db/entity-base.js';
import { Person } from '../people/person.entity.js';
import { PeerExchangeStatus } from './peer-exchange.enums.js';
import { PeerExchangeRequest } from './peer-exchange-request.entity.js';

/** One transition of a request's status: who made it, when, and why. */
@Entity({ tableName: 'peer_exchange_status_change' })
@Index({ properties: ['request', 'createdAt'] })
export class PeerExchangeStatusChange extends BaseEntity {
  @ManyToOne({ entity: () => PeerExchangeRequest, ref: true, deleteRule: 'cascade' })
  request!: Ref<PeerExchangeRequest>;

  @Enum({ items: () => PeerExchangeStatus })
  status!: PeerExchangeStatus;

  @Index()
  @ManyToOne({ entity: () => Person, ref: true, nullable: true })
  actor?: Ref<Person> | null;

  @Property({ type: 'text', nullable: true })
  note?: string | null;
}
