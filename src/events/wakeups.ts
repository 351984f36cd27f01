import type { EventSubscriber, MikroORM, TransactionEventArgs } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Redis } from 'ioredis';
import pg from 'pg';

/**
 * How an instance learns that events may have been committed, by any
 * instance. The HubEventBus reads the rows itself, so a wake-up carries no
 * data and a lost one costs nothing: every (re)connection also wakes.
 */
export interface WakeupTransport {
  /**
   * Starts calling `wake` on every announcement (with its payload), and once
   * after each (re)connection (without one); `lost` when the connection drops.
   */
  start(wake: (payload?: string) => void, lost?: () => void): Promise<void>;
  stop(): Promise<void>;
  /** Breaks the connection as a network failure would (for tests). */
  drop(): Promise<void>;
}

/** The channel hub_event's trigger notifies on. */
const EVENTS_CHANNEL = 'hub_events';

/**
 * PostgreSQL LISTEN/NOTIFY: a trigger notifies at commit (and never for a
 * rollback), so nothing else is needed and it works with the embedded
 * server. The listener connection reconnects by itself.
 */
export class PostgresWakeups implements WakeupTransport {
  private client?: pg.Client;
  private stopped = false;
  private delay = 100;

  constructor(
    private readonly connectionString: string,
    private readonly log: (line: string) => void,
    private readonly channel = EVENTS_CHANNEL,
  ) {}

  async start(wake: (payload?: string) => void, lost: () => void = () => {}): Promise<void> {
    const client = new pg.Client({ connectionString: this.connectionString });
    client.on('notification', (message) => wake(message.payload));
    client.on('error', (error) => this.log(`${this.channel} listener connection failed: ${error.message}`));
    client.on('end', () => {
      if (this.stopped) return;
      lost();
      this.log(`${this.channel} listener connection lost; reconnecting`);
      setTimeout(() => this.restart(wake, lost), this.delay);
    });
    await client.connect();
    await client.query(`listen ${this.channel}`);
    this.client = client;
    this.delay = 100;
    wake();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.client?.end().catch(() => {});
  }

  async drop(): Promise<void> {
    await this.client?.end();
  }

  private async restart(wake: (payload?: string) => void, lost: () => void): Promise<void> {
    if (this.stopped) return;
    try {
      await this.start(wake, lost);
      this.log(`${this.channel} listener reconnected`);
    } catch (error) {
      this.delay = Math.min(this.delay * 2, 5000);
      this.log(`${this.channel} listener reconnect failed (${(error as Error).message}); retrying in ${this.delay} ms`);
      setTimeout(() => this.restart(wake, lost), this.delay);
    }
  }
}

/**
 * Redis pub/sub, when REDIS_URL is set: instances publish a wake-up after
 * they commit events (see announceCommittedEvents) and subscribe to the
 * channel; ioredis reconnects and resubscribes by itself.
 */
export class RedisWakeups implements WakeupTransport {
  static readonly CHANNEL = 'opengov-hub:hub_events';
  private readonly subscriber: Redis;
  private readonly publisher: Redis;

  constructor(url: string, log: (line: string) => void) {
    const options = { lazyConnect: true, maxRetriesPerRequest: null, retryStrategy: (times: number) => Math.min(times * 100, 5000) };
    this.subscriber = new Redis(url, options);
    this.publisher = new Redis(url, options);
    for (const connection of [this.subscriber, this.publisher]) connection.on('error', (error) => log(`redis: ${error.message}`));
  }

  async start(wake: () => void): Promise<void> {
    this.subscriber.on('message', () => wake());
    // After every (re)connection: catch up on what was published meanwhile.
    this.subscriber.on('ready', () => wake());
    await Promise.all([this.subscriber.connect(), this.publisher.connect()]);
    await this.subscriber.subscribe(RedisWakeups.CHANNEL);
    wake();
  }

  /** Tells every instance that events were committed. */
  announce(): void {
    this.publisher.publish(RedisWakeups.CHANNEL, '1').catch(() => {
      // Lost wake-ups are recovered at the next one or the next reconnection.
    });
  }

  async stop(): Promise<void> {
    this.subscriber.disconnect();
    this.publisher.disconnect();
  }

  async drop(): Promise<void> {
    this.subscriber.disconnect(true);
  }
}

/** Transactions that wrote hub events, until they commit or roll back. */
const transactionsWithEvents = new WeakSet<object>();

/** Marks the current transaction as one that wrote hub events (see recordHubEvent). */
export function markEventsWritten(em: EntityManager): void {
  const transaction = em.getTransactionContext();
  if (transaction) transactionsWithEvents.add(transaction);
}

/**
 * Calls `announce` after each commit of a transaction that wrote hub events,
 * whichever code committed it: the one place writers tell other instances.
 */
export function announceCommittedEvents(orm: MikroORM, announce: () => void): void {
  const subscriber: EventSubscriber = {
    afterTransactionCommit({ transaction }: TransactionEventArgs) {
      if (transaction && transactionsWithEvents.has(transaction)) {
        transactionsWithEvents.delete(transaction);
        announce();
      }
    },
  };
  orm.em.getEventManager().registerSubscriber(subscriber);
}
