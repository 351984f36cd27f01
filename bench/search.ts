/**
 * Search benchmark: the latency of search, experts and suggestions through
 * the API (HTTP → Apollo → resolvers → PostgreSQL), and in the same run the
 * latency of the very SQL statements those requests executed, replayed
 * straight through `pg`: their ratio is what the API layer costs on top of
 * the database.
 *
 *   npm run bench:search -- [--rounds 5]
 *
 * Runs on the benchmark database (bench-database.ts); generate data first
 * with `npm run bench:data` (without it, the default set is generated).
 * The hub runs in a process of its own, as deployed, and is asked through a
 * lean HTTP client (http-client.ts), so the API figure is the hub's and not
 * the client's. Requests are sent one at a time, so latency is the latency
 * of one request on an otherwise idle machine; every query is run once to
 * warm up, then `rounds` times, interleaved with its raw replay. That part
 * runs with the response cache off: it measures a question asked for the
 * first time since the last write. A second part measures the same questions
 * asked again, answered from the response cache. Writes a markdown table to
 * bench/results/search-<commit>.md.
 */
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { projectRoot, SESSION_OPTIONS } from '../src/db/orm-options.js';
import { openBenchDatabase } from './bench-database.js';
import { GraphQLClient } from './http-client.js';
import { measuredCommit, saveReport } from './results.js';
import { startServerProcess, type ServerProcess } from './server-process.js';

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '5' } } });
const rounds = Number(values.rounds);

const SEARCH = `query Search($query: String!, $types: [SearchResultType!], $filter: SearchFilter) {
  search(query: $query, types: $types, filter: $filter, first: 20) {
    totalCount
    similarSpelling
    pageInfo { hasNextPage endCursor }
    edges {
      cursor score type
      snippet { html }
      node {
        __typename
        ... on Resource { id title language kind }
        ... on Person { id name jobTitle: title }
        ... on Organization { id name }
        ... on PeerExchangeRequest { id title status }
        ... on Webinar { id title startsAt }
      }
    }
    facets {
      types { type count }
      groups { workingGroup { slug name } count }
      countries { country { code name } count }
      languages { language count }
      topics { topic { slug name } count }
      kinds { kind count }
    }
  }
}`;

const EXPERTS = `query Experts($query: String!, $filter: ExpertFilter) {
  experts(query: $query, filter: $filter, first: 20) {
    totalCount
    edges { score node { id name title openToPeerExchange } reasons { topics { slug } phrases } snippet { html } }
  }
}`;

const SUGGESTIONS = `query Suggestions($id: ID!) {
  node(id: $id) {
    ... on PeerExchangeRequest {
      title
      suggestedExperts(first: 5) { score person { id name } sharedTopics { slug } }
      suggestedResources(first: 5) { score resource { id title } sharedTopics { slug } }
    }
  }
}`;

interface Case {
  kind: string;
  label: string;
  document: string;
  variables: Record<string, unknown>;
}

interface Sample {
  api: number;
  raw: number;
  statements: number;
  matches: number | null;
}

type Answer = { errors?: unknown; data?: Record<string, { totalCount?: number } | null> };

async function main() {
  const database = await openBenchDatabase();
  const url = database.orm.config.get('clientUrl') as string;
  // The replay runs with the hub's own session settings, or it would measure other plans.
  const raw = new pg.Client({ connectionString: url, options: SESSION_OPTIONS });
  await raw.connect();
  let sizes = (await raw.query(`select (select count(*) from resource)::int as resources, (select count(*) from person)::int as people,
      (select count(*) from search_document)::int as documents`)).rows[0];
  if (sizes.resources < 10_000) {
    await raw.end();
    await database.close();
    console.error('no benchmark data yet: generating the default set (npm run bench:data)');
    execFileSync(process.execPath, [path.join(projectRoot, 'dist', 'bench', 'data.js')], { stdio: 'inherit' });
    return main();
  }
  // Each hub in a process of its own, as deployed: the client's work does not share its event loop.
  const servers: ServerProcess[] = [];
  const clients: GraphQLClient[] = [];
  try {
    const server = await startServerProcess(url, ['hub', '--cache-mb', '0'], { recordsStatements: true });
    servers.push(server);
    const cachingServer = await startServerProcess(url, ['hub', '--cache-mb', '64']);
    servers.push(cachingServer);
    const client = new GraphQLClient(server.url);
    const cachingClient = new GraphQLClient(cachingServer.url);
    clients.push(client, cachingClient);
    const cases = await benchCases(raw);
    const send = async (item: Case, via = client) => {
      const body = await via.post<Answer>(item.document, item.variables);
      if (body.errors) throw new Error(`${item.label}: ${JSON.stringify(body.errors)}`);
      return body.data!;
    };
    for (const item of cases) await send(item); // warm-up: caches, plans, pages
    const samples = new Map<Case, Sample[]>(cases.map((item) => [item, []]));
    for (let round = 0; round < rounds; round++) {
      for (const item of cases) {
        let data: Record<string, { totalCount?: number } | null> = {};
        let api = 0;
        const statements = await server.statementsOf(async () => {
          const started = performance.now();
          data = await send(item);
          api = performance.now() - started;
        });
        const replayed = performance.now();
        // Named statements are replayed by their names, parsed and planned once on this connection as on the hub's.
        for (const { name, text, values } of statements) await raw.query({ name, text, values });
        const rawTime = performance.now() - replayed;
        const connection = Object.values(data)[0];
        samples.get(item)!.push({ api, raw: rawTime, statements: statements.length, matches: connection?.totalCount ?? null });
      }
      console.error(`round ${round + 1} of ${rounds} done`);
    }
    // Asked again: the first answer is kept, the next ones come from the response cache.
    const repeated = new Map<Case, number[]>(cases.map((item) => [item, []]));
    for (const item of cases) await send(item, cachingClient);
    for (let round = 0; round < rounds; round++) {
      for (const item of cases) {
        const started = performance.now();
        await send(item, cachingClient);
        repeated.get(item)!.push(performance.now() - started);
      }
    }
    sizes = (await raw.query(`select (select count(*) from resource)::int as resources, (select count(*) from person)::int as people,
      (select count(*) from search_document)::int as documents`)).rows[0];
    await report(cases, samples, repeated, sizes);
  } finally {
    for (const client of clients) client.close();
    await Promise.all(servers.map((server) => server.stop()));
    await raw.end();
    await database.close();
  }
}

/** The queries measured: what reformers and partner sites type, in every language, plus the hard cases. */
async function benchCases(raw: pg.Client): Promise<Case[]> {
  const search = (kind: string, query: string, extra: Record<string, unknown> = {}): Case => ({
    kind,
    label: `${query}${Object.keys(extra).length ? ` ${JSON.stringify(extra)}` : ''}`,
    document: SEARCH,
    variables: { query, ...extra },
  });
  // People and requests of the generated data, picked by id order so every run measures the same ones.
  const names: string[] = (await raw.query(`select name from person where is_demo order by id limit 6 offset 100`)).rows.map((row) => row.name);
  const [request] = (await raw.query(`select id from peer_exchange_request where is_demo order by id limit 1`)).rows;
  const misspell = (name: string) => name.replace(/[aeiou]/, (vowel) => ({ a: 'e', e: 'a', i: 'y', o: 'u', u: 'o' })[vowel]!).replace(/(\w)$/, '$1$1');
  return [
    ...['beneficial ownership registers', 'open contracting', 'budget transparency', 'parliamentary monitoring', 'right to information'].map((query) =>
      search('topic words, English', query),
    ),
    ...['contratación abierta', 'données ouvertes', 'transparência orçamentária', 'المستفيدون الحقيقيون', 'transparansi anggaran'].map((query) =>
      search('topic words, other languages', query),
    ),
    ...['benefic', 'contrata', 'parliam', 'transpar'].map((query) => search('type-ahead prefix', query)),
    ...names.map((name) => search('a person\'s name', name)),
    ...names.slice(0, 3).map((name) => search('misspelled name', misspell(name))),
    search('with filters', 'open data', { filter: { languages: ['fr'] } }),
    search('with filters', 'budget', { filter: { countryCodes: ['KE', 'NG'] } }),
    search('with filters', 'audit', { types: ['RESOURCE'], filter: { kinds: ['REPORT'] } }),
    search('with filters', 'procurement', { filter: { groupSlugs: ['open-data'] } }),
    ...['budget', 'data', 'transparency'].map((query) => search('one common word', query)),
    ...['beneficial ownership', 'open data portals'].map((query) => ({
      kind: 'experts',
      label: query,
      document: EXPERTS,
      variables: { query },
    })),
    {
      kind: 'suggestions for a request',
      label: 'suggestedExperts + suggestedResources',
      document: SUGGESTIONS,
      variables: { id: Buffer.from(`PeerExchangeRequest:${request.id}`).toString('base64url') },
    },
  ];
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

const ms = (value: number) => value.toFixed(1);

async function report(cases: Case[], samples: Map<Case, Sample[]>, repeated: Map<Case, number[]>, sizes: { resources: number; people: number; documents: number }) {
  const kinds = [...new Set(cases.map((item) => item.kind))];
  const row = (label: string, list: Sample[], queries: number) => {
    const api = list.map((sample) => sample.api);
    const rawTimes = list.map((sample) => sample.raw);
    const matches = list.map((sample) => sample.matches).filter((value): value is number => value !== null);
    const meanMatches = matches.length ? Math.round(matches.reduce((a, b) => a + b, 0) / matches.length).toLocaleString('en') : '–';
    return `| ${label} | ${queries} | ${meanMatches} | ${ms(percentile(api, 50))} | ${ms(percentile(api, 95))} | ${ms(percentile(rawTimes, 50))} | ${ms(percentile(rawTimes, 95))} | ${(percentile(api, 50) / percentile(rawTimes, 50)).toFixed(2)} | ${(percentile(api, 95) / percentile(rawTimes, 95)).toFixed(2)} | ${(list.reduce((sum, sample) => sum + sample.statements, 0) / list.length).toFixed(1)} |`;
  };
  const repeatedRow = (label: string, list: number[], queries: number) =>
    `| ${label} | ${queries} | ${ms(percentile(list, 50))} | ${ms(percentile(list, 95))} | ${ms(Math.max(...list))} |`;
  const everything = [...samples.values()].flat();
  const searchOnly = cases.filter((item) => item.document === SEARCH).flatMap((item) => samples.get(item)!);
  const slowest = cases
    .map((item) => ({ item, p95: percentile(samples.get(item)!.map((sample) => sample.api), 95) }))
    .sort((a, b) => b.p95 - a.p95)
    .slice(0, 5);
  const commit = measuredCommit();
  const text = [
    '# Search latency: API and the raw SQL it runs',
    '',
    `${new Date().toISOString()} · commit ${commit} · ${os.cpus().length} cores · Node ${process.version} · ${sizes.resources.toLocaleString('en')} resources, ${sizes.people.toLocaleString('en')} people, ${sizes.documents.toLocaleString('en')} search documents · ${rounds} rounds after a warm-up, one request at a time`,
    '',
    '| queries | n | matches (mean) | API p50 ms | API p95 ms | raw SQL p50 ms | raw SQL p95 ms | API/raw p50 | API/raw p95 | statements per request |',
    '|---|---|---|---|---|---|---|---|---|---|',
    ...kinds.map((kind) => {
      const ofKind = cases.filter((item) => item.kind === kind);
      return row(kind, ofKind.flatMap((item) => samples.get(item)!), ofKind.length);
    }),
    row('**all search queries**', searchOnly, cases.filter((item) => item.document === SEARCH).length),
    row('**everything**', everything, cases.length),
    '',
    'Slowest queries (API p95 ms): ' + slowest.map(({ item, p95 }) => `${item.label} (${item.kind}) ${ms(p95)}`).join('; '),
    '',
    '## The same questions asked again (answered from the response cache)',
    '',
    '| queries | n | API p50 ms | API p95 ms | API max ms |',
    '|---|---|---|---|---|',
    ...kinds.map((kind) => {
      const ofKind = cases.filter((item) => item.kind === kind);
      return repeatedRow(kind, ofKind.flatMap((item) => repeated.get(item)!), ofKind.length);
    }),
    repeatedRow('**all search queries**', cases.filter((item) => item.document === SEARCH).flatMap((item) => repeated.get(item)!), cases.filter((item) => item.document === SEARCH).length),
    repeatedRow('**everything**', [...repeated.values()].flat(), cases.length),
    '',
    'API: from sending the GraphQL request over HTTP (keep-alive, gzip accepted) to having parsed the response (page of 20 with snippets, totalCount and every facet), the hub in a process of its own.',
    'First table: the response cache off (a question asked for the first time since the last write). Second table: the response cache on, each question asked once before.',
    'Raw SQL: the same statements the request executed, recorded at the hub\'s pg driver and replayed one after another on one connection (named statements by their names, as the hub runs them).',
  ].join('\n');
  console.log(text);
  await saveReport('search', commit, text);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
