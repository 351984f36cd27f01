import { Migration } from '@mikro-orm/migrations';

/**
 * The readings of one term, on their own (hub_search_readings), so a search
 * can look up each word of a query once in the full-text index, whatever
 * languages read it: hub_search_tsquery is rebuilt from them. And the newest
 * documents of one type in search order, for searches of one type.
 */
export class Migration20261202190000 extends Migration {

  override name = 'Migration20261202190000';

  override up(): void | Promise<void> {
    this.addSql(READINGS);
    this.addSql(tsqueryFunction('hub_search_any(hub_search_readings(config, words, false))', 'hub_search_any(hub_search_readings(config, prefix, true))'));
    this.addSql(`drop index "search_document_recency_idx";`);
    this.addSql(`create index "search_document_type_newest_idx" on "search_document" ("subject_type", "happened_at" desc, "subject_id" desc);`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop index "search_document_type_newest_idx";`);
    this.addSql(`create index "search_document_recency_idx" on "search_document" ("subject_type", "happened_at" desc);`);
    this.addSql(tsqueryFunction(
      'hub_search_any(array[websearch_to_tsquery(hub_search_plain_config(config), words), websearch_to_tsquery(config, words)])',
      `hub_search_any(array[to_tsquery(hub_search_plain_config(config), prefix || ':*'), to_tsquery(config, prefix || ':*'),
        to_tsquery(hub_search_words_config(config), prefix || ':*')])`,
    ));
    this.addSql(`drop function hub_search_readings(regconfig, text, boolean);`);
  }

}

// The ways one language reads a term: words in web-search syntax stemmed as written and without
// accents; a word being typed (typing) as the start of a word, also unstemmed (names and titles).
// An element is empty when that reading drops the term (a stop word).
const READINGS = `
create function hub_search_readings(config regconfig, term text, typing boolean) returns tsquery[]
language sql stable parallel safe as $$
  select case when typing then array[
      to_tsquery(hub_search_plain_config(config), term || ':*'),
      to_tsquery(config, term || ':*'),
      to_tsquery(hub_search_words_config(config), term || ':*')]
    else array[websearch_to_tsquery(hub_search_plain_config(config), term), websearch_to_tsquery(config, term)] end
$$;`;

// A query as one language reads it: the words read every way, the word being typed (when there
// is one) as the start of a word, and the excluded terms (-word, -"phrase") ruled out however
// they are written. Readings that agree are kept once.
function tsqueryFunction(words: string, prefix: string): string {
  return `
create or replace function hub_search_tsquery(config regconfig, words text, prefix text, excluded text[]) returns tsquery
language plpgsql stable parallel safe as $$
declare
  plain regconfig := hub_search_plain_config(config);
  reading tsquery := ${words};
  unwanted tsquery;
  term text;
begin
  if prefix is not null then
    reading := reading && ${prefix};
  end if;
  foreach term in array coalesce(excluded, '{}') loop
    unwanted := hub_search_any(array[unwanted, phraseto_tsquery(plain, term), phraseto_tsquery(config, term)]);
  end loop;
  if numnode(unwanted) > 0 then
    reading := reading && !! unwanted;
  end if;
  return reading;
end
$$;`;
}
