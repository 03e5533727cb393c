// `paypal-payouts local` (the built bin) runs the local PayPal in the foreground and prints how to reach it.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { expect, it } from 'vitest';
import { PayoutsClient } from '../src/index.js';
import { createBody } from './support/local-server.js';
import { ROOT } from './support/paths.js';

const BIN = path.join(ROOT, 'dist', 'src', 'cli', 'index.js');

it('prints its URL and credentials, serves payouts, and stops on SIGTERM', async () => {
  const child = spawn(process.execPath, [BIN, 'local', '--port', '0', '--clock', 'instant', '--client-id', 'cli-client'], { stdio: ['ignore', 'pipe', 'inherit'] });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  await expect.poll(() => output, { timeout: 15_000 }).toMatch(/PAYPAL_CLIENT_SECRET=\S+\n/);
  const env = Object.fromEntries([...output.matchAll(/^(PAYPAL_\w+)=(\S+)$/gm)].map((match) => [match[1], match[2]]));
  expect(env.PAYPAL_CLIENT_ID).toBe('cli-client');

  const client = new PayoutsClient({ clientId: env.PAYPAL_CLIENT_ID, clientSecret: env.PAYPAL_CLIENT_SECRET, baseUrl: env.PAYPAL_BASE_URL });
  const { batch_header } = await client.payouts.create(createBody(1, 'cli-1'));
  expect((await client.payouts.get(batch_header!.payout_batch_id)).batch_header?.batch_status).toBe('SUCCESS');

  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  expect(await exited).toBe(0);
});

it('refuses a bad option with a message naming it', async () => {
  const child = spawn(process.execPath, [BIN, 'local', '--port', 'eighty'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let errors = '';
  child.stderr.on('data', (chunk) => (errors += chunk));
  expect(await new Promise((resolve) => child.once('exit', resolve))).toBe(1);
  expect(errors).toContain('--port');
});
