import WebSocket from 'ws';
import { CancelWebinarDocument, ScheduleWebinarDocument, WebinarAnnouncedDocument, WebinarChangedDocument } from './generated/operations.js';
import { startHubProcess } from './support/hub-process.js';
import { castRoles, globalId, type RoleCast } from './support/roles.js';
import { eventually, Subscriber, wsClient } from './support/subscriber.js';
import { dataOf, startTestHub, type TestHub } from './support/test-hub.js';

let hub: TestHub;
let cast: RoleCast;
beforeAll(async () => {
  hub = await startTestHub({ keepAliveMs: 200 });
  cast = await castRoles(hub, 'open-data');
});
afterAll(() => hub.close());

const inOneHour = () => new Date(Date.now() + 3_600_000).toISOString();

async function schedule(on: TestHub | string, title: string, options: { group?: string; language?: string } = {}) {
  const [{ id: groupKey }] = await hub.sql(`select id from working_group where slug = ?`, [options.group ?? 'open-data']);
  const input = {
    workingGroupId: globalId('WorkingGroup', groupKey),
    title,
    description: 'A session.',
    startsAt: inOneHour(),
    timeZone: 'Europe/London',
    durationMinutes: 60,
    language: options.language ?? 'en',
  };
  if (typeof on !== 'string') return dataOf(await on.graphql(ScheduleWebinarDocument, { input }, { token: cast.tokens.admin })).scheduleWebinar.webinar!;
  const response = await fetch(on, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${cast.tokens.admin}` },
    body: JSON.stringify({ query: 'mutation($input: ScheduleWebinarInput!) { scheduleWebinar(input: $input) { webinar { id } userErrors { message } } }', variables: { input } }),
  });
  return ((await response.json()) as { data: { scheduleWebinar: { webinar: { id: string } } } }).data.scheduleWebinar.webinar;
}

describe('webinarAnnounced', () => {
  it('delivers a webinar scheduled on another server process within a second', async () => {
    const other = await startHubProcess(hub.databaseUrl);
    const client = wsClient(hub.url);
    try {
      const subscriber = new Subscriber(client, WebinarAnnouncedDocument);
      await eventually(() => hub.events.subscriberCount > 0);
      const started = Date.now();
      const webinar = await schedule(other.url, 'Across instances');
      const [event] = await subscriber.waitFor(1, 1000);
      expect(Date.now() - started).toBeLessThan(1000);
      expect(event.webinarAnnounced).toMatchObject({ kind: 'SCHEDULED', webinar: { id: webinar.id, title: 'Across instances' } });
      subscriber.stop();
    } finally {
      await client.dispose();
      await other.stop();
    }
  }, 30_000);

  it('delivers only what the filter asks for', async () => {
    const client = wsClient(hub.url);
    try {
      const byGroup = new Subscriber(client, WebinarAnnouncedDocument, { filter: { groupSlugs: ['fiscal-openness'] } });
      const byLanguage = new Subscriber(client, WebinarAnnouncedDocument, { filter: { languages: ['fr'] } });
      await eventually(() => hub.events.subscriberCount >= 2);
      await schedule(hub, 'Open data, in English');
      await schedule(hub, 'Budgets, in French', { group: 'fiscal-openness', language: 'fr' });
      const [group] = await byGroup.waitFor(1);
      const [language] = await byLanguage.waitFor(1);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(byGroup.received.map((event) => event.webinarAnnounced.webinar.title)).toEqual(['Budgets, in French']);
      expect(byLanguage.received.map((event) => event.webinarAnnounced.webinar.title)).toEqual(['Budgets, in French']);
      expect(group.webinarAnnounced.webinar.workingGroup.slug).toBe('fiscal-openness');
      expect(language.webinarAnnounced.webinar.language).toBe('fr');
    } finally {
      await client.dispose();
    }
  });

  it('replays what a client missed after its cursor, then goes live, without duplicates or gaps', async () => {
    const first = wsClient(hub.url);
    const subscriber = new Subscriber(first, WebinarAnnouncedDocument);
    await eventually(() => hub.events.subscriberCount > 0);
    await schedule(hub, 'Replay 1');
    const [seen] = await subscriber.waitFor(1);
    await first.dispose();
    await eventually(() => hub.events.subscriberCount === 0);

    await schedule(hub, 'Replay 2');
    await schedule(hub, 'Replay 3');
    const second = wsClient(hub.url);
    try {
      const resumed = new Subscriber(second, WebinarAnnouncedDocument, { after: seen.webinarAnnounced.cursor });
      await resumed.waitFor(2);
      await schedule(hub, 'Replay 4');
      await resumed.waitFor(3);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(resumed.received.map((event) => event.webinarAnnounced.webinar.title)).toEqual(['Replay 2', 'Replay 3', 'Replay 4']);
    } finally {
      await second.dispose();
    }
  });

  it('delivers events committed while the listener connection was down', async () => {
    const client = wsClient(hub.url);
    try {
      const subscriber = new Subscriber(client, WebinarAnnouncedDocument);
      await eventually(() => hub.events.subscriberCount > 0);
      await hub.events.dropListenerConnection();
      await schedule(hub, 'During the outage');
      const [event] = await subscriber.waitFor(1, 5000);
      expect(event.webinarAnnounced.webinar.title).toBe('During the outage');
    } finally {
      await client.dispose();
    }
  });

  it('never announces a write that rolled back', async () => {
    // Fail at commit, after the event row (and its NOTIFY) was written.
    await hub.sql(`create function refuse_commit() returns trigger language plpgsql as $$ begin raise exception 'commit refused'; end $$`);
    await hub.sql(`create constraint trigger refuse_commit after insert on hub_event deferrable initially deferred for each row execute function refuse_commit()`);
    const client = wsClient(hub.url);
    try {
      const subscriber = new Subscriber(client, WebinarAnnouncedDocument);
      await eventually(() => hub.events.subscriberCount > 0);
      const failed = await hub.graphql(ScheduleWebinarDocument, {
        input: { workingGroupId: globalId('WorkingGroup', cast.groupKey), title: 'Rolled back', description: 'x', startsAt: inOneHour(), timeZone: 'UTC', durationMinutes: 30, language: 'en' },
      }, { token: cast.tokens.admin });
      expect(failed.errors?.[0].extensions?.code).toBe('INTERNAL_SERVER_ERROR');
      await hub.sql(`drop trigger refuse_commit on hub_event`);
      await hub.sql(`drop function refuse_commit()`);
      await schedule(hub, 'Committed');
      await subscriber.waitFor(1);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(subscriber.received.map((event) => event.webinarAnnounced.webinar.title)).toEqual(['Committed']);
    } finally {
      await client.dispose();
    }
  });
});

describe('webinarChanged', () => {
  it('delivers cancellations, not announcements', async () => {
    const client = wsClient(hub.url);
    try {
      const changes = new Subscriber(client, WebinarChangedDocument);
      await eventually(() => hub.events.subscriberCount > 0);
      const webinar = await schedule(hub, 'To be cancelled');
      await hub.graphql(CancelWebinarDocument, { input: { webinarId: webinar.id, note: 'Speaker unavailable.' } }, { token: cast.tokens.admin });
      const [event] = await changes.waitFor(1);
      expect(event.webinarChanged).toMatchObject({ kind: 'CANCELLED', webinar: { id: webinar.id, status: 'CANCELLED' } });
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(changes.received).toHaveLength(1);
    } finally {
      await client.dispose();
    }
  });
});

describe('validation', () => {
  it('refuses over WebSocket what HTTP refuses, with the same message', async () => {
    const query = 'subscription { webinarAnnounced { cursor nosuchfield } }';
    const http = await hub.post({ query });
    const client = wsClient(hub.url);
    try {
      const errors = await new Promise<readonly { message: string }[]>((resolve) => {
        client.subscribe({ query }, { next: () => {}, error: (error) => resolve(error as { message: string }[]), complete: () => {} });
      });
      expect(errors.map((error) => error.message)).toEqual(http.errors!.map((error) => error.message));
      expect(errors[0].message).toMatch(/Cannot query field "nosuchfield"/);
    } finally {
      await client.dispose();
    }
  });

  it('refuses an event cursor it did not issue', async () => {
    const client = wsClient(hub.url);
    try {
      const subscriber = new Subscriber(client, WebinarAnnouncedDocument, { after: 'bogus' });
      await expect(subscriber.waitFor(1)).rejects.toThrow(/not an event cursor this API issued/);
    } finally {
      await client.dispose();
    }
  });
});

describe('subscribers', () => {
  it('leave no listener behind when they disconnect', async () => {
    const clients = Array.from({ length: 5 }, () => wsClient(hub.url));
    for (const client of clients) new Subscriber(client, WebinarAnnouncedDocument);
    await eventually(() => hub.events.subscriberCount === 5);
    await Promise.all(clients.map((client) => client.dispose()));
    await eventually(() => hub.events.subscriberCount === 0);
  });
});

describe('the graphql-ws protocol', () => {
  function socket(): Promise<{ ws: WebSocket; messages: unknown[]; closed: Promise<{ code: number; reason: string }>; pings: () => number }> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(hub.url.replace(/^http/, 'ws'), 'graphql-transport-ws');
      const messages: unknown[] = [];
      let pings = 0;
      const closed = new Promise<{ code: number; reason: string }>((done) => ws.on('close', (code, reason) => done({ code, reason: reason.toString() })));
      ws.on('message', (data) => messages.push(JSON.parse(data.toString())));
      ws.on('ping', () => (pings += 1));
      ws.once('open', () => resolve({ ws, messages, closed, pings: () => pings }));
      ws.once('error', reject);
    });
  }
  const send = (ws: WebSocket, message: object) => ws.send(JSON.stringify(message));
  const subscribe = (id: string) => ({ id, type: 'subscribe', payload: { query: 'subscription { webinarAnnounced { cursor } }' } });

  it('closes with 4401 when a client subscribes before the connection is acknowledged', async () => {
    const { ws, closed } = await socket();
    send(ws, subscribe('1'));
    expect((await closed).code).toBe(4401);
  });

  it('closes with 4408 when connection_init does not come in time', async () => {
    const { closed } = await socket();
    expect((await closed).code).toBe(4408);
  }, 10_000);

  it('closes with 4429 on a second connection_init', async () => {
    const { ws, closed, messages } = await socket();
    send(ws, { type: 'connection_init' });
    await eventually(() => messages.length > 0);
    expect(messages[0]).toEqual({ type: 'connection_ack' });
    send(ws, { type: 'connection_init' });
    expect((await closed).code).toBe(4429);
  });

  it('closes with 4409 when a subscription id is reused while active', async () => {
    const { ws, closed, messages } = await socket();
    send(ws, { type: 'connection_init' });
    await eventually(() => messages.length > 0);
    send(ws, subscribe('same'));
    await eventually(() => hub.events.subscriberCount > 0);
    send(ws, subscribe('same'));
    expect((await closed).code).toBe(4409);
    await eventually(() => hub.events.subscriberCount === 0);
  });

  it('closes with 4403 when the access token is bad, and accepts a good one', async () => {
    const bad = await socket();
    send(bad.ws, { type: 'connection_init', payload: { authorization: 'Bearer ogh_not-a-token' } });
    expect((await bad.closed).code).toBe(4403);
    const good = await socket();
    send(good.ws, { type: 'connection_init', payload: { authorization: `Bearer ${cast.tokens.reformer}` } });
    await eventually(() => good.messages.length > 0);
    expect(good.messages[0]).toEqual({ type: 'connection_ack' });
    good.ws.close();
  });

  it('pings idle connections to keep them alive', async () => {
    const { ws, messages, pings } = await socket();
    send(ws, { type: 'connection_init' });
    await eventually(() => messages.length > 0);
    await eventually(() => pings() >= 2, 2000);
    ws.close();
  });

  it('completes subscriptions and closes sockets when the server shuts down', async () => {
    const second = await startTestHub({ databaseUrl: hub.databaseUrl });
    const ws = new WebSocket(second.url.replace(/^http/, 'ws'), 'graphql-transport-ws');
    const messages: { type: string; id?: string }[] = [];
    const closed = new Promise<number>((done) => ws.on('close', (code) => done(code)));
    ws.on('message', (data) => messages.push(JSON.parse(data.toString())));
    await new Promise((resolve) => ws.once('open', resolve));
    send(ws, { type: 'connection_init' });
    await eventually(() => messages.length > 0);
    send(ws, subscribe('live'));
    await eventually(() => second.events.subscriberCount > 0);
    await second.close();
    expect(await closed).toBe(1001);
    expect(second.events.subscriberCount).toBe(0);
  });
});
