// `npm run test:browser`: the tests that drive Debian's Chromium (test/browser/*.browser.ts), apart
// from `npm test`, which must pass on a machine without a browser.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/browser/**/*.browser.ts'],
    // One browser at a time: Chromium is the heaviest thing on a 2-core machine.
    maxWorkers: 1,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
