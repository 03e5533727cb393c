// Sends the run's reserved batches, recording before and after each request in the store, so a
// crash at any point resumes without paying twice or skipping a batch. Several processes may send
// one run at once: each claims a batch (a lease) before it sends it.
import { randomUUID } from 'node:crypto';
import type { PayoutsClient } from '../client.js';
import { APIError, DuplicateBatchError } from '../errors.js';
import { isRetryableStatus, sleep } from '../retry.js';
import { differences } from './original.js';
import { plural } from './format.js';
import { silentProgress, type Progress } from './progress.js';
import { newHolder, StoreWriteError, type BatchRecord, type RunStore } from './store/store.js';

/** The run stopped between two steps because it was asked to (Ctrl-C); re-running resumes it. */
export class RunInterrupted extends Error {
  override readonly name = 'RunInterrupted';
  constructor() {
    super('interrupted between two steps; nothing is lost');
  }
}

/** PayPal refused a batch and paid nothing of it, for a reason a retry will not fix (such as INSUFFICIENT_FUNDS). */
export class BatchRefusedError extends Error {
  override readonly name = 'BatchRefusedError';
}

/**
 * PayPal holds another batch under a planned batch's sender_batch_id. Nothing more is sent; the
 * planned rows are not marked paid.
 */
export class BatchMismatchError extends Error {
  override readonly name = 'BatchMismatchError';
}

/**
 * What to do about a mismatched batch: never "nothing was paid" (PayPal's batch may have paid its
 * rows), so its rows stay blocked until the operator, having compared, allows paying them again.
 */
export function mismatchAdvice(paypalBatch: string, ids: string[]): string {
  const some = `${ids.slice(0, 3).join(',')}${ids.length > 3 ? ',…' : ''}`;
  return (
    `Nothing more was sent, and its ${plural(ids.length, 'row')} stay blocked in the ledger: PayPal's batch may have paid them. ` +
    `Compare ${paypalBatch} with the file before doing anything else; only if it did not pay them, pay them on purpose with --allow-repay ${some} (or --allow-repay-all)`
  );
}

export interface SendOptions {
  progress?: Progress;
  /** Checked between batches: when it aborts, the run stops before the next one. */
  signal?: AbortSignal;
  /** How long a claimed batch stays this process's. Default 2 minutes. */
  leaseMs?: number;
  /** Pause while other processes hold the run's last batches. Default 1 s. */
  pollMs?: number;
}

/**
 * A 4xx answer other than those the client retries means PayPal refused the request: no batch
 * exists, so a later attempt may use a new PayPal-Request-Id. Anything else (a timeout, a lost
 * connection, 5xx after retries) leaves the outcome unknown, and the request ID is kept.
 */
const isRefusal = (error: unknown) => error instanceof APIError && error.status < 500 && !isRetryableStatus(error.status) && error.status !== 401;

/**
 * PayPal remembers a PayPal-Request-Id, and refuses a repeated sender_batch_id, for 30 days
 * (paypal-facts.md #2): a batch whose answer was lost longer ago than that cannot be resent safely.
 * Our choice: a day's margin.
 */
export const RESEND_WINDOW_MS = 29 * 86_400_000;

const itemCount = (batches: BatchRecord[]) => batches.reduce((sum, batch) => sum + batch.items.length, 0);

/** Sends one claimed batch; resolves once PayPal's answer is recorded. */
async function sendBatch(client: PayoutsClient, store: RunStore, batch: BatchRecord, progress: Progress): Promise<void> {
  const resumed = batch.requestId;
  const requestId = resumed ?? randomUUID();
  // Durable before the request leaves: a crash from here on resends with this same request ID.
  if (!resumed) await store.recordSending(batch.senderBatchId, requestId);
  const body = { sender_batch_header: { sender_batch_id: batch.senderBatchId }, items: batch.items.map(({ item }) => item) };
  const what = `batch ${batch.number} ${batch.senderBatchId}`;
  if (resumed && batch.sendingAt && Date.now() - Date.parse(batch.sendingAt) > RESEND_WINDOW_MS) {
    // PayPal may hold it, and would no longer say so: a resend could pay its rows again.
    const stale = `${what} was sent on ${batch.sendingAt.slice(0, 10)} and its answer was never recorded; PayPal no longer recognises its PayPal-Request-Id or sender_batch_id after 30 days`;
    await store.recordMismatch(batch.senderBatchId, stale);
    const where = `the batch PayPal may hold under sender_batch_id ${batch.senderBatchId} (find it in your PayPal account's Activity)`;
    throw new BatchMismatchError(`${stale}. ${mismatchAdvice(where, batch.items.map(({ item }) => item.sender_item_id!))}`);
  }
  try {
    const created = await client.payouts.create(body, { requestId });
    const payoutBatchId = created.batch_header?.payout_batch_id;
    if (!payoutBatchId) throw new Error(`PayPal's answer for ${what} names no payout_batch_id`);
    await store.recordSent(batch.senderBatchId, payoutBatchId).catch((error: unknown) => {
      // The create left and PayPal holds the batch: never "nothing was sent". Its request ID is on
      // disk, so a re-run resends with it and PayPal answers with this same batch.
      throw new StoreWriteError(
        `PayPal holds ${what} as ${payoutBatchId}, but the store at ${store.location} could not record it (is the disk full?). ` +
          `Free disk space, then run the same command again: it resends ${what} with its recorded PayPal-Request-Id and PayPal answers with ${payoutBatchId}`,
        { cause: error },
      );
    });
    progress.info(`${resumed ? 'resent' : 'sent'} ${what}: ${payoutBatchId} (${plural(batch.items.length, 'item')})`, {
      batch: batch.number, senderBatchId: batch.senderBatchId, payoutBatchId, items: batch.items.length, resumed: Boolean(resumed),
    });
  } catch (error) {
    if (error instanceof DuplicateBatchError && error.originalBatchId) {
      const original = error.originalBatchId;
      const differ = await differences(client, original, batch.items);
      if (differ.length > 0) {
        const wrong =
          `PayPal already holds ${original} under sender_batch_id ${batch.senderBatchId}, and it is not planned ${what} ` +
          `(${differ.length} differences, first: ${differ.slice(0, 3).join('; ')})`;
        await store.recordMismatch(batch.senderBatchId, wrong);
        throw new BatchMismatchError(`${wrong}. ${mismatchAdvice(original, batch.items.map(({ item }) => item.sender_item_id!))}`, { cause: error });
      }
      // An earlier attempt got through with exactly these items: adopt it.
      await store.recordSent(batch.senderBatchId, original, true);
      progress.info(`${what} was already sent as ${original} with the same items; adopted`, {
        batch: batch.number, senderBatchId: batch.senderBatchId, payoutBatchId: original, adopted: true,
      });
    } else if (error instanceof DuplicateBatchError) {
      // PayPal holds a batch under this ID but names none: it cannot be compared, so it may have paid these rows.
      const wrong = `PayPal already holds a batch under sender_batch_id ${batch.senderBatchId} (${what}), and its answer does not say which`;
      await store.recordMismatch(batch.senderBatchId, wrong);
      const where = `the batch PayPal holds under sender_batch_id ${batch.senderBatchId} (find it in your PayPal account's Activity)`;
      throw new BatchMismatchError(`${wrong}. ${mismatchAdvice(where, batch.items.map(({ item }) => item.sender_item_id!))}`, { cause: error });
    } else if (isRefusal(error)) {
      await store.recordRefused(batch.senderBatchId, (error as Error).message);
      throw new BatchRefusedError(`PayPal refused ${what}, nothing of it was paid: ${(error as Error).message}`, { cause: error });
    } else {
      throw error;
    }
  }
}

/**
 * Sends every batch of run `runId` that PayPal does not hold yet, and waits for those other
 * processes are sending. Returns how many this process sent.
 */
export async function sendBatches(client: PayoutsClient, store: RunStore, runId: string, options: SendOptions = {}): Promise<number> {
  const progress = options.progress ?? silentProgress;
  const all = await store.batches(runId);
  progress.start('sending', all.length);
  progress.advance('sending', all.filter((batch) => batch.state === 'sent').length);
  const holder = newHolder();
  let sentNow = 0;
  for (;;) {
    if (options.signal?.aborted) throw new RunInterrupted();
    const batch = await store.claimBatch(runId, holder, options.leaseMs ?? 120_000);
    if (!batch) {
      const others = (await store.batches(runId)).filter((record) => record.state === 'reserved' || record.state === 'sending');
      if (others.length === 0) break;
      progress.info(`waiting for ${plural(others.length, 'batch')} (${plural(itemCount(others), 'item')}) another process is sending`);
      await sleep(options.pollMs ?? 1_000, options.signal).catch(() => {
        throw new RunInterrupted();
      });
      continue;
    }
    try {
      await sendBatch(client, store, batch, progress);
    } finally {
      await store.releaseBatch(batch.senderBatchId, holder);
    }
    sentNow++;
    progress.advance('sending');
  }
  progress.end('sending');
  return sentNow;
}
