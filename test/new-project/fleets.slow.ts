// npm run test:examples: the fleets guide's examples (examples/postgres/) in a new project, against the
// PostgreSQL that test/setup/postgres.ts starts and a local PayPal.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { freePort } from '../../scripts/prism.js';
import { PayoutsClient } from '../../src/index.js';
import { createWebhookInbox } from '../../src/postgres/index.js';
import { startLocalPayPal, type LocalPayPal } from '../../src/testing/index.js';
import { createSigner, itemEventBody, sql, until, WEBHOOK_ID } from '../fleet/support.js';
import { quickStartBatch } from '../support/local-server.js';
import { newProject, type NewProject } from './project.js';

const databaseUrl = inject('databaseUrl');
let project: NewProject;
let paypal: LocalPayPal;
let example: ChildProcess | undefined;

beforeAll(async () => {
  project = await newProject(['examples/postgres/inbox.ts', 'examples/postgres/token-store.ts']);
  paypal = await startLocalPayPal({ clock: 'instant' });
}, 300_000);

afterAll(async () => {
  if (example?.exitCode === null) example.kill('SIGKILL'); // a failed test leaves no server behind
  await paypal?.close();
  await project?.remove();
});

describe("the fleets guide's examples in a new project", () => {
  it('inbox.ts refuses a delivery not signed by PayPal, handles the events the fleet records, and stops on SIGTERM', async () => {
    await sql(databaseUrl, 'CREATE TABLE creator_payouts (payout_item_id text PRIMARY KEY, status text NOT NULL)');
    await sql(databaseUrl, "INSERT INTO creator_payouts VALUES ('ITEM-PAID', 'pending'), ('ITEM-FORGED', 'pending')");
    const port = await freePort();
    // tsx itself, not npx: npx dies of the SIGTERM instead of passing it on.
    example = spawn(path.join(project.dir, 'node_modules/.bin/tsx'), ['inbox.ts'], {
      cwd: project.dir,
      env: { ...process.env, DATABASE_URL: databaseUrl, PAYPAL_WEBHOOK_ID: WEBHOOK_ID, PORT: String(port) },
      stdio: 'inherit',
    });
    const exited = once(example, 'exit');
    const url = `http://127.0.0.1:${port}/paypal/webhooks`;
    await until(() => fetch(url, { method: 'POST', body: '{}' }).then((response) => response.status === 400, () => false));

    // Signed, but by a CA that is not PayPal's: `environment: 'live'` trusts DigiCert's chain only.
    const signer = await createSigner();
    expect(await signer.deliver(url, itemEventBody('WH-FORGED', 'ITEM-FORGED', new Date()))).toBe(400);

    // Another instance of the fleet records a delivery (it trusts the test kit); the example's workers handle it.
    const recorder = createWebhookInbox({
      connectionString: databaseUrl,
      webhookId: WEBHOOK_ID,
      verifyOptions: signer.verifyOptions,
      handle: () => Promise.reject(new Error('this instance only records')),
    });
    const server: Server = createServer(recorder.nodeHandler);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const recorderUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
      expect(await signer.deliver(recorderUrl, itemEventBody('WH-PAID', 'ITEM-PAID', new Date()))).toBe(200);
    } finally {
      server.close();
      await recorder.close();
    }
    const statuses = () => sql<{ payout_item_id: string; status: string }>(databaseUrl, 'SELECT * FROM creator_payouts ORDER BY 1');
    await until(async () => (await statuses()).some((row) => row.status === 'paid'));
    expect(await statuses()).toEqual([
      { payout_item_id: 'ITEM-FORGED', status: 'pending' },
      { payout_item_id: 'ITEM-PAID', status: 'paid' },
    ]);

    example.kill('SIGTERM');
    const [code, signal] = await exited;
    expect({ code, signal }).toEqual({ code: 0, signal: null });
  });

  it('token-store.ts: processes with the same credentials share one access token', async () => {
    const client = new PayoutsClient({ clientId: paypal.clientId, clientSecret: paypal.clientSecret, baseUrl: paypal.url });
    const { batch_header } = await client.payouts.create(quickStartBatch('new-project-token-store'));
    const env = {
      DATABASE_URL: databaseUrl,
      PAYPAL_BASE_URL: paypal.url,
      PAYPAL_CLIENT_ID: paypal.clientId,
      PAYPAL_CLIENT_SECRET: paypal.clientSecret,
      PAYOUT_BATCH_ID: batch_header!.payout_batch_id,
    };
    const issuedBefore = paypal.tokens.issued.length;
    const outputs = [await project.tsx('token-store.ts', env), await project.tsx('token-store.ts', env)];
    expect(outputs.map((output) => output.trim())).toEqual(['SUCCESS', 'SUCCESS']);
    expect(paypal.tokens.issued.length - issuedBefore).toBe(1);
  });
});
