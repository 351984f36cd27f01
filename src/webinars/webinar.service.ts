import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { recordActivity } from '../activity/activity.service.js';
import { recordHubEvent } from '../events/hub-event.service.js';
import { WorkingGroup } from '../groups/working-group.entity.js';
import { today } from '../graphql/input-rules.js';
import { UserErrorCode, UserErrors, userError } from '../graphql/user-errors.js';
import { Person } from '../people/person.entity.js';
import { Resource } from '../resources/resource.entity.js';
import { ResourceKind } from '../resources/resource.enums.js';
import { resourceService } from '../resources/resource.service.js';
import { findTopics } from '../topics/topic.lookup.js';
import { Webinar, WebinarSpeaker, WebinarTopic } from './webinar.entity.js';
import { WebinarStatus } from './webinar.enums.js';

export interface WebinarFields {
  title: string;
  description: string;
  startsAt: Date;
  timeZone: string;
  durationMinutes: number;
  language: string;
  joinUrl?: string | null;
  /** Person keys, in billing order. */
  speakerKeys?: string[];
  /** Topic slugs. */
  topics?: string[];
}

export interface NewTime {
  startsAt: Date;
  timeZone?: string | null;
  durationMinutes?: number | null;
}

export interface RecordingFields {
  title: string;
  summary: string;
  url: string;
  /** Defaults to the webinar's language. */
  language?: string | null;
}

/** The states a webinar can still be moved, cancelled or held from. */
const OPEN: WebinarStatus[] = [WebinarStatus.SCHEDULED, WebinarStatus.RESCHEDULED];

/**
 * The rules of webinars: scheduling, and the lifecycle
 * SCHEDULED → RESCHEDULED* → CANCELLED | HELD. Every function runs inside the
 * caller's transaction, records the action in the group's activity trail and
 * a hub event (last, see recordHubEvent), and throws UserErrors (rolling
 * everything back) when the input breaks a rule. Start times are checked to
 * be in the future by the input rules.
 */
export const webinarService = {
  /** A new SCHEDULED webinar of the group. */
  async schedule(em: EntityManager, actorKey: string, groupKey: string, fields: WebinarFields): Promise<string> {
    const [speakers, topics] = await Promise.all([findPeople(em, fields.speakerKeys ?? [], 'speakerIds'), findTopics(em, fields.topics ?? [])]);
    const webinar = em.create(Webinar, {
      workingGroup: em.getReference(WorkingGroup, groupKey),
      title: fields.title,
      description: fields.description,
      startsAt: fields.startsAt,
      timeZone: fields.timeZone,
      durationMinutes: fields.durationMinutes,
      language: fields.language,
      joinUrl: fields.joinUrl ?? null,
      status: WebinarStatus.SCHEDULED,
    });
    speakers.forEach((person, index) => em.create(WebinarSpeaker, { webinar, person, position: index + 1 }));
    for (const topic of topics) em.create(WebinarTopic, { webinar, topic });
    await em.flush();
    await announce(em, actorKey, webinar, 'webinar.scheduled', {
      title: webinar.title,
      startsAt: webinar.startsAt.toISOString(),
      timeZone: webinar.timeZone,
      durationMinutes: webinar.durationMinutes,
    });
    return webinar.id;
  },

  /** Moves a SCHEDULED or RESCHEDULED webinar to a new time; it becomes RESCHEDULED. */
  async reschedule(em: EntityManager, actorKey: string, webinarKey: string, time: NewTime): Promise<void> {
    const webinar = await lockedOpenWebinar(em, webinarKey, 'rescheduled');
    const before = timeOf(webinar);
    const after = {
      startsAt: time.startsAt,
      timeZone: time.timeZone ?? webinar.timeZone,
      durationMinutes: time.durationMinutes ?? webinar.durationMinutes,
    };
    if (before.startsAt.getTime() === after.startsAt.getTime() && before.timeZone === after.timeZone && before.durationMinutes === after.durationMinutes) {
      throw new UserErrors([userError(['startsAt'], UserErrorCode.ALREADY_DONE, 'The webinar is already at that time.')]);
    }
    const from = webinar.status;
    em.assign(webinar, { ...after, status: WebinarStatus.RESCHEDULED });
    await em.flush();
    await announce(em, actorKey, webinar, 'webinar.rescheduled', {
      from,
      to: webinar.status,
      before: { ...before, startsAt: before.startsAt.toISOString() },
      after: { ...after, startsAt: after.startsAt.toISOString() },
    });
  },

  /** Calls off a SCHEDULED or RESCHEDULED webinar; the note says why. */
  async cancel(em: EntityManager, actorKey: string, webinarKey: string, note: string): Promise<void> {
    const webinar = await lockedOpenWebinar(em, webinarKey, 'cancelled');
    const from = webinar.status;
    webinar.status = WebinarStatus.CANCELLED;
    await em.flush();
    await announce(em, actorKey, webinar, 'webinar.cancelled', { from, to: webinar.status, note });
  },

  /**
   * Records that a SCHEDULED or RESCHEDULED webinar that has started took
   * place. With a recording, adds it to the group's list as a published
   * WEBINAR_RECORDING (tagged with the webinar's topics) and attaches it.
   */
  async markHeld(em: EntityManager, actorKey: string, webinarKey: string, recording: RecordingFields | null): Promise<void> {
    const webinar = await lockedOpenWebinar(em, webinarKey, 'held');
    if (webinar.startsAt.getTime() > Date.now()) {
      throw new UserErrors([userError(null, UserErrorCode.INVALID_TRANSITION, 'A webinar cannot be marked held before it starts.')]);
    }
    const from = webinar.status;
    let recordingKey: string | null = null;
    if (recording) {
      const topics = await em.find(WebinarTopic, { webinar: webinarKey }, { populate: ['topic'] });
      recordingKey = await resourceService.add(
        em,
        actorKey,
        webinar.workingGroup.id,
        {
          title: recording.title,
          summary: recording.summary,
          url: recording.url,
          kind: ResourceKind.WEBINAR_RECORDING,
          language: recording.language ?? webinar.language,
          publishedOn: today(),
          topics: topics.map((row) => row.topic.slug),
        },
        true,
      );
      webinar.recording = em.getReference(Resource, recordingKey, { wrapped: true });
    }
    webinar.status = WebinarStatus.HELD;
    await em.flush();
    await announce(em, actorKey, webinar, 'webinar.held', { from, to: webinar.status, ...(recordingKey ? { recordingKey } : {}) });
  },
};

/**
 * The webinar, its row locked until the transaction ends (so concurrent
 * transitions queue up and each sees the other's outcome), if it may still
 * change; INVALID_TRANSITION otherwise.
 */
async function lockedOpenWebinar(em: EntityManager, webinarKey: string, becoming: string): Promise<Webinar> {
  const webinar = await em.findOneOrFail(Webinar, webinarKey, { lockMode: LockMode.PESSIMISTIC_WRITE });
  if (!OPEN.includes(webinar.status)) {
    throw new UserErrors([userError(null, UserErrorCode.INVALID_TRANSITION, `A ${webinar.status} webinar cannot be ${becoming}.`)]);
  }
  return webinar;
}

function timeOf(webinar: Webinar): { startsAt: Date; timeZone: string; durationMinutes: number } {
  return { startsAt: webinar.startsAt, timeZone: webinar.timeZone, durationMinutes: webinar.durationMinutes };
}

/** The group's activity trail and the hub event, in that order: the event must be the transaction's last write. */
async function announce(em: EntityManager, actorKey: string, webinar: Webinar, type: string, summary: Record<string, unknown>): Promise<void> {
  const groupKey = webinar.workingGroup.id;
  recordActivity(em, { groupKeys: [groupKey], actorKey, action: type, subjectType: 'Webinar', subjectKey: webinar.id, summary });
  await recordHubEvent(em, { type, groupKey, subjectType: 'Webinar', subjectKey: webinar.id });
}

/**
 * The people an input names by key, in its order without repeats. Unknown
 * keys are NOT_FOUND user errors at their place in the input (`field`, index).
 */
async function findPeople(em: EntityManager, keys: string[], field: string): Promise<Person[]> {
  const unique = [...new Set(keys)];
  const found = unique.length ? await em.find(Person, { id: { $in: unique } }) : [];
  const byKey = new Map(found.map((person) => [person.id, person]));
  const errors = keys.flatMap((key, index) =>
    byKey.has(key) ? [] : [userError([field, String(index)], UserErrorCode.NOT_FOUND, 'There is no such person.')],
  );
  if (errors.length) throw new UserErrors(errors);
  return unique.map((key) => byKey.get(key)!);
}
