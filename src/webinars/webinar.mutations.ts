import { Arg, Ctx, Field, ID, InputType, Int, Mutation, ObjectType, Resolver } from 'type-graphql';
import { z } from 'zod';
import { workingGroupById } from '../groups/group.queries.js';
import type { RequestContext } from '../graphql/context.js';
import { idOf, rules } from '../graphql/input-rules.js';
import { existing, reloaded, requireSignedIn } from '../graphql/mutation-helpers.js';
import { mutation, MutationPayload, parseInput, UserErrorCode } from '../graphql/user-errors.js';
import { WebinarNode } from './webinar.node.js';
import { webinarPolicy } from './webinar.policy.js';
import { webinarById } from './webinar.queries.js';
import { webinarService } from './webinar.service.js';

@InputType({ description: 'A new webinar of a working group.' })
export class ScheduleWebinarInput {
  @Field(() => ID, { description: 'The working group announcing the webinar.' })
  workingGroupId!: string;

  @Field({ description: 'Title, in the webinar\'s language (1–300 characters).' })
  title!: string;

  @Field({ description: 'What the webinar covers and for whom (up to 20,000 characters).' })
  description!: string;

  @Field({ description: 'When it starts: an ISO 8601 instant with its UTC offset or `Z`, e.g. `2027-03-04T14:00:00+01:00`. Must be in the future.' })
  startsAt!: string;

  @Field({ description: 'IANA time zone the organisers announce the time in, e.g. `Africa/Tunis`, `America/Mexico_City`.' })
  timeZone!: string;

  @Field(() => Int, { description: 'Planned length in minutes (1–1440).' })
  durationMinutes!: number;

  @Field({ description: 'Language the webinar is held in, as a BCP 47 tag, e.g. `en`, `fr`, `es-MX`.' })
  language!: string;

  @Field(() => String, { nullable: true, description: 'Where to join: a full http:// or https:// address. Can be left out until it is known.' })
  joinUrl?: string | null;

  @Field(() => [ID], { nullable: true, description: 'The speakers, as Person IDs, in billing order (at most 20; repeats are ignored).' })
  speakerIds?: string[] | null;

  @Field(() => [String], { nullable: true, description: 'Topics it is about, by slug (at most 20).' })
  topics?: string[] | null;
}

@InputType({ description: 'A new time for a webinar; fields left out stay as they are.' })
export class RescheduleWebinarInput {
  @Field(() => ID, { description: 'The webinar to move.' })
  webinarId!: string;

  @Field({ description: 'The new start: an ISO 8601 instant with its UTC offset or `Z`. Must be in the future.' })
  startsAt!: string;

  @Field(() => String, { nullable: true, description: 'A new IANA time zone to announce the time in, e.g. `Europe/London`.' })
  timeZone?: string | null;

  @Field(() => Int, { nullable: true, description: 'A new planned length in minutes (1–1440).' })
  durationMinutes?: number | null;
}

@InputType({ description: 'Calls off a webinar.' })
export class CancelWebinarInput {
  @Field(() => ID, { description: 'The webinar to cancel.' })
  webinarId!: string;

  @Field({ description: 'Why it is cancelled, for the group\'s activity trail (1–2,000 characters).' })
  note!: string;
}

@InputType({ description: 'The recording of a webinar, published on the group\'s list of resources.' })
export class WebinarRecordingInput {
  @Field({ description: 'Title of the recording (1–300 characters).' })
  title!: string;

  @Field({ description: 'A few sentences on what the recording covers (up to 2,000 characters).' })
  summary!: string;

  @Field({ description: 'Where to watch it: a full http:// or https:// address.' })
  url!: string;

  @Field(() => String, { nullable: true, description: 'Language of the recording as a BCP 47 tag; the webinar\'s language when left out.' })
  language?: string | null;
}

@InputType({ description: 'Records that a webinar took place, optionally with its recording.' })
export class MarkWebinarHeldInput {
  @Field(() => ID, { description: 'The webinar; it must have started.' })
  webinarId!: string;

  @Field(() => WebinarRecordingInput, { nullable: true, description: 'The recording, if there is one: it becomes a published WEBINAR_RECORDING resource on the group\'s list and the webinar\'s `recording`.' })
  recording?: WebinarRecordingInput | null;
}

@ObjectType({ description: 'The outcome of a webinar mutation.' })
export class WebinarPayload extends MutationPayload {
  @Field(() => WebinarNode, { nullable: true, description: 'The webinar as it is now; null when the mutation was refused.' })
  webinar?: WebinarNode | null;
}

/** An ISO 8601 instant with an explicit offset (`Z` or ±hh:mm), in the future, as a Date. */
const futureInstant = z.string().transform((value, context) => {
  const instant = parseInstant(value.trim());
  if (!instant) {
    context.addIssue({ code: 'custom', message: 'Give a date and time with its UTC offset, such as "2027-03-04T14:00:00+01:00" or "2027-03-04T13:00:00Z".', params: { code: UserErrorCode.INVALID } });
    return z.NEVER;
  }
  if (instant.getTime() <= Date.now()) {
    context.addIssue({ code: 'custom', message: 'The start time must be in the future.', params: { code: UserErrorCode.IN_THE_PAST } });
    return z.NEVER;
  }
  return instant;
});

/** An IANA time zone name, as the platform's time-zone database knows it; fixed offsets such as `+01:00` are refused. */
const timeZone = z.string().transform((value, context) => {
  const zone = ianaZone(value.trim());
  if (!zone) {
    context.addIssue({ code: 'custom', message: 'Give an IANA time zone such as "Africa/Tunis" or "America/Mexico_City".', params: { code: UserErrorCode.INVALID } });
    return z.NEVER;
  }
  return zone;
});

const durationMinutes = z
  .number()
  .int()
  .refine((value) => value >= 1, { message: 'A webinar lasts at least a minute.', params: { code: UserErrorCode.TOO_SHORT } })
  .refine((value) => value <= 1440, { message: 'A webinar lasts at most 1,440 minutes (a day).', params: { code: UserErrorCode.TOO_LONG } });

const scheduleSchema = z.object({
  workingGroupId: idOf('WorkingGroup'),
  title: rules.title,
  description: rules.longText,
  startsAt: futureInstant,
  timeZone,
  durationMinutes,
  language: rules.language,
  joinUrl: rules.httpUrl.nullish(),
  speakerIds: z.array(idOf('Person')).max(20, 'Give at most 20 speakers.').nullish().transform((value) => value ?? []),
  topics: rules.slugs.nullish().transform((value) => value ?? []),
});
const rescheduleSchema = z.object({
  webinarId: idOf('Webinar'),
  startsAt: futureInstant,
  timeZone: timeZone.nullish(),
  durationMinutes: durationMinutes.nullish(),
});
const cancelSchema = z.object({ webinarId: idOf('Webinar'), note: rules.shortText });
const markHeldSchema = z.object({
  webinarId: idOf('Webinar'),
  recording: z
    .object({ title: rules.title, summary: rules.shortText, url: rules.httpUrl, language: rules.language.nullish() })
    .nullish(),
});

@Resolver()
export class WebinarMutations {
  @Mutation(() => WebinarPayload, { description: 'Announces a webinar for a working group; it is SCHEDULED and pushed to live subscribers. Curators of the group and admins.' })
  scheduleWebinar(@Ctx() context: RequestContext, @Arg('input', () => ScheduleWebinarInput, { description: 'The webinar and the group.' }) input: ScheduleWebinarInput) {
    const actor = requireSignedIn(context, 'schedule webinars');
    return mutation(async () => {
      const { workingGroupId, speakerIds, ...values } = parseInput(scheduleSchema, input);
      const group = await existing(context, workingGroupById, workingGroupId, ['workingGroupId'], 'working group');
      context.roles.require(await webinarPolicy.canSchedule(context.roles, group.key), 'schedule this group\'s webinars');
      const key = await context.em.transactional((em) => webinarService.schedule(em, actor, group.key, { ...values, speakerKeys: speakerIds }));
      return { webinar: await reloaded(context, webinarById, key) };
    });
  }

  @Mutation(() => WebinarPayload, { description: 'Moves a SCHEDULED or RESCHEDULED webinar to a new time in the future; it becomes RESCHEDULED. Curators of the webinar\'s group and admins.' })
  rescheduleWebinar(@Ctx() context: RequestContext, @Arg('input', () => RescheduleWebinarInput, { description: 'The webinar and its new time.' }) input: RescheduleWebinarInput) {
    const actor = requireSignedIn(context, 'reschedule webinars');
    return mutation(async () => {
      const { webinarId, ...time } = parseInput(rescheduleSchema, input);
      const webinar = await webinarNamed(context, webinarId);
      context.roles.require(await webinarPolicy.canManage(context.roles, webinar), 'reschedule this webinar');
      await context.em.transactional((em) => webinarService.reschedule(em, actor, webinar.key, time));
      return { webinar: await reloaded(context, webinarById, webinar.key) };
    });
  }

  @Mutation(() => WebinarPayload, { description: 'Cancels a SCHEDULED or RESCHEDULED webinar; it stays listed as CANCELLED so nobody waits for it. Curators of the webinar\'s group and admins.' })
  cancelWebinar(@Ctx() context: RequestContext, @Arg('input', () => CancelWebinarInput, { description: 'The webinar and why.' }) input: CancelWebinarInput) {
    const actor = requireSignedIn(context, 'cancel webinars');
    return mutation(async () => {
      const values = parseInput(cancelSchema, input);
      const webinar = await webinarNamed(context, values.webinarId);
      context.roles.require(await webinarPolicy.canManage(context.roles, webinar), 'cancel this webinar');
      await context.em.transactional((em) => webinarService.cancel(em, actor, webinar.key, values.note));
      return { webinar: await reloaded(context, webinarById, webinar.key) };
    });
  }

  @Mutation(() => WebinarPayload, { description: 'Records that a SCHEDULED or RESCHEDULED webinar took place (it must have started); it becomes HELD. A recording given is published on the group\'s list and attached. Curators of the webinar\'s group and admins.' })
  markWebinarHeld(@Ctx() context: RequestContext, @Arg('input', () => MarkWebinarHeldInput, { description: 'The webinar and, optionally, its recording.' }) input: MarkWebinarHeldInput) {
    const actor = requireSignedIn(context, 'mark webinars held');
    return mutation(async () => {
      const values = parseInput(markHeldSchema, input);
      const webinar = await webinarNamed(context, values.webinarId);
      context.roles.require(await webinarPolicy.canManage(context.roles, webinar), 'mark this webinar held');
      await context.em.transactional((em) => webinarService.markHeld(em, actor, webinar.key, values.recording ?? null));
      return { webinar: await reloaded(context, webinarById, webinar.key) };
    });
  }
}

/** The webinar an input names (NOT_FOUND if there is none); whether the caller may act on it is the policy's question. */
function webinarNamed(context: RequestContext, key: string): Promise<WebinarNode> {
  return existing(context, webinarById, key, ['webinarId'], 'webinar');
}

const INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(?:Z|([+-])(\d{2}):(\d{2}))$/i;

/** The instant an ISO 8601 date-time with an offset names, or null if it is malformed or names no real time. */
function parseInstant(value: string): Date | null {
  const match = INSTANT.exec(value);
  if (!match) return null;
  const [year, month, day, hour, minute, second = 0] = match.slice(1, 7).map((part) => (part === undefined ? undefined : Number(part)));
  const [fraction = '', sign = '+', offsetHours = '0', offsetMinutes = '0'] = match.slice(7);
  const wallClock = Date.UTC(year!, month! - 1, day!, hour!, minute!, second);
  const check = new Date(wallClock);
  const real =
    check.getUTCFullYear() === year &&
    check.getUTCMonth() === month! - 1 &&
    check.getUTCDate() === day &&
    check.getUTCHours() === hour &&
    check.getUTCMinutes() === minute &&
    check.getUTCSeconds() === second &&
    Number(offsetHours) <= 23 &&
    Number(offsetMinutes) <= 59;
  if (!real) return null;
  const offset = (sign === '-' ? -1 : 1) * (Number(offsetHours) * 60 + Number(offsetMinutes)) * 60_000;
  return new Date(wallClock - offset + Number(fraction.padEnd(3, '0').slice(0, 3)));
}

/** The IANA name of a time zone (in its canonical spelling), or null when there is no such zone. */
function ianaZone(value: string): string | null {
  if (!/^[A-Za-z]/.test(value)) return null;
  try {
    return new Intl.DateTimeFormat('en', { timeZone: value }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}
