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
  type GraphQLField,
  type GraphQLFormattedError,
  type GraphQLOutputType,
  type GraphQLSchema,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';
import { getComplexity, type ComplexityEstimator } from 'graphql-query-complexity';
import type { RateLimits } from '../ratelimits/rate-limits.js';
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

/** The page size a field with `first`/`last` (or `nodes(ids:)`) asks for; null for other fields. */
function pageSizeOf(field: GraphQLField<unknown, unknown>, args: Record<string, unknown>): number | null {
  if (field.args.some((arg) => arg.name === 'first' || arg.name === 'last')) {
    const asked = typeof args.first === 'number' ? args.first : typeof args.last === 'number' ? args.last : DEFAULT_PAGE_SIZE;
    // Above MAX_PAGE_SIZE the resolver refuses the argument itself, so the count stops there.
    return Math.min(Math.max(asked, 0), MAX_PAGE_SIZE);
  }
  if (Array.isArray(args.ids) && returnsList(field.type)) return Math.min(args.ids.length, MAX_PAGE_SIZE);
  return null;
}

function returnsList(type: GraphQLOutputType): boolean {
  return isListType(isNonNullType(type) ? type.ofType : type);
}

/** Objects returned: a paged list multiplies everything inside it by its page size. */
const nodeEstimator: ComplexityEstimator = ({ field, args, childComplexity }) => {
  const pageSize = pageSizeOf(field, args);
  return pageSize === null ? childComplexity : pageSize * (1 + childComplexity);
};

/** Requests of 100 items a REST client would make: a paged list once, and the lists inside it once per item. */
const requestEstimator: ComplexityEstimator = ({ field, args, childComplexity }) => {
  const pageSize = pageSizeOf(field, args);
  return pageSize === null ? childComplexity : 1 + pageSize * childComplexity;
};

export interface OperationMeasure {
  /** Objects the response may hold (QUERY_LIMITS.nodes). */
  nodes: number;
  /** Rate-limit points, GitHub's formula: requests ÷ 100, rounded, 1 at least. */
  cost: number;
}

/**
 * Measures an operation with the variables sent. Null when the variables
 * do not fit their types: execution refuses them (BAD_USER_INPUT) before
 * running anything, so there is nothing to measure.
 *
 * A measure depends on nothing else, and on the variables only through
 * their numbers (page sizes), booleans (`@include`, `@skip`) and list
 * lengths (`nodes(ids:)`): measures are kept by document (Apollo parses each
 * distinct document once and hands the same object back), operation name
 * and the variables' shape (measuredShape), so every search text and every
 * mutation's input share their document's measure (measuring takes some
 * 0.3 ms). Only measures are kept, not refusals: a refusal is the variables'
 * own, and keeping it would excuse valid variables of the same shape from
 * the node limit.
 */
export function measureOperation(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Record<string, unknown> | null | undefined,
): OperationMeasure | null {
  let ofSchema = measures.get(schema);
  if (!ofSchema) measures.set(schema, (ofSchema = new WeakMap()));
  let ofDocument = ofSchema.get(document);
  if (!ofDocument) ofSchema.set(document, (ofDocument = new Map()));
  const key = JSON.stringify([operationName ?? null, measuredShape(variables ?? {})]);
  const kept = ofDocument.get(key);
  if (kept) return kept;
  const measure = measureNow(schema, document, operationName, variables);
  if (measure && key.length <= MAX_SHAPE_KEY_LENGTH) {
    if (ofDocument.size >= MEASURES_PER_DOCUMENT) ofDocument.clear();
    ofDocument.set(key, measure);
  }
  return measure;
}

/** Measures taken, by schema, document, then operation name and the variables' shape. */
const measures = new WeakMap<GraphQLSchema, WeakMap<DocumentNode, Map<string, OperationMeasure>>>();
/** Variable shapes kept per document; one asked with ever new ones starts over past this. */
const MEASURES_PER_DOCUMENT = 1000;
/** Longer shapes (lists of thousands of IDs) are measured every time rather than held: they would fill memory. */
const MAX_SHAPE_KEY_LENGTH = 4096;

/**
 * The variables as far as a measure can tell them apart: every string
 * (a search text, an ID, a title, an enum value) made the same, numbers,
 * booleans and the length of lists kept.
 */
export function measuredShape(value: unknown): unknown {
  if (typeof value === 'string') return '';
  if (Array.isArray(value)) return value.map(measuredShape);
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([name, field]) => [name, measuredShape(field)]));
  return value;
}

function measureNow(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Record<string, unknown> | null | undefined,
): OperationMeasure | null {
  const options = { schema, query: document, operationName: operationName ?? undefined, variables: variables ?? {} };
  try {
    const nodes = getComplexity({ ...options, estimators: [nodeEstimator] });
    const requests = getComplexity({ ...options, estimators: [requestEstimator] });
    return { nodes, cost: Math.max(1, Math.round(requests / 100)) };
  } catch (error) {
    if (error instanceof GraphQLError) return null;
    throw error;
  }
}

/** Refuses an operation that may return more than QUERY_LIMITS.nodes objects. */
export function checkNodeLimit(measure: OperationMeasure | null): void {
  if (measure && measure.nodes > QUERY_LIMITS.nodes) {
    throw queryLimitError(
      'nodes',
      `The operation may return up to ${measure.nodes.toLocaleString('en')} objects; at most ${QUERY_LIMITS.nodes.toLocaleString('en')} are accepted. Ask for smaller pages.`,
      measure.nodes,
    );
  }
}

/**
 * Once Apollo knows the operation and its variables: API keys run queries
 * only, then the node limit, then the rate limit (the operation's cost against the caller's points). (The
 * document's length and tokens are checked before Apollo sees the request,
 * in http-endpoint.ts: Apollo turns errors thrown before parsing into 500s.)
 */
export function operationLimitsPlugin(rateLimits: RateLimits | null): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operation, operationName, request }) {
          const record = currentRequest();
          if (record?.partner && operation?.operation !== 'query') {
            throw new GraphQLError('API keys are read-only: send an access token (Authorization: Bearer <token>) for mutations.', {
              extensions: { code: ErrorCode.FORBIDDEN, http: { status: 403 } },
            });
          }
          const measure = measureOperation(schema, document, operationName, request.variables);
          checkNodeLimit(measure);
          if (!record) return;
          record.nodes = measure?.nodes;
          record.cost = measure?.cost ?? 1;
          if (rateLimits && record.client) record.rateLimit = await rateLimits.consume(record.client, record.cost);
        },
      };
    },
  };
}

/**
 * Apollo files every validation error under GRAPHQL_VALIDATION_FAILED; the
 * limit rules' errors keep their own code, which partners branch on.
 */
export function withLimitCode(formatted: GraphQLFormattedError): GraphQLFormattedError {
  if (formatted.extensions?.limit === undefined || formatted.extensions.code === ErrorCode.QUERY_LIMIT_EXCEEDED) return formatted;
  return { ...formatted, extensions: { ...formatted.extensions, code: ErrorCode.QUERY_LIMIT_EXCEEDED } };
}
