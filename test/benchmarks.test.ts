import { execSync, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { cloneTemplate } from './support/test-database.js';

/**
 * The benchmark harness, run end to end on a small data set: each benchmark
 * must finish, measure every operation it names and write its report where
 * BENCH_RESULTS_DIR says, headed with the commit and the core count. (The
 * figures themselves are for `npm run bench` on real data sizes.)
 */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const commit = execSync('git rev-parse --short HEAD', { cwd: root }).toString().trim();

let databaseUrl: string;
let results: string;

beforeAll(async () => {
  databaseUrl = await cloneTemplate();
  results = await mkdtemp(path.join(os.tmpdir(), 'hub-bench-results-'));
  // The search benchmark asks for at least 10,000 resources (fewer, and it would generate the medium scale).
  await run('bench/data.js', '--scale', 'small', '--resources', '10000', '--people', '200', '--organizations', '100', '--memberships', '400', '--requests', '20', '--webinars', '20');
}, 120_000);

afterAll(() => rm(results, { recursive: true, force: true }));

/** Runs a compiled benchmark script on the test database; rejects with its output unless it exits with 0. */
function run(script: string, ...args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(root, 'dist', script), ...args], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: databaseUrl, BENCH_RESULTS_DIR: results },
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('exit', (code) => (code === 0 ? resolve(output) : reject(new Error(`${script} exited with ${code}:\n${output}`))));
  });
}

/** The rows of the markdown table whose header starts with `| firstColumn |`, as records by column name. */
function table(markdown: string, firstColumn: string): Record<string, string>[] {
  const lines = markdown.split('\n');
  const start = lines.findIndex((line) => line.startsWith(`| ${firstColumn} |`));
  if (start < 0) throw new Error(`no table starting with "${firstColumn}" in:\n${markdown}`);
  const cells = (line: string) => line.slice(2, -2).split(' | ');
  const header = cells(lines[start]);
  const rows: Record<string, string>[] = [];
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith('|')) break;
    rows.push(Object.fromEntries(cells(line).map((cell, index) => [header[index], cell])));
  }
  return rows;
}

async function report(name: string): Promise<string> {
  const text = await readFile(path.join(results, `${name}-${commit}.md`), 'utf8');
  expect(text).toContain(`· commit ${commit} · ${os.cpus().length} cores ·`);
  return text;
}

/** The rows `query` reads from the benchmarks' database. */
async function sqlOn(url: string, query: string): Promise<Record<string, number>[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(query)).rows;
  } finally {
    await client.end();
  }
}

const positive = (cell: string) => Number(cell.replace(/,/g, '')) > 0;

it('npm run bench:search measures every kind of query through the API and as raw SQL, then from the response cache', async () => {
  await run('bench/search.js', '--rounds', '1');
  const text = await report('search');
  const kinds = [
    'topic words, English',
    'topic words, other languages',
    'type-ahead prefix',
    "a person's name",
    'misspelled name',
    'with filters',
    'one common word',
    'experts',
    'suggestions for a request',
    '**all search queries**',
    '**everything**',
  ];
  const first = table(text, 'queries');
  expect(first.map((row) => row.queries)).toEqual(kinds);
  for (const row of first) {
    expect({ row, measured: [row['API p50 ms'], row['raw SQL p50 ms'], row['API/raw p50']].every(positive) }).toEqual({ row, measured: true });
    // Each request reads the query's terms, then its results: at least two statements, all of them replayed.
    expect(Number(row['statements per request'])).toBeGreaterThanOrEqual(2);
  }
  const cached = table(text.slice(text.indexOf('## The same questions asked again')), 'queries');
  expect(cached.map((row) => row.queries)).toEqual(kinds);
  expect(cached.every((row) => positive(row['API p50 ms']))).toBe(true);
}, 120_000);

it('npm run bench:partners loads each partner operation on the hub with and without its cache, and the group page on the raw handler', async () => {
  await run('bench/partners.js', '--duration', '1', '--warm-up', '0', '--connections', '4');
  const text = await report('partners');
  const rows = table(text, 'operation');
  const hubs = ['hub, no response cache', 'hub'];
  expect(rows.map((row) => [row.operation, row.server])).toEqual([
    ['group page', 'raw'],
    ...hubs.map((server) => ['group page', server]),
    ['group page', 'hub, 10 writes a second'],
    ...['filtered resource list', 'node lookup', 'search', 'mutation (updateMyProfile)'].flatMap((operation) => hubs.map((server) => [operation, server])),
  ]);
  for (const row of rows) {
    expect({ row, served: positive(row['req/s']) && positive(row['bytes/response']) && positive(row['server CPU ms/request']) && row['failed requests'] === '0' }).toEqual({ row, served: true });
  }
  const [raw, uncached, cached, withWrites] = rows;
  // An answer replayed from the cache costs the server less CPU than one executed.
  expect(Number(cached['server CPU ms/request'])).toBeLessThan(Number(uncached['server CPU ms/request']));
  expect([raw['÷ raw'], raw['SQL/request']]).toEqual(['1.00', '1']);
  expect(Number(uncached['÷ raw'])).toBeCloseTo(Number(uncached['req/s']) / Number(raw['req/s']), 1);
  expect(Number(uncached['SQL/request'])).toBeGreaterThanOrEqual(2);
  expect(cached['SQL/request']).toBe('0 on a hit');
  expect(withWrites['SQL/request']).toBe(`0 on a hit, ${uncached['SQL/request']} on a miss`);
  // The writes of that scenario were committed (one second at 10 a second, one round).
  const written = await sqlOn(databaseUrl, `select count(*)::int as count from person where expertise like 'Budget transparency reforms (update %'`);
  expect(written[0].count).toBeGreaterThanOrEqual(5);
  // The goals, judged on the same run's figures.
  const goals = table(text.slice(text.indexOf('## Goals for the group page, at 4 connections')), 'goal');
  expect(goals.map((goal) => goal.goal)).toEqual(['throughput without a cross-request cache', 'p99 without a cross-request cache', 'throughput with the response cache']);
  const verdict = (met: boolean) => (met ? 'met' : 'not met');
  expect(goals[0]['this run']).toBe(`${uncached['÷ raw']} of raw`);
  expect(goals[0].verdict).toBe(verdict(Number(uncached['÷ raw']) >= 0.3));
  expect(goals[1]['this run']).toBe(`${uncached['p99 ms']} ms (raw: ${raw['p99 ms']} ms)`);
  expect(goals[1].verdict).toBe(verdict(Number(uncached['p99 ms']) <= 50));
  expect(goals[2].verdict).toBe(verdict(Number(cached['÷ raw']) >= 1));
}, 120_000);

it('npm run bench:subscriptions delivers an announcement to every subscriber, on one instance and on two', async () => {
  await run('bench/subscriptions.js', '--sizes', '10', '--rounds', '1');
  const rows = table(await report('subscriptions'), 'instances');
  expect(rows.map((row) => [row.instances, row.subscribers, row.delivered])).toEqual([
    ['1', '10', 'all'],
    ['2', '10', 'all'],
  ]);
}, 120_000);
