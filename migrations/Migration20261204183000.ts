import { Migration } from '@mikro-orm/migrations';

/** The functions that compute the search documents of one kind of thing (see hub_search_refresh). */
const DOCUMENT_FUNCTIONS = [
  'hub_search_resource_documents',
  'hub_search_person_documents',
  'hub_search_organization_documents',
  'hub_search_peer_exchange_request_documents',
  'hub_search_webinar_documents',
];

/** What each of them returns (unchanged). */
const DOCUMENT_COLUMNS = 'subject_type text, subject_id uuid, config regconfig, title text, document tsvector, facets int[], happened_at timestamptz';

const PLPGSQL_START = '#variable_conflict use_column\nbegin\n  return query ';
const PLPGSQL_END = ';\nend';

/**
 * The search-document functions run their select as PL/pgSQL, planned once
 * per connection. As SQL functions, PostgreSQL planned their query again on
 * every call: every write to a person, resource, organisation, request or
 * webinar refreshes its document through them, and planning took longer
 * than computing the document (one person's document took about 2.5 ms,
 * 0.7 ms now). The plan is generic (`force_generic_plan`): it is the same
 * for any list of ids, and the plan cache would otherwise judge it dearer
 * than planning anew for one id and keep planning. Each select is the one
 * Migration20261126003951 wrote, unchanged.
 */
export class Migration20261204183000 extends Migration {

  override name = 'Migration20261204183000';

  override up(): void | Promise<void> {
    this.addSql(redefine(
      'sql',
      `format($f$create or replace function %I(ids uuid[]) returns table (${DOCUMENT_COLUMNS})
        language plpgsql set plan_cache_mode = force_generic_plan as %L$f$, f.proname, ${literal(PLPGSQL_START)} || f.prosrc || ${literal(PLPGSQL_END)})`,
    ));
  }

  override down(): void | Promise<void> {
    this.addSql(redefine(
      'plpgsql',
      `format($f$create or replace function %I(ids uuid[]) returns table (${DOCUMENT_COLUMNS})
        language sql as %L$f$, f.proname, substr(f.prosrc, ${PLPGSQL_START.length + 1}, length(f.prosrc) - ${PLPGSQL_START.length + PLPGSQL_END.length}))`,
    ));
  }

}

/**
 * Runs `definition` (an expression over `f.proname` and `f.prosrc`) for each
 * document function, all of which must be in `language`.
 */
function redefine(language: string, definition: string): string {
  return `do $$
declare
  f record;
  redefined int := 0;
begin
  for f in
    select p.proname, p.prosrc from pg_proc p join pg_language l on l.oid = p.prolang
    where p.pronamespace = current_schema()::regnamespace and l.lanname = '${language}'
      and p.proname in (${DOCUMENT_FUNCTIONS.map((name) => `'${name}'`).join(', ')})
  loop
    execute ${definition};
    redefined := redefined + 1;
  end loop;
  if redefined <> ${DOCUMENT_FUNCTIONS.length} then
    raise exception 'expected the ${DOCUMENT_FUNCTIONS.length} search-document functions in ${language}, found %', redefined;
  end if;
end $$;`;
}

/** A PostgreSQL string literal (E'…', so the newlines survive). */
function literal(text: string): string {
  return `E'${text.replace(/\\/g, '\\\\').replace(/'/g, "''").replace(/\n/g, '\\n')}'`;
}
