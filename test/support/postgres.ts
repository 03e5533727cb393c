// PostgreSQL for the fleet suites: a throwaway server (scripts/postgres.js), and a schema per test.
import { randomBytes } from 'node:crypto';

export { startPostgres as startTestPostgres } from '../../scripts/postgres.js';

/** A schema of its own for each test, so suites share one server without seeing each other's rows. */
export const freshSchema = () => `test_${randomBytes(6).toString('hex')}`;
