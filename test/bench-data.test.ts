import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SearchDocument } from './generated/operations.js';
import { dataOf, startTestHub, type TestHub } from './support/test-hub.js';

let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub();
});
afterAll(() => hub.close());

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Runs a compiled script against the test file's database (or another), as `npm run …` would with DATABASE_URL set. */
function run(script: string, ...args: string[]) {
  return runOn(hub, script, ...args);
}

function runOn(target: TestHub, script: string, ...args: string[]) {
  return new Promise<{ code: number | null; output: string }>((resolve) => {
    const child = spawn(process.execPath, [path.join(root, 'dist', script), ...args], { cwd: root, env: { ...process.env, DATABASE_URL: target.databaseUrl } });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('exit', (code) => resolve({ code, output }));
  });
}

/** The run, which must have exited with 0; fails the test with what it printed otherwise. */
function succeeded(result: { code: number | null; output: string }) {
  if (result.code !== 0) throw new Error(`exited with ${result.code}:\n${result.output}`);
  return result;
}

const counts = async () =>
  (await hub.sql(`
    select (select count(*) from organization)::int as organizations, (select count(*) from membership)::int as memberships,
      (select count(*) from person)::int as people,
      (select count(*) from resource)::int as resources, (select count(*) from peer_exchange_request)::int as requests,
      (select count(*) from webinar)::int as webinars`))[0];

const indexDigest = async () =>
  (await hub.sql(`select count(*)::int as documents,
      md5(string_agg(subject_type || subject_id || document::text || facets::text, '|' order by subject_type, subject_id)) as digest
    from search_document`))[0];

describe('npm run bench:data', () => {
  it('tops the data up to the totals asked for, indexes all of it, and adds nothing when run again', async () => {
    const args = ['--scale', 'small', '--resources', '300', '--people', '80', '--organizations', '70', '--memberships', '400', '--requests', '25', '--webinars', '20'];
    succeeded(await run('bench/data.js', ...args));
    const totals = { organizations: 70, memberships: 400, people: 80, resources: 300, requests: 25, webinars: 20 };
    expect(await counts()).toEqual(totals);
    // Current memberships stay one per organisation and group; the rest are past ones.
    const [{ duplicates }] = await hub.sql(`select count(*)::int as duplicates from (
      select 1 from membership where left_on is null group by organization_id, working_group_id having count(*) > 1) d`);
    expect(duplicates).toBe(0);
    const [expected] = await hub.sql(`
      select ((select count(*) from resource where status = 'published') + (select count(*) from person)
        + (select count(*) from organization) + (select count(*) from peer_exchange_request) + (select count(*) from webinar))::int as documents`);
    const index = await indexDigest();
    expect(index.documents).toBe(expected.documents);

    succeeded(await run('bench/data.js', ...args));
    expect(await counts()).toEqual(totals);
    expect(await indexDigest()).toEqual(index);
  }, 120_000);

  it('generates the same data, ids included, from one run to the next', async () => {
    // What was generated (the seed's own rows have random ids, and are left out), in a form two databases can compare.
    const generated = (target: TestHub) =>
      target.sql(`select
        (select md5(string_agg(r.id || r.title || r.published_on, '|' order by r.id)) from resource r where r.is_demo) as resources,
        (select md5(string_agg(p.id || p.name || coalesce(p.organization_id::text, '') || p.created_at, '|' order by p.id)) from person p where p.is_demo) as people,
        (select md5(string_agg(x.id || x.title || x.requester_id, '|' order by x.id)) from peer_exchange_request x where x.is_demo) as requests`);
    const twin = await startTestHub();
    try {
      succeeded(await runOn(twin, 'bench/data.js', '--scale', 'small', '--resources', '300', '--people', '80', '--organizations', '70', '--memberships', '400', '--requests', '25', '--webinars', '20'));
      expect(await generated(twin)).toEqual(await generated(hub));
      // People joined over the years, among the resources published meanwhile, not all at the moment of generation.
      const [joined] = await hub.sql(`select count(distinct date_trunc('month', created_at))::int as months from person where is_demo`);
      expect(joined.months).toBeGreaterThan(24);
    } finally {
      await twin.close();
    }
  }, 120_000);

  it('generates text that search finds, in every language of the hub', async () => {
    for (const [query, language] of [['open contracting', 'en'], ['contratación abierta', 'es'], ['données ouvertes', 'fr'], ['transparansi anggaran', 'id']]) {
      const { search } = dataOf(await hub.graphql(SearchDocument, { query, first: 5, filter: { languages: [language] } }));
      expect({ query, found: search.totalCount > 0 }).toEqual({ query, found: true });
    }
  });
});

describe('npm run hub -- search:rebuild', () => {
  it('rebuilds the index to the documents the triggers keep', async () => {
    const before = await indexDigest();
    const rebuilt = succeeded(await run('src/cli.js', 'search:rebuild'));
    expect(rebuilt.output).toMatch(new RegExp(`search index rebuilt: ${before.documents} documents`));
    expect(await indexDigest()).toEqual(before);
    // Written newest first, the order searches read it in: happened_at falls as the table goes on.
    const [{ correlation }] = await hub.sql(
      `select correlation from pg_stats where schemaname = current_schema() and tablename = 'search_document' and attname = 'happened_at'`,
    );
    expect(correlation).toBeLessThan(-0.99);
  }, 60_000);
});
