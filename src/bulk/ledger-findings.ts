// What the store's ledger holds of a run's pending rows, looked up one batch at a time, so a file of
// any size is checked without holding its rows: only what the ledger returns is kept.
import { paymentKey } from './identity.js';
import { ledgerConflicts, type LedgerEntry, type NewBatch, type RepayPolicy, type RunStore } from './store/store.js';

/**
 * Gathers, batch by batch, the ledger entries for the rows' identities and for what they pay (from
 * `since`), and the rows they concern; {@link conflicts} then answers exactly what
 * store.ts `ledgerConflicts` answers for all the batches at once. Memory: the batches' IDs, the
 * entries found, and the rows they concern.
 */
export class LedgerFindings {
  readonly #store: RunStore;
  readonly #since: string | undefined;
  readonly #byId: LedgerEntry[] = [];
  /** Entries by the payment key they were found for, in the order the keys first appear in the file. */
  readonly #byPayment = new Map<string, LedgerEntry[]>();
  /** Each batch, with only its rows that pay a key of `#byPayment` (what `ledgerConflicts` pairs). */
  readonly #batches: NewBatch[] = [];
  readonly #lines = new Map<string, number>();

  constructor(store: RunStore, since: string | undefined) {
    this.#store = store;
    this.#since = since;
  }

  /** Looks up `batch`'s rows, the batches being added in the order they will be reserved. */
  async add(batch: NewBatch): Promise<void> {
    const keys = batch.items.map(({ item }) => paymentKey(item));
    const byId = await this.#store.findItems(batch.items.map(({ item }) => item.sender_item_id!));
    const byPayment = this.#since === undefined ? [] : await this.#store.findPayments(keys, this.#since);
    const found = new Map<string, LedgerEntry[]>();
    for (const entry of byPayment) {
      const list = found.get(entry.paymentKey!);
      if (list) list.push(entry);
      else found.set(entry.paymentKey!, [entry]);
    }
    // A key found in an earlier batch already has its entries: they are the same entries again.
    for (const [key, entries] of found) if (!this.#byPayment.has(key)) this.#byPayment.set(key, entries);
    this.#byId.push(...byId);
    const ids = new Set(byId.map((entry) => entry.senderItemId));
    const paired: NewBatch['items'] = [];
    batch.items.forEach((row, index) => {
      const paying = this.#byPayment.has(keys[index]!);
      if (paying) paired.push(row);
      if (paying || ids.has(row.item.sender_item_id!)) this.#lines.set(row.item.sender_item_id!, row.line);
    });
    this.#batches.push({ senderBatchId: batch.senderBatchId, items: paired });
  }

  /** The conflicts and the entries the operator's word lets through (store.ts `ledgerConflicts`). */
  conflicts(runId: string, repay: RepayPolicy): { conflicts: LedgerEntry[]; repaid: LedgerEntry[] } {
    return ledgerConflicts(runId, this.#batches, this.#byId, [...this.#byPayment.values()].flat(), repay);
  }

  /** The file line of a row that an entry found concerns. */
  lineOf(senderItemId: string): number | undefined {
    return this.#lines.get(senderItemId);
  }
}
