// npm run test:toolchain: the pipeline's slow suites, each of which runs npm run generate or
// spec:update many times over (hostile documents; PayPal's releases adopted in copies of the project,
// with their tests run there). Their own script keeps npm test under five minutes; .ci/run runs both.
import { defineConfig } from 'vitest/config';
import base, { TOOLCHAIN_SUITES } from './vitest.config.js';

export default defineConfig({
  ...base,
  test: { ...base.test, include: TOOLCHAIN_SUITES, exclude: [] },
});
