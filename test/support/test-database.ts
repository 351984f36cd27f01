import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { withDatabase } from '../../src/db/database.js';

/**
 * Test databases: global-setup.js migrates and seeds one template database; each
 * test file clones it (CREATE DATABASE … TEMPLATE, a file copy that takes
 * milliseconds) and so owns its rows outright.
 */
const TEMPLATE_ENV = 'HUB_TEST_TEMPLATE_URL';

export function templateUrl(): string {
  const url = process.env[TEMPLATE_ENV];
  if (!url) throw new Error(`${TEMPLATE_ENV} is not set: run the tests through jest (globalSetup prepares the database).`);
  return url;
}

/** Runs SQL on the server's maintenance database (creating and dropping databases). */
export async function onMaintenanceDb<T>(serverUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: withDatabase(serverUrl, 'postgres') });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A fresh copy of the migrated, seeded template; returns its URL. */
export async function cloneTemplate(): Promise<string> {
  const template = templateUrl();
  const templateName = new URL(template).pathname.slice(1);
  const name = `${templateName}_${randomBytes(4).toString('hex')}`;
  await onMaintenanceDb(template, (client) =>
    client.query(`create database ${pg.escapeIdentifier(name)} template ${pg.escapeIdentifier(templateName)}`),
  );
  return withDatabase(template, name);
}
