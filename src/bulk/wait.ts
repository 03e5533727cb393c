// Polls each sent batch until PayPal has finished processing it, backing off as it waits.
import type { PayoutsClient } from '../client.js';
import { RateLimitError } from '../errors.js';
import { retryDelay, sleep } from '../retry.js';
import type { BatchStatus, PayoutBatch } from '../types.js';
import { silentProgress, type Progress } from './progress.js';
import { RunInterrupted } from './send.js';

export type BatchHeader = NonNullable<PayoutBatch['batch_header']>;

/** Statuses after which a batch changes no more; its items may still move (an unclaimed item is claimed or returned). */
const FINAL: ReadonlySet<BatchStatus> = new Set(['SUCCESS', 'DENIED', 'CANCELED']);

export interface WaitOptions {
  /** First pause between polls; it grows by half each round, up to `maxIntervalMs`. Default 2 s. */
  intervalMs?: number;
  /** Default 60 s. */
  maxIntervalMs?: number;
  /** Stop waiting after this long and report what is known. Default 1 hour. */
  timeoutMs?: number;
  progress?: Progress;
  /** Aborting stops the wait between two polls. */
  signal?: AbortSignal;
}

/** The latest header of each batch: all final, unless the wait timed out. */
export async function waitForBatches(client: PayoutsClient, batchIds: string[], options: WaitOptions = {}): Promise<Map<string, BatchHeader>> {
  const progress = options.progress ?? silentProgress;
  const maxInterval = options.maxIntervalMs ?? 60_000;
  const deadline = Date.now() + (options.timeoutMs ?? 3_600_000);
  let interval = options.intervalMs ?? 2_000;
  const headers = new Map<string, BatchHeader>();
  const pending = new Set(batchIds);
  progress.start('waiting', batchIds.length);
  while (pending.size > 0) {
    for (const id of pending) {
      if (options.signal?.aborted) throw new RunInterrupted();
      try {
        // fields=batch_header: the header only, not a page of items.
        const { batch_header: header } = await client.payouts.get(id, { fields: 'batch_header' });
        if (!header) continue;
        headers.set(id, header);
        if (FINAL.has(header.batch_status)) {
          pending.delete(id);
          progress.advance('waiting');
        }
      } catch (error) {
        // The client already retried; a rate limit that outlasted its retries only means: wait longer.
        if (!(error instanceof RateLimitError)) throw error;
        // Retry-After, however long (a poll has no caller waiting on it), else the backoff.
        const asked = retryDelay({ initialDelayMs: interval, maxDelayMs: maxInterval, maxRetries: 0, maxRetryAfterMs: Infinity }, 0, error.headers);
        interval = Math.max(interval, asked ?? maxInterval);
      }
    }
    if (pending.size === 0 || Date.now() + interval > deadline) break;
    await sleep(interval, options.signal).catch(() => {
      throw new RunInterrupted();
    });
    interval = Math.min(interval * 1.5, maxInterval);
  }
  progress.end('waiting');
  return headers;
}
