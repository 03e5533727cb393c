// A batch's life: PENDING -> PROCESSING (outcomes and fees known) -> SUCCESS (items settled,
// time_completed), and an item's life after it: cancelled or returned unclaimed. Each step announced
// as PayPal's webhook events.
import { conversionOf, type FeeModel } from './fees.js';
import { paypalTime, resourceId } from './ids.js';
import { itemOutcome } from './outcomes.js';
import { ITEM_EVENTS } from './events.js';
import type { Batch, Item } from './store.js';

export type Announce = (event: { type: string; batch: Batch; item?: Item }) => void;

/** An unclaimed item goes back to the sender after 30 days (paypal-facts.md #6). */
export const UNCLAIMED_DAYS = 30;
const DAY_MS = 24 * 60 * 60 * 1000;

export const isOpen = (batch: Batch) => batch.status === 'PENDING' || batch.status === 'PROCESSING';

/** Moves `batch` one step on, at emulator time `now`; returns false once it is final. */
export function step(batch: Batch, announce: Announce, fees: FeeModel, now: Date): boolean {
  if (batch.status === 'PENDING') {
    batch.status = 'PROCESSING';
    // Fees are "populated after the payout moves to the PROCESSING state" (SPEC batch_header.fees), 0.00 on
    // items that were not paid (paypal-facts.md #5); a cross-currency item shows its conversion.
    batch.feesKnown = true;
    for (const item of batch.items) {
      item.outcome = itemOutcome(item.request.receiver);
      item.fee = UNPAID.has(item.outcome.status) ? unpaidFee() : fees(item.request);
      item.conversion = conversionOf(item.request);
    }
    announce({ type: 'PAYMENT.PAYOUTSBATCH.PROCESSING', batch });
    return true;
  }
  if (batch.status !== 'PROCESSING') return false;
  const time = paypalTime(now);
  for (const item of batch.items) {
    const outcome = item.outcome ?? itemOutcome(item.request.receiver);
    item.status = outcome.status;
    item.error = outcome.error;
    item.timeProcessed = time;
    if (item.status === 'UNCLAIMED') item.unclaimedSince = now.getTime();
  }
  // A batch is SUCCESS once its items are processed, whatever each one's outcome: the contract's
  // batch-success example is a SUCCESS batch with an UNCLAIMED item (paypal-facts.md #3).
  batch.status = 'SUCCESS';
  batch.timeCompleted = time;
  announce({ type: 'PAYMENT.PAYOUTSBATCH.SUCCESS', batch });
  for (const item of batch.items) announceItem(item, announce);
  return false;
}

/** Statuses of items that were not paid, whose fee is 0.00. */
const UNPAID = new Set(['FAILED', 'BLOCKED']);
/** The fee of an item that was not paid (paypal-facts.md #5). */
export const unpaidFee = () => ({ currency: 'USD', value: '0.00' });

export function announceItem(item: Item, announce: Announce): void {
  const type = item.outcome?.event ?? ITEM_EVENTS[item.status];
  if (type) announce({ type, batch: item.batch, item });
}

/**
 * The money goes back to the sender: the item reads RETURNED with a new transaction ID (paypal-facts.md #6,
 * PHP-SDK CancelPayoutItem sample). A cancel announces PAYMENT.PAYOUTS-ITEM.CANCELED, a return after
 * 30 days PAYMENT.PAYOUTS-ITEM.RETURNED (paypal-facts.md #4, #6).
 */
export function returnItem(item: Item, announce: Announce, cause: 'cancel' | 'unclaimed'): void {
  item.status = 'RETURNED';
  item.transactionId = resourceId();
  item.unclaimedSince = undefined;
  announce({ type: cause === 'cancel' ? 'PAYMENT.PAYOUTS-ITEM.CANCELED' : 'PAYMENT.PAYOUTS-ITEM.RETURNED', batch: item.batch, item });
}

/** Returns every item left unclaimed for 30 days of emulator time by `now`. */
export function returnUnclaimed(items: Iterable<Item>, announce: Announce, now: number): void {
  for (const item of items) {
    if (item.status === 'UNCLAIMED' && item.unclaimedSince !== undefined && now - item.unclaimedSince >= UNCLAIMED_DAYS * DAY_MS) returnItem(item, announce, 'unclaimed');
  }
}
