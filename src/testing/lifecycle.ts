// A batch's life: PENDING -> PROCESSING (fees known) -> SUCCESS (items settled, time_completed), each
// step announced as PayPal's webhook events.
import { paypalTime } from './ids.js';
import { percentOf } from '../decimal.js';
import { itemOutcome } from './outcomes.js';
import { ITEM_EVENTS } from './events.js';
import type { Batch, Item } from './store.js';

/** Our fee model (PayPal's varies by country and account): 2% of each item, at its currency's scale. */
export const FEE_PERCENT = 2;

export type Announce = (event: { type: string; batch: Batch; item?: Item }) => void;

export const isOpen = (batch: Batch) => batch.status === 'PENDING' || batch.status === 'PROCESSING';

/** Moves `batch` one step on; returns false once it is final. */
export function step(batch: Batch, announce: Announce, now = new Date()): boolean {
  if (batch.status === 'PENDING') {
    batch.status = 'PROCESSING';
    // The fee "is populated after the payout moves to the PROCESSING state" (seeds/004, batch_header.fees).
    batch.feesKnown = true;
    for (const item of batch.items) item.fee = { currency: item.request.amount.currency, value: percentOf(item.request.amount.value, FEE_PERCENT) };
    announce({ type: 'PAYMENT.PAYOUTSBATCH.PROCESSING', batch });
    return true;
  }
  if (batch.status !== 'PROCESSING') return false;
  const time = paypalTime(now);
  for (const item of batch.items) {
    const outcome = itemOutcome(item.request.receiver);
    item.status = outcome.status;
    item.error = outcome.error;
    item.timeProcessed = time;
  }
  // A batch is SUCCESS once its items are processed, whatever each one's outcome: the contract's
  // batch-success example is a SUCCESS batch with an UNCLAIMED item.
  batch.status = 'SUCCESS';
  batch.timeCompleted = time;
  announce({ type: 'PAYMENT.PAYOUTSBATCH.SUCCESS', batch });
  for (const item of batch.items) announceItem(item, announce);
  return false;
}

export function announceItem(item: Item, announce: Announce): void {
  const type = ITEM_EVENTS[item.status];
  if (type) announce({ type, batch: item.batch, item });
}
