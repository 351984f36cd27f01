/**
 * The graphql-scalars types the schema uses; one import site so every field
 * of a kind uses the same scalar.
 */
import { GraphQLScalarType } from 'graphql';
import { LocalDateResolver } from 'graphql-scalars';

export {
  CountryCodeResolver as CountryCode,
  DateTimeResolver as DateTime,
  JSONObjectResolver as JSONObject,
  LocaleResolver as Locale,
  URLResolver as URL,
} from 'graphql-scalars';

const YYYY_MM_DD = /^\d{4}-\d{2}-\d{2}$/;

/**
 * graphql-scalars' LocalDate, except that the dates the hub sends, read
 * from PostgreSQL `date` columns and so valid calendar dates already, are
 * sent as they are: its check builds a Date and prints it again for each
 * value, and a partner's group page carries seventy of them. Anything else
 * (and every date a client sends) gets the full check.
 */
export const LocalDate = new GraphQLScalarType({
  ...LocalDateResolver.toConfig(),
  serialize: (value) => (typeof value === 'string' && YYYY_MM_DD.test(value) ? value : LocalDateResolver.serialize(value)),
});
