import { randomUUID } from 'node:crypto';
import {
  CancelWebinarDocument,
  type CancelWebinarInput,
  type CancelWebinarMutation,
  type MarkWebinarHeldInput,
  type MarkWebinarHeldMutation,
  type RescheduleWebinarInput,
  type ScheduleWebinarInput,
  MarkWebinarHeldDocument,
  RescheduleWebinarDocument,
  ScheduleWebinarDocument,
  WebinarRecordingDocument,
} from './generated/operations.js';
import { databaseFingerprint } from './support/fingerprint.js';
import { castRoles, globalId, newPerson, ROLES, type Role, type RoleCast } from './support/roles.js';
import { dataOf, errorCodes, startTestHub, type GraphQLResponse, type TestHub } from './support/test-hub.js';

let hub: TestHub;
let cast: RoleCast;
let groupId: string;
let speakers: { id: string }[];
beforeAll(async () => {
  hub = await startTestHub();
  cast = await castRoles(hub, 'open-data');
  groupId = globalId('WorkingGroup', cast.groupKey);
  speakers = [await newPerson(hub, 'Speaker'), await newPerson(hub, 'Speaker')];
});
afterAll(() => hub.close());

const sql = (query: string, params: unknown[] = []) => hub.sql(query, params);
const keyOf = (id: string) => Buffer.from(id, 'base64url').toString().split(':')[1];
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** A whole hour `days` from now, as a Date. */
const inDays = (days: number) => new Date(Math.ceil(Date.now() / HOUR) * HOUR + days * DAY);
/** The same instant written with a +02:00 offset. */
const plusTwo = (date: Date) => `${new Date(date.getTime() + 2 * HOUR).toISOString().slice(0, 19)}+02:00`;
const unknownKey = '00000000-0000-4000-8000-000000000000';

const scheduleInput = (overrides: Partial<ScheduleWebinarInput> = {}): ScheduleWebinarInput => ({
  workingGroupId: groupId,
  title: 'Open contracting data in practice',
  description: 'Three procurement agencies on publishing contracts as open data.',
  startsAt: inDays(30).toISOString(),
  timeZone: 'Africa/Tunis',
  durationMinutes: 60,
  language: 'fr',
  ...overrides,
});

/** Waits until `count` queries of this database wait for a lock. */
async function waitForBlockedQueries(count: number): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const [{ waiting }] = await sql(`select count(*)::int as waiting from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`);
    if (waiting >= count) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`${count} queries never waited for a lock`);
}

/** A webinar of the group written straight into the database. */
async function insertWebinar(options: { status?: string; startsAt?: Date; title?: string } = {}): Promise<string> {
  const key = randomUUID();
  await sql(
    `insert into webinar (id, working_group_id, title, description, starts_at, time_zone, duration_minutes, language, status)
     values (?, ?, ?, 'Arranged by the test.', ?::timestamptz, 'Europe/Paris', 60, 'es', ?)`,
    [key, cast.groupKey, options.title ?? `Webinar ${key.slice(0, 8)}`, (options.startsAt ?? inDays(10)).toISOString(), options.status ?? 'scheduled'],
  );
  return key;
}

/** How many rows each table a webinar mutation may write holds. */
function counts(): Promise<Record<string, number>> {
  return sql(`
    select (select count(*) from webinar)::int as webinar, (select count(*) from webinar_speaker)::int as webinar_speaker,
      (select count(*) from webinar_topic)::int as webinar_topic, (select count(*) from hub_event)::int as hub_event,
      (select count(*) from activity)::int as activity, (select count(*) from resource)::int as resource,
      (select count(*) from group_resource)::int as group_resource`).then(([row]) => row);
}

/** The webinar's row as JSON, to check it did not change. */
async function rowOf(key: string): Promise<unknown> {
  const [row] = await sql(`select row_to_json(w)::text as row from webinar w where w.id = ?`, [key]);
  return row?.row;
}

interface EventRow {
  sequence: bigint;
  type: string;
  group: string;
  subjectType: string;
}

async function eventsOf(key: string): Promise<EventRow[]> {
  const rows: (Omit<EventRow, 'sequence'> & { sequence: string })[] = await sql(
    `select sequence::text as sequence, type, working_group_id as "group", subject_type as "subjectType" from hub_event where subject_key = ? order by sequence`,
    [key],
  );
  return rows.map((row) => ({ ...row, sequence: BigInt(row.sequence) }));
}

async function activityOf(key: string): Promise<{ action: string; actor: string; group: string; summary: Record<string, unknown> }[]> {
  return sql(`select action, actor_id as actor, working_group_id as "group", summary from activity where subject_key = ? order by created_at, action`, [key]);
}

/** Sends scheduleWebinar as the admin, or as `options.token` (undefined: anonymously). */
const schedule = (input: Partial<ScheduleWebinarInput>, options: { token?: string } = { token: cast.tokens.admin }) =>
  hub.graphql(ScheduleWebinarDocument, { input: scheduleInput(input) }, options);

describe('the webinar lifecycle', () => {
  it('schedules, reschedules and marks a webinar held with its recording, writing one hub event per step', async () => {
    const startsAt = inDays(30);
    const scheduled = dataOf(
      await schedule(
        {
          startsAt: plusTwo(startsAt),
          joinUrl: 'https://example.org/join/open-contracting',
          speakerIds: [globalId('Person', speakers[1].id), globalId('Person', speakers[0].id)],
          topics: ['open-contracting', 'procurement'],
        },
        { token: cast.tokens.curatorOfThisGroup },
      ),
    ).scheduleWebinar;
    expect(scheduled.userErrors).toEqual([]);
    const webinar = scheduled.webinar!;
    expect(webinar).toMatchObject({
      status: 'SCHEDULED',
      title: 'Open contracting data in practice',
      startsAt: startsAt.toISOString(),
      endsAt: new Date(startsAt.getTime() + HOUR).toISOString(),
      timeZone: 'Africa/Tunis',
      durationMinutes: 60,
      language: 'fr',
      joinUrl: 'https://example.org/join/open-contracting',
      workingGroup: { slug: 'open-data' },
      speakers: [{ id: globalId('Person', speakers[1].id) }, { id: globalId('Person', speakers[0].id) }],
      recording: null,
    });
    expect(webinar.topics.map((topic) => topic.slug).sort()).toEqual(['open-contracting', 'procurement']);
    const key = keyOf(webinar.id);
    expect(await eventsOf(key)).toEqual([{ sequence: expect.any(BigInt), type: 'webinar.scheduled', group: cast.groupKey, subjectType: 'Webinar' }]);

    const newStart = inDays(31);
    const rescheduled = dataOf(
      await hub.graphql(RescheduleWebinarDocument, { input: { webinarId: webinar.id, startsAt: newStart.toISOString(), durationMinutes: 90 } }, { token: cast.tokens.admin }),
    ).rescheduleWebinar;
    expect(rescheduled.userErrors).toEqual([]);
    expect(rescheduled.webinar).toMatchObject({
      status: 'RESCHEDULED',
      startsAt: newStart.toISOString(),
      endsAt: new Date(newStart.getTime() + 90 * 60_000).toISOString(),
      timeZone: 'Africa/Tunis',
      durationMinutes: 90,
    });

    // A rescheduled webinar can move again.
    const thirdStart = inDays(32);
    const movedAgain = dataOf(
      await hub.graphql(RescheduleWebinarDocument, { input: { webinarId: webinar.id, startsAt: thirdStart.toISOString(), timeZone: 'europe/london' } }, { token: cast.tokens.curatorOfThisGroup }),
    ).rescheduleWebinar;
    expect(movedAgain.webinar).toMatchObject({ status: 'RESCHEDULED', startsAt: thirdStart.toISOString(), timeZone: 'Europe/London', durationMinutes: 90 });

    await sql(`update webinar set starts_at = now() - interval '2 hours' where id = ?`, [key]);
    const resourcesBefore = (await counts()).resource;
    const held = dataOf(
      await hub.graphql(
        MarkWebinarHeldDocument,
        {
          input: {
            webinarId: webinar.id,
            recording: { title: 'Recording: open contracting data in practice', summary: 'The full session with slides.', url: 'https://example.org/recordings/open-contracting' },
          },
        },
        { token: cast.tokens.curatorOfThisGroup },
      ),
    ).markWebinarHeld;
    expect(held.userErrors).toEqual([]);
    expect(held.webinar!.status).toBe('HELD');
    const recording = held.webinar!.recording!;
    expect(recording).toMatchObject({
      title: 'Recording: open contracting data in practice',
      url: 'https://example.org/recordings/open-contracting',
      kind: 'WEBINAR_RECORDING',
      status: 'PUBLISHED',
      language: 'fr',
      publishedOn: new Date().toISOString().slice(0, 10),
      workingGroups: [{ slug: 'open-data' }],
    });
    expect(recording.topics.map((topic) => topic.slug).sort()).toEqual(['open-contracting', 'procurement']);
    expect((await counts()).resource).toBe(resourcesBefore + 1);
    const [listed] = await sql(`select featured from group_resource where working_group_id = ? and resource_id = ?`, [cast.groupKey, keyOf(recording.id)]);
    expect(listed).toEqual({ featured: false });
    const [stored] = await sql(`select recording_id from webinar where id = ?`, [key]);
    expect(stored.recording_id).toBe(keyOf(recording.id));
    // The recording is public, and resolves for anyone reading the webinar.
    expect(dataOf(await hub.graphql(WebinarRecordingDocument, { id: webinar.id })).node).toEqual({
      id: webinar.id,
      status: 'HELD',
      recording: { id: recording.id, kind: 'WEBINAR_RECORDING', status: 'PUBLISHED' },
    });

    const events = await eventsOf(key);
    expect(events.map((event) => event.type)).toEqual(['webinar.scheduled', 'webinar.rescheduled', 'webinar.rescheduled', 'webinar.held']);
    for (let i = 1; i < events.length; i++) expect(events[i].sequence > events[i - 1].sequence).toBe(true);
    expect(new Set(events.map((event) => event.group))).toEqual(new Set([cast.groupKey]));

    const trail = await activityOf(key);
    expect(trail.map(({ action, actor, group }) => ({ action, actor, group }))).toEqual([
      { action: 'webinar.scheduled', actor: cast.people.curatorOfThisGroup, group: cast.groupKey },
      { action: 'webinar.rescheduled', actor: cast.people.admin, group: cast.groupKey },
      { action: 'webinar.rescheduled', actor: cast.people.curatorOfThisGroup, group: cast.groupKey },
      { action: 'webinar.held', actor: cast.people.curatorOfThisGroup, group: cast.groupKey },
    ]);
    expect(trail[3].summary).toMatchObject({ from: 'rescheduled', to: 'held', recordingKey: keyOf(recording.id) });
    expect((await activityOf(keyOf(recording.id))).map((row) => row.action)).toEqual(['resource.created']);
  });

  it('cancels a webinar with a note, once', async () => {
    const webinar = dataOf(await schedule({ title: 'To be cancelled' })).scheduleWebinar.webinar!;
    const key = keyOf(webinar.id);
    const cancelled = dataOf(await hub.graphql(CancelWebinarDocument, { input: { webinarId: webinar.id, note: 'The speakers cannot make it.' } }, { token: cast.tokens.curatorOfThisGroup })).cancelWebinar;
    expect(cancelled.userErrors).toEqual([]);
    expect(cancelled.webinar).toMatchObject({ id: webinar.id, status: 'CANCELLED', startsAt: webinar.startsAt });
    const events = await eventsOf(key);
    expect(events.map((event) => event.type)).toEqual(['webinar.scheduled', 'webinar.cancelled']);
    expect(events[1].sequence > events[0].sequence).toBe(true);
    const trail = await activityOf(key);
    expect(trail.map((row) => row.action)).toEqual(['webinar.scheduled', 'webinar.cancelled']);
    expect(trail[1]).toMatchObject({ actor: cast.people.curatorOfThisGroup, group: cast.groupKey, summary: { from: 'scheduled', to: 'cancelled', note: 'The speakers cannot make it.' } });
  });

  it('marks a started webinar held without a recording', async () => {
    const key = await insertWebinar({ status: 'rescheduled', startsAt: new Date(Date.now() - HOUR) });
    const before = await counts();
    const held = dataOf(await hub.graphql(MarkWebinarHeldDocument, { input: { webinarId: globalId('Webinar', key) } }, { token: cast.tokens.admin })).markWebinarHeld;
    expect(held.userErrors).toEqual([]);
    expect(held.webinar).toMatchObject({ status: 'HELD', recording: null });
    expect(await counts()).toEqual({ ...before, hub_event: before.hub_event + 1, activity: before.activity + 1 });
    expect((await eventsOf(key)).map((event) => event.type)).toEqual(['webinar.held']);
  });

  it('lets only one of two concurrent transitions of a webinar through', async () => {
    const key = await insertWebinar({ startsAt: new Date(Date.now() - HOUR) });
    const webinarId = globalId('Webinar', key);
    // Hold the webinar's row while both requests start, so they are truly concurrent: each must wait
    // for the row and then see the other's outcome. (Read without locking, both would see SCHEDULED.)
    const blocker = hub.orm.em.fork();
    await blocker.begin();
    let sent: Promise<unknown>[];
    try {
      await blocker.execute('select 1 from webinar where id = ? for update', [key]);
      sent = [
        hub.graphql(CancelWebinarDocument, { input: { webinarId, note: 'Called off.' } }, { token: cast.tokens.admin }),
        hub.graphql(MarkWebinarHeldDocument, { input: { webinarId } }, { token: cast.tokens.curatorOfThisGroup }),
      ];
      await waitForBlockedQueries(2);
    } finally {
      await blocker.commit();
    }
    const [cancel, held] = (await Promise.all(sent)) as [GraphQLResponse<CancelWebinarMutation>, GraphQLResponse<MarkWebinarHeldMutation>];
    const outcomes = [dataOf(cancel).cancelWebinar, dataOf(held).markWebinarHeld];
    expect(outcomes.filter((payload) => payload.userErrors.length === 0)).toHaveLength(1);
    expect(outcomes.filter((payload) => payload.userErrors[0]?.code === 'INVALID_TRANSITION')).toHaveLength(1);
    const winner = outcomes.find((payload) => payload.userErrors.length === 0)!.webinar!.status;
    expect((await eventsOf(key)).map((event) => event.type)).toEqual([winner === 'HELD' ? 'webinar.held' : 'webinar.cancelled']);
    expect((await activityOf(key)).map((row) => row.action)).toEqual([winner === 'HELD' ? 'webinar.held' : 'webinar.cancelled']);
  });

  it('lets many transitions in one group run at once without deadlocks, each with its own event', async () => {
    const keys: string[] = [];
    for (let i = 0; i < 24; i++) keys.push(await insertWebinar({ startsAt: new Date(Date.now() - HOUR) }));
    const results = await Promise.all(
      keys.map((key, i) =>
        i % 2
          ? hub.graphql(CancelWebinarDocument, { input: { webinarId: globalId('Webinar', key), note: 'Called off.' } }, { token: cast.tokens.admin })
          : hub.graphql(
              MarkWebinarHeldDocument,
              { input: { webinarId: globalId('Webinar', key), recording: { title: `Recording ${i}`, summary: 'The session.', url: `https://example.org/recordings/busy-${i}` } } },
              { token: cast.tokens.curatorOfThisGroup },
            ),
      ),
    );
    expect(results.flatMap((result) => result.errors ?? [])).toEqual([]);
    const events = await sql(`select subject_key as key, type from hub_event where subject_key in (?) order by sequence`, [keys]);
    expect(events).toHaveLength(keys.length);
    expect(new Set(events.map((event: { key: string }) => event.key))).toEqual(new Set(keys));
  });

  it('leaves no event, activity or webinar behind when the transaction fails after the event was written', async () => {
    // A deferred trigger fails the commit itself, after every write of the mutation (the event included) was made.
    await sql(`create function fail_doomed_webinar() returns trigger language plpgsql as $$
      begin if new.title = 'Doomed webinar' then raise exception 'doomed'; end if; return null; end $$`);
    await sql(`create constraint trigger doomed_webinar after insert on webinar deferrable initially deferred for each row execute function fail_doomed_webinar()`);
    try {
      const before = await counts();
      const [{ max: lastSequence }] = await sql(`select coalesce(max(sequence), 0)::text as max from hub_event`);
      const response = await schedule({ title: 'Doomed webinar', speakerIds: [globalId('Person', speakers[0].id)], topics: ['procurement'] });
      expect(response.errors?.length).toBeGreaterThan(0);
      expect(await counts()).toEqual(before);
      expect(await sql(`select type from hub_event where sequence > ?::bigint`, [lastSequence])).toEqual([]);
    } finally {
      await sql(`drop trigger doomed_webinar on webinar`);
      await sql(`drop function fail_doomed_webinar()`);
    }
  });
});

/** Sends a mutation that must be refused with user errors; checks that nothing was written and returns the errors. */
async function refused(send: () => Promise<GraphQLResponse<Record<string, { webinar: unknown; userErrors: { field: string[] | null; code: string }[] }>>>) {
  const before = { counts: await counts(), fingerprint: await databaseFingerprint(hub) };
  const payload = Object.values(dataOf(await send()))[0];
  expect(payload.webinar).toBeNull();
  expect(payload.userErrors.length).toBeGreaterThan(0);
  expect(await counts()).toEqual(before.counts);
  expect(await databaseFingerprint(hub)).toEqual(before.fingerprint);
  return payload.userErrors.map(({ field, code }) => ({ field, code }));
}

describe('user errors', () => {
  it('scheduleWebinar reports every malformed field with its path', async () => {
    const errors = await refused(() =>
      schedule({
        workingGroupId: 'not-an-id',
        title: ' ',
        description: '',
        startsAt: '2030-01-01 10:00',
        timeZone: 'Mars/Olympus_Mons',
        durationMinutes: 0,
        language: 'French',
        joinUrl: 'ftp://example.org/join',
        speakerIds: [globalId('Person', speakers[0].id), globalId('WorkingGroup', cast.groupKey)],
        topics: Array.from({ length: 21 }, (_, index) => `topic-${index}`),
      }),
    );
    expect(errors).toEqual(
      expect.arrayContaining([
        { field: ['workingGroupId'], code: 'INVALID' },
        { field: ['title'], code: 'REQUIRED' },
        { field: ['description'], code: 'REQUIRED' },
        { field: ['startsAt'], code: 'INVALID' },
        { field: ['timeZone'], code: 'INVALID' },
        { field: ['durationMinutes'], code: 'TOO_SHORT' },
        { field: ['language'], code: 'INVALID' },
        { field: ['joinUrl'], code: 'INVALID' },
        { field: ['speakerIds', '1'], code: 'INVALID' },
        { field: ['topics'], code: 'TOO_LONG' },
      ]),
    );
    expect(errors).toHaveLength(10);
  });

  it('scheduleWebinar refuses a start in the past, a fixed offset for a zone, an impossible date and an over-long webinar or title', async () => {
    expect(await refused(() => schedule({ startsAt: new Date(Date.now() - 60_000).toISOString() }))).toEqual([{ field: ['startsAt'], code: 'IN_THE_PAST' }]);
    expect(await refused(() => schedule({ startsAt: '2031-02-30T10:00:00Z' }))).toEqual([{ field: ['startsAt'], code: 'INVALID' }]);
    expect(await refused(() => schedule({ startsAt: '2031-01-10T10:00:00' }))).toEqual([{ field: ['startsAt'], code: 'INVALID' }]);
    expect(await refused(() => schedule({ timeZone: '+01:00' }))).toEqual([{ field: ['timeZone'], code: 'INVALID' }]);
    expect(await refused(() => schedule({ durationMinutes: 1441 }))).toEqual([{ field: ['durationMinutes'], code: 'TOO_LONG' }]);
    expect(await refused(() => schedule({ title: 'x'.repeat(301) }))).toEqual([{ field: ['title'], code: 'TOO_LONG' }]);
  });

  it('scheduleWebinar reports an unknown group, speakers and topics as NOT_FOUND', async () => {
    expect(await refused(() => schedule({ workingGroupId: globalId('WorkingGroup', unknownKey) }))).toEqual([{ field: ['workingGroupId'], code: 'NOT_FOUND' }]);
    expect(
      await refused(() => schedule({ speakerIds: [globalId('Person', speakers[0].id), globalId('Person', unknownKey), globalId('Person', randomUUID())] })),
    ).toEqual([
      { field: ['speakerIds', '1'], code: 'NOT_FOUND' },
      { field: ['speakerIds', '2'], code: 'NOT_FOUND' },
    ]);
    expect(await refused(() => schedule({ topics: ['procurement', 'no-such-topic'] }))).toEqual([{ field: ['topics', '1'], code: 'NOT_FOUND' }]);
  });

  it('rescheduleWebinar reports malformed, unknown, past and unchanged times, and webinars that cannot move', async () => {
    const startsAt = inDays(12);
    const key = await insertWebinar({ startsAt });
    const webinarId = globalId('Webinar', key);
    const reschedule = (input: Partial<RescheduleWebinarInput>) => () =>
      hub.graphql(RescheduleWebinarDocument, { input: { webinarId, startsAt: inDays(14).toISOString(), ...input } }, { token: cast.tokens.curatorOfThisGroup });
    expect(await refused(reschedule({ webinarId: globalId('Resource', key), startsAt: 'soon', timeZone: 'Nowhere/City', durationMinutes: 0 }))).toEqual([
      { field: ['webinarId'], code: 'INVALID' },
      { field: ['startsAt'], code: 'INVALID' },
      { field: ['timeZone'], code: 'INVALID' },
      { field: ['durationMinutes'], code: 'TOO_SHORT' },
    ]);
    expect(await refused(reschedule({ durationMinutes: 2000 }))).toEqual([{ field: ['durationMinutes'], code: 'TOO_LONG' }]);
    expect(await refused(reschedule({ webinarId: globalId('Webinar', unknownKey) }))).toEqual([{ field: ['webinarId'], code: 'NOT_FOUND' }]);
    expect(await refused(reschedule({ startsAt: new Date(Date.now() - DAY).toISOString() }))).toEqual([{ field: ['startsAt'], code: 'IN_THE_PAST' }]);
    expect(await refused(reschedule({ startsAt: plusTwo(startsAt) }))).toEqual([{ field: ['startsAt'], code: 'ALREADY_DONE' }]);
    for (const status of ['cancelled', 'held']) {
      const closed = globalId('Webinar', await insertWebinar({ status }));
      expect(await refused(reschedule({ webinarId: closed }))).toEqual([{ field: null, code: 'INVALID_TRANSITION' }]);
    }
    expect(await rowOf(key)).toMatch(/"status":"scheduled"/);
  });

  it('cancelWebinar reports malformed and unknown webinars, a missing or over-long note, and webinars already over', async () => {
    const webinarId = globalId('Webinar', await insertWebinar());
    const cancel = (input: Partial<CancelWebinarInput>) => () =>
      hub.graphql(CancelWebinarDocument, { input: { webinarId, note: 'Called off.', ...input } }, { token: cast.tokens.curatorOfThisGroup });
    expect(await refused(cancel({ webinarId: 'nonsense', note: '  ' }))).toEqual([
      { field: ['webinarId'], code: 'INVALID' },
      { field: ['note'], code: 'REQUIRED' },
    ]);
    expect(await refused(cancel({ note: 'x'.repeat(2001) }))).toEqual([{ field: ['note'], code: 'TOO_LONG' }]);
    expect(await refused(cancel({ webinarId: globalId('Webinar', unknownKey) }))).toEqual([{ field: ['webinarId'], code: 'NOT_FOUND' }]);
    for (const status of ['cancelled', 'held']) {
      const closed = globalId('Webinar', await insertWebinar({ status }));
      expect(await refused(cancel({ webinarId: closed }))).toEqual([{ field: null, code: 'INVALID_TRANSITION' }]);
    }
  });

  it('markWebinarHeld reports malformed and unknown webinars, a bad recording, and webinars not started or already over', async () => {
    const webinarId = globalId('Webinar', await insertWebinar({ startsAt: new Date(Date.now() - HOUR) }));
    const markHeld = (input: Partial<MarkWebinarHeldInput>) => () =>
      hub.graphql(MarkWebinarHeldDocument, { input: { webinarId, ...input } }, { token: cast.tokens.curatorOfThisGroup });
    expect(
      await refused(markHeld({ webinarId: globalId('Person', cast.people.admin), recording: { title: '', summary: ' ', url: 'javascript:alert(1)', language: 'Spanish' } })),
    ).toEqual([
      { field: ['webinarId'], code: 'INVALID' },
      { field: ['recording', 'title'], code: 'REQUIRED' },
      { field: ['recording', 'summary'], code: 'REQUIRED' },
      { field: ['recording', 'url'], code: 'INVALID' },
      { field: ['recording', 'language'], code: 'INVALID' },
    ]);
    expect(await refused(markHeld({ webinarId: globalId('Webinar', unknownKey) }))).toEqual([{ field: ['webinarId'], code: 'NOT_FOUND' }]);
    const notStarted = globalId('Webinar', await insertWebinar({ startsAt: inDays(1) }));
    const recording = { title: 'Recording', summary: 'The session.', url: 'https://example.org/recordings/early' };
    expect(await refused(markHeld({ webinarId: notStarted, recording }))).toEqual([{ field: null, code: 'INVALID_TRANSITION' }]);
    for (const status of ['cancelled', 'held']) {
      const closed = globalId('Webinar', await insertWebinar({ status, startsAt: new Date(Date.now() - DAY) }));
      expect(await refused(markHeld({ webinarId: closed, recording }))).toEqual([{ field: null, code: 'INVALID_TRANSITION' }]);
    }
  });
});

type Outcome = 'allowed' | 'UNAUTHENTICATED' | 'FORBIDDEN';
const curatorsAndAdmins: Record<Role, Outcome> = {
  anonymous: 'UNAUTHENTICATED',
  reformer: 'FORBIDDEN',
  memberOfAnotherGroup: 'FORBIDDEN',
  curatorOfAnotherGroup: 'FORBIDDEN',
  curatorOfThisGroup: 'allowed',
  admin: 'allowed',
};

interface MatrixCase {
  /** Arranges a webinar to act on (none for scheduleWebinar) and sends the mutation as `token`. */
  send(token: string | undefined, webinarKey: string | null): Promise<GraphQLResponse<Record<string, { webinar: { id: string; status: string } | null; userErrors: unknown[] }>>>;
  arrange(): Promise<string | null>;
  status: string;
  event: string;
}

const matrix: Record<string, MatrixCase> = {
  scheduleWebinar: {
    arrange: async () => null,
    send: (token) =>
      schedule({ title: 'Matrix webinar', speakerIds: [globalId('Person', speakers[0].id)], topics: ['procurement'], joinUrl: 'https://example.org/join/matrix' }, { token }),
    status: 'SCHEDULED',
    event: 'webinar.scheduled',
  },
  rescheduleWebinar: {
    arrange: () => insertWebinar(),
    send: (token, key) => hub.graphql(RescheduleWebinarDocument, { input: { webinarId: globalId('Webinar', key!), startsAt: inDays(20).toISOString() } }, { token }),
    status: 'RESCHEDULED',
    event: 'webinar.rescheduled',
  },
  cancelWebinar: {
    arrange: () => insertWebinar(),
    send: (token, key) => hub.graphql(CancelWebinarDocument, { input: { webinarId: globalId('Webinar', key!), note: 'No longer needed.' } }, { token }),
    status: 'CANCELLED',
    event: 'webinar.cancelled',
  },
  markWebinarHeld: {
    arrange: () => insertWebinar({ startsAt: new Date(Date.now() - HOUR) }),
    send: (token, key) =>
      hub.graphql(
        MarkWebinarHeldDocument,
        { input: { webinarId: globalId('Webinar', key!), recording: { title: 'Matrix recording', summary: 'The session.', url: 'https://example.org/recordings/matrix' } } },
        { token },
      ),
    status: 'HELD',
    event: 'webinar.held',
  },
};

describe('authorization', () => {
  const cells = Object.keys(matrix).flatMap((name) => ROLES.map((role) => [name, role, curatorsAndAdmins[role]] as const));

  it.each(cells)('%s as %s: %s', async (name, role, outcome) => {
    const { arrange, send, status, event } = matrix[name];
    const webinarKey = await arrange();
    const before = { counts: await counts(), row: webinarKey && (await rowOf(webinarKey)), fingerprint: await databaseFingerprint(hub) };
    const response = await send(cast.tokens[role], webinarKey);
    if (outcome === 'allowed') {
      const payload = dataOf(response)[name];
      expect(payload.userErrors).toEqual([]);
      expect(payload.webinar!.status).toBe(status);
      const key = webinarKey ?? keyOf(payload.webinar!.id);
      expect((await eventsOf(key)).map((row) => row.type)).toEqual([event]);
      expect(await activityOf(key)).toEqual([expect.objectContaining({ action: event, actor: cast.people[role as Exclude<Role, 'anonymous'>] })]);
    } else {
      expect(errorCodes(response)).toEqual([outcome]);
      expect(response.data?.[name] ?? null).toBeNull();
      expect(await counts()).toEqual(before.counts);
      if (webinarKey) expect(await rowOf(webinarKey)).toEqual(before.row);
      expect(await databaseFingerprint(hub)).toEqual(before.fingerprint);
    }
  });

  it('refuses anonymous callers before looking at their input', async () => {
    const response = await hub.graphql(CancelWebinarDocument, { input: { webinarId: 'nonsense', note: '' } });
    expect(errorCodes(response)).toEqual(['UNAUTHENTICATED']);
  });
});
