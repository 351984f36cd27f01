import { pino } from 'pino';
import { ConfigError, loadConfig } from './config.js';
import { openDatabase } from './db/database.js';
import { databaseIsEmpty, seedDemoData } from './db/seed/seed.js';
import { keepSearchTiersLaidOut } from './search/search-tiers.js';
import { startHubServer } from './server.js';

/**
 * Process entry: configuration → database (embedded unless DATABASE_URL is
 * set, migrated, seeded when empty) → HTTP server, and the search index's
 * tiers kept laid out. SIGINT/SIGTERM close the server, then the database
 * (which stops an embedded PostgreSQL with us).
 */
async function main() {
  const startedAt = performance.now();
  const config = loadConfig();
  // JSON lines on stdout, one per event (pino); LOG_LEVEL=debug|info|warn|error.
  const logger = pino({ level: config.logLevel });
  const log = (line: string) => logger.info(line);
  const database = await openDatabase(config, log);
  log(`database: ${database.description}`);
  if (config.seed === 'if-empty' && (await databaseIsEmpty(database.orm.em))) {
    log(`demonstration data: ${await seedDemoData(database.orm.em.fork())}`);
  }
  const server = await startHubServer({ orm: database.orm, config, log, logger });
  const searchTiers = keepSearchTiersLaidOut(database.orm.config.get('clientUrl') as string, { log });
  log(`GraphQL API ready at ${server.url} (${Math.round(performance.now() - startedAt)} ms)`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`${signal} received: shutting down`);
    try {
      await server.close();
      await searchTiers.stop();
      await database.close();
      log('stopped');
      process.exit(0);
    } catch (error) {
      logger.error({ err: error }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
