import { badUserInput } from './errors.js';

/**
 * Global object IDs: `base64url("<Type>:<key>")`. Partners must treat them as
 * opaque; the encoding lets `node(id:)` find the type without a lookup table.
 */
export function toGlobalId(typeName: string, key: string): string {
  return Buffer.from(`${typeName}:${key}`, 'utf8').toString('base64url');
}

export interface DecodedGlobalId {
  typeName: string;
  key: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const COUNTRY_CODE = /^[A-Z]{2}$/;

/** The key format each node type uses; an ID whose key does not fit is malformed. */
const keyFormats: Record<string, RegExp> = {};

/** Registers a node type's name and key format (uuid unless stated). */
export function registerNodeKey(typeName: string, format: 'uuid' | 'country-code' = 'uuid'): void {
  keyFormats[typeName] = format === 'uuid' ? UUID : COUNTRY_CODE;
}

/**
 * Decodes a global ID, or throws BAD_USER_INPUT when it is not one this API
 * issued (wrong encoding, unknown type, malformed key). A well-formed ID of a
 * row that does not exist decodes fine: callers resolve it to null.
 */
export function fromGlobalId(id: string, argument = 'id', expectedType?: string): DecodedGlobalId {
  const decoded = /^[A-Za-z0-9_-]{1,200}$/.test(id) ? Buffer.from(id, 'base64url').toString('utf8') : '';
  const separator = decoded.indexOf(':');
  const typeName = decoded.slice(0, separator);
  const key = decoded.slice(separator + 1);
  const format = keyFormats[typeName];
  if (separator < 0 || !format || !format.test(key) || (expectedType && typeName !== expectedType)) {
    throw badUserInput(
      expectedType ? `"${id}" is not a valid ${expectedType} ID.` : `"${id}" is not a valid ID.`,
      argument,
    );
  }
  return { typeName, key };
}
