// Review of issue 15, the low list: what the runner says when it cannot keep its promise quietly.
import { readFileSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { PayoutsClient } from '../../src/index.js';
import { BatchMismatchError, FileRunStore, sendPayoutFile, StoreWriteError } from '../../src/bulk/index.js';
import { startLocalPayPal, type LocalPayPal } from '../../src/testing/index.js';
import { tempDir } from './support.js';

let paypal: LocalPayPal;
const client = () => new PayoutsClient({ clientId: paypal.clientId, clientSecret: paypal.clientSecret, baseUrl: paypal.url, maxRetries: 1 });

beforeEach(async () => {
  paypal = await startLocalPayPal({ clock: 'instant' });
});
afterEach(async () => {
  await paypal.close();
});

it("refuses an explicit sender_item_id that starts with the derived prefix 'auto-', sending nothing", async () => {
  const dir = tempDir();
  writeFileSync(join(dir, 'june.csv'), 'gil@example.com,10.00,USD,auto-0123456789abcdef0123456789abcdef01234567,June,PAYPAL\n');
  const result = await sendPayoutFile(join(dir, 'june.csv'), { client: client(), storeDir: tempDir() });
  expect(result.outcome).toBe('invalid');
  expect(paypal.ledger.items()).toHaveLength(0);
});

it('a "sent" record that fails after the create left names PayPal\'s batch and never says nothing was sent', async () => {
  const dir = tempDir();
  writeFileSync(join(dir, 'june.csv'), 'hal@example.com,10.00,USD,HAL-1,June,PAYPAL\n');
  // A disk that fills up right after the create left: the "sent" line is refused.
  const store = await FileRunStore.open(tempDir(), {
    io: {
      write: (fd, data) => (Buffer.from(data).toString('utf8').includes('"t":"sent"') ? 0 : writeSync(fd, data)),
      fsync: () => {},
    },
  });
  const error = await sendPayoutFile(join(dir, 'june.csv'), { client: client(), store }).catch((thrown: Error) => thrown);
  await store.close();
  const held = paypal.ledger.batches()[0]!;
  expect(error).toBeInstanceOf(StoreWriteError);
  expect((error as Error).message).not.toMatch(/nothing was sent/);
  expect((error as Error).message).toContain(held.payoutBatchId);
});

it('--allow-repay on the same file is not silently ignored: the run says it paid nothing again', async () => {
  const dir = tempDir();
  const store = tempDir();
  writeFileSync(join(dir, 'june.csv'), 'ivy@example.com,10.00,USD,IVY-1,June,PAYPAL\n');
  await sendPayoutFile(join(dir, 'june.csv'), { client: client(), storeDir: store });
  const said: string[] = [];
  const progress = { start() {}, advance() {}, end() {}, info: (message: string) => void said.push(message) };
  await sendPayoutFile(join(dir, 'june.csv'), { client: client(), storeDir: store, allowRepay: ['IVY-1'], progress });
  expect(paypal.ledger.items()).toHaveLength(1);
  expect(said.join('\n')).toMatch(/--allow-repay paid nothing again/);
});

it('does not resend blind a batch whose answer was lost more than 30 days ago: PayPal would no longer recognise it', async () => {
  const dir = tempDir();
  const storeDir = tempDir();
  writeFileSync(join(dir, 'june.csv'), 'jo@example.com,10.00,USD,JO-1,June,PAYPAL\n');
  // The create fails with no answer a retry could settle (no retries here): the batch stays 'sending'.
  paypal.faults.add({ operation: 'payouts.create', kind: 'error-before-commit' });
  const once = new PayoutsClient({ clientId: paypal.clientId, clientSecret: paypal.clientSecret, baseUrl: paypal.url, maxRetries: 0 });
  await expect(sendPayoutFile(join(dir, 'june.csv'), { client: once, storeDir })).rejects.toThrow();
  // 31 days pass before anyone re-runs it. PayPal keeps request IDs and sender_batch_ids 30 days (paypal-facts.md #2).
  const log = join(storeDir, 'ledger.jsonl');
  const old = new Date(Date.now() - 31 * 86_400_000).toISOString();
  writeFileSync(log, readFileSync(log, 'utf8').replace(/("t":"sending".*?"at":")[^"]+/, `$1${old}`));

  const error = await sendPayoutFile(join(dir, 'june.csv'), { client: client(), storeDir }).catch((thrown: Error) => thrown);
  expect(error).toBeInstanceOf(BatchMismatchError);
  expect((error as Error).message).toMatch(/after 30 days/);
  expect(paypal.ledger.batches()).toHaveLength(0);
  // Its row stays blocked until the operator, having looked, allows paying it again.
  const again = await sendPayoutFile(join(dir, 'june.csv'), { client: client(), storeDir }).catch((thrown: Error) => thrown);
  expect(again).toBeInstanceOf(BatchMismatchError);
  expect(paypal.ledger.batches()).toHaveLength(0);
});
