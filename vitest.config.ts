import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // Examples import the package by name, as users do.
    alias: {
      // Most specific first: an alias also matches the names below it.
      'paypal-payouts/testing': fileURLToPath(new URL('./src/testing/index.ts', import.meta.url)),
      'paypal-payouts/webhooks': fileURLToPath(new URL('./src/webhooks/index.ts', import.meta.url)),
      'paypal-payouts': fileURLToPath(new URL('./src/index.ts', import.meta.url)),
    },
  },
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/setup/prism.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
