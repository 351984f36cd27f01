import { spawn, type ChildProcess } from 'node:child_process';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { withDatabase } from '../src/db/database.js';
import { freePort } from './support/free-port.js';
import { onMaintenanceDb, templateUrl } from './support/test-database.js';

/**
 * The start path a new user takes: the compiled hub, no DATABASE_URL, an
 * empty data directory. Runs the real process and talks to it over HTTP.
 */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
let dataDir: string;

// `npm test` builds dist/ before Jest starts.
beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'hub-start-'));
  await chmod(dataDir, 0o755);
}, 120_000);

afterAll(() => rm(dataDir, { recursive: true, force: true }));

interface RunningHub {
  process: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

function startHub(env: Record<string, string>): RunningHub {
  const environment: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'production', HUB_DATA_DIR: dataDir };
  delete environment.DATABASE_URL;
  Object.assign(environment, env);
  const child = spawn(process.execPath, [path.join(root, 'dist', 'src', 'main.js')], { cwd: root, env: environment });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { process: child, output: () => output, exited };
}

async function waitFor(hub: RunningHub, pattern: RegExp, timeoutMs = 60_000): Promise<RegExpMatchArray> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const match = hub.output().match(pattern);
    if (match) return match;
    if (hub.process.exitCode !== null || Date.now() > deadline) throw new Error(`did not see ${pattern}; output:\n${hub.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

const acceptanceQuery = `{ workingGroups(first: 10) { totalCount nodes { id slug governmentAnchor { organization { name } } civilSocietyAnchor { organization { name } } } } }`;

async function ask(url: string) {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: acceptanceQuery }) });
  return (await response.json()) as { data: { workingGroups: { totalCount: number; nodes: { id: string; slug: string; governmentAnchor: unknown; civilSocietyAnchor: unknown }[] } } };
}

describe('starting the hub with no database installed', () => {
  it('starts an embedded PostgreSQL, migrates, seeds, serves, stops cleanly on SIGTERM, and reuses the data on the next start', async () => {
    const [port, pgPort] = [await freePort(), await freePort()];
    const env = { PORT: String(port), EMBEDDED_PG_PORT: String(pgPort) };

    const first = startHub(env);
    const [, url] = await waitFor(first, /GraphQL API ready at (\S+)/);
    expect(first.output()).toMatch(/applied migration/);
    expect(first.output()).toMatch(/demonstration data: created/);
    const answer = await ask(url);
    expect(answer.data.workingGroups.totalCount).toBe(5);
    for (const group of answer.data.workingGroups.nodes) {
      expect(group.governmentAnchor).toEqual({ organization: { name: expect.any(String) } });
      expect(group.civilSocietyAnchor).toEqual({ organization: { name: expect.any(String) } });
    }
    first.process.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    expect(first.output()).toMatch(/stopped/);
    expect(await accepts(pgPort)).toBe(false);
    expect(await accepts(port)).toBe(false);

    const second = startHub(env);
    await waitFor(second, /GraphQL API ready at/);
    expect(second.output()).not.toMatch(/applied migration|demonstration data/);
    const again = await ask(url);
    expect(again.data.workingGroups.nodes.map((group) => group.id)).toEqual(answer.data.workingGroups.nodes.map((group) => group.id));
    second.process.kill('SIGINT');
    expect(await second.exited).toBe(0);
    expect(await accepts(pgPort)).toBe(false);
  }, 120_000);

  it('refuses a wrong setting with a clear message, before starting anything', async () => {
    const hub = startHub({ PORT: 'eighty' });
    expect(await hub.exited).toBe(1);
    expect(hub.output()).toMatch(/Invalid configuration:\n\s+PORT: /);
  }, 30_000);
});

describe('starting the hub on an existing PostgreSQL server (DATABASE_URL)', () => {
  it('migrates and seeds that database and starts no embedded server', async () => {
    const name = `hub_start_${process.pid}`;
    await onMaintenanceDb(templateUrl(), async (client) => {
      await client.query(`drop database if exists ${pg.escapeIdentifier(name)}`);
      await client.query(`create database ${pg.escapeIdentifier(name)}`);
    });
    const [port, pgPort] = [await freePort(), await freePort()];
    const hub = startHub({ PORT: String(port), EMBEDDED_PG_PORT: String(pgPort), DATABASE_URL: withDatabase(templateUrl(), name) });
    const [, url] = await waitFor(hub, /GraphQL API ready at (\S+)/);
    expect(hub.output()).toMatch(/applied migration/);
    expect(hub.output()).not.toMatch(/embedded PostgreSQL/);
    expect(await accepts(pgPort)).toBe(false);
    expect((await ask(url)).data.workingGroups.totalCount).toBe(5);
    hub.process.kill('SIGTERM');
    expect(await hub.exited).toBe(0);
  }, 60_000);
});
