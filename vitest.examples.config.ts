// npm run test:examples: the examples run from a new project with the packed package (slow: it packs and
// installs), kept out of `npm test`. The fleets guide's examples need PostgreSQL (test/setup/postgres.ts).
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/new-project/*.slow.ts'],
    globalSetup: ['test/setup/build.ts', 'test/setup/postgres.ts'],
    testTimeout: 120_000,
    hookTimeout: 300_000,
  },
});
