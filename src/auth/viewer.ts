import { GraphQLError } from 'graphql';
import { sql, type Db } from '../db/sql.js';
import { ErrorCode } from '../graphql/errors.js';
import { hashToken } from './tokens.js';

/** The signed-in person behind a request. */
export interface Viewer {
  personKey: string;
  isAdmin: boolean;
}

/**
 * Reads `Authorization: Bearer <token>`. No header: anonymous (null). A
 * header that is malformed, or a token that is unknown or revoked, is an
 * UNAUTHENTICATED error (HTTP 401): a partner with a broken token should
 * hear about it, not silently see less.
 */
export async function authenticate(db: Db, authorization: string | undefined): Promise<Viewer | null> {
  if (!authorization) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
  if (!match) throw unauthenticated('The Authorization header must be `Bearer <access token>`.');
  const [row] = await db.rows<{ personKey: string; isAdmin: boolean }>(sql`
    select p.id as "personKey", p.is_admin as "isAdmin"
    from access_token t join person p on p.id = t.person_id
    where t.token_hash = ${hashToken(match[1])} and t.revoked_at is null`);
  if (!row) throw unauthenticated('The access token is unknown or has been revoked.');
  return row;
}

export function unauthenticated(message = 'Sign in with an access token (Authorization: Bearer <token>) to do this.'): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.UNAUTHENTICATED, http: { status: 401 } } });
}

export function forbidden(message = 'You are not allowed to do this.'): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.FORBIDDEN } });
}
