// paypal-payouts status / report / Ctrl-C / --help, run as users run them (the built CLI).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PayoutsClient } from '../../src/index.js';
import { startLocalPayPal, type LocalPayPal } from '../../src/testing/index.js';
import { CLI, runCli, tempDir, writeWebFile, type Exit } from './support.js';


let paypal: LocalPayPal;
beforeAll(async () => {
  paypal = await startLocalPayPal({ clock: 'instant' });
});
afterAll(() => paypal.close());

/** Runs the CLI; `onLine` sees each stdout line and may signal the process. */
const run = (args: string[], onLine?: (line: string, signal: (name: NodeJS.Signals) => void) => void): Promise<Exit> =>
  runCli(args, {
    env: { ...process.env, PAYPAL_CLIENT_ID: paypal.clientId, PAYPAL_CLIENT_SECRET: paypal.clientSecret, PAYPAL_BASE_URL: paypal.url },
    onStdout: (chunk, _, child) => {
      for (const line of chunk.split('\n')) if (line) onLine?.(line, (name) => child.kill(name));
    },
  });

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

    // The file edited since: no report pairs its rows with PayPal's statuses.
    writeFileSync(file, readFileSync(file, 'utf8').replace('creator-1@example.com', 'someone-else@example.com'));
    const edited = join(dir, 'edited.csv');
    const refused = await run(['report', runId, '--store', dir, '--out', edited]);
    expect(refused.code).toBe(3);
    expect(refused.stderr).toContain('no report was written');
    expect(existsSync(edited)).toBe(false);
    expect(readdirSync(dir).filter((name) => name.startsWith('edited.csv'))).toEqual([]);
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

  it('says in one line, exit 2, that a file is missing or a folder, escaping control characters', async () => {
    const dir = tempDir();
    const missing = await run(['send', join(dir, 'no\u001b[2Jsuch.csv'), '--store', dir]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no\\x1b[2Jsuch.csv: no such file');
    expect(missing.stderr).not.toContain('\u001b');
    expect(missing.stderr).not.toMatch(/\n\s+at /); // no stack
    const folder = await run(['send', dir, '--store', dir]);
    expect(folder.code).toBe(2);
    expect(folder.stderr).toContain('is a folder, not a payout file');
  });

  it('ends quietly when its output is piped into head', () => {
    const dir = tempDir();
    const file = join(dir, 'bad.csv');
    writeFileSync(file, Array.from({ length: 20_000 }, (_, i) => `p${i}@example.com,-1,USD,P${i}`).join('\n'));
    const piped = spawnSync('sh', ['-c', `"${process.execPath}" "${CLI}" send "${file}" --store "${dir}" --json | head -1`], { encoding: 'utf8' });
    expect(piped.stdout.trim().split('\n')).toHaveLength(1);
    expect(piped.stderr).toBe('');
  });

  it('says how many invalid rows --skip-invalid left out', async () => {
    const dir = tempDir();
    const file = join(dir, 'some-bad.csv');
    writeFileSync(file, 'skip-1@example.com,1.00,USD,SKIP1\nskip-2@example.com,-1,USD,SKIP2\nskip-3@example.com,x,USD,SKIP3\n');
    const sent = await run(['send', file, '--store', dir, '--skip-invalid', '--poll-interval', '0.01']);
    expect(sent.code).toBe(1); // two rows not paid
    expect(sent.stdout).toContain(`2 invalid rows left out (not sent), written to ${join(dir, 'reports')}`);
  });

  it('lists each command\'s own options in its --help', async () => {
    const report = await run(['report', '--help']);
    expect(report.code).toBe(0);
    expect(report.stdout).toContain('--out FILE');
    expect(report.stdout).not.toContain('--batch-size');
    expect((await run(['status', '--help'])).stdout).toContain('--file FILE');
    expect((await run(['send', '--help'])).stdout).toContain('--allow-repay IDS');
  });
});
