import { EventEmitter, on } from 'node:events';
import { sql, type Db } from '../db/sql.js';
import type { WakeupTransport } from './wakeups.js';

/** A committed hub event, with what subscribers filter on, read once per instance. */
export interface HubEventMessage {
  sequence: bigint;
  type: string;
  subjectKey: string;
  groupSlug: string | null;
  language: string | null;
  topics: string[];
}

const BATCH = 500;

/**
 * Delivers committed hub events to this instance's subscribers, whichever
 * instance wrote them. A wake-up transport (PostgreSQL LISTEN/NOTIFY, or
 * Redis pub/sub) says that events may have been committed; the bus then
 * reads every row after the last one it delivered, in sequence order, and
 * emits them. Reading rows rather than trusting messages means a wake-up
 * lost while a connection was down costs nothing: on reconnect the bus reads
 * what it missed. Writers commit events in sequence order (an advisory lock,
 * see hub-event.service.ts), so "after the last one" never skips a late
 * commit.
 */
export class HubEventBus {
  private readonly emitter = new EventEmitter();
  /** Values derived from recent events, shared by all subscribers (see `shared`). */
  private readonly derived = new Map<string, Promise<unknown>>();
  private lastSequence = 0n;
  private pulling?: Promise<void>;
  private pullAgain = false;
  private stopped = false;

  constructor(
    private readonly db: Db,
    private readonly wakeups: WakeupTransport,
    private readonly log: (line: string) => void = () => {},
  ) {
    this.emitter.setMaxListeners(0);
  }

  /** Starts listening; events committed from now on are delivered. */
  async start(): Promise<void> {
    const [row] = await this.db.rows<{ last: string | null }>(sql`select max(sequence)::text as last from hub_event`);
    this.lastSequence = BigInt(row.last ?? 0);
    await this.wakeups.start(() => this.pull());
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.emitter.emit('close');
    await this.wakeups.stop();
    await this.pulling;
  }

  /** How many subscribers are attached (to check none leak). */
  get subscriberCount(): number {
    return this.emitter.listenerCount('event');
  }

  /** The sequence of the last event delivered: a subscription without `after` starts here. */
  get position(): bigint {
    return this.lastSequence;
  }

  /**
   * Live events from now on, buffered from the moment of the call until
   * read; ends when `signal` aborts or the bus stops.
   */
  live(signal: AbortSignal): AsyncIterableIterator<HubEventMessage> {
    const events = on(this.emitter, 'event', { signal, close: ['close'] });
    return (async function* () {
      for await (const [event] of events) yield event as HubEventMessage;
    })();
  }

  /**
   * Computes a value about an event once for all of this instance's
   * subscribers (e.g. the public webinar it concerns), instead of once per
   * subscriber. Only for public data: every viewer gets the same value.
   * Keeps the values of the last 1,000 keys.
   */
  shared<T>(key: string, compute: () => Promise<T>): Promise<T> {
    let value = this.derived.get(key) as Promise<T> | undefined;
    if (!value) {
      value = compute();
      value.catch(() => this.derived.delete(key));
      this.derived.set(key, value);
      if (this.derived.size > 1000) this.derived.delete(this.derived.keys().next().value!);
    }
    return value;
  }

  /** Committed events after `sequence`, in order, at most `limit` (for replay). */
  async after(sequence: bigint, limit = BATCH): Promise<HubEventMessage[]> {
    const rows = await this.db.rows<Omit<HubEventMessage, 'sequence'> & { sequence: string }>(sql`
      select e.sequence::text as sequence, e.type, e.subject_key as "subjectKey", g.slug as "groupSlug", w.language,
        array(select t.slug from webinar_topic wt join topic t on t.id = wt.topic_id where wt.webinar_id = w.id order by t.slug) as topics
      from hub_event e
      left join working_group g on g.id = e.working_group_id
      left join webinar w on e.subject_type = 'Webinar' and w.id = e.subject_key::uuid
      where e.sequence > ${sequence.toString()}::bigint
      order by e.sequence
      limit ${limit}`);
    return rows.map((row) => ({ ...row, sequence: BigInt(row.sequence) }));
  }

  /** Reads and emits new events; one read at a time, and once more if asked meanwhile. */
  private pull(): void {
    if (this.pulling) {
      this.pullAgain = true;
      return;
    }
    this.pulling = (async () => {
      do {
        this.pullAgain = false;
        try {
          for (;;) {
            const events = await this.after(this.lastSequence);
            for (const event of events) {
              this.lastSequence = event.sequence;
              this.emitter.emit('event', event);
            }
            if (events.length < BATCH) break;
          }
        } catch (error) {
          if (!this.stopped) this.log(`reading hub events failed: ${(error as Error).message}`);
        }
      } while (this.pullAgain && !this.stopped);
    })().finally(() => (this.pulling = undefined));
  }

  /** For tests: break the wake-up connection as a network failure would. */
  async dropListenerConnection(): Promise<void> {
    await this.wakeups.drop();
  }
}
