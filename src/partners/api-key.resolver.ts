import { parse } from 'graphql';
import { Arg, Ctx, Field, ID, InputType, Int, Mutation, ObjectType, Query, Resolver, FieldResolver, Root } from 'type-graphql';
import { z } from 'zod';
import { inBatch, isoTimestamp, sql } from '../db/sql.js';
import type { RequestContext } from '../graphql/context.js';
import { toGlobalId } from '../graphql/global-id.js';
import { idOf, rules } from '../graphql/input-rules.js';
import { byKey, defineLoader } from '../graphql/loaders.js';
import { existing, requireSignedIn } from '../graphql/mutation-helpers.js';
import { Node, hydrate, registerNodeType } from '../graphql/node.js';
import { QUERY_LIMITS } from '../graphql/query-limits.js';
import { DateTime } from '../graphql/scalars.js';
import { mutation, parseInput, MutationPayload, UserErrorCode, UserErrors, userError } from '../graphql/user-errors.js';
import { apiKeyService, DEFAULT_API_KEY_POINTS } from './api-key.service.js';

@ObjectType('PersistedOperation', { description: 'An operation registered for an API key.' })
export class PersistedOperationObject {
  @Field({ description: 'Hex SHA-256 of the document: send it as `extensions.persistedQuery.sha256Hash` (automatic persisted queries).' })
  sha256!: string;

  @Field({ description: 'The GraphQL document.' })
  document!: string;

  @Field(() => DateTime, { description: 'When it was registered.' })
  createdAt!: string;
}

@ObjectType('ApiKey', {
  implements: Node,
  description:
    'A partner\'s API key, sent as `X-Api-Key: <key>`: read-only (queries only), counted against its own rate-limit budget, and, when `persistedQueriesOnly`, limited to the operations registered for it. The key itself is shown only when it is created. Visible to admins.',
})
export class ApiKeyNode implements Node {
  key!: string;

  @Field(() => ID, { description: 'Opaque global identifier of the key record.' })
  get id(): string {
    return toGlobalId('ApiKey', this.key);
  }

  @Field({ description: 'The partner it was issued to.' })
  name!: string;

  @Field({ description: 'The first characters of the key, to recognise it.' })
  prefix!: string;

  @Field(() => Int, { description: 'Rate-limit points per hour.' })
  pointsPerHour!: number;

  @Field({ description: 'True when only the operations registered for the key run (an allow-list).' })
  persistedQueriesOnly!: boolean;

  @Field(() => DateTime, { description: 'When the key was issued.' })
  createdAt!: string;

  @Field(() => DateTime, { nullable: true, description: 'When the key was revoked; null while it works.' })
  revokedAt!: string | null;
}

const apiKeyColumns = sql`k.id as key, k.name, k.prefix, k.points_per_hour as "pointsPerHour", k.persisted_queries_only as "persistedQueriesOnly",
  ${isoTimestamp(sql`k.created_at`)} as "createdAt", case when k.revoked_at is null then null else ${isoTimestamp(sql`k.revoked_at`)} end as "revokedAt"`;

const apiKeyById = defineLoader<string, ApiKeyNode | null>('apiKey.byId', async (db, ids) => {
  const rows = await db.rows<ApiKeyNode>(sql`select ${apiKeyColumns} from api_key k where ${inBatch(sql`k.id`, ids)}`);
  return byKey(rows.map((row) => hydrate(ApiKeyNode, row)), ids, (key) => key.key);
});

const operationsOfKey = defineLoader<string, PersistedOperationObject[]>('apiKey.operations', async (db, ids) => {
  const rows = await db.rows<PersistedOperationObject & { owner: string }>(sql`
    select q.api_key_id as owner, q.sha256, q.document, ${isoTimestamp(sql`q.created_at`)} as "createdAt"
    from persisted_query q where ${inBatch(sql`q.api_key_id`, ids)} order by q.created_at, q.sha256`);
  return ids.map((id) => rows.filter((row) => row.owner === id));
});

registerNodeType('ApiKey', async (context, id) => (context.roles.isAdmin ? context.loaders.of(apiKeyById).load(id) : null));

@InputType({ description: 'A key to issue for a partner.' })
export class CreateApiKeyInput {
  @Field({ description: 'The partner, e.g. "OGP website" (1–300 characters).' })
  name!: string;

  @Field(() => Int, { nullable: true, description: `Rate-limit points per hour (1–1,000,000; ${DEFAULT_API_KEY_POINTS.toLocaleString('en')} when not given).` })
  pointsPerHour?: number | null;

  @Field(() => Boolean, { nullable: true, description: 'Only the operations registered for the key will run (false when not given).' })
  persistedQueriesOnly?: boolean | null;
}

@InputType({ description: 'A key to revoke.' })
export class RevokeApiKeyInput {
  @Field(() => ID, { description: 'The key record (ApiKey ID).' })
  apiKeyId!: string;
}

@InputType({ description: 'An operation to register for a key.' })
export class RegisterPersistedOperationInput {
  @Field(() => ID, { description: 'The key (ApiKey ID).' })
  apiKeyId!: string;

  @Field({ description: 'The GraphQL document, exactly as the partner will send it (its SHA-256 must match theirs).' })
  document!: string;
}

@ObjectType({ description: 'The outcome of createApiKey.' })
export class CreateApiKeyPayload extends MutationPayload {
  @Field(() => String, { nullable: true, description: 'The key. Shown this once and never again: hand it to the partner over a safe channel.' })
  key?: string | null;

  @Field(() => ApiKeyNode, { nullable: true, description: 'The key\'s record.' })
  apiKey?: ApiKeyNode | null;
}

@ObjectType({ description: 'The outcome of revokeApiKey or registerPersistedOperation.' })
export class ApiKeyPayload extends MutationPayload {
  @Field(() => ApiKeyNode, { nullable: true, description: 'The key\'s record.' })
  apiKey?: ApiKeyNode | null;

  @Field(() => String, { nullable: true, description: 'registerPersistedOperation: the SHA-256 of the registered document.' })
  sha256?: string | null;
}

const createSchema = z.object({
  name: rules.title,
  pointsPerHour: z.number().int().min(1, 'At least 1 point per hour.').max(1_000_000, 'At most 1,000,000 points per hour.').nullish(),
  persistedQueriesOnly: z.boolean().nullish(),
});
const revokeSchema = z.object({ apiKeyId: idOf('ApiKey') });
const registerSchema = z.object({
  apiKeyId: idOf('ApiKey'),
  document: z
    .string()
    .min(1, 'A document is required.')
    .max(QUERY_LIMITS.documentLength, `Keep the document under ${QUERY_LIMITS.documentLength.toLocaleString('en')} characters.`)
    .refine(parses, 'The document is not valid GraphQL syntax.'),
});

function parses(document: string): boolean {
  try {
    parse(document);
    return true;
  } catch {
    return false;
  }
}

@Resolver(() => ApiKeyNode)
export class ApiKeyResolver {
  @Query(() => [ApiKeyNode], { description: 'Every partner API key, newest first (revoked ones too). Admins only.' })
  async apiKeys(@Ctx() context: RequestContext): Promise<ApiKeyNode[]> {
    requireSignedIn(context, 'see API keys');
    context.roles.require(context.roles.isAdmin, 'see API keys');
    const rows = await context.db.rows<ApiKeyNode>(sql`select ${apiKeyColumns} from api_key k order by k.created_at desc, k.id`);
    return rows.map((row) => hydrate(ApiKeyNode, row));
  }

  @FieldResolver(() => [PersistedOperationObject], { description: 'The operations registered for the key, oldest first.' })
  persistedOperations(@Root() key: ApiKeyNode, @Ctx() context: RequestContext): Promise<PersistedOperationObject[]> {
    return context.loaders.of(operationsOfKey).load(key.key);
  }

  @Mutation(() => CreateApiKeyPayload, { description: 'Issues an API key for a partner. Admins only.' })
  createApiKey(@Ctx() context: RequestContext, @Arg('input', () => CreateApiKeyInput, { description: 'The partner and the key\'s budget.' }) input: CreateApiKeyInput) {
    const actor = requireSignedIn(context, 'issue API keys');
    context.roles.require(context.roles.isAdmin, 'issue API keys');
    return mutation(async () => {
      const values = parseInput(createSchema, input);
      const issued = await context.em.transactional((em) =>
        apiKeyService.issue(em, { name: values.name, pointsPerHour: values.pointsPerHour ?? undefined, persistedQueriesOnly: values.persistedQueriesOnly ?? undefined, createdByKey: actor }),
      );
      return { key: issued.key, apiKey: await context.loaders.of(apiKeyById).load(issued.record.id) };
    });
  }

  @Mutation(() => ApiKeyPayload, { description: 'Revokes an API key at once. Admins only.' })
  revokeApiKey(@Ctx() context: RequestContext, @Arg('input', () => RevokeApiKeyInput, { description: 'The key.' }) input: RevokeApiKeyInput) {
    requireSignedIn(context, 'revoke API keys');
    context.roles.require(context.roles.isAdmin, 'revoke API keys');
    return mutation(async () => {
      const values = parseInput(revokeSchema, input);
      await existing(context, apiKeyById, values.apiKeyId, ['apiKeyId'], 'API key');
      const revoked = await context.em.transactional((em) => apiKeyService.revoke(em, { id: values.apiKeyId }));
      if (!revoked) throw new UserErrors([userError(['apiKeyId'], UserErrorCode.ALREADY_DONE, 'The key was already revoked.')]);
      return { apiKey: await context.loaders.of(apiKeyById).clear(values.apiKeyId).load(values.apiKeyId) };
    });
  }

  @Mutation(() => ApiKeyPayload, {
    description: 'Registers an operation for an API key: a key restricted to persisted queries runs only these (sent whole, or by their SHA-256 alone). Registering it again changes nothing. Admins only.',
  })
  registerPersistedOperation(
    @Ctx() context: RequestContext,
    @Arg('input', () => RegisterPersistedOperationInput, { description: 'The key and the document.' }) input: RegisterPersistedOperationInput,
  ) {
    requireSignedIn(context, 'register operations');
    context.roles.require(context.roles.isAdmin, 'register operations');
    return mutation(async () => {
      const values = parseInput(registerSchema, input);
      await existing(context, apiKeyById, values.apiKeyId, ['apiKeyId'], 'API key');
      const sha256 = await context.em.transactional((em) => apiKeyService.register(em, values.apiKeyId, values.document));
      return { sha256, apiKey: await context.loaders.of(apiKeyById).load(values.apiKeyId) };
    });
  }
}
