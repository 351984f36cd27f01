import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { AccessToken } from './auth/access-token.entity.js';
import { accessTokenService } from './auth/access-token.service.js';
import { loadConfig } from './config.js';
import { ApiKey } from './partners/api-key.entity.js';
import { apiKeyService } from './partners/api-key.service.js';
import { Person } from './people/person.entity.js';
import { openDatabase } from './db/database.js';
import { schemaDriftsFromMigrations } from './db/migrate.js';
import { seedDemoData } from './db/seed/seed.js';
import { rebuildSearchIndex } from './search/search-index.js';
import { layOutSearchTiers } from './search/search-tiers.js';

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
  token: {
    summary: 'access tokens: token create --email <e-mail> [--label <text>] [--admin] | token revoke <prefix> | token list',
    async run(args) {
      const [action, ...rest] = args;
      const { values, positionals } = parseArgs({
        args: rest,
        options: { email: { type: 'string' }, label: { type: 'string' }, admin: { type: 'boolean' } },
        allowPositionals: true,
      });
      await withDatabase(async (db) => {
        const em = db.orm.em.fork();
        if (action === 'create') {
          if (!values.email) throw new Error('token create needs --email <the person\'s e-mail>');
          const person = await em.findOne(Person, { email: values.email });
          if (!person) throw new Error(`No person has the e-mail ${values.email}.`);
          const { token } = await accessTokenService.issue(em, person, values.label ?? 'command line', { makeAdmin: values.admin });
          console.log(`Access token for ${person.name}${person.isAdmin ? ' (admin)' : ''}. It is shown only once:\n\n  ${token}\n`);
          console.log('Send it as the header  Authorization: Bearer <token>');
        } else if (action === 'revoke') {
          const [prefix] = positionals;
          if (!prefix) throw new Error('token revoke needs the token\'s prefix, as `token list` shows it');
          const record = await accessTokenService.revoke(em, { prefix });
          if (!record) throw new Error(`No active token starts with ${prefix}.`);
          console.log(`Revoked ${record.prefix}… of ${record.person.getEntity().name}.`);
        } else if (action === 'list') {
          for (const record of await accessTokenService.list(em)) console.log(describe(record));
        } else {
          throw new Error('usage: token create --email <e-mail> [--label <text>] [--admin] | token revoke <prefix> | token list');
        }
      });
    },
  },
  apikey: {
    summary:
      'partner API keys: apikey create --name <partner> [--points <per hour>] [--persisted-only] | apikey register <prefix> --file <operation.graphql> | apikey revoke <prefix> | apikey list',
    async run(args) {
      const [action, ...rest] = args;
      const { values, positionals } = parseArgs({
        args: rest,
        options: { name: { type: 'string' }, points: { type: 'string' }, 'persisted-only': { type: 'boolean' }, file: { type: 'string' } },
        allowPositionals: true,
      });
      await withDatabase(async (db) => {
        const em = db.orm.em.fork();
        const active = async (prefix: string | undefined) => {
          if (!prefix) throw new Error(`apikey ${action} needs the key's prefix, as \`apikey list\` shows it`);
          const record = await em.findOne(ApiKey, { prefix, revokedAt: null });
          if (!record) throw new Error(`No active API key starts with ${prefix}.`);
          return record;
        };
        if (action === 'create') {
          if (!values.name) throw new Error('apikey create needs --name <the partner>');
          const points = values.points === undefined ? undefined : Number(values.points);
          if (points !== undefined && !(Number.isInteger(points) && points > 0)) throw new Error('--points must be a positive whole number');
          const { key, record } = await apiKeyService.issue(em, { name: values.name, pointsPerHour: points, persistedQueriesOnly: values['persisted-only'] });
          console.log(`API key for ${record.name} (${record.pointsPerHour} points per hour${record.persistedQueriesOnly ? ', registered operations only' : ''}). It is shown only once:\n\n  ${key}\n`);
          console.log('Send it as the header  X-Api-Key: <key>');
        } else if (action === 'register') {
          const record = await active(positionals[0]);
          if (!values.file) throw new Error('apikey register needs --file <the operation, a .graphql file>');
          const sha256 = await apiKeyService.register(em, record.id, await readFile(values.file, 'utf8'));
          console.log(`Registered for ${record.name}: ${sha256}`);
        } else if (action === 'revoke') {
          const record = await active(positionals[0]);
          await apiKeyService.revoke(em, { id: record.id });
          console.log(`Revoked ${record.prefix}… of ${record.name}.`);
        } else if (action === 'list') {
          for (const record of await apiKeyService.list(em)) {
            const state = record.revokedAt ? `revoked ${record.revokedAt.toISOString()}` : 'active';
            console.log(`${record.prefix}…  "${record.name}"  ${record.pointsPerHour} points/hour${record.persistedQueriesOnly ? '  registered operations only' : ''}  created ${record.createdAt.toISOString()}  ${state}`);
          }
        } else {
          throw new Error('usage: apikey create --name <partner> [--points <per hour>] [--persisted-only] | apikey register <prefix> --file <operation.graphql> | apikey revoke <prefix> | apikey list');
        }
      });
    },
  },
  'search:rebuild': {
    summary: 'rebuild the full-text search index from the data (after a bulk load with triggers off)',
    async run() {
      await withDatabase(async (db) => {
        const started = performance.now();
        const documents = await rebuildSearchIndex(db.orm.config.get('clientUrl') as string, (line) => console.log(line));
        console.log(`search index rebuilt: ${documents} documents in ${((performance.now() - started) / 1000).toFixed(1)} s`);
      });
    },
  },
  'search:tiers': {
    summary: 'lay out the tiers of the full-text search index for the documents there are now (the running hub does so by itself)',
    async run() {
      await withDatabase(async (db) => {
        const client = new pg.Client({ connectionString: db.orm.config.get('clientUrl') as string });
        await client.connect();
        try {
          const layout = await layOutSearchTiers(client);
          if (!layout) throw new Error('another connection is laying the tiers out: try again when it is done');
          for (const { tier, since, documents } of layout) {
            console.log(since === 'infinity' ? `tier ${tier}: not in use (too few documents)` : `tier ${tier}: from ${since}, ${documents} documents`);
          }
        } finally {
          await client.end();
        }
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

function describe(record: AccessToken): string {
  const person = record.person.getEntity();
  const state = record.revokedAt ? `revoked ${record.revokedAt.toISOString()}` : 'active';
  return `${record.prefix}…  ${person.email}${person.isAdmin ? ' (admin)' : ''}  "${record.label}"  created ${record.createdAt.toISOString()}  ${state}`;
}

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
