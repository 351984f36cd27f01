import type { EntityMetadata, EventSubscriber, MikroORM, TriggerDef } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { PostgresWakeups, type WakeupTransport } from './wakeups.js';

/** The channel every committed write is announced on (see `announcesChanges`). */
export const CHANGES_CHANNEL = 'hub_changes';

/**
 * Tables whose rows no anonymous reader ever sees, so their writes change no
 * shared answer: access tokens, and the rate-limit counters (written on
 * every request: announcing them would empty the cache every time).
 */
const UNANNOUNCED_TABLES = new Set(['access_token', 'rate_limit_counter']);

/**
 * Gives every other entity's table a statement-level trigger that notifies
 * CHANGES_CHANNEL with the table's name. PostgreSQL delivers a NOTIFY only
 * when its transaction commits (and once per distinct payload per
 * transaction), so listeners hear of committed writes only, whichever code
 * or tool made them: the API, the CLI, a seed or psql (TRUNCATE excepted:
 * the schema diff cannot read truncate triggers back). Applied to all
 * entities at discovery (MikroORM's `onMetadata`), so a new table announces
 * its writes without anyone remembering to.
 */
export function announcesChanges(meta: EntityMetadata): void {
  if (meta.embeddable || meta.virtual || !meta.tableName || UNANNOUNCED_TABLES.has(meta.tableName)) return;
  const trigger: TriggerDef = {
    name: 'announce_change',
    timing: 'after',
    events: ['insert', 'update', 'delete'],
    forEach: 'statement',
    body: `perform pg_notify('${CHANGES_CHANNEL}', tg_table_name); return null;`,
  };
  meta.triggers = [...(meta.triggers ?? []).filter((existing) => existing.name !== trigger.name), trigger];
}

/** Payloads of `caughtUp` markers: sent by an instance to itself, never a table name. */
const MARKER_PREFIX = 'marker:';

/**
 * What this instance knows of committed writes, as a generation number that
 * moves on whenever data anonymous readers see may have changed:
 * - at once when a transaction of this instance commits (so a client that
 *   wrote and then reads through the same instance sees its write);
 * - when a CHANGES_CHANNEL notification arrives (any instance, any tool);
 * - when the listener connection is lost and again when it is back, since
 *   notifications sent meanwhile are lost. While it is down `generation` is
 *   null: nothing may be cached then.
 *
 * A cache keeps a value only if the generation did not move while the
 * value was computed (see ResponseCache): a read that overlapped a commit
 * may have seen the data before it, and is not kept.
 */
export class CommittedChanges {
  private current = 0;
  private listening = false;
  private stopped = false;
  private readonly listeners = new Set<() => void>();
  private readonly markers = new Map<string, () => void>();

  constructor(
    private readonly orm: MikroORM,
    log: (line: string) => void,
    private readonly wakeups: WakeupTransport = new PostgresWakeups(orm.config.get('clientUrl')!, log, CHANGES_CHANNEL),
  ) {}

  async start(): Promise<void> {
    const ownCommits: EventSubscriber = { afterTransactionCommit: () => this.moveOn() };
    this.orm.em.getEventManager().registerSubscriber(ownCommits);
    await this.wakeups.start(
      (payload) => this.heard(payload),
      () => {
        this.listening = false;
        this.moveOn();
      },
    );
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.listening = false;
    await this.wakeups.stop();
    for (const release of this.markers.values()) release();
  }

  /** The current generation, or null while writes could go unheard. */
  get generation(): number | null {
    return this.listening && !this.stopped ? this.current : null;
  }

  /** Calls `listener` whenever the generation moves on. */
  onChange(listener: () => void): void {
    this.listeners.add(listener);
  }

  /**
   * Empties `cache` whenever the generation moves on: on every committed
   * write, twice for this instance's own. An empty cache is left alone, as
   * emptying an LRUCache fills arrays as long as its `max` (about 60 µs at
   * 10,000 entries with a ttl) whether or not it holds anything.
   */
  emptiesOnChange(cache: { readonly size: number; clear(): void }): void {
    this.onChange(() => {
      if (cache.size > 0) cache.clear();
    });
  }

  /**
   * Resolves once every write committed before the call has been heard.
   * Notifications reach the listener in commit order, so hearing a marker
   * sent after them means they were heard too.
   */
  async caughtUp(): Promise<void> {
    const marker = `${MARKER_PREFIX}${randomUUID()}`;
    const heard = new Promise<void>((resolve) => this.markers.set(marker, resolve));
    await this.orm.em.getConnection().execute('select pg_notify(?, ?)', [CHANGES_CHANNEL, marker]);
    await heard;
  }

  /** For tests: break the listener connection as a network failure would. */
  async dropListenerConnection(): Promise<void> {
    await this.wakeups.drop();
  }

  private heard(payload: string | undefined): void {
    if (payload?.startsWith(MARKER_PREFIX)) {
      this.markers.get(payload)?.();
      this.markers.delete(payload);
      return;
    }
    // A notification, or (without payload) the listener (re)connected.
    if (payload === undefined) this.listening = true;
    this.moveOn();
  }

  private moveOn(): void {
    if (this.stopped) return;
    this.current += 1;
    for (const listener of this.listeners) listener();
  }
}
