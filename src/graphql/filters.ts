import { badUserInput } from './errors.js';

/** No filter field takes more alternatives than this; longer lists are refused, not truncated. */
export const MAX_FILTER_VALUES = 100;

/**
 * A filter input as the query builders want it: plain values, with omitted,
 * null and empty lists all meaning "no restriction", and list lengths capped.
 */
export function filterValues<T extends object>(filter: T | null | undefined, argument = 'filter'): Partial<T> {
  const values: Partial<T> = {};
  for (const [field, value] of Object.entries(filter ?? {}) as [keyof T & string, unknown][]) {
    if (value == null || (Array.isArray(value) && value.length === 0)) continue;
    if (Array.isArray(value) && value.length > MAX_FILTER_VALUES) {
      throw badUserInput(`\`${argument}.${field}\` lists ${value.length} values; at most ${MAX_FILTER_VALUES} are accepted.`, `${argument}.${field}`);
    }
    values[field] = value as T[typeof field];
  }
  return values;
}
