import {
  GraphQLError,
  parse,
  specifiedRules,
  validate,
  type DocumentNode,
  type ExecutionArgs,
  type GraphQLFormattedError,
  type GraphQLSchema,
  type ValidationRule,
} from 'graphql';
import { checkNodeLimit, checkSource, measureOperation, queryLimitRules } from './query-limits.js';

/**
 * The hub's own validation rules, on top of GraphQL's. HTTP (Apollo) and
 * WebSocket (graphql-ws) both run exactly this list, so a document valid on
 * one transport is valid on the other.
 */
export const hubValidationRules: ValidationRule[] = [...queryLimitRules];

/** GraphQL's rules plus the hub's: the list Apollo runs over HTTP, run here for WebSocket operations. */
function validateHubDocument(schema: GraphQLSchema, document: DocumentNode): readonly GraphQLError[] {
  return validate(schema, document, [...specifiedRules, ...hubValidationRules]);
}

/**
 * A WebSocket operation, checked as Apollo checks an HTTP one and in the
 * same order: the document's length and tokens, parsing, validation (limit
 * rules included), the node count with the variables sent, then the
 * caller's rate limit. Returns what graphql-ws executes, or the errors to
 * answer with.
 */
export async function prepareOperation(
  schema: GraphQLSchema,
  payload: { query: string; operationName?: string | null; variables?: Record<string, unknown> | null },
  count?: (cost: number) => Promise<unknown>,
): Promise<ExecutionArgs | readonly GraphQLError[]> {
  try {
    checkSource(payload.query);
    const document = parse(payload.query);
    const errors = validateHubDocument(schema, document);
    if (errors.length) return errors;
    const measure = measureOperation(schema, document, payload.operationName, payload.variables);
    checkNodeLimit(measure);
    await count?.(measure?.cost ?? 1);
    return { schema, document, operationName: payload.operationName, variableValues: payload.variables };
  } catch (error) {
    if (error instanceof GraphQLError) return [error];
    throw error;
  }
}

/** `Did you mean "…"?` gives the schema away to someone probing it; production answers without it (as Apollo's hideSchemaDetailsFromClientErrors does over HTTP). */
export function withoutSuggestions(error: GraphQLFormattedError): GraphQLFormattedError {
  const message = error.message.replace(/ ?Did you mean .+\?$/, '');
  return message === error.message ? error : { ...error, message };
}
