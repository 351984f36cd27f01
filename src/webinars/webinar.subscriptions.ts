import { Arg, Ctx, Field, FieldResolver, InputType, ObjectType, Resolver, Root, Subscription, registerEnumType } from 'type-graphql';
import type { HubEventMessage } from '../events/event-bus.js';
import type { RequestContext } from '../graphql/context.js';
import { badUserInput } from '../graphql/errors.js';
import { MAX_FILTER_VALUES } from '../graphql/filters.js';
import { Loaders } from '../graphql/loaders.js';
import { Locale } from '../graphql/scalars.js';
import { WebinarNode } from './webinar.node.js';
import { webinarById } from './webinar.queries.js';

/** What happened to a webinar; the values are the hub_event types. */
export enum WebinarEventKind {
  SCHEDULED = 'webinar.scheduled',
  RESCHEDULED = 'webinar.rescheduled',
  CANCELLED = 'webinar.cancelled',
  HELD = 'webinar.held',
}

registerEnumType(WebinarEventKind, {
  name: 'WebinarEventKind',
  description: 'What happened to a webinar.',
  valuesConfig: {
    SCHEDULED: { description: 'A group announced it.' },
    RESCHEDULED: { description: 'It moved to a new time.' },
    CANCELLED: { description: 'It will not take place.' },
    HELD: { description: 'It took place (a recording may be attached).' },
  },
});

const ANNOUNCED = [WebinarEventKind.SCHEDULED];
const CHANGED = [WebinarEventKind.RESCHEDULED, WebinarEventKind.CANCELLED, WebinarEventKind.HELD];

@ObjectType({ description: 'Something that happened to a webinar, delivered to subscribers after it was committed.' })
export class WebinarEvent {
  sequence!: bigint;
  webinarKey!: string;

  @Field(() => WebinarEventKind, { description: 'What happened.' })
  kind!: WebinarEventKind;

  @Field({ description: 'Opaque position of this event. Subscribe again with `after:` set to the last cursor you received to get what you missed, then live events, without duplicates.' })
  get cursor(): string {
    return Buffer.from(`event:${this.sequence}`, 'utf8').toString('base64url');
  }
}

@InputType({ description: 'Which webinar events to receive. Each field takes alternatives (any may match); all fields given must hold.' })
export class WebinarSubscriptionFilter {
  @Field(() => [String], { nullable: true, description: 'Only webinars of these working groups (by slug).' })
  groupSlugs?: string[] | null;

  @Field(() => [Locale], { nullable: true, description: 'Only webinars held in these languages.' })
  languages?: string[] | null;

  @Field(() => [String], { nullable: true, description: 'Only webinars about at least one of these topics (by slug).' })
  topics?: string[] | null;
}

function parseEventCursor(cursor: string): bigint {
  const match = /^event:(\d{1,19})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match) throw badUserInput('`after` is not an event cursor this API issued.', 'after');
  return BigInt(match[1]);
}

function matches(event: HubEventMessage, kinds: WebinarEventKind[], filter: WebinarSubscriptionFilter | null | undefined): boolean {
  if (!kinds.includes(event.type as WebinarEventKind)) return false;
  if (filter?.groupSlugs?.length && !filter.groupSlugs.includes(event.groupSlug ?? '')) return false;
  if (filter?.languages?.length && !filter.languages.includes(event.language ?? '')) return false;
  if (filter?.topics?.length && !filter.topics.some((topic) => event.topics.includes(topic))) return false;
  return true;
}

/**
 * The events a subscription receives: with `after`, first the committed
 * events after that cursor, then live ones; each event once, in order. The
 * live stream is opened before the backlog is read, so nothing committed in
 * between is lost, and anything read twice is skipped by sequence.
 */
function webinarEvents(
  context: RequestContext,
  kinds: WebinarEventKind[],
  filter: WebinarSubscriptionFilter | null | undefined,
  after: string | null | undefined,
): AsyncIterableIterator<WebinarEvent> {
  for (const list of [filter?.groupSlugs, filter?.languages, filter?.topics]) {
    if (list && list.length > MAX_FILTER_VALUES) throw badUserInput(`A filter field accepts at most ${MAX_FILTER_VALUES} values.`, 'filter');
  }
  const start = after == null ? undefined : parseEventCursor(after);
  return cancellable(async function* (signal) {
    const bus = context.events;
    const live = bus.live(signal);
    let last = start ?? bus.position;
    const toEvent = (message: HubEventMessage) =>
      Object.assign(new WebinarEvent(), { sequence: message.sequence, webinarKey: message.subjectKey, kind: message.type });
    if (start !== undefined) {
      for (;;) {
        const backlog = await bus.after(last);
        for (const message of backlog) {
          last = message.sequence;
          if (matches(message, kinds, filter)) yield toEvent(message);
        }
        if (backlog.length === 0) break;
      }
    }
    for await (const message of live) {
      if (message.sequence <= last) continue;
      last = message.sequence;
      if (matches(message, kinds, filter)) yield toEvent(message);
    }
  });
}

/**
 * An async generator whose `return()` takes effect at once. A plain async
 * generator waiting for the next event would only see `return()` (the
 * client went away) when another event arrives; aborting the signal ends the
 * wait, so the subscriber is detached immediately.
 */
function cancellable<T>(body: (signal: AbortSignal) => AsyncGenerator<T>): AsyncIterableIterator<T> {
  const controller = new AbortController();
  const generator = (async function* () {
    try {
      yield* body(controller.signal);
    } catch (error) {
      if (!controller.signal.aborted) throw error;
    }
  })();
  return {
    next: () => generator.next(),
    async return(value?: unknown) {
      controller.abort();
      return generator.return(value as never);
    },
    async throw(error?: unknown) {
      controller.abort();
      return generator.throw(error);
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}

@Resolver(() => WebinarEvent)
export class WebinarSubscriptions {
  @Subscription(() => WebinarEvent, {
    description: 'Webinars as groups announce them (over graphql-ws at the same URL, `ws://…/graphql`). Pass `after` with the last cursor you received to catch up first.',
    subscribe: ({ args, context }) => webinarEvents(context as RequestContext, ANNOUNCED, args.filter, args.after),
  })
  webinarAnnounced(
    @Root() event: WebinarEvent,
    @Ctx() context: RequestContext,
    @Arg('filter', () => WebinarSubscriptionFilter, { nullable: true, description: 'Which webinars; all when omitted.' }) _filter?: WebinarSubscriptionFilter | null,
    @Arg('after', () => String, { nullable: true, description: 'Deliver the events after this cursor first.' }) _after?: string | null,
  ): WebinarEvent {
    return freshFor(event, context);
  }

  @Subscription(() => WebinarEvent, {
    description: 'Webinars rescheduled, cancelled or held (over graphql-ws at the same URL). Pass `after` with the last cursor you received to catch up first.',
    subscribe: ({ args, context }) => webinarEvents(context as RequestContext, CHANGED, args.filter, args.after),
  })
  webinarChanged(
    @Root() event: WebinarEvent,
    @Ctx() context: RequestContext,
    @Arg('filter', () => WebinarSubscriptionFilter, { nullable: true, description: 'Which webinars; all when omitted.' }) _filter?: WebinarSubscriptionFilter | null,
    @Arg('after', () => String, { nullable: true, description: 'Deliver the events after this cursor first.' }) _after?: string | null,
  ): WebinarEvent {
    return freshFor(event, context);
  }

  @FieldResolver(() => WebinarNode, { description: 'The webinar as it was when the event was delivered.' })
  async webinar(@Root() event: WebinarEvent, @Ctx() context: RequestContext): Promise<WebinarNode> {
    // Webinars are public: read once per event for every subscriber of this instance.
    return (await context.events.shared(`webinar:${event.sequence}`, () => webinarById.batch(context.db, [event.webinarKey], undefined)))[0]!;
  }
}

/**
 * A subscription's context lives as long as the subscription; each event is
 * resolved with empty DataLoader caches so it shows the data as it is now.
 */
function freshFor(event: WebinarEvent, context: RequestContext): WebinarEvent {
  context.loaders = new Loaders(context.db);
  return event;
}
