import { createHash } from 'node:crypto';
import pg from 'pg';

/**
 * Named (prepared) statements for the read path's fixed-shape SQL.
 *
 * PostgreSQL parses and plans an unnamed statement every time it runs; for
 * the small batched reads behind a partner page (a group, its anchors, a
 * page of members, their counts) planning costs more than executing. A
 * statement marked here runs under a name derived from its text, so each
 * connection parses and plans it once, and PostgreSQL's plan cache decides
 * after five runs whether a generic plan serves as well as custom ones.
 *
 * Only statements whose text repeats exactly are marked (see
 * `createDb(em, { prepared: true })`): each distinct text is a prepared
 * statement on every connection that runs it, so the number of texts is
 * capped, and statements whose plan must follow their values (search) stay
 * unnamed.
 */
const names = new Map<string, string>();
const MAX_PREPARED_TEXTS = 2_000;

/** Marks a statement's text to be run as a named statement from now on. */
export function prepareStatement(text: string): void {
  if (names.has(text) || names.size >= MAX_PREPARED_TEXTS) return;
  names.set(text, `hub_${createHash('sha256').update(text).digest('base64url').slice(0, 22)}`);
}

/**
 * The pool's client class: runs marked texts as named statements. Kysely
 * (MikroORM's query layer) calls `query(text, values)`; everything else
 * passes through unchanged.
 */
export class PreparingClient extends pg.Client {
  // pg's query() has a dozen overloads; this passes every form through, so it keeps their types (any).
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  override query(...args: unknown[]): any {
    const [text, values] = args;
    const name = typeof text === 'string' && args.length === 2 && Array.isArray(values) ? names.get(text) : undefined;
    const query = super.query as (...queryArgs: unknown[]) => unknown;
    return name ? query.call(this, { name, text, values }) : query.apply(this, args);
  }
}
