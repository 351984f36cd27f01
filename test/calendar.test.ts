import ICAL from 'ical.js';
import { globalId } from './support/roles.js';
import { startTestHub, type TestHub } from './support/test-hub.js';

let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub();
});
afterAll(() => hub.close());

const base = () => hub.url.replace(/\/graphql$/, '');

/** Fetches a feed and parses it with ical.js (a strict RFC 5545 parser); returns its events. */
async function feed(path: string) {
  const response = await fetch(`${base()}${path}`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
  const calendar = new ICAL.Component(ICAL.parse(await response.text()) as unknown[]);
  expect(calendar.name).toBe('vcalendar');
  expect(calendar.getFirstPropertyValue('version')).toBe('2.0');
  return calendar.getAllSubcomponents('vevent').map((component) => new ICAL.Event(component));
}

const upcoming = (groupCondition = 'true') =>
  hub.sql(`select w.id, w.title, w.status from webinar w join working_group g on g.id = w.working_group_id
           where w.starts_at + make_interval(mins => w.duration_minutes) > now() and ${groupCondition} order by w.starts_at, w.id`);

describe('calendar feeds', () => {
  it('list every group\'s upcoming webinars as valid iCalendar events', async () => {
    const expected = await upcoming();
    expect(expected.length).toBeGreaterThan(0);
    const events = await feed('/ical/webinars.ics');
    expect(events.map((event) => event.summary)).toEqual(expected.map((row: { title: string }) => row.title));
    expect(events.map((event) => event.uid)).toEqual(expected.map((row: { id: string }) => `${globalId('Webinar', row.id)}@opengov-hub`));
    for (const event of events) {
      expect(event.startDate.toJSDate().getTime()).toBeGreaterThan(Date.now() - 86_400_000);
      expect(event.endDate.compare(event.startDate)).toBe(1);
    }
  });

  it('list one group\'s upcoming webinars, and say 404 for an unknown group', async () => {
    const expected = await upcoming(`g.slug = 'open-data'`);
    const events = await feed('/ical/groups/open-data.ics');
    expect(events.map((event) => event.summary)).toEqual(expected.map((row: { title: string }) => row.title));
    expect((await fetch(`${base()}/ical/groups/no-such-group.ics`)).status).toBe(404);
    expect((await fetch(`${base()}/ical/groups/Open_Data.ics`)).status).toBe(404);
    expect((await fetch(`${base()}/ical/webinars.json`)).status).toBe(404);
  });

  it('mark cancelled sessions as cancelled, so calendars drop them', async () => {
    const [first] = await upcoming();
    await hub.sql(`update webinar set status = 'cancelled' where id = ?`, [first.id]);
    const events = await feed('/ical/webinars.ics');
    const cancelled = events.find((event) => event.uid.startsWith(globalId('Webinar', first.id)))!;
    expect(cancelled.component.getFirstPropertyValue('status')).toBe('CANCELLED');
    expect(events.filter((event) => event.component.getFirstPropertyValue('status') === 'CONFIRMED').length).toBe(events.length - 1);
  });
});
