// What happens to an item after its batch is done, decided by a person or a test rather than by the
// receiver's name: the receiver claims it, the payment fails, or the unclaimed money comes back.
import type { Announce } from './lifecycle.js';
import { announceItem, isOpen, returnItem, unpaidFee } from './lifecycle.js';
import { itemOutcome } from './outcomes.js';
import type { Item, ItemStatus, Store } from './store.js';

/** `claim`: SUCCESS; `fail`: FAILED (RECEIVER_UNREGISTERED); `return`: an unclaimed item's money goes back, RETURNED. */
export type ItemDecision = 'claim' | 'fail' | 'return';

/** Our choice: only items still waiting on the receiver or on PayPal's review can be claimed or fail. */
export const ITEM_DECISIONS: Record<ItemDecision, { from: ItemStatus[] }> = {
  claim: { from: ['UNCLAIMED', 'ONHOLD'] },
  fail: { from: ['UNCLAIMED', 'ONHOLD'] },
  return: { from: ['UNCLAIMED'] },
};

/**
 * Applies `decision` to an item and announces its event, as PayPal would.
 * @throws RangeError naming the item and its status when the decision does not apply to it.
 */
export function decideItem(store: Store, announce: Announce, payoutItemId: string, decision: ItemDecision): Item {
  const item = store.items.get(payoutItemId);
  if (!item) throw new RangeError(`no item ${JSON.stringify(payoutItemId)}`);
  const rule = ITEM_DECISIONS[decision];
  if (!rule) throw new RangeError(`decision must be one of ${Object.keys(ITEM_DECISIONS).join(', ')}, not ${JSON.stringify(decision)}`);
  if (isOpen(item.batch)) throw new RangeError(`item ${payoutItemId}: its batch is still ${item.batch.status}; advance the clock first`);
  if (!rule.from.includes(item.status)) throw new RangeError(`item ${payoutItemId} is ${item.status}; "${decision}" applies to ${rule.from.join(' or ')} items`);
  // The same return as PayPal's after 30 days unclaimed: a new transaction ID and its event.
  if (decision === 'return') {
    returnItem(item, announce, 'unclaimed');
    return item;
  }
  // Claimed: paid; failed: the error a failing receiver gets, and no fee.
  item.outcome = decision === 'claim' ? { status: 'SUCCESS' } : itemOutcome('fail');
  item.status = item.outcome.status;
  item.error = item.outcome.error;
  item.unclaimedSince = undefined;
  if (decision === 'fail') item.fee = unpaidFee();
  announceItem(item, announce);
  return item;
}
