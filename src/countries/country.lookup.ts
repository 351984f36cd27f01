import type { EntityManager } from '@mikro-orm/postgresql';
import { UserErrorCode, UserErrors, userError } from '../graphql/user-errors.js';
import { Country } from './country.entity.js';

/** The countries an input names by code; unknown codes are NOT_FOUND user errors at their place. */
export async function findCountries(em: EntityManager, codes: string[], field = 'countryCodes'): Promise<Country[]> {
  const unique = [...new Set(codes)];
  const found = unique.length ? await em.find(Country, { code: { $in: unique } }) : [];
  const byCode = new Map(found.map((country) => [country.code, country]));
  const errors = codes.flatMap((code, index) =>
    byCode.has(code) ? [] : [userError([field, String(index)], UserErrorCode.NOT_FOUND, `The hub does not list the country "${code}".`)],
  );
  if (errors.length) throw new UserErrors(errors);
  return unique.map((code) => byCode.get(code)!);
}
