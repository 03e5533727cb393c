// The ledger: every item PayPal committed, for tests to assert nothing was paid twice or lost.
import { sum } from '../decimal.js';
import type { Store } from './store.js';

/** One item PayPal committed, as it stands now. */
export interface LedgerItem {
  payoutBatchId: string;
  senderBatchId: string;
  payoutItemId: string;
  senderItemId: string | undefined;
  receiver: string;
  amount: { value: string; currency: string };
  status: string;
}

/** One batch PayPal committed. */
export interface LedgerBatch {
  payoutBatchId: string;
  senderBatchId: string;
  /** The PayPal-Request-Id that created it. */
  requestId: string | undefined;
  status: string;
  items: number;
}

/** What the local PayPal committed, for tests to assert that nothing was paid twice or lost. */
export class Ledger {
  constructor(private readonly store: Store) {}

  /** Every committed batch, in the order PayPal accepted them. */
  batches(): LedgerBatch[] {
    return [...this.store.batches.values()].map((batch) => ({
      payoutBatchId: batch.payoutBatchId,
      senderBatchId: batch.senderBatchId,
      requestId: batch.requestId,
      status: batch.status,
      items: batch.items.length,
    }));
  }

  /** Every committed item, with its current status. */
  items(): LedgerItem[] {
    return [...this.store.items.values()].map((item) => ({
      payoutBatchId: item.batch.payoutBatchId,
      senderBatchId: item.batch.senderBatchId,
      payoutItemId: item.payoutItemId,
      senderItemId: item.request.sender_item_id,
      receiver: item.request.receiver,
      amount: { value: item.request.amount.value, currency: item.request.amount.currency },
      status: item.status,
    }));
  }

  /**
   * Amounts by currency of the items that match `statuses` (all committed items by default), such as
   * `{ USD: '12.50', JPY: '1500' }`.
   */
  totals(statuses?: string[]): Record<string, string> {
    const byCurrency = new Map<string, string[]>();
    for (const item of this.items()) {
      if (statuses && !statuses.includes(item.status)) continue;
      byCurrency.set(item.amount.currency, [...(byCurrency.get(item.amount.currency) ?? []), item.amount.value]);
    }
    return Object.fromEntries([...byCurrency].map(([currency, values]) => [currency, sum(values)]));
  }
}
