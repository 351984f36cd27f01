import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { recordActivity } from '../activity/activity.service.js';
import { WorkingGroup } from '../groups/working-group.entity.js';
import { UserErrorCode, UserErrors, userError } from '../graphql/user-errors.js';
import { Person } from '../people/person.entity.js';
import { findTopics } from '../topics/topic.lookup.js';
import { PeerExchangeFormat, PeerExchangeOfferStatus, PeerExchangeStatus } from './peer-exchange.enums.js';
import { PeerExchangeOffer } from './peer-exchange-offer.entity.js';
import { PeerExchangeRequest, PeerExchangeRequestTopic } from './peer-exchange-request.entity.js';
import { PeerExchangeStatusChange } from './peer-exchange-status-change.entity.js';

export interface PeerExchangeRequestFields {
  title: string;
  description: string;
  format: PeerExchangeFormat;
  neededBy?: string | null;
  topics?: string[];
  workingGroupKey?: string | null;
}

/**
 * The rules of peer exchange: a request goes OPEN → MATCHED → COMPLETED, or
 * is WITHDRAWN before it completes; experts offer help on OPEN requests and
 * the requester accepts one offer (declining the others) or declines offers
 * one by one.
 *
 * Every function runs inside the caller's transaction and starts by locking
 * the request's row, so transitions of one request (and of its offers) queue
 * up: two concurrent accepts cannot both match it. Each records a
 * PeerExchangeStatusChange when the request's status changes and one activity
 * row (in the request's group, or hub-wide) whose subject is the request, and
 * throws UserErrors (rolling everything back) when a rule is broken.
 */
export const peerExchangeService = {
  /** A new OPEN request by `actorKey`, optionally in a group and tagged with topics. */
  async request(em: EntityManager, actorKey: string, fields: PeerExchangeRequestFields): Promise<string> {
    const topics = await findTopics(em, fields.topics ?? []);
    const request = em.create(PeerExchangeRequest, {
      title: fields.title,
      description: fields.description,
      format: fields.format,
      neededBy: fields.neededBy ?? null,
      status: PeerExchangeStatus.OPEN,
      requester: em.getReference(Person, actorKey),
      workingGroup: fields.workingGroupKey ? em.getReference(WorkingGroup, fields.workingGroupKey) : null,
    });
    for (const topic of topics) em.create(PeerExchangeRequestTopic, { request, topic });
    em.create(PeerExchangeStatusChange, { request, status: PeerExchangeStatus.OPEN, actor: em.getReference(Person, actorKey) });
    await em.flush();
    recordActivity(em, {
      groupKeys: fields.workingGroupKey ? [fields.workingGroupKey] : [],
      actorKey,
      action: 'peerExchange.requested',
      subjectType: 'PeerExchangeRequest',
      subjectKey: request.id,
      summary: { title: request.title, format: request.format, status: request.status },
    });
    return request.id;
  },

  /** A PENDING offer of help by `actorKey` on an OPEN request that is not theirs; one pending offer per expert and request. */
  async offer(em: EntityManager, actorKey: string, requestKey: string, message: string): Promise<string> {
    const request = await lockedRequest(em, requestKey);
    if (request.requester.id === actorKey) {
      throw new UserErrors([userError(['requestId'], UserErrorCode.NOT_ALLOWED_FOR_SELF, 'You cannot offer help on your own request.')]);
    }
    if (request.status !== PeerExchangeStatus.OPEN) {
      throw new UserErrors([userError(['requestId'], UserErrorCode.INVALID_TRANSITION, `This request is ${request.status} and no longer takes offers.`)]);
    }
    const pending = await em.count(PeerExchangeOffer, { request: requestKey, expert: actorKey, status: PeerExchangeOfferStatus.PENDING });
    if (pending > 0) {
      throw new UserErrors([userError(['requestId'], UserErrorCode.ALREADY_DONE, 'You already have an offer waiting for an answer on this request.')]);
    }
    const offer = em.create(PeerExchangeOffer, {
      request,
      expert: em.getReference(Person, actorKey),
      message,
      status: PeerExchangeOfferStatus.PENDING,
    });
    await em.flush();
    record(em, request, actorKey, 'peerExchange.offered', { offerKey: offer.id });
    return offer.id;
  },

  /** Accepts a PENDING offer on an OPEN request: the request becomes MATCHED and its other pending offers DECLINED. */
  async acceptOffer(em: EntityManager, actorKey: string, requestKey: string, offerKey: string): Promise<void> {
    const request = await lockedRequest(em, requestKey);
    const offer = await em.findOneOrFail(PeerExchangeOffer, { id: offerKey, request: requestKey });
    if (request.status !== PeerExchangeStatus.OPEN) {
      throw new UserErrors([userError(['offerId'], UserErrorCode.INVALID_TRANSITION, `This request is ${request.status}; only offers on open requests can be accepted.`)]);
    }
    if (offer.status !== PeerExchangeOfferStatus.PENDING) {
      throw new UserErrors([userError(['offerId'], UserErrorCode.INVALID_TRANSITION, `This offer is ${offer.status}; only pending offers can be accepted.`)]);
    }
    const declined = await declinePending(em, requestKey, offerKey);
    offer.status = PeerExchangeOfferStatus.ACCEPTED;
    transition(em, request, PeerExchangeStatus.MATCHED, actorKey, null);
    await em.flush();
    record(em, request, actorKey, 'peerExchange.matched', { from: PeerExchangeStatus.OPEN, to: PeerExchangeStatus.MATCHED, offerKey, declinedOfferKeys: declined });
  },

  /** Declines a PENDING offer; the request stays as it is. */
  /** The expert takes back a PENDING offer (an accepted one is settled with the requester). */
  async withdrawOffer(em: EntityManager, actorKey: string, requestKey: string, offerKey: string, note: string | null): Promise<void> {
    const request = await lockedRequest(em, requestKey);
    const offer = await em.findOneOrFail(PeerExchangeOffer, { id: offerKey, request: requestKey });
    if (offer.status !== PeerExchangeOfferStatus.PENDING) {
      throw new UserErrors([userError(['offerId'], UserErrorCode.INVALID_TRANSITION, `This offer is ${offer.status}; only pending offers can be withdrawn.`)]);
    }
    offer.status = PeerExchangeOfferStatus.WITHDRAWN;
    await em.flush();
    record(em, request, actorKey, 'peerExchange.offerWithdrawn', { offerKey, ...(note ? { note } : {}) });
  },

  async declineOffer(em: EntityManager, actorKey: string, requestKey: string, offerKey: string, note: string | null): Promise<void> {
    const request = await lockedRequest(em, requestKey);
    const offer = await em.findOneOrFail(PeerExchangeOffer, { id: offerKey, request: requestKey });
    if (offer.status !== PeerExchangeOfferStatus.PENDING) {
      throw new UserErrors([userError(['offerId'], UserErrorCode.INVALID_TRANSITION, `This offer is ${offer.status}; only pending offers can be declined.`)]);
    }
    offer.status = PeerExchangeOfferStatus.DECLINED;
    await em.flush();
    record(em, request, actorKey, 'peerExchange.offerDeclined', { offerKey, ...(note ? { note } : {}) });
  },

  /** Closes a MATCHED request as COMPLETED, with what the exchange achieved. */
  async complete(em: EntityManager, actorKey: string, requestKey: string, outcome: string): Promise<void> {
    const request = await lockedRequest(em, requestKey);
    if (request.status !== PeerExchangeStatus.MATCHED) {
      throw new UserErrors([userError(['requestId'], UserErrorCode.INVALID_TRANSITION, `This request is ${request.status}; only matched requests can be completed.`)]);
    }
    request.outcome = outcome;
    transition(em, request, PeerExchangeStatus.COMPLETED, actorKey, null);
    await em.flush();
    record(em, request, actorKey, 'peerExchange.completed', { from: PeerExchangeStatus.MATCHED, to: PeerExchangeStatus.COMPLETED });
  },

  /** Withdraws an OPEN or MATCHED request; its pending offers are DECLINED. */
  async withdraw(em: EntityManager, actorKey: string, requestKey: string, note: string | null): Promise<void> {
    const request = await lockedRequest(em, requestKey);
    if (request.status !== PeerExchangeStatus.OPEN && request.status !== PeerExchangeStatus.MATCHED) {
      throw new UserErrors([userError(['requestId'], UserErrorCode.INVALID_TRANSITION, `This request is ${request.status} and can no longer be withdrawn.`)]);
    }
    const from = request.status;
    const declined = await declinePending(em, requestKey);
    transition(em, request, PeerExchangeStatus.WITHDRAWN, actorKey, note);
    await em.flush();
    record(em, request, actorKey, 'peerExchange.withdrawn', {
      from,
      to: PeerExchangeStatus.WITHDRAWN,
      declinedOfferKeys: declined,
      ...(note ? { note } : {}),
    });
  },
};

/** The request, its row locked until the transaction ends. */
function lockedRequest(em: EntityManager, requestKey: string): Promise<PeerExchangeRequest> {
  return em.findOneOrFail(PeerExchangeRequest, requestKey, { lockMode: LockMode.PESSIMISTIC_WRITE });
}

/** Declines the request's pending offers (but `exceptKey`); returns their keys. */
async function declinePending(em: EntityManager, requestKey: string, exceptKey?: string): Promise<string[]> {
  const pending = await em.find(
    PeerExchangeOffer,
    { request: requestKey, status: PeerExchangeOfferStatus.PENDING, ...(exceptKey ? { id: { $ne: exceptKey } } : {}) },
    { orderBy: { createdAt: 'asc', id: 'asc' } },
  );
  for (const offer of pending) offer.status = PeerExchangeOfferStatus.DECLINED;
  return pending.map((offer) => offer.id);
}

function transition(em: EntityManager, request: PeerExchangeRequest, to: PeerExchangeStatus, actorKey: string, note: string | null): void {
  request.status = to;
  em.create(PeerExchangeStatusChange, { request, status: to, actor: em.getReference(Person, actorKey), note });
}

function record(em: EntityManager, request: PeerExchangeRequest, actorKey: string, action: string, summary: Record<string, unknown>): void {
  recordActivity(em, {
    groupKeys: request.workingGroup ? [request.workingGroup.id] : [],
    actorKey,
    action,
    subjectType: 'PeerExchangeRequest',
    subjectKey: request.id,
    summary,
  });
}
