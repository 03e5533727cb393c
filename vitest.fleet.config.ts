// npm run test:fleet: the suites that need PostgreSQL (test/fleet), with one server for the run.
import { defineConfig } from 'vitest/config';
import base from './vitest.config.js';

export default defineConfig({
  ...base,
  test: {
    ...base.test,
    include: ['test/fleet/**/*.test.ts'],
    exclude: [],
    globalSetup: ['test/setup/postgres.ts'],
  },
});
