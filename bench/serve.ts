/**
 * One server under test, in a process of its own (so the load generator
 * does not share its CPU): the hub, or the raw group-page handler. Prints
 * `listening <url>` when ready; stops on SIGTERM. With `--record-statements`
 * (started with an IPC channel, see server-process.ts), it records the SQL
 * statements it sends between the messages `record` and `take`, and answers
 * `take` with them.
 *
 *   DATABASE_URL=… node dist/bench/serve.js hub [--cache-mb 64] [--record-statements]
 *   DATABASE_URL=… node dist/bench/serve.js raw
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/database.js';
import { startHubServer } from '../src/server.js';
import { BENCH_BUDGETS } from './bench-database.js';
import { startRawGroupPageServer } from './raw-group-page.js';
import { recordStatements, type StatementRecorder } from './statement-capture.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { 'cache-mb': { type: 'string', default: '0' }, 'record-statements': { type: 'boolean', default: false } },
});
// Budgets no load test can spend: the counting is measured (one statement per request), not refusals.
const config = loadConfig({
  ...process.env,
  NODE_ENV: 'production',
  HUB_SEED: 'never',
  RATE_LIMIT_ANONYMOUS: String(BENCH_BUDGETS.anonymous),
  RATE_LIMIT_SIGNED_IN: String(BENCH_BUDGETS.signedIn),
});
if (!config.databaseUrl) throw new Error('serve.js needs DATABASE_URL (the benchmark database)');

async function main() {
  if (positionals[0] === 'raw') {
    const raw = await startRawGroupPageServer(config.databaseUrl!, config.poolMax);
    console.log(`listening ${raw.url}`);
    process.once('SIGTERM', () => void raw.close().then(() => process.exit(0)));
    return;
  }
  const database = await openDatabase(config);
  const server = await startHubServer({ orm: database.orm, config: { ...config, port: 0, host: '127.0.0.1', responseCacheMb: Number(values['cache-mb']) } });
  if (values['record-statements']) answerStatementRequests();
  console.log(`listening ${server.url}`);
  process.once('SIGTERM', () => void server.close().then(() => database.close()).then(() => process.exit(0)));
}

/** `record` starts recording the statements sent; `take` stops and answers with them. */
function answerStatementRequests() {
  let recorder: StatementRecorder | undefined;
  process.on('message', (message) => {
    if (message === 'record') {
      recorder?.stop();
      recorder = recordStatements();
      process.send!('recording');
    } else if (message === 'take') {
      const statements = recorder?.take() ?? [];
      recorder?.stop();
      recorder = undefined;
      process.send!(statements);
    }
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
