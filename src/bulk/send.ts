// Sends each planned batch once, journaling before and after, so a crash at any point resumes
// without paying twice or skipping a batch.
import { randomUUID } from 'node:crypto';
import type { PayoutsClient } from '../client.js';
import { APIError, DuplicateBatchError } from '../errors.js';
import { isRetryableStatus } from '../retry.js';
import type { Journal } from './journal.js';
import { batchesOf } from './plan.js';
import { silentProgress, type Progress } from './progress.js';

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

export interface SendOptions {
  progress?: Progress;
  /** Checked between batches: when it aborts, the run stops before the next one. */
  signal?: AbortSignal;
}

/**
 * A 4xx answer other than those the client retries means PayPal refused the request: no batch
 * exists, so a later attempt may use a new PayPal-Request-Id. Anything else (a timeout, a lost
 * connection, 5xx after retries) leaves the outcome unknown, and the request ID is kept.
 */
const isRefusal = (error: unknown) => error instanceof APIError && error.status < 500 && !isRetryableStatus(error.status) && error.status !== 401;

/** Sends every batch of the journal's plan that PayPal does not hold yet. Returns how many were sent now. */
export async function sendBatches(client: PayoutsClient, journal: Journal, options: SendOptions = {}): Promise<number> {
  const { state } = journal;
  const progress = options.progress ?? silentProgress;
  const batches = state.plan.batches;
  progress.start('sending', batches.length);
  const alreadySent = batches.filter((batch) => state.batch(batch.index).payoutBatchId).length;
  progress.advance('sending', alreadySent);
  let sentNow = 0;
  if (alreadySent < batches.length) {
    for await (const { batch, items } of batchesOf(state.plan)) {
      if (state.batch(batch.index).payoutBatchId) continue;
      if (options.signal?.aborted) throw new RunInterrupted();
      if (journal.lockLost) throw new Error(`lost the lock on ${journal.path} to another process; stopping`);
      const resumed = state.batch(batch.index).pendingRequestId;
      const requestId = resumed ?? randomUUID();
      // Durable before the request leaves: a crash from here on resends with this same request ID.
      if (!resumed) journal.append({ t: 'sending', batch: batch.index, requestId });
      const body = { sender_batch_header: { sender_batch_id: batch.senderBatchId }, items };
      try {
        const created = await client.payouts.create(body, { requestId });
        const payoutBatchId = created.batch_header?.payout_batch_id;
        if (!payoutBatchId) throw new Error(`PayPal's answer for ${batch.senderBatchId} names no payout_batch_id; re-run to ask again`);
        journal.append({ t: 'sent', batch: batch.index, payoutBatchId });
        progress.info(`${resumed ? 'resent' : 'sent'} batch ${batch.index + 1}/${batches.length} ${batch.senderBatchId}: ${payoutBatchId} (${batch.items} items)`, {
          batch: batch.index + 1, senderBatchId: batch.senderBatchId, payoutBatchId, items: batch.items, resumed: Boolean(resumed),
        });
      } catch (error) {
        if (error instanceof DuplicateBatchError && error.originalBatchId) {
          // PayPal already holds this sender_batch_id: an earlier attempt got through. Adopt it.
          journal.append({ t: 'sent', batch: batch.index, payoutBatchId: error.originalBatchId, adopted: true });
          progress.info(`batch ${batch.index + 1} ${batch.senderBatchId} was already sent as ${error.originalBatchId}; adopted`, {
            batch: batch.index + 1, senderBatchId: batch.senderBatchId, payoutBatchId: error.originalBatchId, adopted: true,
          });
        } else if (isRefusal(error) && !(error instanceof DuplicateBatchError)) {
          journal.append({ t: 'refused', batch: batch.index, requestId, error: (error as Error).message });
          throw new BatchRefusedError(`PayPal refused batch ${batch.index + 1} (${batch.senderBatchId}), nothing of it was paid: ${(error as Error).message}`, { cause: error });
        } else {
          throw error;
        }
      }
      sentNow++;
      progress.advance('sending');
    }
  }
  progress.end('sending');
  return sentNow;
}
