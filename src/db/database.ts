import os from 'node:os';
import { MikroORM } from '@mikro-orm/postgresql';
import pg from 'pg';
import type { Config } from '../config.js';
import type { RunningPostgres } from './embedded-postgres.js';
import { migrateToLatest } from './migrate.js';
import { ormOptions } from './orm-options.js';

/** The database the embedded server keeps the hub's data in. */
const EMBEDDED_DATABASE = 'opengov_hub';

export interface Database {
  orm: MikroORM;
  /** Where the data lives, without the password (for logs). */
  description: string;
  close(): Promise<void>;
}

/**
 * Connects to DATABASE_URL, or starts the embedded PostgreSQL when it is not
 * set, and brings the schema up to date. Closing also stops the embedded server.
 */
export async function openDatabase(config: Config, log: (line: string) => void = () => {}): Promise<Database> {
  let embedded: RunningPostgres | undefined;
  let clientUrl = config.databaseUrl;
  if (!clientUrl) {
    // Loaded only when needed: a hub on DATABASE_URL never touches the embedded binaries.
    const { sharedBuffersFor, startEmbeddedPostgres } = await import('./embedded-postgres.js');
    embedded = await startEmbeddedPostgres({
      dataDir: config.embeddedDataDir,
      port: config.embeddedPort,
      sharedBuffers: sharedBuffersFor(os.totalmem()),
    });
    clientUrl = await ensureDatabase(embedded.url, EMBEDDED_DATABASE);
  }
  try {
    const orm = await MikroORM.init(ormOptions({ clientUrl, poolMax: config.poolMax }));
    await migrateToLatest(orm, log);
    return {
      orm,
      description: embedded
        ? `embedded PostgreSQL on port ${config.embeddedPort}, data in ${config.embeddedDataDir}`
        : redactPassword(clientUrl),
      async close() {
        await orm.close(true);
        await embedded?.stop();
      },
    };
  } catch (error) {
    await embedded?.stop();
    throw error;
  }
}

/** Creates `name` on the server behind `maintenanceUrl` unless it exists; returns its URL. */
export async function ensureDatabase(maintenanceUrl: string, name: string): Promise<string> {
  const client = new pg.Client({ connectionString: maintenanceUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (!rowCount) await client.query(`create database ${pg.escapeIdentifier(name)}`);
  } finally {
    await client.end();
  }
  return withDatabase(maintenanceUrl, name);
}

/** The same server URL pointing at another database. */
export function withDatabase(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

function redactPassword(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}
