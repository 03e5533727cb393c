// The store's contents in memory, rebuilt from its log of events: runs, batches, and the ledger
// (which batches hold each item). The file store replays its log into this; queries read it.
import { paymentKey } from '../identity.js';
import { ledgerConflicts, type BatchItem, type BatchRecord, type LedgerEntry, type NewBatch, type RepayPolicy, type RunRecord } from './store.js';

/** One line of the store's log. */
export type StoreEvent =
  | { t: 'run'; run: RunRecord }
  | { t: 'reserve'; runId: string; at: string; batches: Array<NewBatch & { number: number }> }
  | { t: 'claim'; senderBatchId: string; holder: string; until: string }
  | { t: 'release'; senderBatchId: string; holder: string }
  | { t: 'sending'; senderBatchId: string; requestId: string; at?: string }
  | { t: 'sent'; senderBatchId: string; payoutBatchId: string; adopted?: boolean }
  | { t: 'refused' | 'mismatch'; senderBatchId: string; error: string };

interface Held {
  batch: BatchRecord;
  item: BatchItem['item'];
  at: string;
}

export class StoreState {
  readonly runs = new Map<string, RunRecord>();
  readonly batches = new Map<string, BatchRecord>();
  /** Every batch that ever held an item, by the item's identity. */
  readonly #byItem = new Map<string, Held[]>();
  /** The same, by what the item pays (identity.ts `paymentKey`). */
  readonly #byPayment = new Map<string, Held[]>();

  apply(event: StoreEvent): void {
    if (event.t === 'run') {
      this.runs.set(event.run.runId, event.run);
      return;
    }
    if (event.t === 'reserve') {
      for (const planned of event.batches) {
        const existing = this.batches.get(planned.senderBatchId);
        if (existing) {
          if (existing.runId !== event.runId) throw new Error(`the store's log reserves batch ${planned.senderBatchId} of run ${existing.runId} for run ${event.runId}`);
          // Reserved again by its own run after a refusal: a fresh start, no request ID.
          Object.assign(existing, { state: 'reserved', requestId: undefined, error: undefined, lease: undefined });
          continue;
        }
        const batch: BatchRecord = { runId: event.runId, senderBatchId: planned.senderBatchId, number: planned.number, state: 'reserved', items: planned.items };
        this.batches.set(batch.senderBatchId, batch);
        for (const { item } of planned.items) {
          const held = { batch, item, at: event.at };
          for (const [index, key] of [[this.#byItem, item.sender_item_id!], [this.#byPayment, paymentKey(item)]] as const) {
            const list = index.get(key);
            if (list) list.push(held);
            else index.set(key, [held]);
          }
        }
      }
      return;
    }
    const batch = this.batches.get(event.senderBatchId);
    if (!batch) throw new Error(`the store's log names batch ${event.senderBatchId}, which it never reserved`);
    switch (event.t) {
      case 'claim':
        batch.lease = { holder: event.holder, until: event.until };
        break;
      case 'release':
        if (batch.lease?.holder === event.holder) delete batch.lease;
        break;
      case 'sending':
        Object.assign(batch, { state: 'sending', requestId: event.requestId, ...(event.at && { sendingAt: event.at }) });
        break;
      case 'sent':
        Object.assign(batch, { state: 'sent', payoutBatchId: event.payoutBatchId, adopted: event.adopted, lease: undefined });
        break;
      default:
        Object.assign(batch, { state: event.t, error: event.error, lease: undefined });
    }
  }

  runBatches(runId: string): BatchRecord[] {
    return [...this.batches.values()].filter((batch) => batch.runId === runId).sort((a, b) => a.number - b.number);
  }

  entries(senderItemIds: Iterable<string>): LedgerEntry[] {
    return [...new Set(senderItemIds)].flatMap((id) => (this.#byItem.get(id) ?? []).map(entryOf));
  }

  /** Entries reserved at or after `since` whose item pays one of `keys`. */
  paymentEntries(keys: Iterable<string>, since: string): LedgerEntry[] {
    return [...new Set(keys)].flatMap((key) => (this.#byPayment.get(key) ?? []).filter((held) => held.at >= since).map(entryOf));
  }

  /** Live entries that stand in the way of reserving `batches` for `runId` (store.ts `ledgerConflicts`). */
  conflicts(runId: string, batches: NewBatch[], repay: RepayPolicy = {}): LedgerEntry[] {
    const items = batches.flatMap((batch) => batch.items.map(({ item }) => item));
    const byId = this.entries(items.map((item) => item.sender_item_id!));
    const byPayment = repay.windowStart ? this.paymentEntries(items.map(paymentKey), repay.windowStart) : [];
    return ledgerConflicts(runId, batches, byId, byPayment, repay).conflicts;
  }
}

function entryOf({ batch, item, at }: Held): LedgerEntry {
  return {
    senderItemId: item.sender_item_id!,
    receiver: item.receiver,
    amount: { value: item.amount.value, currency: item.amount.currency },
    runId: batch.runId,
    senderBatchId: batch.senderBatchId,
    batchNumber: batch.number,
    state: batch.state,
    payoutBatchId: batch.payoutBatchId,
    at,
    paymentKey: paymentKey(item),
  };
}
