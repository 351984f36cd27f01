/**
 * Fan-out benchmark for live webinar announcements: N idle subscribers
 * (graphql-ws over real sockets) on one instance, or split over two
 * instances on one database; one webinar is scheduled over HTTP and the
 * time until each subscriber receives it is measured. Also measures the
 * server processes' memory per idle subscriber.
 *
 *   npm run bench -- [--sizes 1000,5000,10000] [--rounds 3]
 *
 * Runs on a throwaway embedded PostgreSQL (or DATABASE_URL's server, in a
 * fresh database), with the compiled hub as separate processes.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, chmod, readFile, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { MikroORM } from '@mikro-orm/postgresql';
import pg from 'pg';
import WebSocket from 'ws';
import { ensureDatabase, withDatabase } from '../src/db/database.js';
import { startEmbeddedPostgres, type RunningPostgres } from '../src/db/embedded-postgres.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { ormOptions, projectRoot } from '../src/db/orm-options.js';
import { seedDemoData } from '../src/db/seed/seed.js';
import { accessTokenService } from '../src/auth/access-token.service.js';
import { Person } from '../src/people/person.entity.js';
import { measuredCommit, saveReport } from './results.js';

const { values } = parseArgs({ options: { sizes: { type: 'string', default: '1000,5000,10000' }, rounds: { type: 'string', default: '3' } } });
const sizes = values.sizes.split(',').map(Number);
const rounds = Number(values.rounds);

interface Instance {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

async function main() {
  const { databaseUrl, cleanup } = await prepareDatabase();
  const { token, groupId } = await prepareAdmin(databaseUrl);
  const rows: string[] = [];
  try {
    for (const instanceCount of [1, 2]) {
      for (const size of sizes) {
        const instances = await Promise.all(Array.from({ length: instanceCount }, () => startInstance(databaseUrl)));
        try {
          const idleRss = await Promise.all(instances.map((instance) => rss(instance.pid)));
          const clients = await connectSubscribers(instances, size);
          await settle();
          const busyRss = await Promise.all(instances.map((instance) => rss(instance.pid)));
          const perSubscriber = (busyRss.reduce((a, b) => a + b, 0) - idleRss.reduce((a, b) => a + b, 0)) / size;
          const latencies: number[] = [];
          for (let round = 0; round < rounds; round++) {
            latencies.push(...(await announce(instances[0].url, token, groupId, clients)));
          }
          const delivered = latencies.length / rounds;
          rows.push(
            `| ${instanceCount} | ${size.toLocaleString('en')} | ${delivered === size ? 'all' : `${delivered}/${size}`} | ${percentile(latencies, 50).toFixed(1)} | ${percentile(latencies, 99).toFixed(1)} | ${percentile(latencies, 100).toFixed(1)} | ${(perSubscriber / 1024).toFixed(1)} |`,
          );
          console.error(rows.at(-1));
          for (const client of clients) client.socket.terminate();
        } finally {
          await Promise.all(instances.map((instance) => instance.stop()));
        }
      }
    }
  } finally {
    await cleanup();
  }
  const commit = measuredCommit();
  const report = [
    `# Live announcement fan-out`,
    '',
    `${new Date().toISOString()} · commit ${commit} · ${os.cpus().length} cores · ${rounds} announcements per row · Node ${process.version}`,
    '',
    '| instances | subscribers | delivered | p50 ms | p99 ms | max ms | server memory per idle subscriber (KiB) |',
    '|---|---|---|---|---|---|---|',
    ...rows,
    '',
    'Latency: from sending scheduleWebinar over HTTP to each subscriber receiving the event (includes the mutation and its commit).',
    'Memory: growth of the server processes\' resident set from no subscribers to N idle ones, divided by N.',
  ].join('\n');
  console.log(report);
  await saveReport('subscriptions', commit, report);
}

async function prepareDatabase(): Promise<{ databaseUrl: string; cleanup(): Promise<void> }> {
  let server: RunningPostgres | undefined;
  let serverUrl = process.env.DATABASE_URL;
  let scratch: string | undefined;
  if (!serverUrl) {
    scratch = await mkdtemp(path.join(os.tmpdir(), 'hub-bench-'));
    await chmod(scratch, 0o755);
    server = await startEmbeddedPostgres({ dataDir: path.join(scratch, 'data'), port: await freePort(), throwaway: true });
    serverUrl = server.url;
  }
  const name = `hub_bench_${process.pid}`;
  const databaseUrl = await ensureDatabase(withDatabase(serverUrl, 'postgres'), name);
  const orm = await MikroORM.init(ormOptions({ clientUrl: databaseUrl, poolMax: 2 }));
  await migrateToLatest(orm);
  await seedDemoData(orm.em.fork());
  await orm.close(true);
  return {
    databaseUrl,
    async cleanup() {
      if (server) await server.stop();
      else {
        const client = new pg.Client({ connectionString: withDatabase(serverUrl!, 'postgres') });
        await client.connect();
        await client.query(`drop database if exists ${pg.escapeIdentifier(name)} with (force)`);
        await client.end();
      }
      if (scratch) await rm(scratch, { recursive: true, force: true });
    },
  };
}

async function prepareAdmin(databaseUrl: string): Promise<{ token: string; groupId: string }> {
  const orm = await MikroORM.init(ormOptions({ clientUrl: databaseUrl, poolMax: 1 }));
  const em = orm.em.fork();
  const person = em.create(Person, { name: 'Bench Admin', email: `bench.${process.pid}@example.org` });
  await em.flush();
  const { token } = await accessTokenService.issue(em, person, 'bench', { makeAdmin: true });
  const [group] = await em.getConnection().execute(`select id from working_group where slug = 'open-data'`);
  await orm.close(true);
  return { token, groupId: Buffer.from(`WorkingGroup:${group.id}`).toString('base64url') };
}

async function startInstance(databaseUrl: string): Promise<Instance> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, [path.join(projectRoot, 'dist', 'src', 'main.js')], {
    cwd: projectRoot,
    env: { ...process.env, NODE_ENV: 'production', DATABASE_URL: databaseUrl, PORT: String(port), HOST: '127.0.0.1', HUB_SEED: 'never' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const deadline = Date.now() + 30_000;
  while (!output.includes('GraphQL API ready')) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`hub did not start:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    pid: child.pid!,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

interface Client {
  socket: WebSocket;
  /** Resolves the arrival time of the next event. */
  nextEvent(): Promise<number>;
}

/** N raw graphql-ws connections, spread over the instances, each subscribed to webinarAnnounced. */
async function connectSubscribers(instances: Instance[], count: number): Promise<Client[]> {
  const clients: Client[] = [];
  const batch = 200;
  for (let start = 0; start < count; start += batch) {
    const opened = await Promise.all(
      Array.from({ length: Math.min(batch, count - start) }, (_, index) => subscriber(instances[(start + index) % instances.length].url)),
    );
    clients.push(...opened);
  }
  return clients;
}

function subscriber(url: string): Promise<Client> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url.replace(/^http/, 'ws'), 'graphql-transport-ws');
    let waiting: ((at: number) => void) | undefined;
    socket.on('message', (data) => {
      const message = JSON.parse(data.toString());
      if (message.type === 'connection_ack') {
        socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: 'subscription { webinarAnnounced { cursor webinar { id title } } }' } }));
        resolve({ socket, nextEvent: () => new Promise((done) => (waiting = done)) });
      } else if (message.type === 'next') {
        const at = performance.now();
        waiting?.(at);
        waiting = undefined;
      }
    });
    socket.once('open', () => socket.send(JSON.stringify({ type: 'connection_init' })));
    socket.once('error', reject);
  });
}

/** Schedules one webinar and returns each subscriber's delivery latency in ms (those that got it within 10 s). */
async function announce(url: string, token: string, groupId: string, clients: Client[]): Promise<number[]> {
  const arrivals = clients.map((client) => Promise.race([client.nextEvent(), new Promise<number>((resolve) => setTimeout(() => resolve(Number.NaN), 10_000))]));
  const sentAt = performance.now();
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({
      query: 'mutation($input: ScheduleWebinarInput!) { scheduleWebinar(input: $input) { userErrors { message } } }',
      variables: { input: { workingGroupId: groupId, title: 'Bench announcement', description: 'x', startsAt: new Date(Date.now() + 86_400_000).toISOString(), timeZone: 'UTC', durationMinutes: 60, language: 'en' } },
    }),
  });
  const body = (await response.json()) as { errors?: unknown; data?: { scheduleWebinar: { userErrors: unknown[] } } };
  if (body.errors || body.data?.scheduleWebinar.userErrors.length) throw new Error(`scheduleWebinar failed: ${JSON.stringify(body)}`);
  const times = await Promise.all(arrivals);
  await settle(500);
  return times.filter((time) => !Number.isNaN(time)).map((time) => time - sentAt);
}

async function rss(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) * 1024;
}

function percentile(values: number[], p: number): number {
  if (!values.length) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function settle(ms = 2000) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
