// Vitest global setup for the PostgreSQL suites (npm run test:fleet): one server for the whole run,
// the one PAYPAL_PAYOUTS_TEST_DATABASE_URL names, else a throwaway one started and stopped here.
import type { TestProject } from 'vitest/node';
import { startTestPostgres } from '../support/postgres.js';

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const given = process.env.PAYPAL_PAYOUTS_TEST_DATABASE_URL;
  if (given) {
    project.provide('databaseUrl', given);
    return;
  }
  const server = await startTestPostgres();
  project.provide('databaseUrl', server.url);
  return () => server.dispose();
}
