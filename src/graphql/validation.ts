import { specifiedRules, validate, type DocumentNode, type GraphQLError, type GraphQLSchema, type ValidationRule } from 'graphql';

/**
 * The hub's own validation rules, on top of GraphQL's. HTTP (Apollo) and
 * WebSocket (graphql-ws) both run exactly this list, so a document valid on
 * one transport is valid on the other; query limits belong here.
 */
export const hubValidationRules: ValidationRule[] = [];

/** Validation as graphql-ws runs it: GraphQL's rules plus the hub's. */
export function validateHubDocument(schema: GraphQLSchema, document: DocumentNode): readonly GraphQLError[] {
  return validate(schema, document, [...specifiedRules, ...hubValidationRules]);
}
