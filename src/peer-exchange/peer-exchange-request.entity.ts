import { Entity, Enum, Index, ManyToOne, Property } from '@mikro-orm/decorators/legacy';
import { PrimaryKeyProp, type Opt, type Ref } from '@mikro-orm/core';
import { BaseEntity } from '../db/entity-base.js';
import { WorkingGroup } from '../groups/working-group.entity.js';
import { Person } from '../people/person.entity.js';
import { Topic } from '../topics/topic.entity.js';
import { PeerExchangeFormat, PeerExchangeStatus } from './peer-exchange.enums.js';
import { refreshesSearch } from '../search/search-index.triggers.js';

/** A reformer's request for targeted help or a peer exchange. */
@Entity({ tableName: 'peer_exchange_request', triggers: [refreshesSearch('peer_exchange_request')] })
@Index({ properties: ['createdAt', 'id'] })
@Index({ properties: ['workingGroup', 'createdAt'] })
export class PeerExchangeRequest extends BaseEntity {
  @Property({ type: 'text' })
  title!: string;

  @Property({ type: 'text' })
  description!: string;

  @Index()
  @Enum({ items: () => PeerExchangeFormat })
  format!: PeerExchangeFormat;

  @Index()
  @Property({ type: 'date', nullable: true })
  neededBy?: string | null;

  @Index()
  @Enum({ items: () => PeerExchangeStatus })
  status!: PeerExchangeStatus;

  @Index()
  @ManyToOne({ entity: () => Person, ref: true })
  requester!: Ref<Person>;

  @ManyToOne({ entity: () => WorkingGroup, ref: true, nullable: true })
  workingGroup?: Ref<WorkingGroup> | null;

  /** What the exchange achieved, written when it is completed. */
  @Property({ type: 'text', nullable: true })
  outcome?: string | null;

  @Property({ type: 'boolean', default: false })
  isDemo: Opt<boolean> = false;
}

/** A topic a request is about. */
@Entity({ tableName: 'peer_exchange_request_topic', triggers: [refreshesSearch('peer_exchange_request', 'request_id')] })
export class PeerExchangeRequestTopic {
  [PrimaryKeyProp]?: ['request', 'topic'];

  @ManyToOne({ entity: () => PeerExchangeRequest, primary: true, deleteRule: 'cascade' })
  request!: PeerExchangeRequest;

  @Index()
  @ManyToOne({ entity: () => Topic, primary: true, deleteRule: 'cascade' })
  topic!: Topic;
}
