import { fileURLToPath } from 'node:url';
import { configDefaults, defineConfig } from 'vitest/config';

/** The pipeline's slow suites, run by npm run test:toolchain (vitest.toolchain.config.ts), not npm test. */
export const TOOLCHAIN_SUITES = ['test/spec-update.test.ts', 'test/hostile-documents.test.ts'];

export default defineConfig({
  resolve: {
    // Examples import the package by name, as users do.
    alias: {
      // Most specific first: an alias also matches the names below it.
      'paypal-payouts/postgres': fileURLToPath(new URL('./src/postgres/index.ts', import.meta.url)),
      'paypal-payouts/testing': fileURLToPath(new URL('./src/testing/index.ts', import.meta.url)),
      'paypal-payouts/webhooks': fileURLToPath(new URL('./src/webhooks/index.ts', import.meta.url)),
      'paypal-payouts': fileURLToPath(new URL('./src/index.ts', import.meta.url)),
    },
  },
  test: {
    include: ['test/**/*.test.ts'],
    // The PostgreSQL suites run with their own server: npm run test:fleet (vitest.fleet.config.ts); the
    // pipeline's slow suites in npm run test:toolchain (vitest.toolchain.config.ts).
    exclude: [...configDefaults.exclude, 'test/fleet/**', ...TOOLCHAIN_SUITES],
    globalSetup: ['test/setup/prism.ts'],
    // Most suites wait on local servers, Prism and child processes rather than the CPU, so three
    // files at once finish in about half the time of vitest's default (one per core less one) on 2 cores.
    maxWorkers: 3,
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
