// The CLI against the local PayPal, killed with SIGKILL at random points and run again until done.
// Runs the built CLI (npm test builds first), in its own process, as users run it.
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalPayPal, type LocalPayPal } from '../../src/testing/index.js';
import { runCli, seededRandom, tempDir, writeWebFile, type Exit } from './support.js';

const ROWS = 40_000;

let paypal: LocalPayPal;
beforeAll(async () => {
  paypal = await startLocalPayPal({ seed: 12 });
});
afterAll(() => paypal.close());

/** Where to kill a run: after its `after`-th progress event of the sending phase (0: the phase's start), plus `delayMs`. */
interface KillPoint {
  after: number;
  delayMs: number;
}

const isSendingEvent = (event: { event?: string; phase?: string; message?: string }) =>
  (event.event === 'start' && event.phase === 'sending') || (event.event === 'info' && /^(sent|resent) batch|already sent/.test(event.message ?? ''));

/** Runs `paypal-payouts args`; with `kill` (which needs --json), SIGKILLs it at that point (if it is still running). */
async function run(args: string[], kill?: KillPoint): Promise<Exit> {
  let seen = 0;
  let timer: NodeJS.Timeout | undefined;
  const exit = await runCli([...args, '--base-url', paypal.url], {
    env: { ...process.env, PAYPAL_CLIENT_ID: paypal.clientId, PAYPAL_CLIENT_SECRET: paypal.clientSecret },
    onStdout: (chunk, _, child) => {
      for (const line of chunk.split('\n')) {
        if (!line || !kill || !isSendingEvent(JSON.parse(line)) || seen++ !== kill.after) continue;
        timer = setTimeout(() => child.kill('SIGKILL'), kill.delayMs);
      }
    },
  });
  clearTimeout(timer);
  return exit;
}

const creates = () => paypal.requests.filter((request) => request.operation === 'payouts.create').length;

describe('paypal-payouts send, killed and re-run', () => {
  it(`pays each of ${ROWS} rows in three currencies exactly once across SIGKILLs, and the report agrees with PayPal`, async () => {
    const dir = tempDir();
    const file = writeWebFile(dir, ROWS);
    // A flaky PayPal too: answers lost after commit, 5xx after commit, slow creates, rate-limited polls.
    paypal.faults
      .add({ operation: 'payouts.create', kind: 'reset-after-commit', chance: 0.2 })
      .add({ operation: 'payouts.create', kind: 'error-after-commit', status: 503, chance: 0.2 })
      .add({ operation: 'payouts.create', kind: 'delay', delayMs: 400, chance: 0.3 })
      .add({ operation: 'payouts.get', kind: 'rate-limit', retryAfterSeconds: 0, chance: 0.1 });
    const random = seededRandom(2026);
    const args = ['send', file, '--store', dir, '--batch-size', '4000', '--poll-interval', '0.02', '--json'];
    const batchesAtKill: number[] = [];
    let last: Exit | undefined;
    for (let attempt = 0; attempt < 12; attempt++) {
      // Four kills at seeded random points of the sending phase (mid-request or between requests), then runs to the end.
      const kill = batchesAtKill.length < 4 ? { after: Math.floor(random() * 3), delayMs: Math.floor(random() * 600) } : undefined;
      last = await run(args, kill);
      if (last.signal === 'SIGKILL') {
        batchesAtKill.push(paypal.ledger.batches().length);
        continue;
      }
      if (last.code === 0 || last.code === 1) break;
    }
    expect(batchesAtKill).toHaveLength(4);
    expect(batchesAtKill.some((batches) => batches > 0 && batches < 10)).toBe(true); // killed mid-run, not only before or after

    // Each batch was sent under one PayPal-Request-Id however often the run was killed (a lost answer
    // was asked for again with the same one), or adopted through DuplicateBatchError.
    const log = readFileSync(join(dir, 'ledger.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line));
    for (const batch of paypal.ledger.batches()) {
      const requestIds = log.filter((entry) => entry.t === 'sending' && entry.senderBatchId === batch.senderBatchId).map((entry) => entry.requestId);
      const sent = log.find((entry) => entry.t === 'sent' && entry.senderBatchId === batch.senderBatchId);
      expect(requestIds).toHaveLength(1);
      expect(sent.payoutBatchId).toBe(batch.payoutBatchId);
      if (!sent.adopted) expect(batch.requestId).toBe(requestIds[0]);
    }
    expect(last?.code, last?.stderr).toBe(1); // every 50th receiver stays unclaimed

    // The ledger: every row paid exactly once, in the amount and currency of its row.
    const items = paypal.ledger.items();
    expect(items).toHaveLength(ROWS);
    const byId = new Map(items.map((item) => [item.senderItemId, item]));
    expect(byId.size).toBe(ROWS);
    const rows = readFileSync(file, 'utf8').trim().split('\n');
    rows.forEach((row, index) => {
      const [receiver, value, currency, id] = row.split(',');
      expect(byId.get(id), `line ${index + 1}`).toMatchObject({ receiver, amount: { value, currency } });
    });
    expect(new Set(paypal.ledger.batches().map((batch) => batch.senderBatchId)).size).toBe(10);

    // The report: one row per input row, each as PayPal has it.
    const reportFile = readdirSync(join(dir, 'reports')).find((name) => name.endsWith('.report.csv'))!;
    const report = parse(readFileSync(join(dir, 'reports', reportFile)), { columns: true }) as Array<Record<string, string>>;
    expect(report).toHaveLength(ROWS);
    for (const row of report) {
      const item = byId.get(row.sender_item_id)!;
      expect([row.payout_item_id, row.transaction_status]).toEqual([item.payoutItemId, item.status]);
    }
    const result = last!.stdout.trim().split('\n').map((line) => JSON.parse(line)).find((event) => event.event === 'result');
    expect(result.summary.unclaimed).toHaveLength(ROWS / 50);
    expect(result.summary.duplicates).toEqual([]);

    // Run again once all is sent: nothing new is sent.
    const before = creates();
    const again = await run(args);
    expect(again.code).toBe(1);
    expect(creates()).toBe(before);
    expect(paypal.ledger.items()).toHaveLength(ROWS);
  }, 240_000);

  it('sends nothing for an invalid file, and exits 2 naming each bad row and field', async () => {
    const dir = tempDir();
    const file = join(dir, 'bad.csv');
    writeFileSync(file, 'a@example.com,10.00,USD,A1\nb@example.com,10.001,USD,B1\nc@example.com,5,XYZW,C1\n');
    const before = paypal.requests.length;
    const result = await run(['send', file, '--store', dir]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('line 2: amount.value: must be at most 2 decimals for USD');
    expect(result.stderr).toMatch(/line 3: amount\.currency/);
    expect(paypal.requests.length).toBe(before);
  });

  it('--dry-run prints the plan and sends nothing', async () => {
    const dir = tempDir();
    const file = writeWebFile(dir, 31);
    const before = paypal.requests.length;
    const result = await run(['send', file, '--store', dir, '--batch-size', '10', '--dry-run']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/31 payouts in 4 batches/);
    expect(result.stdout).toContain('Dry run: nothing was sent.');
    expect(paypal.requests.length).toBe(before);
    expect(readFileSync(join(dir, 'ledger.jsonl'), 'utf8')).toBe(''); // no run, no batch recorded
  });
});
