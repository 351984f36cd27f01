import { Ctx, Field, Int, ObjectType, Query, Resolver } from 'type-graphql';
import { forbidReuse } from '../graphql/cache-policy.js';
import type { RequestContext } from '../graphql/context.js';
import { DateTime } from '../graphql/scalars.js';
import { currentRequest } from '../ops/request-record.js';

@ObjectType('RateLimit', {
  description:
    'Your rate limit: points per hour, GitHub-style. A query costs the number of requests its paged lists would take at 100 items a page, divided by 100, and at least 1 (almost every page costs 1). Anonymous callers are counted by address, signed-in ones by token. The same figures come in the `X-RateLimit-Limit`, `-Remaining`, `-Used` and `-Reset` headers of every response; once none are left, requests fail with `RATE_LIMITED` (HTTP 429, `Retry-After`) until `resetAt`.',
})
export class RateLimitObject {
  @Field(() => Int, { description: 'Points this request cost.' })
  cost!: number;

  @Field(() => Int, { description: 'Points you may spend per hour.' })
  limit!: number;

  @Field(() => Int, { description: 'Points spent in the current hour, this request included.' })
  used!: number;

  @Field(() => Int, { description: 'Points left until `resetAt`.' })
  remaining!: number;

  @Field(() => DateTime, { description: 'When the current hour ends and the points are yours again.' })
  resetAt!: Date;
}

@Resolver()
export class RateLimitResolver {
  @Query(() => RateLimitObject, {
    nullable: true,
    description:
      'Where your rate limit stands after this request. Null over WebSocket: operations there are counted too (against the token sent in connection_init, or the address), but their responses do not report it. Asking for it makes the response uncacheable.',
  })
  rateLimit(@Ctx() context: RequestContext): RateLimitObject | null {
    forbidReuse(context);
    return currentRequest()?.rateLimit ?? null;
  }
}
