import { Migration } from '@mikro-orm/migrations';

/**
 * Full-text search. The database keeps a search document for every public
 * resource, person, organisation, peer-exchange request and webinar, and
 * rebuilds it in the same transaction as every write to its sources (row
 * triggers call `hub_search_refresh`).
 *
 * - Language-aware: each row is read in its language (`hub_search_config`);
 *   languages PostgreSQL cannot stem read as `hub_simple`. Text is stemmed
 *   twice: as written (`hub_<language>_plain`, so "contratación" and
 *   "contrataciones" share a stem) and with accents removed first
 *   (`hub_<language>`, so "donnees" finds "données"); queries are read both
 *   ways. Names and titles are also indexed unstemmed
 *   (`hub_<language>_words`), so a half-typed word matches them as a prefix.
 * - Weighted: A names and titles, B topics, C bodies.
 * - `search_facet` numbers the facet values (type, groups, countries,
 *   languages, topics, kind); documents carry them as an int[] for filters
 *   (GIN) and fast facet counts.
 * - Names and titles also have a trigram index, for misspelled queries.
 */
export class Migration20261126003951 extends Migration {

  override name = 'Migration20261126003951';

  override up(): void | Promise<void> {
    this.addSql(`create extension if not exists unaccent with schema public;`);
    this.addSql(`create extension if not exists pg_trgm with schema public;`);
    this.addSql(TEXT_SEARCH_CONFIGURATIONS);
    this.addSql(NORMALIZE_FUNCTIONS);

    this.addSql(`create table "search_document" ("subject_type" text not null, "subject_id" uuid not null, "config" regconfig not null, "title" text not null, "document" tsvector not null, "facets" int[] not null, "happened_at" timestamptz not null, primary key ("subject_type", "subject_id"));`);
    this.addSql(`create index "search_document_recency_idx" on "search_document" ("subject_type", "happened_at" desc);`);
    this.addSql(`create index "search_document_title_trgm_idx" on "search_document" using gin (hub_search_normalize("title") gin_trgm_ops);`);
    this.addSql(`create index "search_document_facets_idx" on "search_document" using gin ("facets");`);
    this.addSql(`create index "search_document_document_idx" on "search_document" using gin ("document");`);
    this.addSql(`create table "search_facet" ("id" serial primary key, "key" text not null);`);
    this.addSql(`alter table "search_facet" add constraint "search_facet_key_unique" unique ("key");`);

    for (const statement of SEARCH_FUNCTIONS) this.addSql(statement);

    this.addSql(`create or replace function "organization_search_refresh_fn"() returns trigger as \$\$ begin perform hub_search_refresh('organization', array[new.id, old.id]); return null; end; \$\$ language plpgsql;`);
    this.addSql(`create trigger "search_refresh" AFTER INSERT OR UPDATE OR DELETE on "organization" for each ROW execute function "organization_search_refresh_fn"();`);
    this.addSql(`create or replace function "person_search_refresh_fn"() returns trigger as \$\$ begin perform hub_search_refresh('person', array[new.id, old.id]); return null; end; \$\$ language plpgsql;`);
    this.addSql(`create trigger "search_refresh" AFTER INSERT OR UPDATE OR DELETE on "person" for each ROW execute function "person_search_refresh_fn"();`);
    this.addSql(`create or replace function "resource_search_refresh_fn"() returns trigger as \$\$ begin perform hub_search_refresh('resource', array[new.id, old.id]); return null; end; \$\$ language plpgsql;`);
    this.addSql(`create trigger "search_refresh" AFTER INSERT OR UPDATE OR DELETE on "resource" for each ROW execute function "resource_search_refresh_fn"();`);
    this.addSql(`create or replace function "resource_country_search_refresh_fn"() returns trigger as \$\$ begin perform hub_search_refresh('resource', array[new.resource_id, old.resource_id]); return null; end; \$\$ language plpgsql;`);
    this.addSql(`create trigger "search_refresh" AFTER INSERT OR UPDATE OR DELETE on "resource_country" for each ROW execute function "resource_country_search_refresh_fn"();`);
    this.addSql(`create or replace function "topic_search_refresh_fn"() returns trigger as \$\$ begin perform hub_search_refresh('topic', array[new.id, old.id]); return null; end; \$\$ language plpgsql;`);
    this.addSql(`create trigger "search_refresh" AFTER INSERT OR UPDATE OR DELETE on "topic" for each ROW execute function "topic_search_refresh_fn"();`);
    this.addSql(`create or replace function "resource_topic_search_refresh_fn"() returns trigger as \$\$ begin perform hub_search_refresh('resource', array[new.resource_id, old.resource_id]); return null; end; \$\$ language plpgsql;`);
    this.addSql(`create trigger "search_refresh" AFTER INSERT OR UPDATE OR DELETE on "resource_topic" for each ROW execute function "resource_topic_search_refresh_fn"();`);
    this.addSql(`create or replace function "person_topic_search_refresh_fn"() returns trigger as \$\$ begin perform hub_search_refresh('person', array[new.person_id, old.person_id]); return null; end; \$\$ language plpgsql;`);
    this.addSql(`create trigger "search_refresh" AFTER INSERT OR UPDATE OR DELETE on "person_topic" for each ROW execute function "person_topic_search_refresh_fn"();`);
    this.addSql(`create or replace function "webinar_search_refresh_fn"() returns trigger as \$\$ begin perform hub_search_refresh('webinar', array[new.id, old.id]); return null; end; \$\$ language plpgsql;`);
    this.addSql(`create trigger "search_refresh" AFTER INSERT OR UPDATE OR DELETE on "webinar" for each ROW execute function "webinar_search_refresh_fn"();`);
    this.addSql(`create or replace function "webinar_topic_search_refresh_fn"() returns trigger as \$\$ begin perform hub_search_refresh('webinar', array[new.webinar_id, old.webinar_id]); return null; end; \$\$ language plpgsql;`);
    this.addSql(`create trigger "search_refresh" AFTER INSERT OR UPDATE OR DELETE on "webinar_topic" for each ROW execute function "webinar_topic_search_refresh_fn"();`);
    this.addSql(`create or replace function "peer_exchange_request_search_refresh_fn"() returns trigger as \$\$ begin perform hub_search_refresh('peer_exchange_request', array[new.id, old.id]); return null; end; \$\$ language plpgsql;`);
    this.addSql(`create trigger "search_refresh" AFTER INSERT OR UPDATE OR DELETE on "peer_exchange_request" for each ROW execute function "peer_exchange_request_search_refresh_fn"();`);
    this.addSql(`create or replace function "peer_exchange_request_topic_search_refresh_fn"() returns trigger as \$\$ begin perform hub_search_refresh('peer_exchange_request', array[new.request_id, old.request_id]); return null; end; \$\$ language plpgsql;`);
    this.addSql(`create trigger "search_refresh" AFTER INSERT OR UPDATE OR DELETE on "peer_exchange_request_topic" for each ROW execute function "peer_exchange_request_topic_search_refresh_fn"();`);
    this.addSql(`create or replace function "membership_search_refresh_fn"() returns trigger as \$\$ begin perform hub_search_refresh('organization', array[new.organization_id, old.organization_id]); return null; end; \$\$ language plpgsql;`);
    this.addSql(`create trigger "search_refresh" AFTER INSERT OR UPDATE OR DELETE on "membership" for each ROW execute function "membership_search_refresh_fn"();`);
    this.addSql(`create or replace function "group_resource_search_refresh_fn"() returns trigger as \$\$ begin perform hub_search_refresh('resource', array[new.resource_id, old.resource_id]); return null; end; \$\$ language plpgsql;`);
    this.addSql(`create trigger "search_refresh" AFTER INSERT OR UPDATE OR DELETE on "group_resource" for each ROW execute function "group_resource_search_refresh_fn"();`);

    // Index what is already there.
    this.addSql(`select hub_search_rebuild();`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop trigger if exists "search_refresh" on "group_resource";`);
    this.addSql(`drop function if exists "group_resource_search_refresh_fn"();`);
    this.addSql(`drop trigger if exists "search_refresh" on "membership";`);
    this.addSql(`drop function if exists "membership_search_refresh_fn"();`);
    this.addSql(`drop trigger if exists "search_refresh" on "organization";`);
    this.addSql(`drop function if exists "organization_search_refresh_fn"();`);
    this.addSql(`drop trigger if exists "search_refresh" on "peer_exchange_request";`);
    this.addSql(`drop function if exists "peer_exchange_request_search_refresh_fn"();`);
    this.addSql(`drop trigger if exists "search_refresh" on "peer_exchange_request_topic";`);
    this.addSql(`drop function if exists "peer_exchange_request_topic_search_refresh_fn"();`);
    this.addSql(`drop trigger if exists "search_refresh" on "person";`);
    this.addSql(`drop function if exists "person_search_refresh_fn"();`);
    this.addSql(`drop trigger if exists "search_refresh" on "person_topic";`);
    this.addSql(`drop function if exists "person_topic_search_refresh_fn"();`);
    this.addSql(`drop trigger if exists "search_refresh" on "resource";`);
    this.addSql(`drop function if exists "resource_search_refresh_fn"();`);
    this.addSql(`drop trigger if exists "search_refresh" on "resource_country";`);
    this.addSql(`drop function if exists "resource_country_search_refresh_fn"();`);
    this.addSql(`drop trigger if exists "search_refresh" on "resource_topic";`);
    this.addSql(`drop function if exists "resource_topic_search_refresh_fn"();`);
    this.addSql(`drop trigger if exists "search_refresh" on "topic";`);
    this.addSql(`drop function if exists "topic_search_refresh_fn"();`);
    this.addSql(`drop trigger if exists "search_refresh" on "webinar";`);
    this.addSql(`drop function if exists "webinar_search_refresh_fn"();`);
    this.addSql(`drop trigger if exists "search_refresh" on "webinar_topic";`);
    this.addSql(`drop function if exists "webinar_topic_search_refresh_fn"();`);
    this.addSql(`drop table if exists "search_document" cascade;`);
    this.addSql(`drop table if exists "search_facet" cascade;`);
    this.addSql(`drop function if exists hub_search_rebuild(), hub_search_refresh(text, uuid[]), hub_search_resource_documents(uuid[]),
      hub_search_person_documents(uuid[]), hub_search_organization_documents(uuid[]), hub_search_peer_exchange_request_documents(uuid[]),
      hub_search_webinar_documents(uuid[]), hub_search_facet_ids(text[]), hub_search_tsquery(regconfig, text, text, text[]), hub_search_any(tsquery[]),
      hub_search_title(regconfig, text), hub_search_text(regconfig, text, "char"), hub_search_topics(uuid[]), hub_search_words_config(regconfig),
      hub_search_plain_config(regconfig), hub_search_config(text), hub_search_normalize(text), hub_unaccent(text);`);
    this.addSql(DROP_TEXT_SEARCH_CONFIGURATIONS);
  }

}

/**
 * BCP 47 primary language subtags and the PostgreSQL Snowball configuration
 * that reads them. For every one this server has, three configurations are
 * created:
 * - `hub_<language>_plain`: the Snowball stemmer on the text as written (its
 *   suffix rules need the accents: "contratación" and "contrataciones" both
 *   stem to "contrat");
 * - `hub_<language>`: accents removed, then stemmed (a query typed without
 *   accents, "donnees", meets the text's "données");
 * - `hub_<language>_words`: accents removed, the language's stop words
 *   dropped, no stemming (names and titles as written, for prefixes).
 * The lookups `hub_search_config(language)`, `hub_search_plain_config(config)`
 * and `hub_search_words_config(config)` are written from what was created.
 * Everything else reads as `hub_simple`. All of them drop English stop words
 * first: English is the hub's common language, and much of the text in other
 * languages' rows is English.
 */
const TEXT_SEARCH_CONFIGURATIONS = `
do $do$
declare
  language record;
  hub text;
  stop_words text;
  config_cases text := '';
  plain_cases text := '';
  words_cases text := '';
begin
  -- A simple dictionary with accept = false drops its stop words and passes the other words on.
  create text search dictionary hub_english_stop_words (template = pg_catalog.simple, stopwords = english, accept = false);
  -- No stemming: organisation names, and languages without a stemmer.
  create text search dictionary hub_simple_words (template = pg_catalog.simple);
  create text search configuration hub_simple (copy = pg_catalog.simple);
  alter text search configuration hub_simple
    alter mapping for asciiword, asciihword, hword_asciipart, word, hword, hword_part
    with public.unaccent, hub_english_stop_words, hub_simple_words;
  create text search configuration hub_simple_words (copy = hub_simple);

  for language in
    select tag, name from (values
      ('ar', 'arabic'), ('hy', 'armenian'), ('eu', 'basque'), ('ca', 'catalan'), ('da', 'danish'), ('nl', 'dutch'),
      ('en', 'english'), ('fi', 'finnish'), ('fr', 'french'), ('de', 'german'), ('el', 'greek'), ('hi', 'hindi'),
      ('hu', 'hungarian'), ('id', 'indonesian'), ('ga', 'irish'), ('it', 'italian'), ('lt', 'lithuanian'), ('ne', 'nepali'),
      ('no', 'norwegian'), ('nb', 'norwegian'), ('nn', 'norwegian'), ('pt', 'portuguese'), ('ro', 'romanian'),
      ('ru', 'russian'), ('sr', 'serbian'), ('es', 'spanish'), ('sv', 'swedish'), ('ta', 'tamil'), ('tr', 'turkish'),
      ('yi', 'yiddish')
    ) as languages(tag, name)
    where exists (select 1 from pg_ts_config c where c.cfgname = name and c.cfgnamespace = 'pg_catalog'::regnamespace)
  loop
    hub := 'hub_' || language.name;
    config_cases := config_cases || format(' when %L then %L::regconfig', language.tag, hub);
    if exists (select 1 from pg_ts_config c where c.cfgname = hub) then
      continue; -- another tag of a language already set up (no, nb, nn)
    end if;
    plain_cases := plain_cases || format(' when %L::regconfig then %L::regconfig', hub, hub || '_plain');
    words_cases := words_cases || format(' when %L::regconfig then %L::regconfig', hub, hub || '_words');
    execute format('create text search configuration %I (copy = pg_catalog.%I)', hub || '_plain', language.name);
    execute format('alter text search configuration %I alter mapping for asciiword, asciihword, hword_asciipart, word, hword, hword_part
      with hub_english_stop_words, %I', hub || '_plain', language.name || '_stem');
    execute format('create text search configuration %I (copy = pg_catalog.%I)', hub, language.name);
    execute format('alter text search configuration %I alter mapping for asciiword, asciihword, hword_asciipart, word, hword, hword_part
      with public.unaccent, hub_english_stop_words, %I', hub, language.name || '_stem');
    -- The Snowball dictionary's own stop-word list, where PostgreSQL ships one.
    select substring(d.dictinitoption from 'stopwords = ''(\\w+)''') into stop_words
      from pg_ts_dict d where d.dictname = language.name || '_stem';
    execute format('create text search dictionary %I (template = pg_catalog.simple%s)', hub || '_words',
      case when stop_words is null then '' else format(', stopwords = %s', stop_words) end);
    execute format('create text search configuration %I (copy = pg_catalog.simple)', hub || '_words');
    execute format('alter text search configuration %I alter mapping for asciiword, asciihword, hword_asciipart, word, hword, hword_part
      with public.unaccent, hub_english_stop_words, %I', hub || '_words', hub || '_words');
  end loop;

  -- The language of a row (a BCP 47 tag such as en or pt-BR) chooses its configuration.
  execute format($f$
    create function hub_search_config(language text) returns regconfig language sql immutable parallel safe as $$
      select case lower(split_part(coalesce(language, ''), '-', 1))%s else 'hub_simple'::regconfig end
    $$ $f$, config_cases);
  -- The configuration's twin that stems the text as written.
  execute format($f$
    create function hub_search_plain_config(config regconfig) returns regconfig language sql immutable parallel safe as $$
      select case config%s else config end
    $$ $f$, plain_cases);
  -- The configuration's twin that keeps words as written (no stemming).
  execute format($f$
    create function hub_search_words_config(config regconfig) returns regconfig language sql immutable parallel safe as $$
      select case config%s else 'hub_simple_words'::regconfig end
    $$ $f$, words_cases);
end
$do$;`;

const DROP_TEXT_SEARCH_CONFIGURATIONS = `
do $do$
declare
  name text;
begin
  for name in select cfgname from pg_ts_config where cfgname like 'hub\\_%' loop
    execute format('drop text search configuration %I', name);
  end loop;
  for name in select dictname from pg_ts_dict where dictname like 'hub\\_%' loop
    execute format('drop text search dictionary %I', name);
  end loop;
end
$do$;`;

/**
 * Names and titles folded for trigram matching: lower case, no accents.
 * Immutable, so it can be indexed; schema-qualified, because PostgreSQL 17
 * builds indexes with a search_path of pg_catalog only.
 */
const NORMALIZE_FUNCTIONS = `
create function hub_unaccent(value text) returns text language sql immutable parallel safe strict as $$
  select public.unaccent('public.unaccent'::regdictionary, value)
$$;
create function hub_search_normalize(value text) returns text language sql immutable parallel safe strict as $$
  select lower(public.hub_unaccent(value))
$$;`;

const SEARCH_FUNCTIONS = [
  // Text in a row's language, stemmed as written and without accents, with a weight (A, B, C).
  `create function hub_search_text(config regconfig, body text, weight "char") returns tsvector language sql stable parallel safe as $$
    select setweight(to_tsvector(hub_search_plain_config(config), coalesce(body, '')) || to_tsvector(config, coalesce(body, '')), weight)
  $$;`,

  // A name or title: weight A, stemmed and also as written, so a half-typed word matches it as a prefix.
  `create function hub_search_title(config regconfig, title text) returns tsvector language sql stable parallel safe as $$
    select hub_search_text(config, title, 'A') || setweight(to_tsvector(hub_search_words_config(config), coalesce(title, '')), 'A')
  $$;`,

  // Any of the queries (|), each distinct one once; empty when none has anything to look for.
  `create function hub_search_any(queries tsquery[]) returns tsquery language plpgsql immutable parallel safe as $$
  declare
    result tsquery;
    seen tsquery[] := '{}';
    query tsquery;
  begin
    foreach query in array queries loop
      if query is not null and numnode(query) > 0 and not query = any(seen) then
        seen := seen || query;
        result := coalesce(result || query, query);
      end if;
    end loop;
    return coalesce(result, websearch_to_tsquery('simple', ''));
  end
  $$;`,

  // A query as one language reads it: the words in web-search syntax ("phrases", or) read both
  // ways, the word being typed (when there is one) as the start of a word, and the excluded
  // terms (-word, -"phrase") ruled out however they are written. Readings that agree are kept
  // once: every duplicate would be looked up and ranked again.
  `create function hub_search_tsquery(config regconfig, words text, prefix text, excluded text[]) returns tsquery
  language plpgsql stable parallel safe as $$
  declare
    plain regconfig := hub_search_plain_config(config);
    reading tsquery := hub_search_any(array[websearch_to_tsquery(plain, words), websearch_to_tsquery(config, words)]);
    unwanted tsquery;
    term text;
  begin
    if prefix is not null then
      reading := reading && hub_search_any(array[to_tsquery(plain, prefix || ':*'), to_tsquery(config, prefix || ':*'),
        to_tsquery(hub_search_words_config(config), prefix || ':*')]);
    end if;
    foreach term in array coalesce(excluded, '{}') loop
      unwanted := hub_search_any(array[unwanted, phraseto_tsquery(plain, term), phraseto_tsquery(config, term)]);
    end loop;
    if numnode(unwanted) > 0 then
      reading := reading && !! unwanted;
    end if;
    return reading;
  end
  $$;`,

  // Facet keys to their numbers, numbering keys seen for the first time. The
  // first statement is all it takes when every key is known (nearly always).
  `create function hub_search_facet_ids(keys text[]) returns int[] language plpgsql as $$
  declare
    found int[] := array(select f.id from search_facet f where f.key = any(keys) order by f.id);
    wanted text[];
  begin
    if cardinality(found) = cardinality(array_remove(keys, null)) then
      return found;
    end if;
    wanted := array(select distinct k from unnest(keys) as k where k is not null);
    -- In key order, so two transactions numbering the same new keys take them in the same order.
    insert into search_facet (key)
      select k from unnest(wanted) as k
      where not exists (select 1 from search_facet f where f.key = k)
      order by k
      on conflict (key) do nothing;
    return array(select f.id from search_facet f where f.key = any(wanted) order by f.id);
  end
  $$;`,

  // Topics, as a document carries them: their names (weight B) and their facet keys.
  `create function hub_search_topics(topic_ids uuid[]) returns table (names text, keys text[]) language sql stable as $$
    select string_agg(t.name, ' ' order by t.name), array_agg('topic:' || t.id) from topic t where t.id = any(topic_ids)
  $$;`,

  // The documents of published resources.
  `create function hub_search_resource_documents(ids uuid[])
  returns table (subject_type text, subject_id uuid, config regconfig, title text, document tsvector, facets int[], happened_at timestamptz)
  language sql as $$
    select 'resource', r.id, c.config, r.title,
      hub_search_title(c.config, r.title) || hub_search_text(c.config, t.names, 'B') || hub_search_text(c.config, r.summary, 'C'),
      hub_search_facet_ids(array['type:resource', 'kind:' || r.kind, 'language:' || r.language] || t.keys || k.keys || g.keys),
      r.published_on::timestamptz
    from resource r
    cross join lateral (select hub_search_config(r.language) as config) c
    cross join lateral hub_search_topics(array(select rt.topic_id from resource_topic rt where rt.resource_id = r.id)) t
    cross join lateral (select array_agg('country:' || rc.country_code) as keys from resource_country rc where rc.resource_id = r.id) k
    cross join lateral (select array_agg('group:' || gr.working_group_id) as keys from group_resource gr where gr.resource_id = r.id) g
    where r.id = any(ids) and r.status = 'published'
  $$;`,

  // People, read in the first language they list; their groups come from their organisation.
  `create function hub_search_person_documents(ids uuid[])
  returns table (subject_type text, subject_id uuid, config regconfig, title text, document tsvector, facets int[], happened_at timestamptz)
  language sql as $$
    select 'person', p.id, c.config, p.name,
      hub_search_title(c.config, p.name) || hub_search_text(c.config, t.names, 'B')
        || hub_search_text(c.config, concat_ws(' ', p.title, p.expertise, o.name), 'C'),
      hub_search_facet_ids(
        array['type:person', 'country:' || p.country_code, case when p.open_to_peer_exchange then 'peer-exchange:open' end]
        || array(select 'language:' || l from unnest(p.languages) as l) || t.keys || g.keys),
      p.created_at
    from person p
    left join organization o on o.id = p.organization_id
    cross join lateral (select hub_search_config(p.languages[1]) as config) c
    cross join lateral hub_search_topics(array(select pt.topic_id from person_topic pt where pt.person_id = p.id)) t
    cross join lateral (
      select array_agg('group:' || m.working_group_id) as keys
      from membership m where m.organization_id = p.organization_id and m.left_on is null) g
    where p.id = any(ids)
  $$;`,

  // Organisations, by name (names are not stemmed).
  `create function hub_search_organization_documents(ids uuid[])
  returns table (subject_type text, subject_id uuid, config regconfig, title text, document tsvector, facets int[], happened_at timestamptz)
  language sql as $$
    select 'organization', o.id, 'hub_simple'::regconfig, o.name,
      hub_search_title('hub_simple', o.name),
      hub_search_facet_ids(array['type:organization', 'country:' || o.country_code] || g.keys),
      o.created_at
    from organization o
    cross join lateral (
      select array_agg('group:' || m.working_group_id) as keys
      from membership m where m.organization_id = o.id and m.left_on is null) g
    where o.id = any(ids)
  $$;`,

  // Peer-exchange requests, read in their requester's first language.
  `create function hub_search_peer_exchange_request_documents(ids uuid[])
  returns table (subject_type text, subject_id uuid, config regconfig, title text, document tsvector, facets int[], happened_at timestamptz)
  language sql as $$
    select 'peer_exchange_request', x.id, c.config, x.title,
      hub_search_title(c.config, x.title) || hub_search_text(c.config, t.names, 'B')
        || hub_search_text(c.config, concat_ws(' ', x.description, x.outcome), 'C'),
      hub_search_facet_ids(
        array['type:peer_exchange_request', 'group:' || x.working_group_id, 'country:' || p.country_code, 'language:' || p.languages[1]]
        || t.keys),
      x.created_at
    from peer_exchange_request x
    join person p on p.id = x.requester_id
    cross join lateral (select hub_search_config(p.languages[1]) as config) c
    cross join lateral hub_search_topics(array(select xt.topic_id from peer_exchange_request_topic xt where xt.request_id = x.id)) t
    where x.id = any(ids)
  $$;`,

  // Webinars, read in the language they are held in.
  `create function hub_search_webinar_documents(ids uuid[])
  returns table (subject_type text, subject_id uuid, config regconfig, title text, document tsvector, facets int[], happened_at timestamptz)
  language sql as $$
    select 'webinar', w.id, c.config, w.title,
      hub_search_title(c.config, w.title) || hub_search_text(c.config, t.names, 'B') || hub_search_text(c.config, w.description, 'C'),
      hub_search_facet_ids(array['type:webinar', 'group:' || w.working_group_id, 'language:' || w.language] || t.keys),
      w.starts_at
    from webinar w
    cross join lateral (select hub_search_config(w.language) as config) c
    cross join lateral hub_search_topics(array(select wt.topic_id from webinar_topic wt where wt.webinar_id = w.id)) t
    where w.id = any(ids)
  $$;`,

  // Rebuilds the documents of \`kind\` named by \`ids\` (see refreshesSearch).
  `create function hub_search_refresh(kind text, ids uuid[]) returns void language plpgsql as $$
  declare
    subjects uuid[] := array(select distinct id from unnest(ids) as id where id is not null order by id);
  begin
    if cardinality(subjects) = 0 then
      return;
    end if;
    if kind = 'topic' then
      perform hub_search_refresh('resource', array(select resource_id from resource_topic where topic_id = any(subjects)));
      perform hub_search_refresh('person', array(select person_id from person_topic where topic_id = any(subjects)));
      perform hub_search_refresh('peer_exchange_request',
        array(select request_id from peer_exchange_request_topic where topic_id = any(subjects)));
      perform hub_search_refresh('webinar', array(select webinar_id from webinar_topic where topic_id = any(subjects)));
      return;
    end if;
    -- Two transactions refreshing the same subject take turns: the second
    -- waits here for the first to commit, and its next statement reads what
    -- the first wrote, so neither overwrites the other with a stale document.
    execute format('select 1 from %I where id = any($1) order by id for no key update', kind) using subjects;
    delete from search_document d where d.subject_type = kind and d.subject_id = any(subjects);
    execute format('insert into search_document (subject_type, subject_id, config, title, document, facets, happened_at) select * from %I($1)',
      'hub_search_' || kind || '_documents') using subjects;
    if kind = 'organization' then
      perform hub_search_refresh('person', array(select id from person where organization_id = any(subjects)));
    elsif kind = 'person' then
      perform hub_search_refresh('peer_exchange_request', array(select id from peer_exchange_request where requester_id = any(subjects)));
    end if;
  end
  $$;`,

  // Rebuilds the whole index (after a bulk load with triggers off, or a change of the document functions).
  `create function hub_search_rebuild() returns bigint language plpgsql as $$
  begin
    delete from search_document;
    insert into search_document select * from hub_search_resource_documents(array(select id from resource));
    insert into search_document select * from hub_search_person_documents(array(select id from person));
    insert into search_document select * from hub_search_organization_documents(array(select id from organization));
    insert into search_document select * from hub_search_peer_exchange_request_documents(array(select id from peer_exchange_request));
    insert into search_document select * from hub_search_webinar_documents(array(select id from webinar));
    return (select count(*) from search_document);
  end
  $$;`,
];
