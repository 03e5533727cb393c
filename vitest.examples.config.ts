// npm run test:examples: the examples run from a new project with the packed package (slow: it packs and
// installs), kept out of `npm test`.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/new-project/*.slow.ts'],
    testTimeout: 120_000,
    hookTimeout: 300_000,
  },
});
