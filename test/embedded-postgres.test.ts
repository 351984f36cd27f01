import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { socketDirectoryFor, startEmbeddedPostgres, type RunningPostgres } from '../src/db/embedded-postgres.js';
import { freePort } from './support/free-port.js';
import { onMaintenanceDb } from './support/test-database.js';

/** The embedded server the hub starts when DATABASE_URL is not set, and how the hub reaches it. */

describe('the embedded PostgreSQL', () => {
  let scratch: string;
  let dataDir: string;
  let port: number;
  let server: RunningPostgres;

  beforeAll(async () => {
    scratch = await mkdtemp(path.join(os.tmpdir(), 'hub-embedded-'));
    // It runs as the `postgres` user when we are root: let it in.
    await chmod(scratch, 0o755);
    dataDir = path.join(scratch, 'data');
    port = await freePort();
    server = await startEmbeddedPostgres({ dataDir, port, throwaway: true });
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
    await rm(scratch, { recursive: true, force: true });
  });

  it('is reached through a Unix socket in its data directory', async () => {
    expect(new URL(server.url).hostname).toBe(encodeURIComponent(dataDir));
    const { rows } = await onMaintenanceDb(server.url, (client) => client.query(`select inet_client_addr() as address, current_setting('unix_socket_directories') as sockets`));
    // PostgreSQL has no client address for a Unix-socket connection.
    expect(rows).toEqual([{ address: null, sockets: dataDir }]);
  });

  it('still accepts TCP connections on 127.0.0.1, for psql and other tools', async () => {
    const url = new URL(server.url);
    url.hostname = '127.0.0.1';
    const { rows } = await onMaintenanceDb(url.toString(), (client) => client.query(`select host(inet_client_addr()) as address`));
    expect(rows).toEqual([{ address: '127.0.0.1' }]);
  });
});

describe('where the embedded server puts its socket', () => {
  it('is the data directory, made absolute', () => {
    expect(socketDirectoryFor('/srv/hub/postgres', 5433)).toBe('/srv/hub/postgres');
    expect(socketDirectoryFor('.data/hub/postgres', 5433)).toBe(path.resolve('.data/hub/postgres'));
  });

  it('is none (TCP only) when the socket path would pass 107 bytes', () => {
    const longest = `/${'d'.repeat(107 - '/'.length - '/.s.PGSQL.5433'.length)}`;
    expect(socketDirectoryFor(longest, 5433)).toBe(longest);
    expect(socketDirectoryFor(`${longest}d`, 5433)).toBeNull();
  });

  it('is none when the directory name would need quoting in postgresql.conf', () => {
    expect(socketDirectoryFor('/srv/open gov/postgres', 5433)).toBeNull();
    expect(socketDirectoryFor('/srv/hub,other/postgres', 5433)).toBeNull();
  });
});
