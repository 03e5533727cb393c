// The library against the local PayPal (through Prism): a whole run, and each way a send can be cut short.
import { readFileSync, writeFileSync, appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PayoutsClient } from '../../src/index.js';
import { AlreadyPaidError, BatchRefusedError, FileRunStore, planFile, RunIdTakenError, runStatus, sendPayoutFile } from '../../src/bulk/index.js';
import { startLocalPayPal, type LocalPayPal } from '../../src/testing/index.js';
import { exchanges, throughPrism, violations } from '../support/through-prism.js';
import { tempDir, writeWebFile } from './support.js';

let paypal: LocalPayPal;
let dir: string;
const client = (maxRetries = 2) =>
  new PayoutsClient({ clientId: paypal.clientId, clientSecret: paypal.clientSecret, ...throughPrism(paypal), maxRetries });
const creates = () => paypal.requests.filter((request) => request.operation === 'payouts.create');
const fastWait = { intervalMs: 1, maxIntervalMs: 5 };

beforeEach(async () => {
  paypal = await startLocalPayPal({ clock: 'instant' });
  dir = tempDir();
});
afterEach(() => paypal.close());
// Every call of every run went through Prism, and none broke the contract.
afterAll(() => {
  expect(exchanges.count).toBeGreaterThan(50);
  expect(violations).toEqual([]);
});

/** The file store's log: one event per line. */
const storeLog = () => readFileSync(join(dir, 'ledger.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line));

function expectPaidOnce(file: string) {
  const ids = paypal.ledger.items().map((item) => item.senderItemId);
  expect(new Set(ids).size).toBe(ids.length);
  const rows = readFileSync(file, 'utf8').trim().split('\n').length;
  expect(ids.length).toBe(rows);
}

describe('sendPayoutFile', () => {
  it('pays every row once and reports each with what PayPal says of it', async () => {
    const file = writeWebFile(dir, 120);
    const result = await sendPayoutFile(file, { client: client(), storeDir: dir, batchSize: 50, wait: fastWait });
    if (result.outcome !== 'done') throw new Error(result.outcome);
    expect(result.sentNow).toBe(3);
    expect(paypal.ledger.batches().map((batch) => batch.senderBatchId)).toEqual(result.plan.batches.map((batch) => batch.senderBatchId));
    expect(new Set(result.plan.batches.map((batch) => batch.senderBatchId)).size).toBe(3);
    expectPaidOnce(file);

    const report = parse(readFileSync(result.reportFile), { columns: true }) as Array<Record<string, string>>;
    expect(report).toHaveLength(120);
    const ledger = new Map(paypal.ledger.items().map((item) => [item.senderItemId, item]));
    for (const row of report) {
      const item = ledger.get(row.sender_item_id!)!;
      expect(row.payout_item_id).toBe(item.payoutItemId);
      expect(row.transaction_status).toBe(item.status);
      expect({ value: row.amount, currency: row.currency }).toEqual(item.amount);
    }
    expect(report[0]!.line).toBe('1');
    // Every 50th receiver is unclaimed: lines 50 and 100.
    expect(result.summary.unclaimed.map((item) => item.line)).toEqual([50, 100]);
    expect(result.summary.unclaimed[0]!.returnsOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(result.summary.allPaid).toBe(false);
    const unclaimedCount = Object.values(result.summary.byStatus.UNCLAIMED!).reduce((count, total) => count + total.count, 0);
    expect(unclaimedCount).toBe(2);
    expect(paypal.ledger.totals(['SUCCESS'])).toEqual(
      Object.fromEntries(Object.entries(result.summary.byStatus.SUCCESS!).map(([currency, { sum }]) => [currency, sum])),
    );
  });

  it('sends nothing when a row is invalid, and names each bad row and field', async () => {
    const file = join(dir, 'bad.csv');
    writeFileSync(file, 'a@example.com,10.00,USD,A1\nb@example.com,-3,USD,B1\nc@example.com,1.5,JPY,A1\n');
    const result = await sendPayoutFile(file, { client: client(), storeDir: dir });
    expect(result.outcome).toBe('invalid');
    expect(paypal.requests).toHaveLength(0);
  });

  it('with skipInvalid, sends the valid rows and writes the others to the rejects file', async () => {
    const file = join(dir, 'bad.csv');
    writeFileSync(file, 'a@example.com,10.00,USD,A1\nb@example.com,-3,USD,B1\n');
    const result = await sendPayoutFile(file, { client: client(), storeDir: dir, skipInvalid: true, wait: fastWait });
    if (result.outcome !== 'done') throw new Error(result.outcome);
    expect(paypal.ledger.items().map((item) => item.senderItemId)).toEqual(['A1']);
    expect(readFileSync(result.rejectsFile!, 'utf8')).toContain('line 2: amount.value');
    expect(result.summary.byStatus.REJECTED).toBeDefined();
  });

  it('escapes spreadsheet formulas in the report and rejects files', async () => {
    const file = join(dir, 'formula.csv');
    // The bad amount rejects the row, so its receiver lands in both files as the user wrote it.
    writeFileSync(file, 'a@example.com,10.00,USD,A1\n=1+1@example.com,-3,USD,B1\n');
    const result = await sendPayoutFile(file, { client: client(), storeDir: dir, skipInvalid: true, wait: fastWait });
    if (result.outcome !== 'done') throw new Error(result.outcome);
    for (const path of [result.reportFile, result.rejectsFile!]) {
      const rows = parse(readFileSync(path), { columns: true }) as Array<Record<string, string>>;
      expect(rows.find((row) => row.receiver?.includes('1+1@example.com'))?.receiver).toBe("'=1+1@example.com");
    }
  });

  it('resends a batch whose answer was lost with the same PayPal-Request-Id, and PayPal answers with the original', async () => {
    const file = writeWebFile(dir, 30);
    paypal.faults.add({ operation: 'payouts.create', kind: 'reset-after-commit' });
    await expect(sendPayoutFile(file, { client: client(0), storeDir: dir, batchSize: 10, wait: fastWait })).rejects.toThrow();
    expect(paypal.ledger.batches()).toHaveLength(1); // committed, answer lost

    const result = await sendPayoutFile(file, { client: client(0), storeDir: dir, batchSize: 10, wait: fastWait });
    if (result.outcome !== 'done') throw new Error(result.outcome);
    expect(paypal.ledger.batches()).toHaveLength(3);
    expectPaidOnce(file);
    const sending = storeLog().filter((entry) => entry.t === 'sending' && entry.senderBatchId === paypal.ledger.batches()[0]!.senderBatchId);
    expect(sending).toHaveLength(1); // one request ID for batch 1, used on both attempts
    expect(paypal.ledger.batches()[0]!.requestId).toBe(sending[0].requestId);
  });

  it('adopts the original batch when PayPal refuses its sender_batch_id as a duplicate', async () => {
    const file = writeWebFile(dir, 10);
    const plan = await planFile(file);
    const items = readFileSync(file, 'utf8').trim().split('\n').map((line) => {
      const [receiver, value, currency, id] = line.split(',');
      return { receiver: receiver!, amount: { value: value!, currency: currency! }, sender_item_id: id, recipient_type: 'EMAIL' };
    });
    // Another attempt got through under a request ID this journal never recorded.
    const original = await client().payouts.create({ sender_batch_header: { sender_batch_id: plan.batches[0]!.senderBatchId }, items });
    const result = await sendPayoutFile(file, { client: client(), storeDir: dir, wait: fastWait });
    if (result.outcome !== 'done') throw new Error(result.outcome);
    expect(result.summary.batches[0]!.payoutBatchId).toBe(original.batch_header!.payout_batch_id);
    expect(paypal.ledger.batches()).toHaveLength(1);
    expectPaidOnce(file);
  });

  it('journals a refusal (nothing paid) and stops; the next run tries again with a new request ID', async () => {
    const file = join(dir, 'funds.csv');
    writeFileSync(file, 'a@example.com,10.00,USD,A1,ERRPYO005\n'); // PayPal's sandbox test value for INSUFFICIENT_FUNDS
    await expect(sendPayoutFile(file, { client: client(), storeDir: dir, wait: fastWait })).rejects.toThrow(BatchRefusedError);
    expect(paypal.ledger.batches()).toHaveLength(0);
    await expect(sendPayoutFile(file, { client: client(), storeDir: dir, wait: fastWait })).rejects.toThrow(BatchRefusedError);
    const requestIds = storeLog().filter((entry) => entry.t === 'sending').map((entry) => entry.requestId);
    expect(requestIds).toHaveLength(2);
    expect(new Set(requestIds).size).toBe(2);
  });

  it('keeps polling through rate limits that outlast the client\'s retries', async () => {
    const file = writeWebFile(dir, 5);
    paypal.faults.add({ operation: 'payouts.get', kind: 'rate-limit', retryAfterSeconds: 0, times: 3 });
    const result = await sendPayoutFile(file, { client: client(0), storeDir: dir, wait: fastWait });
    expect(result.outcome === 'done' && result.summary.batches[0]!.status).toBe('SUCCESS');
    expect(paypal.requests.filter((request) => request.status === 429)).toHaveLength(3);
  });

  it('a re-run after every batch was sent sends nothing new', async () => {
    const file = writeWebFile(dir, 20);
    await sendPayoutFile(file, { client: client(), storeDir: dir, batchSize: 10, wait: fastWait });
    const before = creates().length;
    const again = await sendPayoutFile(file, { client: client(), storeDir: dir, batchSize: 10, wait: fastWait });
    // Found again with nothing left: it says so, and does not claim this call paid anything.
    expect(again.outcome).toBe('already-sent');
    expect(again.outcome === 'already-sent' && again.message).toMatch(/^already sent in run run-[0-9a-f]+ on \d{4}-\d\d-\d\d; nothing sent now/);
    expect(creates().length).toBe(before);
  });

  it('refuses a run ID that names a run of another file, sending nothing', async () => {
    const file = writeWebFile(dir, 20);
    const first = await sendPayoutFile(file, { client: client(), storeDir: dir, batchSize: 10, wait: fastWait });
    appendFileSync(file, 'z@example.com,1.00,USD,Z1\n');
    await expect(sendPayoutFile(file, { client: client(), storeDir: dir, batchSize: 10, runId: first.plan.runId })).rejects.toThrow(RunIdTakenError);
    expect(creates()).toHaveLength(2);
  });

  it('refuses to pay again the rows of an edited file an earlier run sent, whatever the run ID, unless told to', async () => {
    const file = writeWebFile(dir, 20);
    await sendPayoutFile(file, { client: client(), storeDir: dir, batchSize: 10, wait: fastWait });
    appendFileSync(file, 'late@example.com,1.00,USD,LATE1\n');
    await expect(sendPayoutFile(file, { client: client(), storeDir: dir, batchSize: 10, wait: fastWait })).rejects.toThrow(/20 rows of .* were already sent in another run; nothing was sent/);
    await expect(sendPayoutFile(file, { client: client(), storeDir: dir, runId: 'with-late-row', wait: fastWait })).rejects.toThrow(AlreadyPaidError);
    expect(paypal.ledger.items()).toHaveLength(20);
    const named = await sendPayoutFile(file, { client: client(), storeDir: dir, batchSize: 10, runId: 'with-late-row', allowRepayAll: true, wait: fastWait });
    expect(named.outcome).toBe('done');
    expect(paypal.ledger.items()).toHaveLength(41);
  });
});

describe('runStatus', () => {
  it('shows the rows of a batch sent without a recorded answer as UNKNOWN, not as unsent', async () => {
    const file = writeWebFile(dir, 4);
    const plan = await planFile(file);
    const store = await FileRunStore.open(dir);
    await store.openRun({ runId: plan.runId, file, sha256: plan.sha256, rows: 4, createdAt: new Date().toISOString() });
    const rows = readFileSync(file, 'utf8').trim().split('\n').map((line, index) => {
      const [receiver, value, currency, id] = line.split(',');
      return { line: index + 1, item: { receiver: receiver!, amount: { value: value!, currency: currency! }, sender_item_id: id, recipient_type: 'EMAIL' } };
    });
    await store.reserveBatches(plan.runId, [{ senderBatchId: 'pb-1', items: rows }]);
    await store.recordSending('pb-1', 'r-1'); // killed before the answer
    await store.close();
    const summary = await runStatus(plan.runId, { client: client(), storeDir: dir });
    expect(Object.keys(summary.byStatus)).toEqual(['UNKNOWN']);
    expect(summary.batches[0]!.status).toBe('answer not recorded: run send again');
  });
});
