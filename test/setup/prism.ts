// Vitest global setup: one Prism mock serving generated/openapi.yaml, and one Prism proxy holding the
// local PayPals of the client, fault and example suites to the same contract, for the whole run.
import type { TestProject } from 'vitest/node';
import { startPrism, startPrismProxy } from '../../scripts/prism.js';
import { startSwitchboard } from '../support/switchboard.js';

declare module 'vitest' {
  export interface ProvidedContext {
    prismUrl: string;
    prismProxyUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const switchboard = await startSwitchboard();
  const [prism, proxy] = await Promise.all([startPrism(), startPrismProxy(switchboard.url)]);
  project.provide('prismUrl', prism.url);
  project.provide('prismProxyUrl', proxy.url);
  return async () => {
    await Promise.all([prism.stop(), proxy.stop()]);
    await switchboard.close();
  };
}
