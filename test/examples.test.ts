// The README's TypeScript examples run as written (against Prism and the local PayPal), and so does `npm start`.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { ROOT } from './support/paths.js';

const readme = await readFile(path.join(ROOT, 'README.md'), 'utf8');
const examples = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((match, index) => ({ index, code: match[1]! }));

describe('README examples', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'readme-examples-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('has the quick start, reading, withResponse and error examples', () => {
    expect(examples.length).toBeGreaterThanOrEqual(4);
  });

  it.each(examples)('example %# runs and prints its results', async ({ index, code }) => {
    vi.stubEnv('PAYPAL_CLIENT_ID', 'readme-client');
    vi.stubEnv('PAYPAL_CLIENT_SECRET', 'readme-secret');
    vi.stubEnv('PAYPAL_BASE_URL', inject('prismUrl'));
    const printed: string[] = [];
    const log = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void printed.push(args.join(' ')));
    try {
      const file = path.join(dir, `example-${index}.ts`);
      await writeFile(file, code);
      await import(file);
    } finally {
      log.mockRestore();
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
    for (const type of ['PAYOUTSBATCH.PROCESSING', 'PAYOUTSBATCH.SUCCESS', 'PAYOUTS-ITEM.UNCLAIMED', 'PAYOUTS-ITEM.RETURNED', 'PAYOUTS-ITEM.SUCCEEDED']) {
      expect(stdout).toMatch(new RegExp(`verified PAYMENT\\.${type.replace('.', '\\.')}\\s+WH-`));
    }
    expect(stdout).toMatch(/batches: 1; committed by currency: \{"USD":"129\.03"\}/);
  });
});
