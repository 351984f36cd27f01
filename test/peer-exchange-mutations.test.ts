import {
  AcceptPeerExchangeOfferDocument,
  CompletePeerExchangeDocument,
  CreatePeerExchangeRequestDocument,
  DeclinePeerExchangeOfferDocument,
  OfferPeerExchangeDocument,
  WithdrawPeerExchangeOfferDocument,
  WithdrawPeerExchangeRequestDocument,
  type CreatePeerExchangeRequestInput,
} from './generated/operations.js';
import { castRoles, globalId, newPerson, ROLES, type Role, type RoleCast } from './support/roles.js';
import { dataOf, errorCodes, startTestHub, type GraphQLResponse, type TestHub } from './support/test-hub.js';

let hub: TestHub;
let cast: RoleCast;
let groupId: string;
beforeAll(async () => {
  hub = await startTestHub();
  cast = await castRoles(hub, 'open-data');
  groupId = globalId('WorkingGroup', cast.groupKey);
});
afterAll(() => hub.close());

const sql = (query: string, params: unknown[] = []) => hub.sql(query, params);
const keyOf = (id: string) => Buffer.from(id, 'base64url').toString().split(':')[1];
const NO_SUCH_KEY = '00000000-0000-4000-8000-000000000000';
const unique = <T>(items: T[]): T[] => [...new Map(items.map((item) => [JSON.stringify(item), item])).values()];

/** A UTC date `days` from today, as YYYY-MM-DD. */
function dateIn(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

interface Someone {
  key: string;
  token: string;
}

/** A new person with a token, so each test owns its requesters and experts. */
async function someone(name: string): Promise<Someone> {
  const person = await newPerson(hub, name);
  return { key: person.id, token: await hub.tokenFor(person.email) };
}

const requestFields = (overrides: Partial<CreatePeerExchangeRequestInput> = {}): CreatePeerExchangeRequestInput => ({
  title: 'Publishing contracts as open data',
  description: 'Our ministry wants to publish procurement contracts in OCDS. Who has done it, and what did it take?',
  format: 'VIRTUAL',
  neededBy: dateIn(30),
  topics: ['open-data-standards', 'open-contracting'],
  workingGroupId: groupId,
  ...overrides,
});

async function createRequest(requester: Someone, overrides: Partial<CreatePeerExchangeRequestInput> = {}) {
  const payload = dataOf(await hub.graphql(CreatePeerExchangeRequestDocument, { input: requestFields(overrides) }, { token: requester.token })).createPeerExchangeRequest;
  expect(payload.userErrors).toEqual([]);
  return payload.request!;
}

async function makeOffer(expert: Someone | string, requestId: string, message = 'I led the OCDS rollout in my city; happy to share our plan.') {
  const token = typeof expert === 'string' ? expert : expert.token;
  const payload = dataOf(await hub.graphql(OfferPeerExchangeDocument, { input: { requestId, message } }, { token })).offerPeerExchange;
  expect(payload.userErrors).toEqual([]);
  return payload.offer!;
}

async function accept(requester: Someone, offerId: string) {
  const payload = dataOf(await hub.graphql(AcceptPeerExchangeOfferDocument, { input: { offerId } }, { token: requester.token })).acceptPeerExchangeOffer;
  expect(payload.userErrors).toEqual([]);
  return payload;
}

/**
 * Everything the workflow writes: row counts of its four tables, and a digest
 * of every request's and offer's mutable columns, so "nothing was written"
 * also catches an update in place.
 */
async function workflowState() {
  const [state] = await sql(`
    select
      (select count(*) from peer_exchange_request)::int as requests,
      (select count(*) from peer_exchange_offer)::int as offers,
      (select count(*) from peer_exchange_status_change)::int as "statusChanges",
      (select count(*) from activity)::int as activity,
      (select md5(coalesce(string_agg(id || status || coalesce(outcome, '-'), ',' order by id), '')) from peer_exchange_request) as "requestDigest",
      (select md5(coalesce(string_agg(id || status, ',' order by id), '')) from peer_exchange_offer) as "offerDigest"`);
  return state;
}

async function expectNothingWritten(work: () => Promise<unknown>): Promise<void> {
  const before = await workflowState();
  await work();
  expect(await workflowState()).toEqual(before);
}

async function requestRow(requestId: string) {
  const [row] = await sql(`select status, outcome, requester_id as requester, working_group_id as "group" from peer_exchange_request where id = ?`, [keyOf(requestId)]);
  return row;
}

async function offerStatus(offerId: string): Promise<string> {
  const [row] = await sql(`select status from peer_exchange_offer where id = ?`, [keyOf(offerId)]);
  return row.status;
}

async function history(requestId: string) {
  return sql(`select status, actor_id as actor, note from peer_exchange_status_change where request_id = ? order by created_at, id`, [keyOf(requestId)]);
}

async function trail(requestId: string) {
  return sql(
    `select action, actor_id as actor, working_group_id as "group", subject_type as "subjectType", summary
     from activity where subject_key = ? order by created_at, id`,
    [keyOf(requestId)],
  );
}

describe('the peer-exchange workflow', () => {
  it('goes OPEN → offers → MATCHED (the other offers declined) → COMPLETED, recording every step and its actor', async () => {
    const requester = await someone('Requester');
    const [first, chosen, third] = [await someone('Expert'), await someone('Expert'), await someone('Expert')];

    const request = await createRequest(requester, { neededBy: dateIn(45), format: 'DOCUMENT_REVIEW' });
    expect(request).toMatchObject({
      title: 'Publishing contracts as open data',
      format: 'DOCUMENT_REVIEW',
      neededBy: dateIn(45),
      status: 'OPEN',
      outcome: null,
      requester: { id: globalId('Person', requester.key) },
      workingGroup: { slug: 'open-data' },
      topics: expect.arrayContaining([{ slug: 'open-data-standards' }, { slug: 'open-contracting' }]),
      offers: [],
      statusHistory: [{ status: 'OPEN', note: null, actor: { id: globalId('Person', requester.key) } }],
    });
    expect(request.topics).toHaveLength(2);

    const offers = [await makeOffer(first, request.id), await makeOffer(chosen, request.id, 'I can review your draft in a week.'), await makeOffer(third, request.id)];
    expect(offers.map((offer) => offer.status)).toEqual(['PENDING', 'PENDING', 'PENDING']);
    expect(offers[1]).toMatchObject({ message: 'I can review your draft in a week.', expert: { id: globalId('Person', chosen.key) }, request: { id: request.id } });

    const accepted = await accept(requester, offers[1].id);
    expect(accepted.offer).toMatchObject({ id: offers[1].id, status: 'ACCEPTED' });
    expect(accepted.request!.status).toBe('MATCHED');
    expect(accepted.request!.offers.map((offer) => [offer.id, offer.status])).toEqual([
      [offers[0].id, 'DECLINED'],
      [offers[1].id, 'ACCEPTED'],
      [offers[2].id, 'DECLINED'],
    ]);

    const completed = dataOf(
      await hub.graphql(CompletePeerExchangeDocument, { input: { requestId: request.id, outcome: '  Two calls and written comments; the ministry published its first OCDS release.  ' } }, { token: requester.token }),
    ).completePeerExchange;
    expect(completed.userErrors).toEqual([]);
    expect(completed.request).toMatchObject({ status: 'COMPLETED', outcome: 'Two calls and written comments; the ministry published its first OCDS release.' });
    expect(completed.request!.statusHistory.map((change) => change.status)).toEqual(['OPEN', 'MATCHED', 'COMPLETED']);

    expect(await requestRow(request.id)).toMatchObject({ status: 'completed', outcome: 'Two calls and written comments; the ministry published its first OCDS release.' });
    expect(await history(request.id)).toEqual([
      { status: 'open', actor: requester.key, note: null },
      { status: 'matched', actor: requester.key, note: null },
      { status: 'completed', actor: requester.key, note: null },
    ]);
    const steps = await trail(request.id);
    expect(steps.map((step: { action: string; actor: string }) => [step.action, step.actor])).toEqual([
      ['peerExchange.requested', requester.key],
      ['peerExchange.offered', first.key],
      ['peerExchange.offered', chosen.key],
      ['peerExchange.offered', third.key],
      ['peerExchange.matched', requester.key],
      ['peerExchange.completed', requester.key],
    ]);
    for (const step of steps) expect(step).toMatchObject({ group: cast.groupKey, subjectType: 'PeerExchangeRequest' });
    expect(steps[4].summary).toMatchObject({ offerKey: keyOf(offers[1].id), declinedOfferKeys: [keyOf(offers[0].id), keyOf(offers[2].id)] });
  });

  it('withdraws an OPEN request with its note, declining its pending offers', async () => {
    const requester = await someone('Requester');
    const request = await createRequest(requester);
    const offers = [await makeOffer(await someone('Expert'), request.id), await makeOffer(await someone('Expert'), request.id)];

    const withdrawn = dataOf(
      await hub.graphql(WithdrawPeerExchangeRequestDocument, { input: { requestId: request.id, note: 'We found help at home.' } }, { token: requester.token }),
    ).withdrawPeerExchangeRequest;
    expect(withdrawn.userErrors).toEqual([]);
    expect(withdrawn.request).toMatchObject({ status: 'WITHDRAWN', statusHistory: [{ status: 'OPEN' }, { status: 'WITHDRAWN', note: 'We found help at home.' }] });
    expect(withdrawn.request!.offers.map((offer) => offer.status)).toEqual(['DECLINED', 'DECLINED']);
    for (const offer of offers) expect(await offerStatus(offer.id)).toBe('declined');
    expect((await history(request.id)).at(-1)).toEqual({ status: 'withdrawn', actor: requester.key, note: 'We found help at home.' });
    expect((await trail(request.id)).at(-1)).toMatchObject({ action: 'peerExchange.withdrawn', actor: requester.key, summary: { from: 'open', to: 'withdrawn', note: 'We found help at home.' } });
  });

  it('withdraws a MATCHED request, keeping the accepted offer for the record', async () => {
    const requester = await someone('Requester');
    const request = await createRequest(requester);
    const offer = await makeOffer(await someone('Expert'), request.id);
    await accept(requester, offer.id);
    const withdrawn = dataOf(await hub.graphql(WithdrawPeerExchangeRequestDocument, { input: { requestId: request.id } }, { token: cast.tokens.admin })).withdrawPeerExchangeRequest;
    expect(withdrawn.userErrors).toEqual([]);
    expect(withdrawn.request!.status).toBe('WITHDRAWN');
    expect(await offerStatus(offer.id)).toBe('accepted');
    expect((await history(request.id)).map((change: { status: string; actor: string }) => [change.status, change.actor])).toEqual([
      ['open', requester.key],
      ['matched', requester.key],
      ['withdrawn', cast.people.admin],
    ]);
  });

  it('records a request to the whole hub in the hub-wide trail', async () => {
    const requester = await someone('Requester');
    const request = await createRequest(requester, { workingGroupId: null, topics: null, neededBy: null });
    expect(request).toMatchObject({ workingGroup: null, topics: [], neededBy: null, status: 'OPEN' });
    expect(await trail(request.id)).toEqual([expect.objectContaining({ action: 'peerExchange.requested', actor: requester.key, group: null })]);
  });

  it('lets only one of two concurrent acceptances match a request', async () => {
    const requester = await someone('Requester');
    const request = await createRequest(requester);
    const offers = await Promise.all([1, 2, 3, 4].map(async () => makeOffer(await someone('Expert'), request.id)));
    const results = await Promise.all(
      offers.map((offer) => hub.graphql(AcceptPeerExchangeOfferDocument, { input: { offerId: offer.id } }, { token: requester.token })),
    );
    const outcomes = results.map((result) => dataOf(result).acceptPeerExchangeOffer.userErrors.map((error) => error.code));
    expect(outcomes.filter((codes) => codes.length === 0)).toHaveLength(1);
    expect(outcomes.filter((codes) => codes.length > 0)).toEqual([['INVALID_TRANSITION'], ['INVALID_TRANSITION'], ['INVALID_TRANSITION']]);
    const statuses = await Promise.all(offers.map((offer) => offerStatus(offer.id)));
    expect(statuses.filter((status) => status === 'accepted')).toHaveLength(1);
    expect(statuses.filter((status) => status === 'declined')).toHaveLength(3);
    expect((await history(request.id)).map((change: { status: string }) => change.status)).toEqual(['open', 'matched']);
  });
});

describe('createPeerExchangeRequest', () => {
  it('accepts a deadline of today', async () => {
    const request = await createRequest(await someone('Requester'), { neededBy: dateIn(0) });
    expect(request.neededBy).toBe(dateIn(0));
  });

  it('returns every input problem as a user error with its field path, writing nothing', async () => {
    const requester = await someone('Requester');
    const refused = async (overrides: Partial<CreatePeerExchangeRequestInput>) => {
      const payload = dataOf(await hub.graphql(CreatePeerExchangeRequestDocument, { input: requestFields(overrides) }, { token: requester.token })).createPeerExchangeRequest;
      expect(payload.request).toBeNull();
      return payload.userErrors.map(({ field, code }) => ({ field, code }));
    };
    await expectNothingWritten(async () => {
      expect(await refused({ title: ' ', description: '', neededBy: '2020-01-01' })).toEqual(
        expect.arrayContaining([
          { field: ['title'], code: 'REQUIRED' },
          { field: ['description'], code: 'REQUIRED' },
          { field: ['neededBy'], code: 'IN_THE_PAST' },
        ]),
      );
      expect(await refused({ title: 'x'.repeat(301), description: 'y'.repeat(20_001) })).toEqual([
        { field: ['title'], code: 'TOO_LONG' },
        { field: ['description'], code: 'TOO_LONG' },
      ]);
      expect(await refused({ neededBy: dateIn(-1) })).toEqual([{ field: ['neededBy'], code: 'IN_THE_PAST' }]);
      expect(await refused({ neededBy: '2030-02-30' })).toEqual([{ field: ['neededBy'], code: 'INVALID' }]);
      // The shared date rule reports a malformed date once per broken check; all of them INVALID, none IN_THE_PAST.
      for (const neededBy of ['next week', '1999-13-01']) {
        expect(unique(await refused({ neededBy }))).toEqual([{ field: ['neededBy'], code: 'INVALID' }]);
      }
      expect(await refused({ topics: ['open-contracting', 'no-such-topic'] })).toEqual([{ field: ['topics', '1'], code: 'NOT_FOUND' }]);
      expect(await refused({ topics: Array.from({ length: 21 }, (_, index) => `topic-${index}`) })).toEqual([{ field: ['topics'], code: 'TOO_LONG' }]);
      expect(await refused({ workingGroupId: globalId('WorkingGroup', NO_SUCH_KEY) })).toEqual([{ field: ['workingGroupId'], code: 'NOT_FOUND' }]);
      expect(await refused({ workingGroupId: globalId('Person', requester.key) })).toEqual([{ field: ['workingGroupId'], code: 'INVALID' }]);
    });
  });
});

describe('offerPeerExchange', () => {
  it('refuses the requester\'s own offer, a second pending offer, and offers on a request that is no longer OPEN, writing nothing', async () => {
    const requester = await someone('Requester');
    const expert = await someone('Expert');
    const request = await createRequest(requester);
    const first = await makeOffer(expert, request.id);
    const refused = async (token: string, requestId: string, message = 'I can help.') => {
      const payload = dataOf(await hub.graphql(OfferPeerExchangeDocument, { input: { requestId, message } }, { token })).offerPeerExchange;
      expect(payload.offer).toBeNull();
      expect(payload.request).toBeNull();
      return payload.userErrors.map(({ field, code }) => ({ field, code }));
    };

    await expectNothingWritten(async () => {
      expect(await refused(requester.token, request.id)).toEqual([{ field: ['requestId'], code: 'NOT_ALLOWED_FOR_SELF' }]);
      expect(await refused(expert.token, request.id)).toEqual([{ field: ['requestId'], code: 'ALREADY_DONE' }]);
      expect(await refused(expert.token, request.id, '   ')).toEqual([{ field: ['message'], code: 'REQUIRED' }]);
      expect(await refused(expert.token, request.id, 'z'.repeat(2001))).toEqual([{ field: ['message'], code: 'TOO_LONG' }]);
      expect(await refused(expert.token, globalId('PeerExchangeRequest', NO_SUCH_KEY))).toEqual([{ field: ['requestId'], code: 'NOT_FOUND' }]);
      expect(await refused(expert.token, first.id)).toEqual([{ field: ['requestId'], code: 'INVALID' }]);
    });

    // Once the first offer is answered, the expert may offer again.
    const declined = dataOf(await hub.graphql(DeclinePeerExchangeOfferDocument, { input: { offerId: first.id } }, { token: requester.token })).declinePeerExchangeOffer;
    expect(declined.userErrors).toEqual([]);
    const second = await makeOffer(expert, request.id, 'A narrower offer: comments on chapter 2.');
    expect(second.status).toBe('PENDING');

    await hub.graphql(WithdrawPeerExchangeRequestDocument, { input: { requestId: request.id } }, { token: requester.token });
    await expectNothingWritten(async () => {
      expect(await refused((await someone('Expert')).token, request.id)).toEqual([{ field: ['requestId'], code: 'INVALID_TRANSITION' }]);
    });
  });
});

describe('acceptPeerExchangeOffer', () => {
  it('refuses offers that are not PENDING or whose request is not OPEN, and unknown offers, writing nothing', async () => {
    const requester = await someone('Requester');
    const request = await createRequest(requester);
    const [declined, chosen] = [await makeOffer(await someone('Expert'), request.id), await makeOffer(await someone('Expert'), request.id)];
    await hub.graphql(DeclinePeerExchangeOfferDocument, { input: { offerId: declined.id } }, { token: requester.token });
    const refused = async (offerId: string) => {
      const payload = dataOf(await hub.graphql(AcceptPeerExchangeOfferDocument, { input: { offerId } }, { token: requester.token })).acceptPeerExchangeOffer;
      expect(payload.offer).toBeNull();
      return payload.userErrors.map(({ field, code }) => ({ field, code }));
    };
    await expectNothingWritten(async () => {
      expect(await refused(declined.id)).toEqual([{ field: ['offerId'], code: 'INVALID_TRANSITION' }]);
      expect(await refused(globalId('PeerExchangeOffer', NO_SUCH_KEY))).toEqual([{ field: ['offerId'], code: 'NOT_FOUND' }]);
      expect(await refused(request.id)).toEqual([{ field: ['offerId'], code: 'INVALID' }]);
    });
    await accept(requester, chosen.id);
    await expectNothingWritten(async () => {
      expect(await refused(chosen.id)).toEqual([{ field: ['offerId'], code: 'INVALID_TRANSITION' }]);
    });
  });
});

describe('declinePeerExchangeOffer', () => {
  it('declines a PENDING offer with a note for the trail, leaving the request OPEN, and refuses to decline it twice', async () => {
    const requester = await someone('Requester');
    const request = await createRequest(requester);
    const offer = await makeOffer(await someone('Expert'), request.id);
    const declined = dataOf(await hub.graphql(DeclinePeerExchangeOfferDocument, { input: { offerId: offer.id, note: 'We need someone who reads French.' } }, { token: requester.token })).declinePeerExchangeOffer;
    expect(declined.userErrors).toEqual([]);
    expect(declined.offer!.status).toBe('DECLINED');
    expect(declined.request!.status).toBe('OPEN');
    expect(declined.request!.statusHistory.map((change) => change.status)).toEqual(['OPEN']);
    expect((await trail(request.id)).at(-1)).toMatchObject({ action: 'peerExchange.offerDeclined', actor: requester.key, summary: { offerKey: keyOf(offer.id), note: 'We need someone who reads French.' } });

    const refused = async (offerId: string, note?: string) => {
      const payload = dataOf(await hub.graphql(DeclinePeerExchangeOfferDocument, { input: { offerId, note } }, { token: requester.token })).declinePeerExchangeOffer;
      expect(payload.offer).toBeNull();
      return payload.userErrors.map(({ field, code }) => ({ field, code }));
    };
    const pending = await makeOffer(await someone('Expert'), request.id);
    await expectNothingWritten(async () => {
      expect(await refused(offer.id)).toEqual([{ field: ['offerId'], code: 'INVALID_TRANSITION' }]);
      expect(await refused(pending.id, 'n'.repeat(2001))).toEqual([{ field: ['note'], code: 'TOO_LONG' }]);
      expect(await refused(globalId('PeerExchangeOffer', NO_SUCH_KEY))).toEqual([{ field: ['offerId'], code: 'NOT_FOUND' }]);
      expect(await refused('not an id')).toEqual([{ field: ['offerId'], code: 'INVALID' }]);
    });
  });
});

describe('completePeerExchange', () => {
  it('requires an outcome and a MATCHED request, writing nothing otherwise', async () => {
    const requester = await someone('Requester');
    const request = await createRequest(requester);
    const refused = async (requestId: string, outcome: string) => {
      const payload = dataOf(await hub.graphql(CompletePeerExchangeDocument, { input: { requestId, outcome } }, { token: requester.token })).completePeerExchange;
      expect(payload.request).toBeNull();
      return payload.userErrors.map(({ field, code }) => ({ field, code }));
    };
    await expectNothingWritten(async () => {
      expect(await refused(request.id, 'It went well.')).toEqual([{ field: ['requestId'], code: 'INVALID_TRANSITION' }]);
      expect(await refused(globalId('PeerExchangeRequest', NO_SUCH_KEY), 'It went well.')).toEqual([{ field: ['requestId'], code: 'NOT_FOUND' }]);
      expect(await refused(globalId('PeerExchangeOffer', NO_SUCH_KEY), 'It went well.')).toEqual([{ field: ['requestId'], code: 'INVALID' }]);
    });
    await accept(requester, (await makeOffer(await someone('Expert'), request.id)).id);
    await expectNothingWritten(async () => {
      expect(await refused(request.id, '  ')).toEqual([{ field: ['outcome'], code: 'REQUIRED' }]);
      expect(await refused(request.id, 'o'.repeat(20_001))).toEqual([{ field: ['outcome'], code: 'TOO_LONG' }]);
    });
    const done = dataOf(await hub.graphql(CompletePeerExchangeDocument, { input: { requestId: request.id, outcome: 'o'.repeat(20_000) } }, { token: requester.token })).completePeerExchange;
    expect(done.userErrors).toEqual([]);
    await expectNothingWritten(async () => {
      expect(await refused(request.id, 'Again.')).toEqual([{ field: ['requestId'], code: 'INVALID_TRANSITION' }]);
    });
  });
});

describe('withdrawPeerExchangeRequest', () => {
  it('refuses requests already COMPLETED or WITHDRAWN, and bad input, writing nothing', async () => {
    const requester = await someone('Requester');
    const withdrawn = await createRequest(requester);
    await hub.graphql(WithdrawPeerExchangeRequestDocument, { input: { requestId: withdrawn.id } }, { token: requester.token });
    const completed = await createRequest(requester);
    await accept(requester, (await makeOffer(await someone('Expert'), completed.id)).id);
    await hub.graphql(CompletePeerExchangeDocument, { input: { requestId: completed.id, outcome: 'Done.' } }, { token: requester.token });
    const open = await createRequest(requester);
    const refused = async (requestId: string, note?: string) => {
      const payload = dataOf(await hub.graphql(WithdrawPeerExchangeRequestDocument, { input: { requestId, note } }, { token: requester.token })).withdrawPeerExchangeRequest;
      expect(payload.request).toBeNull();
      return payload.userErrors.map(({ field, code }) => ({ field, code }));
    };
    await expectNothingWritten(async () => {
      expect(await refused(withdrawn.id)).toEqual([{ field: ['requestId'], code: 'INVALID_TRANSITION' }]);
      expect(await refused(completed.id)).toEqual([{ field: ['requestId'], code: 'INVALID_TRANSITION' }]);
      expect(await refused(open.id, 'n'.repeat(2001))).toEqual([{ field: ['note'], code: 'TOO_LONG' }]);
      expect(await refused(globalId('PeerExchangeRequest', NO_SUCH_KEY))).toEqual([{ field: ['requestId'], code: 'NOT_FOUND' }]);
      expect(await refused(groupId)).toEqual([{ field: ['requestId'], code: 'INVALID' }]);
    });
  });
});

// ---------------------------------------------------------------------------
// Who may call what. Each cell runs on fresh rows: a request in the group the
// roles are cast for, posted by a new person (the `requester` column).

type Caller = Role | 'requester';
type Expected = 'allowed' | 'UNAUTHENTICATED' | 'FORBIDDEN' | 'NOT_ALLOWED_FOR_SELF';

interface Fixture {
  requester: Someone;
  requestId: string;
  offerId: string;
}

interface MatrixRow {
  /** What the fixture must be before the call. */
  stage: 'none' | 'open' | 'offered' | 'matched';
  call(token: string | undefined, fixture: Fixture): Promise<GraphQLResponse<unknown>>;
  userErrorsOf(data: unknown): { code: string }[];
  /** Checks the database after an allowed call by `actorKey`. */
  effect(fixture: Fixture, actorKey: string): Promise<void>;
  cells: Partial<Record<Caller, Expected>>;
}

const managers: Record<Caller, Expected> = {
  anonymous: 'UNAUTHENTICATED',
  reformer: 'FORBIDDEN',
  memberOfAnotherGroup: 'FORBIDDEN',
  curatorOfAnotherGroup: 'FORBIDDEN',
  curatorOfThisGroup: 'FORBIDDEN',
  admin: 'allowed',
  requester: 'allowed',
};

async function lastStep(requestId: string) {
  const [change] = await sql(`select status, actor_id as actor from peer_exchange_status_change where request_id = ? order by created_at desc, id desc limit 1`, [keyOf(requestId)]);
  const [activity] = await sql(`select action, actor_id as actor, working_group_id as "group" from activity where subject_key = ? order by created_at desc, id desc limit 1`, [keyOf(requestId)]);
  return { change, activity };
}

const MATRIX: Record<string, MatrixRow> = {
  createPeerExchangeRequest: {
    stage: 'none',
    call: (token) => hub.graphql(CreatePeerExchangeRequestDocument, { input: requestFields({ title: 'Matrix request' }) }, { token }),
    userErrorsOf: (data) => (data as { createPeerExchangeRequest: { userErrors: { code: string }[] } }).createPeerExchangeRequest.userErrors,
    async effect(_fixture, actorKey) {
      const rows = await sql(`select id, status from peer_exchange_request where requester_id = ? and title = 'Matrix request'`, [actorKey]);
      expect(rows).toEqual([{ id: expect.any(String), status: 'open' }]);
      const [row] = rows;
      const { change, activity } = await lastStep(globalId('PeerExchangeRequest', row.id));
      expect(change).toEqual({ status: 'open', actor: actorKey });
      expect(activity).toEqual({ action: 'peerExchange.requested', actor: actorKey, group: cast.groupKey });
    },
    cells: { anonymous: 'UNAUTHENTICATED', reformer: 'allowed', memberOfAnotherGroup: 'allowed', curatorOfAnotherGroup: 'allowed', curatorOfThisGroup: 'allowed', admin: 'allowed' },
  },
  offerPeerExchange: {
    stage: 'open',
    call: (token, fixture) => hub.graphql(OfferPeerExchangeDocument, { input: { requestId: fixture.requestId, message: 'Matrix offer.' } }, { token }),
    userErrorsOf: (data) => (data as { offerPeerExchange: { userErrors: { code: string }[] } }).offerPeerExchange.userErrors,
    async effect(fixture, actorKey) {
      const offers = await sql(`select expert_id as expert, status from peer_exchange_offer where request_id = ?`, [keyOf(fixture.requestId)]);
      expect(offers).toEqual([{ expert: actorKey, status: 'pending' }]);
      expect((await lastStep(fixture.requestId)).activity).toEqual({ action: 'peerExchange.offered', actor: actorKey, group: cast.groupKey });
    },
    cells: { anonymous: 'UNAUTHENTICATED', reformer: 'allowed', memberOfAnotherGroup: 'allowed', curatorOfAnotherGroup: 'allowed', curatorOfThisGroup: 'allowed', admin: 'allowed', requester: 'NOT_ALLOWED_FOR_SELF' },
  },
  acceptPeerExchangeOffer: {
    stage: 'offered',
    call: (token, fixture) => hub.graphql(AcceptPeerExchangeOfferDocument, { input: { offerId: fixture.offerId } }, { token }),
    userErrorsOf: (data) => (data as { acceptPeerExchangeOffer: { userErrors: { code: string }[] } }).acceptPeerExchangeOffer.userErrors,
    async effect(fixture, actorKey) {
      expect(await offerStatus(fixture.offerId)).toBe('accepted');
      expect((await requestRow(fixture.requestId)).status).toBe('matched');
      expect(await lastStep(fixture.requestId)).toEqual({
        change: { status: 'matched', actor: actorKey },
        activity: { action: 'peerExchange.matched', actor: actorKey, group: cast.groupKey },
      });
    },
    cells: managers,
  },
  declinePeerExchangeOffer: {
    stage: 'offered',
    call: (token, fixture) => hub.graphql(DeclinePeerExchangeOfferDocument, { input: { offerId: fixture.offerId, note: 'Matrix.' } }, { token }),
    userErrorsOf: (data) => (data as { declinePeerExchangeOffer: { userErrors: { code: string }[] } }).declinePeerExchangeOffer.userErrors,
    async effect(fixture, actorKey) {
      expect(await offerStatus(fixture.offerId)).toBe('declined');
      expect((await requestRow(fixture.requestId)).status).toBe('open');
      expect((await lastStep(fixture.requestId)).activity).toEqual({ action: 'peerExchange.offerDeclined', actor: actorKey, group: cast.groupKey });
    },
    cells: managers,
  },
  completePeerExchange: {
    stage: 'matched',
    call: (token, fixture) => hub.graphql(CompletePeerExchangeDocument, { input: { requestId: fixture.requestId, outcome: 'Matrix outcome.' } }, { token }),
    userErrorsOf: (data) => (data as { completePeerExchange: { userErrors: { code: string }[] } }).completePeerExchange.userErrors,
    async effect(fixture, actorKey) {
      expect(await requestRow(fixture.requestId)).toMatchObject({ status: 'completed', outcome: 'Matrix outcome.' });
      expect(await lastStep(fixture.requestId)).toEqual({
        change: { status: 'completed', actor: actorKey },
        activity: { action: 'peerExchange.completed', actor: actorKey, group: cast.groupKey },
      });
    },
    cells: managers,
  },
  withdrawPeerExchangeRequest: {
    stage: 'offered',
    call: (token, fixture) => hub.graphql(WithdrawPeerExchangeRequestDocument, { input: { requestId: fixture.requestId, note: 'Matrix.' } }, { token }),
    userErrorsOf: (data) => (data as { withdrawPeerExchangeRequest: { userErrors: { code: string }[] } }).withdrawPeerExchangeRequest.userErrors,
    async effect(fixture, actorKey) {
      expect((await requestRow(fixture.requestId)).status).toBe('withdrawn');
      expect(await offerStatus(fixture.offerId)).toBe('declined');
      expect(await lastStep(fixture.requestId)).toEqual({
        change: { status: 'withdrawn', actor: actorKey },
        activity: { action: 'peerExchange.withdrawn', actor: actorKey, group: cast.groupKey },
      });
    },
    cells: managers,
  },
};

async function fixtureAt(stage: MatrixRow['stage']): Promise<Fixture> {
  const requester = await someone('Requester');
  if (stage === 'none') return { requester, requestId: '', offerId: '' };
  const request = await createRequest(requester);
  if (stage === 'open') return { requester, requestId: request.id, offerId: '' };
  const offer = await makeOffer(await someone('Expert'), request.id);
  if (stage === 'matched') await accept(requester, offer.id);
  return { requester, requestId: request.id, offerId: offer.id };
}

const CALLERS: Caller[] = [...ROLES, 'requester'];
const cases = Object.entries(MATRIX).flatMap(([name, row]) =>
  CALLERS.filter((caller) => row.cells[caller]).map((caller) => [name, caller, row.cells[caller]!] as const),
);

describe('the authorization matrix', () => {
  it('covers every mutation for each of the six roles', () => {
    for (const row of Object.values(MATRIX)) for (const role of ROLES) expect(row.cells[role]).toBeDefined();
  });

  it.each(cases)('%s by %s: %s', async (name, caller, expected) => {
    const row = MATRIX[name];
    const fixture = await fixtureAt(row.stage);
    const token = caller === 'requester' ? fixture.requester.token : cast.tokens[caller];
    const actorKey = caller === 'requester' ? fixture.requester.key : caller === 'anonymous' ? '' : cast.people[caller];
    const before = await workflowState();
    const response = await row.call(token, fixture);
    if (expected === 'allowed') {
      expect(row.userErrorsOf(dataOf(response))).toEqual([]);
      await row.effect(fixture, actorKey);
      return;
    }
    if (expected === 'NOT_ALLOWED_FOR_SELF') {
      expect(row.userErrorsOf(dataOf(response)).map((error) => error.code)).toEqual(['NOT_ALLOWED_FOR_SELF']);
    } else {
      expect(errorCodes(response)).toEqual([expected]);
      expect(response.data).toBeNull();
    }
    expect(await workflowState()).toEqual(before);
  });
});

describe('withdrawPeerExchangeOffer', () => {
  it('lets the expert take back a pending offer, and offer again later', async () => {
    const requester = await someone('Requester');
    const expert = await someone('Expert');
    const request = await createRequest(requester);
    const offer = await makeOffer(expert, request.id);
    const payload = dataOf(await hub.graphql(WithdrawPeerExchangeOfferDocument, { input: { offerId: offer.id, note: 'Travelling that month.' } }, { token: expert.token })).withdrawPeerExchangeOffer;
    expect(payload.userErrors).toEqual([]);
    expect(payload.offer!.status).toBe('WITHDRAWN');
    expect(payload.request!.status).toBe('OPEN');
    expect((await trail(request.id)).at(-1)).toMatchObject({ action: 'peerExchange.offerWithdrawn', actor: expert.key, summary: { note: 'Travelling that month.' } });
    await makeOffer(expert, request.id);
  });

  it('refuses an offer that is no longer pending, writing nothing', async () => {
    const requester = await someone('Requester');
    const expert = await someone('Expert');
    const request = await createRequest(requester);
    const offer = await makeOffer(expert, request.id);
    await accept(requester, offer.id);
    await expectNothingWritten(async () => {
      const payload = dataOf(await hub.graphql(WithdrawPeerExchangeOfferDocument, { input: { offerId: offer.id } }, { token: expert.token })).withdrawPeerExchangeOffer;
      expect(payload.userErrors).toEqual([expect.objectContaining({ field: ['offerId'], code: 'INVALID_TRANSITION' })]);
    });
  });

  it('is for the expert and admins: others are refused and nothing changes', async () => {
    const requester = await someone('Requester');
    const expert = await someone('Expert');
    const request = await createRequest(requester);
    const offer = await makeOffer(expert, request.id);
    for (const [token, code] of [
      [undefined, 'UNAUTHENTICATED'],
      [requester.token, 'FORBIDDEN'],
      [cast.tokens.reformer, 'FORBIDDEN'],
      [cast.tokens.curatorOfThisGroup, 'FORBIDDEN'],
    ] as const) {
      await expectNothingWritten(async () => {
        expect(errorCodes(await hub.graphql(WithdrawPeerExchangeOfferDocument, { input: { offerId: offer.id } }, { token }))).toEqual([code]);
      });
    }
    const byAdmin = dataOf(await hub.graphql(WithdrawPeerExchangeOfferDocument, { input: { offerId: offer.id } }, { token: cast.tokens.admin })).withdrawPeerExchangeOffer;
    expect(byAdmin.offer!.status).toBe('WITHDRAWN');
  });
});
