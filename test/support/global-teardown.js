import { dropTestDatabases } from './global-setup.js';

/** Removes what global setup made: the embedded server, or the test databases on DATABASE_URL's server. */
export default async function globalTeardown() {
  if (globalThis.__hubEmbeddedPostgres) {
    await globalThis.__hubEmbeddedPostgres.stop();
  } else if (globalThis.__hubTestServer) {
    const { serverUrl, templateName } = globalThis.__hubTestServer;
    await dropTestDatabases(serverUrl, templateName);
  }
}
