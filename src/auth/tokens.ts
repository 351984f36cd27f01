import { createHash, randomBytes } from 'node:crypto';

/** Tokens look like `ogh_…` so that secret scanners and people recognise them. */
const TOKEN_PREFIX = 'ogh_';

/** A new opaque token: 256 random bits; `kind` marks other secrets (`pk`: a partner's API key, `ogh_pk_…`). */
export function generateToken(kind?: string): string {
  return TOKEN_PREFIX + (kind ? `${kind}_` : '') + randomBytes(32).toString('base64url');
}

/**
 * The stored form of a token. Tokens carry 256 random bits, so a plain
 * SHA-256 is enough (no salt or slow hash needed, as for passwords), and it
 * lets the hub find a token by its hash with an index.
 */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** The part of a token safe to show in lists: its prefix and kind (as generated) and six random characters. */
export function displayPrefix(token: string, kind?: string): string {
  return token.slice(0, TOKEN_PREFIX.length + (kind ? kind.length + 1 : 0) + 6);
}
