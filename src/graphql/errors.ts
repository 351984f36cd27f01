import { GraphQLError, type GraphQLFormattedError } from 'graphql';

/**
 * Stable `extensions.code` values. Partner sites branch on these, so they are
 * part of the public contract: add new ones, never rename.
 */
export enum ErrorCode {
  BAD_USER_INPUT = 'BAD_USER_INPUT',
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  FORBIDDEN = 'FORBIDDEN',
  INTERNAL_SERVER_ERROR = 'INTERNAL_SERVER_ERROR',
  /** The operation exceeds a query limit (`extensions.limit`, `maximum`, `actual`); see QUERY_LIMITS. */
  QUERY_LIMIT_EXCEEDED = 'QUERY_LIMIT_EXCEEDED',
  /** The caller's points for the hour are spent (HTTP 429; `extensions.retryAfter` seconds, `extensions.rateLimit`). */
  RATE_LIMITED = 'RATE_LIMITED',
  /** The API key runs only the operations registered for it, and this is not one (HTTP 403). */
  PERSISTED_QUERY_NOT_ALLOWED = 'PERSISTED_QUERY_NOT_ALLOWED',
}

/** The request asked for something malformed: a bad cursor, ID, page size or filter value. */
export function badUserInput(message: string, argument?: string): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code: ErrorCode.BAD_USER_INPUT, ...(argument ? { argument } : {}) },
  });
}

/** An error as clients see it: the `http` extension (status and headers, for the transport) stays on the server. */
export function formatForClient(error: GraphQLError): GraphQLFormattedError {
  const { http: _http, ...extensions } = error.extensions;
  return { ...error.toJSON(), extensions };
}
