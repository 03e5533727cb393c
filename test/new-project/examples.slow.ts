// npm run test:examples: the guides' examples in a new project (project.ts), each run against a local
// PayPal, the vitest example run as that project's own test, and the bulk runner's dry run.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PayoutsClient } from '../../src/index.js';
import { startLocalPayPal, type LocalPayPal } from '../../src/testing/index.js';
import { exampleFiles } from '../support/doc-examples.js';
import { quickStartBatch } from '../support/local-server.js';
import { newProject, run, type NewProject } from './project.js';

let project: NewProject;
let paypal: LocalPayPal;
let client: PayoutsClient;

beforeAll(async () => {
  project = await newProject([...exampleFiles(), 'examples/payouts.csv']);
  paypal = await startLocalPayPal({ clock: 'instant' });
  client = new PayoutsClient({ clientId: paypal.clientId, clientSecret: paypal.clientSecret, baseUrl: paypal.url });
}, 300_000);

afterAll(async () => {
  await paypal?.close();
  await project?.remove();
});

/** Runs `npx tsx FILE` in the project, against the local PayPal, with a batch of the quick start's to read. */
async function runExample(file: string) {
  const { batch_header } = await client.payouts.create(quickStartBatch(`new-project-${path.basename(file, '.ts')}`));
  return project.tsx(path.basename(file), {
    PAYPAL_BASE_URL: paypal.url,
    PAYPAL_CLIENT_ID: paypal.clientId,
    PAYPAL_CLIENT_SECRET: paypal.clientSecret,
    PAYOUT_BATCH_ID: batch_header!.payout_batch_id,
  });
}

describe('a new project with the packed package', () => {
  it('declares the package, and the examples are ES modules', async () => {
    const manifest = JSON.parse(await readFile(path.join(project.dir, 'package.json'), 'utf8'));
    expect(manifest.type).toBe('module');
    expect(Object.keys(manifest.dependencies)).toEqual(['paypal-payouts']);
  });

  it('quick-start.ts creates a batch', async () => {
    expect(await runExample('quick-start.ts')).toMatch(/^\w+ PENDING$/m);
  });

  it("read-batch.ts reads the quick start's batch, its items with their amounts, and cancels the unclaimed one", async () => {
    const out = await runExample('read-batch.ts');
    expect(out).toMatch(/^SUCCESS in several currencies$/m);
    expect(out).toMatch(/ SUCCESS seller@example\.com 10\.00 USD$/m);
    expect(out).toMatch(/ UNCLAIMED creator\.unclaimed@example\.com 1500 JPY$/m);
    expect(out).toMatch(/ RETURNED$/m);
    expect(out).not.toMatch(/undefined/);
  });

  it('with-response.ts shows the status and the request ID', async () => {
    expect(await runExample('with-response.ts')).toMatch(/^201 [0-9a-f-]{36} \w+$/m);
  });

  it('any-operation.ts reads a page and cancels through client.request', async () => {
    const out = await runExample('any-operation.ts');
    expect(out).toMatch(/^SUCCESS 2$/m);
    expect(out).toMatch(/^RETURNED [0-9a-f-]{36}$/m);
  });

  it('errors.ts reports every validation issue and sends nothing', async () => {
    const before = paypal.ledger.batches().length;
    expect(await runExample('errors.ts')).toMatch(/^items\[0\]\.amount\.value .*USD/m);
    expect(paypal.ledger.batches().length).toBe(before + 1); // only the batch runExample made to read
  });

  it('webhook-listener.ts verifies a delivery, ignores its duplicate, refuses a tampered copy', async () => {
    const out = await runExample('webhook-listener.ts');
    expect(out.match(/delivery answered \d+/g)).toEqual(['delivery answered 200', 'delivery answered 200', 'delivery answered 400']);
    expect(out).toContain('refused: signature_mismatch');
  });

  it('dashboard.ts starts a local PayPal with its dashboard, and stops both', async () => {
    expect(await project.tsx('dashboard.ts', {})).toMatch(/^dashboard: http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+$/m);
  });

  it("the bulk guide's dry run plans payouts.csv and sends nothing", async () => {
    const store = path.join(project.dir, 'store'); // not the user's own store
    const before = paypal.ledger.batches().length;
    const { stdout } = await run('npx', ['--no', 'paypal-payouts', 'send', 'payouts.csv', '--dry-run'], {
      cwd: project.dir,
      env: { ...process.env, PAYPAL_PAYOUTS_STORE: store, PAYPAL_BASE_URL: paypal.url, PAYPAL_CLIENT_ID: paypal.clientId, PAYPAL_CLIENT_SECRET: paypal.clientSecret },
    });
    expect(stdout).toMatch(/^Run run-[0-9a-f]{16}: 7 payouts in 1 batch of at most 15,000$/m);
    expect(stdout).toMatch(/^Total: USD 280\.50 \(4\) · EUR 140\.50 \(2\) · JPY 3,000 \(1\)$/m);
    expect(stdout).toMatch(/^Dry run: nothing was sent\.$/m);
    expect(paypal.ledger.batches().length).toBe(before);
  });

  it('local-paypal.test.ts passes as the project\'s own vitest test', async () => {
    // CI=1: without it, this nested vitest did not exit when started from a vitest worker (seen here, cause unknown).
    const { stdout } = await run('npx', ['--no', 'vitest', 'run', '--reporter=json'], { cwd: project.dir, env: { ...process.env, CI: '1' } });
    const report = JSON.parse(stdout) as { numPassedTests: number; numTotalTests: number };
    expect(report).toMatchObject({ numPassedTests: 1, numTotalTests: 1 });
  });
});
