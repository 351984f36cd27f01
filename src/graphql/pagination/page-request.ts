import { badUserInput } from '../errors.js';

/** GitHub's cap: no page holds more than 100 items. */
export const MAX_PAGE_SIZE = 100;
/** The page size when the request names neither `first` nor `last`. */
export const DEFAULT_PAGE_SIZE = 20;

export interface ConnectionArguments {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
}

/** A validated page request: which way to read, how many, and from where. */
export interface PageRequest {
  size: number;
  /** Reading towards the start of the list (`last`/`before`). */
  backward: boolean;
  /** The sort-key values of the item the page starts after (or ends before). */
  cursor?: unknown[];
}

/**
 * Checks the Relay arguments and decodes the cursor. `ordering` names the
 * order the cursor must come from: a cursor taken from another order (or
 * another list) would silently skip or repeat items, so it is refused.
 */
export function toPageRequest(args: ConnectionArguments, ordering: string): PageRequest {
  const { first, after, last, before } = args;
  if (first != null && last != null) throw badUserInput('Pass either `first` or `last`, not both.', 'first');
  if (after != null && (last != null || before != null)) {
    throw badUserInput('`after` pages forward: combine it with `first`, not with `last` or `before`.', 'after');
  }
  if (before != null && first != null) {
    throw badUserInput('`before` pages backward: combine it with `last`, not with `first`.', 'before');
  }
  const backward = last != null || before != null;
  const argument = backward ? 'last' : 'first';
  const size = (backward ? last : first) ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(size) || size < 0) throw badUserInput(`\`${argument}\` must be 0 or more.`, argument);
  if (size > MAX_PAGE_SIZE) {
    throw badUserInput(
      `\`${argument}\` is ${size}, above the maximum page size of ${MAX_PAGE_SIZE}. Request at most ${MAX_PAGE_SIZE} items and follow \`pageInfo\` for more.`,
      argument,
    );
  }
  const cursor = backward ? before : after;
  return { size, backward, cursor: cursor == null ? undefined : decodeCursor(cursor, ordering, backward ? 'before' : 'after') };
}

/** Cursors are opaque to clients: base64url of the ordering's name and the item's sort-key values. */
export function encodeCursor(ordering: string, values: unknown[]): string {
  return Buffer.from(JSON.stringify([ordering, ...values]), 'utf8').toString('base64url');
}

/** The name of the ordering a cursor was issued for; null when it is not a cursor this API issued. */
export function cursorOrdering(cursor: string): string | null {
  return parseCursor(cursor)?.[0] ?? null;
}

/** A cursor's ordering name and sort-key values, or null when it is not one this API issued. */
function parseCursor(cursor: string): [string, ...unknown[]] | null {
  let decoded: unknown;
  try {
    decoded = /^[A-Za-z0-9_-]{1,1000}$/.test(cursor) ? JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) : undefined;
  } catch {
    decoded = undefined;
  }
  return Array.isArray(decoded) && typeof decoded[0] === 'string' && decoded.length >= 2 ? (decoded as [string, ...unknown[]]) : null;
}

function decodeCursor(cursor: string, ordering: string, argument: string): unknown[] {
  const decoded = parseCursor(cursor);
  if (!decoded) throw badUserInput(`\`${argument}\` is not a cursor this API issued.`, argument);
  if (decoded[0] !== ordering) {
    throw badUserInput(
      `\`${argument}\` is a cursor from another list or ordering; take cursors from the same field, filter and orderBy.`,
      argument,
    );
  }
  if (decoded.slice(1).some((value) => value === null || typeof value === 'object')) {
    throw badUserInput(`\`${argument}\` is not a cursor this API issued.`, argument);
  }
  return decoded.slice(1);
}
