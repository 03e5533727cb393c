// paypal-payouts status / report / Ctrl-C / --help, run as users run them (the built CLI).
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PayoutsClient } from '../../src/index.js';
import { startLocalPayPal, type LocalPayPal } from '../../src/testing/index.js';
import { tempDir, writeWebFile } from './support.js';

const CLI = join(import.meta.dirname, '../../dist/cli/index.js');

let paypal: LocalPayPal;
beforeAll(async () => {
  paypal = await startLocalPayPal({ clock: 'instant' });
});
afterAll(() => paypal.close());

interface Exit {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI; `onLine` sees each stdout line and may signal the process. */
function run(args: string[], onLine?: (line: string, signal: (name: NodeJS.Signals) => void) => void): Promise<Exit> {
  const child = spawn(process.execPath, [CLI, ...args], {
    env: { ...process.env, PAYPAL_CLIENT_ID: paypal.clientId, PAYPAL_CLIENT_SECRET: paypal.clientSecret, PAYPAL_BASE_URL: paypal.url },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n')) if (line) onLine?.(line, (name) => child.kill(name));
    stdout += chunk;
  });
  child.stderr.on('data', (chunk) => (stderr += chunk));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

describe('paypal-payouts', () => {
  it('status and report re-read a run later, when its items have moved on', async () => {
    const dir = tempDir();
    const file = writeWebFile(dir, 100);
    const sent = await run(['send', file, '--store', dir, '--poll-interval', '0.01']);
    expect(sent.code).toBe(1); // two unclaimed items
    const runId = /Run (run-[0-9a-f]+)/.exec(sent.stdout)![1]!;
    expect(sent.stdout).toMatch(/UNCLAIMED +JPY 150 \(1\) · EUR 101\.00 \(1\)/); // lines 50 and 100

    // The sender cancels one unclaimed item: PayPal returns it.
    const client = new PayoutsClient({ clientId: paypal.clientId, clientSecret: paypal.clientSecret, baseUrl: paypal.url });
    const unclaimed = paypal.ledger.items().find((item) => item.status === 'UNCLAIMED')!;
    await client.payoutItems.cancel(unclaimed.payoutItemId);

    const status = await run(['status', runId, '--store', dir]);
    expect(status.code).toBe(1);
    expect(status.stdout).toMatch(/RETURNED +\w{3} [\d.,]+ \(1\)/);
    expect(status.stdout).toContain('Unclaimed: 1 item;');

    const out = join(dir, 'later.csv');
    const report = await run(['report', runId, '--store', dir, '--out', out, '--json']);
    expect(report.code).toBe(1);
    const rows = parse(readFileSync(out), { columns: true }) as Array<Record<string, string>>;
    expect(rows).toHaveLength(100);
    expect(rows.find((row) => row.payout_item_id === unclaimed.payoutItemId)?.transaction_status).toBe('RETURNED');
    const result = report.stdout.trim().split('\n').map((line) => JSON.parse(line)).find((event) => event.event === 'result');
    expect(result.summary.byStatus.RETURNED).toBeDefined();
  });

  it('Ctrl-C stops between two steps, says how to resume, and the resumed run pays the rest once', async () => {
    const dir = tempDir();
    const file = writeWebFile(dir, 60);
    paypal.faults.add({ operation: 'payouts.create', kind: 'delay', delayMs: 200, times: Infinity });
    const args = ['send', file, '--store', dir, '--batch-size', '10', '--poll-interval', '0.01', '--json'];
    const before = paypal.ledger.batches().length;
    const stopped = await run(args, (line, signal) => {
      if (JSON.parse(line).message?.startsWith('sent batch 2 ')) signal('SIGINT');
    });
    paypal.faults.clear();
    expect(stopped.code).toBe(130);
    const error = stopped.stdout.trim().split('\n').map((line) => JSON.parse(line)).find((event) => event.event === 'error');
    expect(error.message).toContain(`Resume with: paypal-payouts ${args.join(' ')}`);
    const sentBeforeStop = paypal.ledger.batches().length - before;
    expect(sentBeforeStop).toBeGreaterThanOrEqual(2);
    expect(sentBeforeStop).toBeLessThan(6); // it stopped before the end

    const resumed = await run(args);
    expect(resumed.code).toBe(1);
    expect(paypal.ledger.batches().length - before).toBe(6);
    const mine = new Set(paypal.ledger.batches().slice(before).map((batch) => batch.payoutBatchId));
    const ids = paypal.ledger.items().filter((item) => mine.has(item.payoutBatchId)).map((item) => item.senderItemId);
    expect(ids).toHaveLength(60);
    expect(new Set(ids).size).toBe(60);
  });

  it('documents its exit codes in --help, and refuses a bad command line with exit 2', async () => {
    const help = await run(['send', '--help']);
    expect(help.code).toBe(0);
    for (const code of ['0 ', '1 ', '2 ', '3 ', '130 ']) expect(help.stdout).toContain(`\n  ${code}`);
    const bad = await run(['send', 'a.csv', '--batch-size', '20000', '--dry-run']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('batch size must be a whole number from 1 to 15000');
    expect((await run(['frobnicate'])).code).toBe(2);
  });
});
