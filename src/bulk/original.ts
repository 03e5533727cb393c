// PayPal already holds a batch under our sender_batch_id (DuplicateBatchError): adopt it only when
// it holds exactly the planned items; anything else is another payment, never ours to mark paid.
import type { PayoutsClient } from '../client.js';
import { canonicalDecimal } from '../decimal.js';
import { samePayment } from './identity.js';
import type { BatchItem } from './store/store.js';

/**
 * PayPal's largest page of items.
 * https://developer.paypal.com/docs/api/payments.payouts-batch/v1/#payouts_get (page_size: 1 to 1000)
 */
export const PAGE_SIZE = 1_000;

const describe = (item: { sender_item_id?: string; receiver: string; amount: { value: string; currency: string } }) =>
  `${item.sender_item_id ?? '(no sender_item_id)'} ${item.receiver} ${item.amount.currency} ${canonicalDecimal(item.amount.value)}`;

/**
 * How PayPal's batch `payoutBatchId` differs from `planned`, item by item (sender_item_id,
 * receiver, amount, currency): empty when it holds exactly the planned items.
 */
export async function differences(client: PayoutsClient, payoutBatchId: string, planned: BatchItem[]): Promise<string[]> {
  const expected = new Map(planned.map(({ item }) => [item.sender_item_id!, item]));
  const found: string[] = [];
  const seen = new Set<string>();
  for await (const held of client.payouts.items(payoutBatchId, { pageSize: PAGE_SIZE })) {
    const item = held.payout_item;
    const mine = item.sender_item_id === undefined ? undefined : expected.get(item.sender_item_id);
    if (!mine || seen.has(item.sender_item_id!) || !samePayment(mine, { ...item, amount: item.amount })) found.push(`PayPal holds ${describe(item)}, not planned so`);
    if (item.sender_item_id !== undefined) seen.add(item.sender_item_id);
  }
  for (const [id, item] of expected) if (!seen.has(id)) found.push(`planned ${describe(item)} is not in it`);
  return found;
}
