import { loadConfig } from './config.js';
import { openDatabase } from './db/database.js';
import { schemaDriftsFromMigrations } from './db/migrate.js';
import { seedDemoData } from './db/seed/seed.js';

/**
 * Administrative commands: `npm run hub -- <command>`. Each opens the same
 * database `npm start` would (DATABASE_URL or the embedded server), which
 * also applies pending migrations.
 */
const commands: Record<string, { summary: string; run(args: string[]): Promise<void> }> = {
  migrate: {
    summary: 'apply pending migrations',
    async run() {
      await withDatabase(async () => {});
    },
  },
  'migration:create': {
    summary: 'generate a migration from the difference between the entities and the migrated schema',
    async run() {
      await withDatabase(async (db) => {
        const result = await db.orm.migrator.create();
        console.log(result.fileName ? `created migrations/${result.fileName}` : 'no changes: nothing to migrate');
      });
    },
  },
  'migration:check': {
    summary: 'fail when the entities and the migrations disagree',
    async run() {
      await withDatabase(async (db) => {
        const drift = await schemaDriftsFromMigrations(db.orm);
        if (drift.length) {
          console.error(`The entities need a migration:\n${drift.join('\n')}`);
          process.exitCode = 1;
        } else console.log('entities and migrations agree');
      });
    },
  },
  seed: {
    summary: 'load the demonstration data (idempotent)',
    async run() {
      await withDatabase(async (db) => {
        const summary = await seedDemoData(db.orm.em.fork());
        console.log(`demonstration data in place: ${summary}`);
      });
    },
  },
};

async function withDatabase(work: (db: Awaited<ReturnType<typeof openDatabase>>) => Promise<void>) {
  const db = await openDatabase(loadConfig(), (line) => console.log(line));
  try {
    await work(db);
  } finally {
    await db.close();
  }
}

const [name, ...args] = process.argv.slice(2);
const command = name ? commands[name] : undefined;
if (!command) {
  console.error('usage: npm run hub -- <command>\n');
  for (const [key, { summary }] of Object.entries(commands)) console.error(`  ${key.padEnd(18)} ${summary}`);
  process.exit(name ? 2 : 0);
}
command.run(args).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
