// What the emulator holds: batches and items as PayPal committed them, with the indexes its
// idempotency rules need.
import type { components } from '../../generated/types.js';
import type { ItemOutcome } from './outcomes.js';

type Schemas = components['schemas'];
export type BatchStatus = Schemas['payout_batch_header']['batch_status'];
export type ItemStatus = NonNullable<Schemas['payout_batch_items']['transaction_status']>;
type Money = Schemas['currency'];

export interface Item {
  payoutItemId: string;
  transactionId: string;
  batch: Batch;
  /** The item as the sender submitted it, in the answers' shape. */
  request: Schemas['payout_item_detail'];
  status: ItemStatus;
  fee?: Money;
  conversion?: Schemas['payout_currency_conversion'];
  /** What happens to it, decided once its batch is PROCESSING. */
  outcome?: ItemOutcome;
  /** Emulator time (epoch ms) it became UNCLAIMED, for its return after 30 days. */
  unclaimedSince?: number;
  timeProcessed?: string;
  error?: { name: string; message: string };
}

export interface Batch {
  payoutBatchId: string;
  senderBatchId: string;
  requestId: string | undefined;
  header: Schemas['payout_sender_batch_header'];
  status: BatchStatus;
  timeCreated: string;
  timeCompleted?: string;
  /** Set once the batch is PROCESSING: PayPal fills in fees then. */
  feesKnown: boolean;
  items: Item[];
}

export class Store {
  readonly batches = new Map<string, Batch>();
  readonly items = new Map<string, Item>();
  readonly bySenderBatchId = new Map<string, Batch>();
  readonly byRequestId = new Map<string, Batch>();

  add(batch: Batch): void {
    this.batches.set(batch.payoutBatchId, batch);
    if (batch.senderBatchId) this.bySenderBatchId.set(batch.senderBatchId, batch); // the contract makes it optional
    if (batch.requestId) this.byRequestId.set(batch.requestId, batch);
    for (const item of batch.items) this.items.set(item.payoutItemId, item);
  }
}
