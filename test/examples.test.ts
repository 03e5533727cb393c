// The example scripts (examples/*.ts, which the docs embed: the docs have no other TypeScript) run as
// written against the local PayPal, every call they make checked by the Prism proxy against the contract; and
// `npm start` runs too. npm run test:examples runs the same files again from a new project with the packed package.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { format, promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { PayoutsClient } from '../src/index.js';
import { startLocalPayPal, type LocalPayPal } from '../src/testing/index.js';
import { exampleFiles } from './support/doc-examples.js';
import { quickStartBatch } from './support/local-server.js';
import { ROOT } from './support/paths.js';
import { exchanges, fetchThroughPrism, throughPrism, violations } from './support/through-prism.js';

const scripts = exampleFiles().filter((file) => !file.endsWith('.test.ts'));
const examples = scripts.map((file, index) => ({ index, code: readFileSync(path.join(ROOT, file), 'utf8') }));
const send = globalThis.fetch;

describe('examples', () => {
  let dir: string;
  let paypal: LocalPayPal;
  let client: PayoutsClient;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'readme-examples-'));
    // 'instant': a batch read back has finished, so the examples that cancel an UNCLAIMED item have one.
    paypal = await startLocalPayPal({ clientId: 'readme-client', clientSecret: 'readme-secret', clock: 'instant' });
    client = new PayoutsClient({ clientId: paypal.clientId, clientSecret: paypal.clientSecret, ...throughPrism(paypal) });
  });
  afterAll(async () => {
    await paypal.close();
    await rm(dir, { recursive: true, force: true });
    // Every call the examples made went through Prism (the setup's creates too), and none broke the contract.
    expect(exchanges.count).toBeGreaterThanOrEqual(2 * examples.length);
    expect(violations).toEqual([]);
  });

  it('has the quick start, reading, withResponse, client.request, error and webhook examples', () => {
    expect(scripts.map((file) => path.basename(file))).toEqual(expect.arrayContaining(['quick-start.ts', 'read-batch.ts', 'with-response.ts', 'any-operation.ts', 'errors.ts', 'webhook-listener.ts']));
  });

  it.each(examples)('example %# runs and prints its results', async ({ index, code }) => {
    // The batch the reading examples read: the quick start's (USD and JPY), paid, with one item unclaimed.
    const { batch_header } = await client.payouts.create(quickStartBatch(`examples-${index}`));
    vi.stubEnv('PAYOUT_BATCH_ID', batch_header!.payout_batch_id);
    vi.stubEnv('PAYPAL_CLIENT_ID', paypal.clientId);
    vi.stubEnv('PAYPAL_CLIENT_SECRET', paypal.clientSecret);
    vi.stubEnv('PAYPAL_BASE_URL', paypal.url);
    // The examples know only a PayPal's URL: their calls to any local PayPal are sent through Prism.
    vi.stubGlobal('fetch', fetchThroughPrism(send));
    const printed: string[] = [];
    const log = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void printed.push(format(...args)));
    try {
      const file = path.join(dir, `example-${index}.ts`);
      await writeFile(file, code);
      await import(file);
    } finally {
      log.mockRestore();
      vi.unstubAllGlobals();
      vi.unstubAllEnvs();
    }
    expect(printed.length).toBeGreaterThan(0);
    expect(printed.join('\n')).not.toMatch(/undefined/);
  });
});

describe('npm start', () => {
  it('runs a real lifecycle against the local PayPal: waits, walks, cancels, is refused a duplicate, verifies webhooks', async () => {
    const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('PAYPAL_')));
    const { stdout } = await promisify(execFile)(process.execPath, ['scripts/demo.js'], { cwd: ROOT, env });
    const batchId = /HTTP 201: batch (\w+) is PENDING; PayPal-Request-Id [0-9a-f-]{36}/.exec(stdout)?.[1];
    expect(batchId).toBeDefined();
    // The batch shown is the one created, and it was waited for.
    expect(stdout).toMatch(/batch is (PENDING|PROCESSING), checking again/);
    expect(stdout).toContain(`batch ${batchId} is SUCCESS`);
    const unclaimed = /(\w+)  UNCLAIMED /.exec(stdout)?.[1];
    expect(stdout).toContain(`${unclaimed} is now RETURNED`);
    expect(stdout).toMatch(new RegExp(`DuplicateBatchError: 400 USER_BUSINESS_ERROR[^\n]*\noriginal batch: ${batchId};`));
    for (const type of ['PAYOUTSBATCH.PROCESSING', 'PAYOUTSBATCH.SUCCESS', 'PAYOUTS-ITEM.UNCLAIMED', 'PAYOUTS-ITEM.CANCELED', 'PAYOUTS-ITEM.SUCCEEDED']) {
      expect(stdout).toMatch(new RegExp(`verified PAYMENT\\.${type.replace('.', '\\.')}\\s+WH-`));
    }
    expect(stdout).toMatch(/batches: 1; committed by currency: \{"USD":"129\.03"\}/);
  });
});
