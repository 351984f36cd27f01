import { badUserInput } from '../graphql/errors.js';

/** Longer queries are refused: nobody types more, and every word costs index lookups. */
export const MAX_QUERY_LENGTH = 256;
/** The word being typed matches as a prefix only from this many letters: "co" would match half the index. */
export const MIN_PREFIX_LENGTH = 3;

/**
 * A search box's text, ready for PostgreSQL:
 * - `words` in web-search syntax (`"a phrase"`, `or`) for `websearch_to_tsquery`;
 * - `prefix`: the last word, when it is a plain word, taken apart: the reader
 *   may still be typing it, so it also matches the start of longer words;
 * - `excluded`: the `-word` and `-"phrase"` terms, ruled out whatever else matches.
 */
export interface SearchText {
  words: string;
  prefix: string | null;
  excluded: string[];
  /**
   * The words alone, when the query is nothing but words (no quotes, `or` or
   * exclusions): what the misspelling fallback compares with names and
   * titles. Null for queries with operators, whose meaning a fuzzy match of
   * their letters would not keep.
   */
  spelling: string | null;
  /** The query as understood, for cursors (a cursor belongs to one query). */
  normalized: string;
}

const PLAIN_WORD = /^[\p{L}\p{N}]+$/u;
/** A word as people write names and titles: letters and digits, joined by apostrophes, hyphens or dots ("O'Brien", "e-procurement"). */
const WORD = /^[\p{L}\p{N}]+(?:['’.-][\p{L}\p{N}]+)*\.?$/u;
/** Web-search tokens: an optionally excluded "quoted phrase" (the closing quote may be missing), or a run of non-spaces. */
const TOKEN = /(-?)"([^"]*)"?|\S+/gu;

/**
 * Reads a query. Returns null when there is nothing to search for (blank,
 * or punctuation and emoji only): the result is empty, not an error. Too long
 * a query is a BAD_USER_INPUT error. Every other string is acceptable input:
 * `websearch_to_tsquery` never fails on syntax, and the text reaches SQL only
 * as bound parameters.
 */
export function parseSearchText(query: string, argument = 'query'): SearchText | null {
  // Control and format characters never belong in a query; NFC makes "é" one character however it was typed.
  const normalized = query.normalize('NFC').replace(/[\p{Cc}\p{Cf}]/gu, ' ').replace(/\s+/gu, ' ').trim();
  const length = [...normalized].length;
  if (length > MAX_QUERY_LENGTH) {
    throw badUserInput(`\`${argument}\` is ${length} characters long; at most ${MAX_QUERY_LENGTH} are accepted.`, argument);
  }
  if (!/[\p{L}\p{N}]/u.test(normalized)) return null;

  const kept: string[] = [];
  const excluded: string[] = [];
  for (const match of normalized.matchAll(TOKEN)) {
    const [token, minus, phrase] = match;
    if (phrase !== undefined) {
      if (minus) excluded.push(phrase);
      else kept.push(`"${phrase}"`);
    } else if (token.startsWith('-') && /[\p{L}\p{N}]/u.test(token)) {
      excluded.push(token.slice(1));
    } else {
      kept.push(token);
    }
  }

  const last = kept[kept.length - 1] ?? '';
  // With `or`, the words form alternatives ("a b or c d" is (a and b) or (c and d)): taking the last
  // word apart would change them, and nobody types alternatives word by word.
  const alternatives = kept.some((token) => token.toLowerCase() === 'or');
  const typing = !alternatives && PLAIN_WORD.test(last) && [...last].length >= MIN_PREFIX_LENGTH;
  const onlyWords = excluded.length === 0 && !alternatives && kept.every((token) => WORD.test(token));
  return {
    words: (typing ? kept.slice(0, -1) : kept).join(' '),
    prefix: typing ? last : null,
    excluded,
    spelling: onlyWords ? normalized : null,
    normalized,
  };
}
