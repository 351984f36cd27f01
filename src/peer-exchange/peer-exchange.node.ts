import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { toGlobalId } from '../graphql/global-id.js';
import { Node } from '../graphql/node.js';
import { ConnectionType, EdgeType } from '../graphql/pagination/connection.js';
import { DateTime, LocalDate } from '../graphql/scalars.js';
import { PeerExchangeFormat, PeerExchangeOfferStatus, PeerExchangeStatus } from './peer-exchange.enums.js';

registerEnumType(PeerExchangeFormat, {
  name: 'PeerExchangeFormat',
  description: 'How a peer exchange would take place.',
  valuesConfig: {
    VIRTUAL: { description: 'A call or online session.' },
    IN_PERSON: { description: 'A meeting in person.' },
    DOCUMENT_REVIEW: { description: 'Written comments on a draft (a law, a commitment, a data standard…).' },
    STUDY_VISIT: { description: 'A visit to see a reform at work.' },
  },
});

registerEnumType(PeerExchangeStatus, {
  name: 'PeerExchangeStatus',
  description: 'Where a peer-exchange request is in its life: OPEN → MATCHED → COMPLETED, or WITHDRAWN before completion.',
  valuesConfig: {
    OPEN: { description: 'Looking for an expert; offers are welcome.' },
    MATCHED: { description: 'The requester accepted an offer; the exchange is being arranged or held.' },
    COMPLETED: { description: 'The exchange took place and its outcome is recorded.' },
    WITHDRAWN: { description: 'The requester withdrew the request.' },
  },
});

registerEnumType(PeerExchangeOfferStatus, {
  name: 'PeerExchangeOfferStatus',
  description: 'What became of an expert\'s offer.',
  valuesConfig: {
    PENDING: { description: 'Waiting for the requester\'s answer.' },
    ACCEPTED: { description: 'The requester accepted this offer.' },
    DECLINED: { description: 'The requester declined this offer.' },
    WITHDRAWN: { description: 'The expert withdrew the offer.' },
  },
});

@ObjectType('PeerExchangeRequest', {
  implements: Node,
  description: 'A reformer\'s request for targeted technical assistance or a peer exchange. Experts offer help; the requester accepts an offer; the exchange is held and closed with an outcome.',
})
export class PeerExchangeRequestNode implements Node {
  key!: string;
  requesterKey!: string;
  workingGroupKey!: string | null;
  topicKeys!: string[];

  @Field(() => ID, { description: 'Opaque global identifier of the request.' })
  get id(): string {
    return toGlobalId('PeerExchangeRequest', this.key);
  }

  @Field({ description: 'What help is asked for, in a line.' })
  title!: string;

  @Field({ description: 'The context, the question, and what a good exchange would produce.' })
  description!: string;

  @Field(() => PeerExchangeFormat, { description: 'How the exchange would take place.' })
  format!: PeerExchangeFormat;

  @Field(() => LocalDate, { nullable: true, description: 'The date by which help is needed; null when there is no deadline.' })
  neededBy!: string | null;

  @Field(() => PeerExchangeStatus, { description: 'Where the request is in its life.' })
  status!: PeerExchangeStatus;

  @Field(() => String, { nullable: true, description: 'What the exchange achieved; set when the request is COMPLETED.' })
  outcome!: string | null;

  @Field(() => DateTime, { description: 'When the request was posted.' })
  createdAt!: string;
}

@ObjectType('PeerExchangeOffer', { implements: Node, description: 'An expert\'s offer to help with a peer-exchange request.' })
export class PeerExchangeOfferNode implements Node {
  key!: string;
  requestKey!: string;
  expertKey!: string;

  @Field(() => ID, { description: 'Opaque global identifier of the offer.' })
  get id(): string {
    return toGlobalId('PeerExchangeOffer', this.key);
  }

  @Field({ description: 'What the expert proposes.' })
  message!: string;

  @Field(() => PeerExchangeOfferStatus, { description: 'What became of the offer.' })
  status!: PeerExchangeOfferStatus;

  @Field(() => DateTime, { description: 'When the offer was made.' })
  createdAt!: string;
}

@ObjectType('PeerExchangeStatusChange', { description: 'One step in a request\'s history: the status it moved to, when, and who moved it.' })
export class PeerExchangeStatusChange {
  actorKey!: string | null;

  @Field(() => PeerExchangeStatus, { description: 'The status the request moved to.' })
  status!: PeerExchangeStatus;

  @Field(() => DateTime, { description: 'When the change happened.' })
  changedAt!: string;

  @Field(() => String, { nullable: true, description: 'Why, in the actor\'s words.' })
  note!: string | null;
}

@ObjectType('PeerExchangeRequestEdge', { description: 'A peer-exchange request in a list, with its cursor.' })
export class PeerExchangeRequestEdge extends EdgeType(PeerExchangeRequestNode) {}

@ObjectType('PeerExchangeRequestConnection', { description: 'A page of peer-exchange requests.' })
export class PeerExchangeRequestConnection extends ConnectionType(PeerExchangeRequestNode, PeerExchangeRequestEdge) {}
