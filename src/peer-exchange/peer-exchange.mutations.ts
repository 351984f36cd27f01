import { Arg, Ctx, Field, ID, InputType, Mutation, ObjectType, Resolver } from 'type-graphql';
import { z } from 'zod';
import { workingGroupById } from '../groups/group.queries.js';
import type { RequestContext } from '../graphql/context.js';
import { idOf, rules, today } from '../graphql/input-rules.js';
import { existing, reloaded, requireSignedIn } from '../graphql/mutation-helpers.js';
import { mutation, parseInput, MutationPayload, UserErrorCode } from '../graphql/user-errors.js';
import { PeerExchangeFormat } from './peer-exchange.enums.js';
import { PeerExchangeOfferNode, PeerExchangeRequestNode } from './peer-exchange.node.js';
import { peerExchangePolicy } from './peer-exchange.policy.js';
import { offerById, requestById } from './peer-exchange.queries.js';
import { peerExchangeService } from './peer-exchange.service.js';

@InputType({ description: 'A request for targeted technical assistance or a peer exchange, posted by the signed-in person.' })
export class CreatePeerExchangeRequestInput {
  @Field({ description: 'What help is asked for, in a line (1–300 characters).' })
  title!: string;

  @Field({ description: 'The context, the question, and what a good exchange would produce (up to 20,000 characters).' })
  description!: string;

  @Field(() => PeerExchangeFormat, { description: 'How the exchange would take place.' })
  format!: PeerExchangeFormat;

  @Field(() => String, { nullable: true, description: 'The date by which help is needed, as YYYY-MM-DD; today or later. Leave out when there is no deadline.' })
  neededBy?: string | null;

  @Field(() => [String], { nullable: true, description: 'Topics the request is about, by slug (at most 20).' })
  topics?: string[] | null;

  @Field(() => ID, { nullable: true, description: 'The working group to post the request in; leave out to ask the whole hub.' })
  workingGroupId?: string | null;
}

@InputType({ description: 'An offer of help on an OPEN request, made by the signed-in person as the expert.' })
export class OfferPeerExchangeInput {
  @Field(() => ID, { description: 'The request to offer help on.' })
  requestId!: string;

  @Field({ description: 'What the expert proposes, for the requester to read (1–2,000 characters).' })
  message!: string;
}

@InputType({ description: 'The requester\'s acceptance of one offer.' })
export class AcceptPeerExchangeOfferInput {
  @Field(() => ID, { description: 'The PENDING offer to accept.' })
  offerId!: string;
}

@InputType({ description: 'The requester\'s refusal of one offer.' })
export class DeclinePeerExchangeOfferInput {
  @Field(() => ID, { description: 'The PENDING offer to decline.' })
  offerId!: string;

  @Field(() => String, { nullable: true, description: 'Why, for the trail (up to 2,000 characters).' })
  note?: string | null;
}

@InputType({ description: 'An expert taking back their offer before the requester answered it.' })
export class WithdrawPeerExchangeOfferInput {
  @Field(() => ID, { description: 'The PENDING offer to withdraw.' })
  offerId!: string;

  @Field(() => String, { nullable: true, description: 'Why, for the trail (up to 2,000 characters).' })
  note?: string | null;
}

@InputType({ description: 'Closes a MATCHED request once the exchange took place.' })
export class CompletePeerExchangeInput {
  @Field(() => ID, { description: 'The MATCHED request.' })
  requestId!: string;

  @Field({ description: 'What the exchange achieved, for the requester\'s peers to learn from (1–20,000 characters).' })
  outcome!: string;
}

@InputType({ description: 'Withdraws a request that is still OPEN or MATCHED.' })
export class WithdrawPeerExchangeRequestInput {
  @Field(() => ID, { description: 'The request to withdraw.' })
  requestId!: string;

  @Field(() => String, { nullable: true, description: 'Why, for the request\'s status history (up to 2,000 characters).' })
  note?: string | null;
}

@ObjectType({ description: 'The outcome of a mutation on a peer-exchange request.' })
export class PeerExchangeRequestPayload extends MutationPayload {
  @Field(() => PeerExchangeRequestNode, { nullable: true, description: 'The request as it is now; null when the mutation was refused.' })
  request?: PeerExchangeRequestNode | null;
}

@ObjectType({ description: 'The outcome of a mutation on an offer of help.' })
export class PeerExchangeOfferPayload extends MutationPayload {
  @Field(() => PeerExchangeOfferNode, { nullable: true, description: 'The offer as it is now; null when the mutation was refused.' })
  offer?: PeerExchangeOfferNode | null;

  @Field(() => PeerExchangeRequestNode, { nullable: true, description: 'The request the offer answers, as it is now (e.g. MATCHED after an acceptance); null when the mutation was refused.' })
  request?: PeerExchangeRequestNode | null;
}

const neededBy = rules.date.refine((value) => value >= today(), {
  message: 'The date by which help is needed cannot be in the past.',
  params: { code: UserErrorCode.IN_THE_PAST },
  // A malformed or impossible date is already INVALID; only a real date can be in the past.
  when: (payload) => payload.issues.length === 0,
});
const createSchema = z.object({
  title: rules.title,
  description: rules.longText,
  format: z.enum(PeerExchangeFormat),
  neededBy: neededBy.nullish(),
  topics: rules.slugs.nullish().transform((value) => value ?? []),
  workingGroupId: idOf('WorkingGroup').nullish(),
});
const offerSchema = z.object({ requestId: idOf('PeerExchangeRequest'), message: rules.shortText });
const acceptSchema = z.object({ offerId: idOf('PeerExchangeOffer') });
const offerWithNoteSchema = z.object({ offerId: idOf('PeerExchangeOffer'), note: rules.optionalNote });
const completeSchema = z.object({ requestId: idOf('PeerExchangeRequest'), outcome: rules.longText });
const withdrawSchema = z.object({ requestId: idOf('PeerExchangeRequest'), note: rules.optionalNote });

@Resolver()
export class PeerExchangeMutations {
  @Mutation(() => PeerExchangeRequestPayload, {
    description: 'Posts a request for help as the signed-in person, OPEN for offers. Any signed-in person may.',
  })
  createPeerExchangeRequest(
    @Ctx() context: RequestContext,
    @Arg('input', () => CreatePeerExchangeRequestInput, { description: 'The request, and optionally its group.' }) input: CreatePeerExchangeRequestInput,
  ) {
    const actor = requireSignedIn(context, 'request a peer exchange');
    return mutation(async () => {
      const { workingGroupId, ...values } = parseInput(createSchema, input);
      const group = workingGroupId ? await existing(context, workingGroupById, workingGroupId, ['workingGroupId'], 'working group') : null;
      context.roles.require(peerExchangePolicy.canRequest(context.roles), 'request a peer exchange');
      const key = await context.em.transactional((em) => peerExchangeService.request(em, actor, { ...values, workingGroupKey: group?.key ?? null }));
      return { request: await reloaded(context, requestById, key) };
    });
  }

  @Mutation(() => PeerExchangeOfferPayload, {
    description: 'Offers help on an OPEN request, as the expert. Any signed-in person but the requester; one offer awaiting an answer per expert and request.',
  })
  offerPeerExchange(
    @Ctx() context: RequestContext,
    @Arg('input', () => OfferPeerExchangeInput, { description: 'The request and the offer.' }) input: OfferPeerExchangeInput,
  ) {
    const actor = requireSignedIn(context, 'offer help');
    return mutation(async () => {
      const values = parseInput(offerSchema, input);
      const request = await requestNamed(context, values.requestId);
      context.roles.require(peerExchangePolicy.canOffer(context.roles), 'offer help');
      const key = await context.em.transactional((em) => peerExchangeService.offer(em, actor, request.key, values.message));
      return offerPayload(context, key, request.key);
    });
  }

  @Mutation(() => PeerExchangeOfferPayload, {
    description: 'Accepts a PENDING offer on an OPEN request: the request becomes MATCHED and every other pending offer DECLINED. The requester and admins.',
  })
  acceptPeerExchangeOffer(
    @Ctx() context: RequestContext,
    @Arg('input', () => AcceptPeerExchangeOfferInput, { description: 'The offer.' }) input: AcceptPeerExchangeOfferInput,
  ) {
    const actor = requireSignedIn(context, 'accept offers');
    return mutation(async () => {
      const values = parseInput(acceptSchema, input);
      const offer = await offerNamed(context, values.offerId);
      const request = await requestOf(context, offer);
      context.roles.require(peerExchangePolicy.canManage(context.roles, request), 'accept offers on this request');
      await context.em.transactional((em) => peerExchangeService.acceptOffer(em, actor, request.key, offer.key));
      return offerPayload(context, offer.key, request.key);
    });
  }

  @Mutation(() => PeerExchangeOfferPayload, {
    description: 'Declines a PENDING offer; the request keeps its status. The requester and admins.',
  })
  declinePeerExchangeOffer(
    @Ctx() context: RequestContext,
    @Arg('input', () => DeclinePeerExchangeOfferInput, { description: 'The offer, and why.' }) input: DeclinePeerExchangeOfferInput,
  ) {
    const actor = requireSignedIn(context, 'decline offers');
    return mutation(async () => {
      const values = parseInput(offerWithNoteSchema, input);
      const offer = await offerNamed(context, values.offerId);
      const request = await requestOf(context, offer);
      context.roles.require(peerExchangePolicy.canManage(context.roles, request), 'decline offers on this request');
      await context.em.transactional((em) => peerExchangeService.declineOffer(em, actor, request.key, offer.key, values.note ?? null));
      return offerPayload(context, offer.key, request.key);
    });
  }

  @Mutation(() => PeerExchangeOfferPayload, {
    description: 'Withdraws a PENDING offer; the request keeps its status and the expert may offer again later. The expert who made it and admins.',
  })
  withdrawPeerExchangeOffer(
    @Ctx() context: RequestContext,
    @Arg('input', () => WithdrawPeerExchangeOfferInput, { description: 'The offer, and why.' }) input: WithdrawPeerExchangeOfferInput,
  ) {
    const actor = requireSignedIn(context, 'withdraw offers');
    return mutation(async () => {
      const values = parseInput(offerWithNoteSchema, input);
      const offer = await offerNamed(context, values.offerId);
      const request = await requestOf(context, offer);
      context.roles.require(peerExchangePolicy.canWithdrawOffer(context.roles, offer), 'withdraw this offer');
      await context.em.transactional((em) => peerExchangeService.withdrawOffer(em, actor, request.key, offer.key, values.note ?? null));
      return offerPayload(context, offer.key, request.key);
    });
  }

  @Mutation(() => PeerExchangeRequestPayload, {
    description: 'Closes a MATCHED request as COMPLETED and records what the exchange achieved. The requester and admins.',
  })
  completePeerExchange(
    @Ctx() context: RequestContext,
    @Arg('input', () => CompletePeerExchangeInput, { description: 'The request and its outcome.' }) input: CompletePeerExchangeInput,
  ) {
    const actor = requireSignedIn(context, 'complete peer exchanges');
    return mutation(async () => {
      const values = parseInput(completeSchema, input);
      const request = await requestNamed(context, values.requestId);
      context.roles.require(peerExchangePolicy.canManage(context.roles, request), 'complete this request');
      await context.em.transactional((em) => peerExchangeService.complete(em, actor, request.key, values.outcome));
      return { request: await reloaded(context, requestById, request.key) };
    });
  }

  @Mutation(() => PeerExchangeRequestPayload, {
    description: 'Withdraws an OPEN or MATCHED request; its pending offers are DECLINED. The requester and admins.',
  })
  withdrawPeerExchangeRequest(
    @Ctx() context: RequestContext,
    @Arg('input', () => WithdrawPeerExchangeRequestInput, { description: 'The request, and why.' }) input: WithdrawPeerExchangeRequestInput,
  ) {
    const actor = requireSignedIn(context, 'withdraw peer-exchange requests');
    return mutation(async () => {
      const values = parseInput(withdrawSchema, input);
      const request = await requestNamed(context, values.requestId);
      context.roles.require(peerExchangePolicy.canManage(context.roles, request), 'withdraw this request');
      await context.em.transactional((em) => peerExchangeService.withdraw(em, actor, request.key, values.note ?? null));
      return { request: await reloaded(context, requestById, request.key) };
    });
  }
}

/** The request an input names by `requestId` (NOT_FOUND if there is none). */
function requestNamed(context: RequestContext, key: string): Promise<PeerExchangeRequestNode> {
  return existing(context, requestById, key, ['requestId'], 'peer-exchange request');
}

/** The offer an input names by `offerId` (NOT_FOUND if there is none). */
function offerNamed(context: RequestContext, key: string): Promise<PeerExchangeOfferNode> {
  return existing(context, offerById, key, ['offerId'], 'offer');
}

/** The request an offer answers (offers are deleted with their request, so it exists). */
function requestOf(context: RequestContext, offer: PeerExchangeOfferNode): Promise<PeerExchangeRequestNode> {
  return existing(context, requestById, offer.requestKey, ['offerId'], 'peer-exchange request');
}

async function offerPayload(context: RequestContext, offerKey: string, requestKey: string) {
  const [offer, request] = await Promise.all([reloaded(context, offerById, offerKey), reloaded(context, requestById, requestKey)]);
  return { offer, request };
}
