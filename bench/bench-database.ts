import path from 'node:path';
import { loadConfig } from '../src/config.js';
import { openDatabase, type Database } from '../src/db/database.js';
import { projectRoot } from '../src/db/orm-options.js';
import { databaseIsEmpty, seedDemoData } from '../src/db/seed/seed.js';

/**
 * The database benchmark data lives in: DATABASE_URL when set (point it at a
 * throwaway database), otherwise an embedded PostgreSQL of its own in
 * `.data/bench` (BENCH_DATA_DIR), on port 54339 (BENCH_PG_PORT), kept between
 * runs so data is generated once and measured many times. Migrated, and
 * seeded with the pilot groups when empty.
 */
export async function openBenchDatabase(log: (line: string) => void = console.error): Promise<Database> {
  const config = loadConfig({
    ...process.env,
    HUB_DATA_DIR: process.env.BENCH_DATA_DIR ?? path.join(projectRoot, '.data', 'bench'),
    EMBEDDED_PG_PORT: process.env.BENCH_PG_PORT ?? '54339',
  });
  const database = await openDatabase(config, log);
  if (await databaseIsEmpty(database.orm.em.fork())) log(await seedDemoData(database.orm.em.fork()));
  log(`benchmark database: ${database.description}`);
  return database;
}

/** Rate-limit budgets no benchmark can spend: requests are counted (a statement each), never refused. */
export const BENCH_BUDGETS = { anonymous: 1_000_000_000, signedIn: 1_000_000_000 };

/** A deterministic pseudo-random generator (mulberry32): the same seed gives the same data. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Milliseconds since `start`, to one decimal. */
export function elapsed(start: number): string {
  return `${((performance.now() - start) / 1000).toFixed(1)} s`;
}
