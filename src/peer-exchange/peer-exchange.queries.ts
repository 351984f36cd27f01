import { countryCodeIn } from '../countries/country.queries.js';
import { inBatch, isoTimestamp, sql, type RawBuilder } from '../db/sql.js';
import { byKey, defineLoader, groupedNodes } from '../graphql/loaders.js';
import { hydrate } from '../graphql/node.js';
import { orderingOf, type OrderDirection } from '../graphql/order.js';
import type { ListQuery } from '../graphql/pagination/page.js';
import { defineChildConnection } from '../graphql/pagination/resolve.js';
import type { PeerExchangeFormat, PeerExchangeStatus } from './peer-exchange.enums.js';
import { taggedWithAnyOf, topicKeysOf } from '../topics/topic.queries.js';
import { PeerExchangeOfferNode, PeerExchangeRequestNode, PeerExchangeStatusChange } from './peer-exchange.node.js';

/** Request columns under the alias `x`, named as PeerExchangeRequestNode's properties. */
const requestColumns = sql`
  x.id as key, x.requester_id as "requesterKey", x.working_group_id as "workingGroupKey", x.title, x.description,
  x.format, x.needed_by::text as "neededBy", x.status, x.outcome, ${isoTimestamp(sql`x.created_at`)} as "createdAt",
  ${topicKeysOf('peerExchangeRequest', sql`x.id`)} as "topicKeys"`;

const offerColumns = sql`
  po.id as key, po.request_id as "requestKey", po.expert_id as "expertKey", po.message, po.status, ${isoTimestamp(sql`po.created_at`)} as "createdAt"`;

export const requestById = defineLoader<string, PeerExchangeRequestNode | null>('peerExchangeRequest.byId', async (db, ids) => {
  const rows = await db.rows<PeerExchangeRequestNode>(sql`select ${requestColumns} from peer_exchange_request x where ${inBatch(sql`x.id`, ids)}`);
  return byKey(rows.map((row) => hydrate(PeerExchangeRequestNode, row)), ids, (request) => request.key);
});

export const offerById = defineLoader<string, PeerExchangeOfferNode | null>('peerExchangeOffer.byId', async (db, ids) => {
  const rows = await db.rows<PeerExchangeOfferNode>(sql`select ${offerColumns} from peer_exchange_offer po where ${inBatch(sql`po.id`, ids)}`);
  return byKey(rows.map((row) => hydrate(PeerExchangeOfferNode, row)), ids, (offer) => offer.key);
});

/** Each request's offers, oldest first (a request draws a handful of offers, not hundreds). */
export const offersOf = defineLoader<string, PeerExchangeOfferNode[]>('peerExchangeOffer.ofRequest', async (db, requestIds) => {
  const rows = await db.rows<PeerExchangeOfferNode>(sql`
    select ${offerColumns} from peer_exchange_offer po
    where ${inBatch(sql`po.request_id`, requestIds)}
    order by po.created_at, po.id`);
  return groupedNodes(rows, requestIds, 'requestKey', PeerExchangeOfferNode);
});

/** Each request's status history, oldest first. */
export const statusHistoryOf = defineLoader<string, PeerExchangeStatusChange[]>('peerExchangeRequest.history', async (db, requestIds) => {
  const rows = await db.rows<PeerExchangeStatusChange & { requestKey: string }>(sql`
    select sc.request_id as "requestKey", sc.status, ${isoTimestamp(sql`sc.created_at`)} as "changedAt", sc.note, sc.actor_id as "actorKey"
    from peer_exchange_status_change sc
    where ${inBatch(sql`sc.request_id`, requestIds)}
    order by sc.created_at, sc.id`);
  return groupedNodes(rows, requestIds, 'requestKey', PeerExchangeStatusChange);
});

export interface PeerExchangeFilterValues {
  statuses?: PeerExchangeStatus[] | null;
  formats?: PeerExchangeFormat[] | null;
  topics?: string[] | null;
  groupSlugs?: string[] | null;
  countryCodes?: string[] | null;
}

/** The conditions a request filter puts on `x`; shared by every list of requests. */
export function requestConditions(filter: PeerExchangeFilterValues): RawBuilder<unknown>[] {
  const where: RawBuilder<unknown>[] = [];
  if (filter.statuses) where.push(sql`x.status = any(${filter.statuses}::text[])`);
  if (filter.formats) where.push(sql`x.format = any(${filter.formats}::text[])`);
  if (filter.topics) where.push(taggedWithAnyOf('peerExchangeRequest', sql`x.id`, filter.topics));
  if (filter.groupSlugs) {
    where.push(sql`exists (select 1 from working_group g where g.id = x.working_group_id and g.slug = any(${filter.groupSlugs}::text[]))`);
  }
  if (filter.countryCodes) {
    where.push(sql`exists (select 1 from person p where p.id = x.requester_id and ${countryCodeIn(sql`p.country_code`, filter.countryCodes)})`);
  }
  return where;
}

function requestOrdering(direction: OrderDirection) {
  return orderingOf('peerExchangeRequest', 'createdAt', direction, [
    { expression: sql`x.created_at`, type: 'timestamptz' },
    { expression: sql`x.id`, type: 'uuid' },
  ]);
}

export function requestList(filter: PeerExchangeFilterValues, direction: OrderDirection): ListQuery {
  return { from: sql`peer_exchange_request x`, where: requestConditions(filter), select: requestColumns, ordering: requestOrdering(direction) };
}

/** A group's requests, newest first unless asked otherwise. */
export const groupRequests = defineChildConnection(
  'workingGroup.peerExchangeRequests',
  (params: { filter: PeerExchangeFilterValues; direction: OrderDirection }) => ({
    ...requestList(params.filter, params.direction),
    parentColumn: sql`x.working_group_id`,
    parentType: 'uuid',
  }),
);
