// GET /v1/payments/payouts-item/{payout_item_id} and POST .../cancel.
import { zPayoutsItemCancelHeaders, zPayoutsItemCancelPath, zPayoutsItemGetPath } from '../../generated/zod.js';
import type { Handler } from './context.js';
import { notFound, paypalError } from './errors.js';
import { returnItem } from './lifecycle.js';
import { check } from './validate.js';
import { itemView } from './views.js';

export const get: Handler = ({ store, baseUrl }, _exchange, params) => {
  const path = check(zPayoutsItemGetPath, params, 'path');
  if (!path.ok) return path.error;
  const item = store.items.get(path.value.payout_item_id);
  return item ? { status: 200, body: itemView(item, baseUrl()) } : notFound();
};

/**
 * Cancel is not replayed by PayPal-Request-Id: PayPal documents replays for create only, and "Not all
 * APIs support this header" (developer.paypal.com/reference/guidelines/idempotency). A second cancel
 * meets PayPal's documented errors instead.
 */
export const cancel: Handler = ({ store, baseUrl, announce }, { headers }, params) => {
  const path = check(zPayoutsItemCancelPath, params, 'path');
  if (!path.ok) return path.error;
  const requestId = headers['paypal-request-id'];
  const header = check(zPayoutsItemCancelHeaders, requestId === undefined ? {} : { 'PayPal-Request-Id': requestId });
  if (!header.ok) return header.error;

  const item = store.items.get(path.value.payout_item_id);
  if (!item) return notFound();
  // Only an UNCLAIMED item can be cancelled; PayPal refuses others with 400 ITEM_ALREADY_CANCELLED or
  // ITEM_INCORRECT_STATUS [docs.paypal.ai/growth/payouts/manage-payouts/reports-transaction-logs].
  if (item.status === 'RETURNED') return paypalError(400, 'ITEM_ALREADY_CANCELLED', 'Requested item is already cancelled.');
  if (item.status !== 'UNCLAIMED') return paypalError(400, 'ITEM_INCORRECT_STATUS', 'You can only cancel items that are in UNCLAIMED state.');
  // RETURNED is the only status a cancel answers with (SPEC payouts-item.cancel; paypal-facts.md #4).
  returnItem(item, announce, 'cancel');
  return { status: 200, body: itemView(item, baseUrl()) };
};
