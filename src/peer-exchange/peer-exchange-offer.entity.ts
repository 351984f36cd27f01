import { Entity, Enum, Index, ManyToOne, Property } from '@mikro-orm/decorators/legacy';
import type { Ref } from '@mikro-orm/core';
import { BaseEntity } from '../db/entity-base.js';
import { Person } from '../people/person.entity.js';
import { PeerExchangeOfferStatus } from './peer-exchange.enums.js';
import { PeerExchangeRequest } from './peer-exchange-request.entity.js';

/** An expert's offer to help with a request. */
@Entity({ tableName: 'peer_exchange_offer' })
@Index({ properties: ['request', 'createdAt'] })
export class PeerExchangeOffer extends BaseEntity {
  @ManyToOne({ entity: () => PeerExchangeRequest, ref: true, deleteRule: 'cascade' })
  request!: Ref<PeerExchangeRequest>;

  @Index()
  @ManyToOne({ entity: () => Person, ref: true })
  expert!: Ref<Person>;

  @Property({ type: 'text' })
  message!: string;

  @Enum({ items: () => PeerExchangeOfferStatus })
  status!: PeerExchangeOfferStatus;
}
