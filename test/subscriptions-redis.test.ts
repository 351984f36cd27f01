import { ScheduleWebinarDocument, WebinarAnnouncedDocument } from './generated/operations.js';
import { castRoles, globalId, type RoleCast } from './support/roles.js';
import { eventually, Subscriber, wsClient } from './support/subscriber.js';
import { dataOf, startTestHub, type TestHub } from './support/test-hub.js';

/**
 * The Redis transport (REDIS_URL). These tests need a Redis server: they run
 * when TEST_REDIS_URL names one (CI sets it), and are left out otherwise, as
 * on a fresh machine without Redis.
 */
const redisUrl = process.env.TEST_REDIS_URL;
const describeWithRedis = redisUrl ? describe : describe.skip;

describeWithRedis('live events over Redis pub/sub', () => {
  let a: TestHub;
  let b: TestHub;
  let cast: RoleCast;
  beforeAll(async () => {
    a = await startTestHub({ redisUrl });
    b = await startTestHub({ redisUrl, databaseUrl: a.databaseUrl });
    cast = await castRoles(a, 'open-data');
  });
  afterAll(async () => {
    await b.close();
    await a.close();
  });

  const schedule = async (on: TestHub, title: string) =>
    dataOf(
      await on.graphql(
        ScheduleWebinarDocument,
        {
          input: {
            workingGroupId: globalId('WorkingGroup', cast.groupKey),
            title,
            description: 'A session.',
            startsAt: new Date(Date.now() + 3_600_000).toISOString(),
            timeZone: 'UTC',
            durationMinutes: 30,
            language: 'en',
          },
        },
        { token: cast.tokens.admin },
      ),
    ).scheduleWebinar.webinar!;

  it('reach subscribers on another instance within a second', async () => {
    const client = wsClient(a.url);
    try {
      const subscriber = new Subscriber(client, WebinarAnnouncedDocument);
      await eventually(() => a.events.subscriberCount > 0);
      const started = Date.now();
      const webinar = await schedule(b, 'Over Redis');
      const [event] = await subscriber.waitFor(1, 1000);
      expect(Date.now() - started).toBeLessThan(1000);
      expect(event.webinarAnnounced.webinar.id).toBe(webinar.id);
    } finally {
      await client.dispose();
    }
  });

  it('are caught up after the Redis connection dropped', async () => {
    const client = wsClient(a.url);
    try {
      const subscriber = new Subscriber(client, WebinarAnnouncedDocument);
      await eventually(() => a.events.subscriberCount > 0);
      await a.events.dropListenerConnection();
      await schedule(b, 'While Redis was away');
      const [event] = await subscriber.waitFor(1, 5000);
      expect(event.webinarAnnounced.webinar.title).toBe('While Redis was away');
    } finally {
      await client.dispose();
    }
  });

  it('never announce a write that rolled back', async () => {
    await a.sql(`create function refuse_commit() returns trigger language plpgsql as $$ begin raise exception 'commit refused'; end $$`);
    await a.sql(`create constraint trigger refuse_commit after insert on hub_event deferrable initially deferred for each row execute function refuse_commit()`);
    const client = wsClient(a.url);
    try {
      const subscriber = new Subscriber(client, WebinarAnnouncedDocument);
      await eventually(() => a.events.subscriberCount > 0);
      await expect(schedule(b, 'Rolled back')).rejects.toThrow(/INTERNAL_SERVER_ERROR/);
      await a.sql(`drop trigger refuse_commit on hub_event`);
      await a.sql(`drop function refuse_commit()`);
      await schedule(b, 'Committed');
      await subscriber.waitFor(1);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(subscriber.received.map((event) => event.webinarAnnounced.webinar.title)).toEqual(['Committed']);
    } finally {
      await client.dispose();
    }
  });
});
