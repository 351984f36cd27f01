import { Arg, Ctx, Field, ID, InputType, Mutation, ObjectType, Resolver, FieldResolver, Root } from 'type-graphql';
import { z } from 'zod';
import type { RequestContext } from '../graphql/context.js';
import { toGlobalId } from '../graphql/global-id.js';
import { idOf, rules } from '../graphql/input-rules.js';
import { byKey, defineLoader } from '../graphql/loaders.js';
import { existing, requireSignedIn } from '../graphql/mutation-helpers.js';
import { Node, hydrate, registerNodeType } from '../graphql/node.js';
import { DateTime } from '../graphql/scalars.js';
import { mutation, parseInput, MutationPayload, UserErrorCode, UserErrors, userError } from '../graphql/user-errors.js';
import { Person } from '../people/person.entity.js';
import { PersonNode } from '../people/person.node.js';
import { personById } from '../people/person.queries.js';
import { inBatch, isoTimestamp, sql } from '../db/sql.js';
import { accessTokenService } from './access-token.service.js';

@ObjectType('AccessToken', { implements: Node, description: 'A bearer token that signs a person in (the token itself is shown only when it is created). Visible to admins.' })
export class AccessTokenNode implements Node {
  key!: string;
  personKey!: string;

  @Field(() => ID, { description: 'Opaque global identifier of the token record.' })
  get id(): string {
    return toGlobalId('AccessToken', this.key);
  }

  @Field({ description: 'What the token is for.' })
  label!: string;

  @Field({ description: 'The first characters of the token, to recognise it.' })
  prefix!: string;

  @Field(() => DateTime, { description: 'When the token was issued.' })
  createdAt!: string;

  @Field(() => DateTime, { nullable: true, description: 'When the token was revoked; null while it works.' })
  revokedAt!: string | null;
}

const accessTokenById = defineLoader<string, AccessTokenNode | null>('accessToken.byId', async (db, ids) => {
  const rows = await db.rows<AccessTokenNode>(sql`
    select t.id as key, t.person_id as "personKey", t.label, t.prefix, ${isoTimestamp(sql`t.created_at`)} as "createdAt",
      case when t.revoked_at is null then null else ${isoTimestamp(sql`t.revoked_at`)} end as "revokedAt"
    from access_token t where ${inBatch(sql`t.id`, ids)}`);
  return byKey(rows.map((row) => hydrate(AccessTokenNode, row)), ids, (token) => token.key);
});

registerNodeType('AccessToken', async (context, id) => (context.roles.isAdmin ? context.loaders.of(accessTokenById).load(id) : null));

@InputType({ description: 'A token to issue for a person.' })
export class CreateAccessTokenInput {
  @Field(() => ID, { description: 'The person the token signs in.' })
  personId!: string;

  @Field({ description: 'What the token is for, e.g. "laptop" (1–300 characters).' })
  label!: string;
}

@InputType({ description: 'A token to revoke.' })
export class RevokeAccessTokenInput {
  @Field(() => ID, { description: 'The token record (AccessToken ID).' })
  accessTokenId!: string;
}

@ObjectType({ description: 'The outcome of createAccessToken.' })
export class CreateAccessTokenPayload extends MutationPayload {
  @Field(() => String, { nullable: true, description: 'The token. Shown this once and never again: hand it to its person over a safe channel.' })
  token?: string | null;

  @Field(() => AccessTokenNode, { nullable: true, description: 'The token\'s record.' })
  accessToken?: AccessTokenNode | null;
}

@ObjectType({ description: 'The outcome of revokeAccessToken.' })
export class RevokeAccessTokenPayload extends MutationPayload {
  @Field(() => AccessTokenNode, { nullable: true, description: 'The revoked token\'s record.' })
  accessToken?: AccessTokenNode | null;
}

const createSchema = z.object({ personId: idOf('Person'), label: rules.title });
const revokeSchema = z.object({ accessTokenId: idOf('AccessToken') });

@Resolver(() => AccessTokenNode)
export class AccessTokenResolver {
  @Mutation(() => CreateAccessTokenPayload, { description: 'Issues an access token for a person. Admins only.' })
  createAccessToken(@Ctx() context: RequestContext, @Arg('input', () => CreateAccessTokenInput, { description: 'The person and the label.' }) input: CreateAccessTokenInput) {
    const actor = requireSignedIn(context, 'issue access tokens');
    context.roles.require(context.roles.isAdmin, 'issue access tokens');
    return mutation(async () => {
      const values = parseInput(createSchema, input);
      await existing(context, personById, values.personId, ['personId'], 'person');
      const issued = await context.em.transactional(async (em) =>
        accessTokenService.issue(em, await em.findOneOrFail(Person, values.personId), values.label, { createdByKey: actor }),
      );
      return { token: issued.token, accessToken: await context.loaders.of(accessTokenById).load(issued.record.id) };
    });
  }

  @Mutation(() => RevokeAccessTokenPayload, { description: 'Revokes an access token at once. Admins only.' })
  revokeAccessToken(@Ctx() context: RequestContext, @Arg('input', () => RevokeAccessTokenInput, { description: 'The token.' }) input: RevokeAccessTokenInput) {
    requireSignedIn(context, 'revoke access tokens');
    context.roles.require(context.roles.isAdmin, 'revoke access tokens');
    return mutation(async () => {
      const values = parseInput(revokeSchema, input);
      await existing(context, accessTokenById, values.accessTokenId, ['accessTokenId'], 'access token');
      const revoked = await context.em.transactional((em) => accessTokenService.revoke(em, { id: values.accessTokenId }));
      if (!revoked) throw new UserErrors([userError(['accessTokenId'], UserErrorCode.ALREADY_DONE, 'The token was already revoked.')]);
      return { accessToken: await context.loaders.of(accessTokenById).clear(values.accessTokenId).load(values.accessTokenId) };
    });
  }

  @FieldResolver(() => PersonNode, { description: 'The person the token signs in.' })
  async person(@Root() token: AccessTokenNode, @Ctx() context: RequestContext): Promise<PersonNode> {
    return (await context.loaders.of(personById).load(token.personKey))!;
  }
}
