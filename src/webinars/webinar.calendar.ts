import ical, { ICalEventStatus } from 'ical-generator';
import { sql, type Db } from '../db/sql.js';
import { toGlobalId } from '../graphql/global-id.js';
import { WebinarStatus } from './webinar.enums.js';
import { upcomingForCalendar } from './webinar.queries.js';

/** A calendar feed: the iCalendar text, or null when the group does not exist. */
export interface CalendarFeed {
  body: string;
}

/**
 * Upcoming webinars as an iCalendar (RFC 5545) feed, for people to
 * subscribe to in their calendar apps: all groups' (`groupSlug` null), or one
 * group's. Cancelled sessions stay in the feed with STATUS:CANCELLED, so
 * calendars that already hold them take them off.
 */
export async function webinarCalendar(db: Db, groupSlug: string | null): Promise<CalendarFeed | null> {
  let name = 'OpenGov Hub webinars';
  if (groupSlug) {
    const [group] = await db.rows<{ name: string }>(sql`select name from working_group where slug = ${groupSlug}`);
    if (!group) return null;
    name = `${group.name} webinars`;
  }
  const calendar = ical({ name, prodId: { company: 'Open Government Partnership', product: 'OpenGov Hub' }, ttl: 3600 });
  for (const webinar of await upcomingForCalendar(db, groupSlug)) {
    calendar.createEvent({
      // Stable across feeds and fetches, so calendar apps update rather than duplicate.
      id: `${toGlobalId('Webinar', webinar.key)}@opengov-hub`,
      start: new Date(webinar.startsAt),
      end: new Date(webinar.endsAt),
      stamp: new Date(webinar.createdAt),
      summary: webinar.title,
      description: `${webinar.description}\n\n${webinar.groupName}${webinar.joinUrl ? `\nJoin: ${webinar.joinUrl}` : ''}`,
      location: webinar.joinUrl ?? undefined,
      url: webinar.joinUrl ?? undefined,
      status: webinar.status === WebinarStatus.CANCELLED ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    });
  }
  return { body: calendar.toString() };
}
