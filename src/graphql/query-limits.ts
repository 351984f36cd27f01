import type { ApolloServerPlugin } from '@apollo/server';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import {
  GraphQLError,
  isListType,
  isNonNullType,
  Lexer,
  Source,
  TokenKind,
  type DocumentNode,
  type GraphQLFormattedError,
  type GraphQLOutputType,
  type GraphQLSchema,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';
import { getComplexity, type ComplexityEstimator } from 'graphql-query-complexity';
import { currentRequest } from '../ops/request-record.js';
import { ErrorCode } from './errors.js';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from './pagination/page-request.js';

/**
 * What one operation may ask, checked before anything runs, the same on
 * HTTP and WebSocket. Generous for any real page (the group page of a
 * partner site is 6 levels deep, ~200 tokens and ~1,200 nodes) and small
 * enough that no document costs the server more to check than to refuse.
 */
export const QUERY_LIMITS = {
  /** Characters of the document itself (the request body as a whole is capped separately). */
  documentLength: 20_000,
  /** Lexical tokens: names, punctuation, values. Counted before parsing. */
  tokens: 5_000,
  /** Levels of nested selections (introspection's own nesting excepted). */
  depth: 12,
  /** Fields renamed with an alias (each alias is another copy of a field to resolve). */
  aliases: 30,
  /** Directive uses (`@include`, `@skip`…). */
  directives: 20,
  /**
   * Objects the response may hold at most, GitHub's rule: each paged list
   * counts its page size (`first`/`last`, variables included; 20 when not
   * given) times everything selected inside it, and `nodes(ids:)` the IDs.
   */
  nodes: 500_000,
} as const;

export type QueryLimit = keyof typeof QUERY_LIMITS;

/** A QUERY_LIMIT_EXCEEDED error naming the limit, its maximum and what the operation asked. */
export function queryLimitError(limit: QueryLimit, message: string, actual?: number): GraphQLError {
  return new GraphQLError(message, {
    extensions: {
      code: ErrorCode.QUERY_LIMIT_EXCEEDED,
      limit,
      maximum: QUERY_LIMITS[limit],
      ...(actual === undefined ? {} : { actual }),
      http: { status: 400 },
    },
  });
}

/**
 * Refuses a document too long or with too many tokens, before it is parsed:
 * counting tokens costs a fraction of parsing them, and the rules that run
 * on a parsed document (field merging above all) can cost far more.
 */
export function checkSource(source: string): void {
  if (source.length > QUERY_LIMITS.documentLength) {
    throw queryLimitError(
      'documentLength',
      `The document is ${source.length.toLocaleString('en')} characters long; at most ${QUERY_LIMITS.documentLength.toLocaleString('en')} are accepted.`,
      source.length,
    );
  }
  const lexer = new Lexer(new Source(source));
  let tokens = 0;
  try {
    while (lexer.advance().kind !== TokenKind.EOF) {
      if (++tokens > QUERY_LIMITS.tokens) {
        throw queryLimitError('tokens', `The document holds more than ${QUERY_LIMITS.tokens.toLocaleString('en')} tokens, the most accepted.`);
      }
    }
  } catch (error) {
    // A lexical error is the parser's to report, with its position.
    if (error instanceof GraphQLError && error.extensions.code === ErrorCode.QUERY_LIMIT_EXCEEDED) throw error;
  }
}

/**
 * graphql-armor's depth, alias and directive counts as validation rules
 * (Apollo and graphql-ws both run them with GraphQL's own rules). Its
 * message says what was found ("…limit of 12 exceeded, found 14."); the
 * error the hub reports carries that number as `actual`.
 */
const armored = (limit: QueryLimit, what: string): Parameters<typeof maxDepthRule>[0] => ({
  n: QUERY_LIMITS[limit],
  exposeLimits: true,
  propagateOnRejection: false,
  onReject: [
    (context: ValidationContext | null, rejection: GraphQLError) => {
      const found = /found (\d+)/.exec(rejection.message);
      const actual = found ? Number(found[1]) : undefined;
      context?.reportError(
        queryLimitError(limit, `The operation has ${actual ?? 'more than'} ${what}; at most ${QUERY_LIMITS[limit]} are accepted.`, actual),
      );
    },
  ],
});

export const queryLimitRules: ValidationRule[] = [
  maxDepthRule(armored('depth', 'levels of nesting')),
  maxAliasesRule(armored('aliases', 'aliases')),
  maxDirectivesRule(armored('directives', 'directives')),
];

/**
 * The node count of one field: a paged list multiplies everything inside it
 * by its page size (above MAX_PAGE_SIZE the resolver refuses the argument
 * itself, so the count stops there).
 */
const nodeEstimator: ComplexityEstimator = ({ field, args, childComplexity }) => {
  const pageArgs = field.args.some((arg) => arg.name === 'first' || arg.name === 'last');
  if (pageArgs) {
    const asked = typeof args.first === 'number' ? args.first : typeof args.last === 'number' ? args.last : DEFAULT_PAGE_SIZE;
    return Math.min(Math.max(asked, 0), MAX_PAGE_SIZE) * (1 + childComplexity);
  }
  if (Array.isArray(args.ids) && returnsList(field.type)) return Math.min(args.ids.length, MAX_PAGE_SIZE) * (1 + childComplexity);
  return childComplexity;
};

function returnsList(type: GraphQLOutputType): boolean {
  return isListType(isNonNullType(type) ? type.ofType : type);
}

/** How many objects an operation may return (see QUERY_LIMITS.nodes); variables as sent. */
export function operationNodes(schema: GraphQLSchema, document: DocumentNode, operationName: string | null | undefined, variables: Record<string, unknown> | undefined): number {
  return getComplexity({ schema, query: document, operationName: operationName ?? undefined, variables: variables ?? {}, estimators: [nodeEstimator] });
}

/**
 * Refuses an operation that may return more than QUERY_LIMITS.nodes
 * objects. Variables that do not fit their types are left to execution,
 * which refuses them (BAD_USER_INPUT) before running anything.
 */
export function checkNodeLimit(schema: GraphQLSchema, document: DocumentNode, operationName: string | null | undefined, variables: Record<string, unknown> | undefined): number | null {
  let nodes: number;
  try {
    nodes = operationNodes(schema, document, operationName, variables);
  } catch (error) {
    if (error instanceof GraphQLError) return null;
    throw error;
  }
  if (nodes > QUERY_LIMITS.nodes) {
    throw queryLimitError(
      'nodes',
      `The operation may return up to ${nodes.toLocaleString('en')} objects; at most ${QUERY_LIMITS.nodes.toLocaleString('en')} are accepted. Ask for smaller pages.`,
      nodes,
    );
  }
  return nodes;
}

/**
 * The node limit in Apollo's pipeline, once the operation and its variables
 * are known. (The document's length and tokens are checked before Apollo
 * sees the request, in server.ts: Apollo turns errors thrown before parsing
 * into 500s.)
 */
export const queryLimitsPlugin: ApolloServerPlugin = {
  async requestDidStart() {
    return {
      async didResolveOperation({ schema, document, operationName, request }) {
        const nodes = checkNodeLimit(schema, document, operationName, request.variables);
        const record = currentRequest();
        if (record && nodes !== null) record.nodes = nodes;
      },
    };
  },
};

/**
 * Apollo files every validation error under GRAPHQL_VALIDATION_FAILED; the
 * limit rules' errors keep their own code, which partners branch on.
 */
export function withLimitCode(formatted: GraphQLFormattedError): GraphQLFormattedError {
  if (formatted.extensions?.limit === undefined || formatted.extensions.code === ErrorCode.QUERY_LIMIT_EXCEEDED) return formatted;
  return { ...formatted, extensions: { ...formatted.extensions, code: ErrorCode.QUERY_LIMIT_EXCEEDED } };
}
