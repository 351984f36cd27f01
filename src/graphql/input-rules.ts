import { z } from 'zod';
import { UserErrorCode } from './user-errors.js';
import { fromGlobalId } from './global-id.js';

/**
 * The rules mutation inputs share, as zod schemas; each mutation's schema
 * is built from these, so a title or a URL is checked the same way everywhere.
 */
export const rules = {
  title: z.string().trim().min(1, 'A title is required.').max(300, 'Keep the title under 300 characters.'),
  shortText: z.string().trim().min(1, 'This is required.').max(2000, 'Keep this under 2,000 characters.'),
  longText: z.string().trim().min(1, 'This is required.').max(20000, 'Keep this under 20,000 characters.'),
  optionalNote: z.string().trim().max(2000, 'Keep the note under 2,000 characters.').optional().nullable(),
  httpUrl: z
    .string()
    .trim()
    .max(2000, 'Keep the URL under 2,000 characters.')
    .refine((value) => isHttpUrl(value), { message: 'Give a full http:// or https:// address.', params: { code: UserErrorCode.INVALID } }),
  /** A BCP 47 language tag such as `en`, `fr`, `es-MX`, `pt-BR`. */
  language: z
    .string()
    .trim()
    .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'Give a language tag such as "en", "fr" or "es-MX".'),
  /** A calendar date, yyyy-mm-dd. */
  date: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'Give a date as YYYY-MM-DD.', abort: true })
    .refine((value) => !Number.isNaN(Date.parse(value)) && new Date(value).toISOString().startsWith(value), 'That date does not exist.'),
  slugs: z.array(z.string().trim().min(1)).max(20, 'Give at most 20.'),
  countryCodes: z.array(z.string().regex(/^[A-Z]{2}$/, 'Give ISO 3166-1 alpha-2 codes such as "TN".')).max(50, 'Give at most 50.'),
};

/** A global ID of the given type, decoded to its key; a malformed or foreign ID is an INVALID user error. */
export function idOf(typeName: string) {
  return z.string().transform((id, context) => {
    try {
      return fromGlobalId(id, 'id', typeName).key;
    } catch {
      context.addIssue({ code: 'custom', message: `This is not a ${typeName} ID.`, params: { code: UserErrorCode.INVALID } });
      return z.NEVER;
    }
  });
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname.length > 0;
  } catch {
    return false;
  }
}

/** Today's date (UTC) as yyyy-mm-dd, for "not in the past" rules. */
export function today(): string {
  return new Date().toISOString().slice(0, 10);
}
