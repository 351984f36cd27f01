import { Entity, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';

/**
 * One client's points used in the current window, shared by every instance
 * (rate-limiter-flexible's PostgreSQL store writes it; with REDIS_URL set,
 * Redis holds the counters instead). Declared here so the migrations create
 * it and the schema diff knows it; the application never maps its rows.
 */
@Entity({ tableName: 'rate_limit_counter' })
export class RateLimitCounter {
  /** `<budget>:<client>`, e.g. `anonymous:ip:203.0.113.7`. */
  @PrimaryKey({ type: 'string', length: 255 })
  key!: string;

  @Property({ type: 'integer', default: 0 })
  points!: number;

  /** When the window ends, in milliseconds since the epoch. */
  @Property({ type: 'bigint', nullable: true })
  expire?: string | null;
}
