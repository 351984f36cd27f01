/**
 * The graphql-scalars types the schema uses; one import site so every field
 * of a kind uses the same scalar.
 */
export {
  CountryCodeResolver as CountryCode,
  DateTimeResolver as DateTime,
  JSONObjectResolver as JSONObject,
  LocalDateResolver as LocalDate,
  LocaleResolver as Locale,
  URLResolver as URL,
} from 'graphql-scalars';
