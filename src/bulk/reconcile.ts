// Walks every item of every sent batch and matches it to its input row by sender_item_id.
import type { PayoutsClient } from '../client.js';
import type { PayoutBatchItem } from '../types.js';
import { PAGE_SIZE } from './original.js';
import { silentProgress, type Progress } from './progress.js';

export interface ItemsFound {
  /** Each item PayPal holds for the run, by sender_item_id. */
  bySenderItemId: Map<string, PayoutBatchItem>;
  /** sender_item_ids PayPal holds more than once: a double payment, which this run must never cause. */
  duplicates: string[];
}

/** `expected`: how many items the batches should hold, for the progress bar. */
export async function collectItems(client: PayoutsClient, batchIds: string[], expected?: number, progress: Progress = silentProgress): Promise<ItemsFound> {
  const bySenderItemId = new Map<string, PayoutBatchItem>();
  const duplicates: string[] = [];
  progress.start('reconciling', expected);
  for (const batchId of batchIds) {
    for await (const item of client.payouts.items(batchId, { pageSize: PAGE_SIZE })) {
      const id = item.payout_item.sender_item_id ?? `item:${item.payout_item_id}`;
      if (bySenderItemId.has(id)) duplicates.push(id);
      else bySenderItemId.set(id, item);
      progress.advance('reconciling');
    }
  }
  progress.end('reconciling');
  return { bySenderItemId, duplicates };
}
