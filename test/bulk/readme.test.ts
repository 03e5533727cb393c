// The bulk guide's walkthrough (docs/bulk.md) runs as written: each `npx paypal-payouts` command in
// it, against the local PayPal, prints what the guide shows (payout IDs and dates aside, which PayPal
// assigns). Its own HOME: the store is the default one, under ~/.local/state.
import { execFile } from 'node:child_process';
import { cpSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startLocalPayPal, type LocalPayPal } from '../../src/testing/index.js';
import { ROOT } from '../support/paths.js';
import { tempDir } from './support.js';

const CLI = join(ROOT, 'dist/cli/index.js');
const guide = readFileSync(join(ROOT, 'docs/bulk.md'), 'utf8');
const walkthrough = guide.slice(guide.indexOf('### Walkthrough: `examples/payouts.csv`'), guide.indexOf('\n## ', guide.indexOf('### Walkthrough')));

/** Each command of a ```sh block, with the ```text block that follows it, if any. */
const steps = [...walkthrough.matchAll(/```sh\n([\s\S]*?)```\s*```text\n([\s\S]*?)```/g)].map((match) => {
  const commands = match[1]!.split('\n').filter((line) => line.startsWith('npx paypal-payouts '));
  return { command: commands.at(-1)!.replace(/\s+#.*$/, ''), printed: match[2]! };
});

const normalise = (text: string) => text.replace(/\b[0-9A-F]{13}\b/g, '<ID>').replace(/\d{4}-\d{2}-\d{2}/g, '<DATE>');

let paypal: LocalPayPal;
beforeAll(async () => {
  paypal = await startLocalPayPal({ clientId: 'demo-client', clientSecret: 'demo-secret' });
});
afterAll(() => paypal.close());

it('the README links the guide in place of its bulk section', () => {
  expect(readFileSync(join(ROOT, 'README.md'), 'utf8')).toContain('[docs/bulk.md](docs/bulk.md)');
});

it('the walkthrough has its dry run and its send', () => {
  expect(steps.map((step) => step.command)).toEqual(['npx paypal-payouts send examples/payouts.csv --dry-run', 'npx paypal-payouts send examples/payouts.csv']);
});

it('each command prints what the guide shows', async () => {
  const cwd = tempDir();
  const home = tempDir();
  cpSync(join(ROOT, 'examples'), join(cwd, 'examples'), { recursive: true });
  const env: NodeJS.ProcessEnv = { ...process.env, HOME: home, PAYPAL_BASE_URL: paypal.url, PAYPAL_CLIENT_ID: 'demo-client', PAYPAL_CLIENT_SECRET: 'demo-secret' };
  delete env.XDG_STATE_HOME;
  delete env.PAYPAL_PAYOUTS_STORE;
  for (const { command, printed } of steps) {
    const args = command.replace('npx paypal-payouts ', '').split(' ');
    const { stdout } = await promisify(execFile)(process.execPath, [CLI, ...args], { cwd, env }).catch((error) => error);
    expect(normalise(stdout.replaceAll(home, '~'))).toBe(normalise(printed));
  }
});
