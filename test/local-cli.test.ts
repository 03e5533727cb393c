// `paypal-payouts local` (the built bin) runs the local PayPal in the foreground and prints how to reach it.
import { spawn, type ChildProcess } from 'node:child_process';
import { connect } from 'node:net';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { PayoutsClient } from '../src/index.js';
import { createBody, startServer } from './support/local-server.js';
import { ROOT } from './support/paths.js';
import { postbackFor, rawCaller } from './support/raw-paypal.js';

const BIN = path.join(ROOT, 'dist', 'cli', 'index.js');
let child: ChildProcess | undefined;
afterEach(() => void child?.kill()); // a failed test leaves no emulator running

it('prints its URL and credentials, serves payouts, delivers webhooks that verify by postback, and stops on SIGTERM', async () => {
  const listener = await startServer((_, res) => void res.writeHead(200).end());
  child = spawn(process.execPath, [BIN, 'local', '--port', '0', '--clock', 'instant', '--client-id', 'cli-client', '--webhook', `${listener.url}/hook`], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  await expect.poll(() => output, { timeout: 15_000 }).toMatch(/PAYPAL_CLIENT_SECRET=\S+\n/);
  const env = Object.fromEntries([...output.matchAll(/^(PAYPAL_\w+)=(\S+)$/gm)].map((match) => [match[1], match[2]]));
  expect(env.PAYPAL_CLIENT_ID).toBe('cli-client');

  const client = new PayoutsClient({ clientId: env.PAYPAL_CLIENT_ID, clientSecret: env.PAYPAL_CLIENT_SECRET, baseUrl: env.PAYPAL_BASE_URL });
  const { batch_header } = await client.payouts.create(createBody(1, 'cli-1'));
  expect((await client.payouts.get(batch_header!.payout_batch_id)).batch_header?.batch_status).toBe('SUCCESS');

  // The batch's events reach the listener, and PayPal's postback check on the local PayPal accepts them.
  await expect.poll(() => listener.requestsTo('/hook').length, { timeout: 15_000 }).toBe(3); // the first signs after making the test keys
  const webhookId = /webhook ID (\w+)/.exec(output)?.[1];
  expect(output).toContain(`Verify them with POST ${env.PAYPAL_BASE_URL}/v1/notifications/verify-webhook-signature`);
  const call = await rawCaller({ baseUrl: env.PAYPAL_BASE_URL!, clientId: env.PAYPAL_CLIENT_ID!, clientSecret: env.PAYPAL_CLIENT_SECRET! });
  for (const delivery of listener.requestsTo('/hook')) {
    const verdict = await call('POST', '/v1/notifications/verify-webhook-signature', { body: postbackFor(delivery, webhookId) });
    expect(verdict.body).toEqual({ verification_status: 'SUCCESS' });
  }
  await listener.close();

  const running = child;
  const exited = new Promise<number | null>((resolve) => running.once('exit', resolve));
  running.kill('SIGTERM');
  expect(await exited).toBe(0);
});

it('refuses a bad option with a message naming it', async () => {
  const refused = spawn(process.execPath, [BIN, 'local', '--port', 'eighty'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let errors = '';
  refused.stderr.on('data', (chunk) => (errors += chunk));
  expect(await new Promise((resolve) => refused.once('exit', resolve))).toBe(1);
  expect(errors).toContain('--port');
});

it('--host 0.0.0.0 warns on stderr, prints a URL the client accepts, and survives an upload aborted mid-body', async () => {
  child = spawn(process.execPath, [BIN, 'local', '--host', '0.0.0.0', '--clock', 'instant'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  let errors = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (errors += chunk));
  await expect.poll(() => output, { timeout: 15_000 }).toMatch(/PAYPAL_CLIENT_SECRET=\S+\n/);
  expect(errors).toContain('Warning: --host 0.0.0.0 accepts connections from other machines');
  const env = Object.fromEntries([...output.matchAll(/^(PAYPAL_\w+)=(\S+)$/gm)].map((match) => [match[1], match[2]]));

  // Before: "Error: aborted" ended the process with exit 1.
  const { port } = new URL(env.PAYPAL_BASE_URL!);
  const socket = connect(Number(port), '127.0.0.1');
  socket.on('error', () => {});
  socket.write('POST /v1/payments/payouts HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n{"items":');
  await new Promise((resolve) => setTimeout(resolve, 100));
  socket.destroy();

  const client = new PayoutsClient({ clientId: env.PAYPAL_CLIENT_ID, clientSecret: env.PAYPAL_CLIENT_SECRET, baseUrl: env.PAYPAL_BASE_URL });
  const { batch_header } = await client.payouts.create(createBody(1, 'cli-host-1'));
  expect((await client.payouts.get(batch_header!.payout_batch_id)).batch_header?.batch_status).toBe('SUCCESS');
  expect(child.exitCode).toBeNull();
});
