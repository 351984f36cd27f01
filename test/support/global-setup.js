// Jest loads global setup outside its module system, so this file is plain
// JavaScript and uses the compiled hub in dist/ (`npm test` builds it first).
import { chmod, mkdtemp } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { MikroORM } from '@mikro-orm/postgresql';
import pg from 'pg';
import { withDatabase } from '../../dist/src/db/database.js';
import { startEmbeddedPostgres } from '../../dist/src/db/embedded-postgres.js';
import { migrateToLatest } from '../../dist/src/db/migrate.js';
import { ormOptions } from '../../dist/src/db/orm-options.js';
import { seedDemoData } from '../../dist/src/db/seed/seed.js';

/**
 * Prepares the PostgreSQL the tests run against: DATABASE_URL's server when
 * set, otherwise a throwaway embedded one. Migrates and seeds a template
 * database once; each test file clones it (test/support/test-database.ts).
 */
export default async function globalSetup() {
  let serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    const scratch = await mkdtemp(path.join(os.tmpdir(), 'hub-test-'));
    // The embedded server runs as the `postgres` user when we are root: let it in.
    await chmod(scratch, 0o755);
    const embedded = await startEmbeddedPostgres({ dataDir: path.join(scratch, 'data'), port: await freePort(), throwaway: true });
    globalThis.__hubEmbeddedPostgres = embedded;
    serverUrl = embedded.url;
  }
  const templateName = `hub_test_${process.pid}`;
  await dropTestDatabases(serverUrl, templateName);
  await onMaintenanceDb(serverUrl, (client) => client.query(`create database ${pg.escapeIdentifier(templateName)}`));
  const url = withDatabase(serverUrl, templateName);
  const orm = await MikroORM.init(ormOptions({ clientUrl: url, poolMax: 2 }));
  try {
    await migrateToLatest(orm);
    await seedDemoData(orm.em.fork());
  } finally {
    await orm.close(true);
  }
  process.env.HUB_TEST_TEMPLATE_URL = url;
  globalThis.__hubTestServer = { serverUrl, templateName };
}

/** Drops the template and every clone of it (test files leave theirs behind). */
export async function dropTestDatabases(serverUrl, templateName) {
  await onMaintenanceDb(serverUrl, async (client) => {
    const { rows } = await client.query(
      'select datname from pg_database where datname = $1 or datname like $2 order by datname desc',
      [templateName, `${templateName}\\_%`],
    );
    for (const { datname } of rows) await client.query(`drop database if exists ${pg.escapeIdentifier(datname)} with (force)`);
  });
}

async function onMaintenanceDb(serverUrl, work) {
  const client = new pg.Client({ connectionString: withDatabase(serverUrl, 'postgres') });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}
