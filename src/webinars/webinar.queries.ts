import { allOf, inBatch, isoTimestamp, sql, type Db, type RawBuilder } from '../db/sql.js';
import { byKey, defineLoader, groupedNodes } from '../graphql/loaders.js';
import { hydrate } from '../graphql/node.js';
import { OrderDirection, orderingOf } from '../graphql/order.js';
import type { ListQuery } from '../graphql/pagination/page.js';
import { defineChildConnection } from '../graphql/pagination/resolve.js';
import { PersonNode } from '../people/person.node.js';
import { personColumns } from '../people/person.queries.js';
import { taggedWithAnyOf, topicKeysOf } from '../topics/topic.queries.js';
import type { WebinarStatus } from './webinar.enums.js';
import { WebinarNode } from './webinar.node.js';

/** Webinar columns under the alias `w`, named as WebinarNode's properties. */
const webinarColumns = sql`
  w.id as key, w.working_group_id as "workingGroupKey", w.recording_id as "recordingKey", w.title, w.description,
  ${isoTimestamp(sql`w.starts_at`)} as "startsAt",
  ${isoTimestamp(sql`w.starts_at + make_interval(mins => w.duration_minutes)`)} as "endsAt", w.time_zone as "timeZone", w.duration_minutes as "durationMinutes", w.language,
  w.join_url as "joinUrl", w.status, ${topicKeysOf('webinar', sql`w.id`)} as "topicKeys"`;

export const webinarById = defineLoader<string, WebinarNode | null>('webinar.byId', async (db, ids) => {
  const rows = await db.rows<WebinarNode>(sql`select ${webinarColumns} from webinar w where ${inBatch(sql`w.id`, ids)}`);
  return byKey(rows.map((row) => hydrate(WebinarNode, row)), ids, (webinar) => webinar.key);
});

/** Each webinar's speakers, in billing order. */
export const speakersOf = defineLoader<string, PersonNode[]>('webinar.speakers', async (db, webinarIds) => {
  const rows = await db.rows<PersonNode & { owner: string }>(sql`
    select ws.webinar_id as owner, ${personColumns}
    from webinar_speaker ws join person p on p.id = ws.person_id
    where ${inBatch(sql`ws.webinar_id`, webinarIds)}
    order by ws.position, p.id`);
  return groupedNodes(rows, webinarIds, 'owner', PersonNode);
});

/** Which webinars a list shows, relative to now. */
export enum WebinarTiming {
  UPCOMING = 'upcoming',
  PAST = 'past',
  ALL = 'all',
}

export interface WebinarFilterValues {
  timing: WebinarTiming;
  statuses?: WebinarStatus[] | null;
  languages?: string[] | null;
  topics?: string[] | null;
  groupSlugs?: string[] | null;
}

/**
 * The conditions a webinar filter puts on `w`. "Upcoming" means not yet
 * ended, so a session under way still shows; cancelled ones stay listed
 * (with their status) so nobody waits for them.
 */
export function webinarConditions(filter: WebinarFilterValues): RawBuilder<unknown>[] {
  const where: RawBuilder<unknown>[] = [];
  const end = sql`w.starts_at + make_interval(mins => w.duration_minutes)`;
  // A webinar lasts at most a day (the table checks it), so the first clause
  // loses nothing and lets the starts_at index narrow the scan.
  if (filter.timing === WebinarTiming.UPCOMING) where.push(sql`w.starts_at > now() - interval '1 day' and ${end} > now()`);
  if (filter.timing === WebinarTiming.PAST) where.push(sql`${end} <= now()`);
  if (filter.statuses) where.push(sql`w.status = any(${filter.statuses}::text[])`);
  if (filter.languages) where.push(sql`w.language = any(${filter.languages}::text[])`);
  if (filter.topics) where.push(taggedWithAnyOf('webinar', sql`w.id`, filter.topics));
  if (filter.groupSlugs) {
    where.push(sql`exists (select 1 from working_group g where g.id = w.working_group_id and g.slug = any(${filter.groupSlugs}::text[]))`);
  }
  return where;
}

/** Upcoming webinars soonest first, past ones latest first, unless asked otherwise. */
export function defaultWebinarDirection(timing: WebinarTiming): OrderDirection {
  return timing === WebinarTiming.PAST ? OrderDirection.DESC : OrderDirection.ASC;
}

export function webinarList(filter: WebinarFilterValues, direction: OrderDirection): ListQuery {
  return {
    from: sql`webinar w`,
    where: webinarConditions(filter),
    select: webinarColumns,
    readsClock: filter.timing !== WebinarTiming.ALL,
    ordering: orderingOf('webinar', 'startsAt', direction, [
      { expression: sql`w.starts_at`, type: 'timestamptz' },
      { expression: sql`w.id`, type: 'uuid' },
    ]),
  };
}

export const groupWebinars = defineChildConnection(
  'workingGroup.webinars',
  (params: { filter: WebinarFilterValues; direction: OrderDirection }) => ({
    ...webinarList(params.filter, params.direction),
    parentColumn: sql`w.working_group_id`,
    parentType: 'uuid',
  }),
);

/** A webinar with its group, for calendar feeds. */
export interface CalendarWebinarRow {
  key: string;
  title: string;
  description: string;
  startsAt: string;
  endsAt: string;
  joinUrl: string | null;
  status: WebinarStatus;
  createdAt: string;
  groupName: string;
  groupSlug: string;
}

/** Upcoming webinars (of one group, or all), soonest first, at most `limit`. */
export async function upcomingForCalendar(db: Db, groupSlug: string | null, limit = 500): Promise<CalendarWebinarRow[]> {
  const where = webinarConditions({ timing: WebinarTiming.UPCOMING, groupSlugs: groupSlug ? [groupSlug] : null });
  return db.rows<CalendarWebinarRow>(sql`
    select w.id as key, w.title, w.description, ${isoTimestamp(sql`w.starts_at`)} as "startsAt",
      ${isoTimestamp(sql`w.starts_at + make_interval(mins => w.duration_minutes)`)} as "endsAt",
      w.join_url as "joinUrl", w.status, ${isoTimestamp(sql`w.created_at`)} as "createdAt", g.name as "groupName", g.slug as "groupSlug"
    from webinar w join working_group g on g.id = w.working_group_id
    where ${allOf(where)}
    order by w.starts_at, w.id
    limit ${limit}`);
}
