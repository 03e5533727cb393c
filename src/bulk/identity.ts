// What makes a row the same payment as another, whatever file, folder, batch size or run it comes
// from: its sender_item_id. A row without one gets an identity derived from what it pays.
import { createHash } from 'node:crypto';
import { canonicalDecimal } from '../decimal.js';
import type { PayoutItemRequest } from '../types.js';

/**
 * Our choice: a row with no sender_item_id is identified by receiver, amount, currency and note,
 * and sent with `auto-` and 40 hex digits of their SHA-256 as its sender_item_id (45 characters:
 * PayPal allows 63, openapi/components/schemas/payout_item.yaml). Such a row counts as paid again
 * only within {@link DERIVED_ID_WINDOW_DAYS} days of the earlier one, so the same amount can be paid
 * to the same person every month without IDs, but not twice in one month.
 */
export const DERIVED_ID_PREFIX = 'auto-';

/** How long a derived identity blocks a repeat of the same receiver, amount, currency and note. */
export const DERIVED_ID_WINDOW_DAYS = 30;

export const isDerivedId = (senderItemId: string) => senderItemId.startsWith(DERIVED_ID_PREFIX);

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

type Receiving = Pick<PayoutItemRequest, 'receiver' | 'recipient_type'>;

/**
 * The receiver as the account it names, so one account written two ways is one receiver: e-mail
 * addresses trimmed and lower-cased (domains are case-insensitive, RFC 5321 §2.4; PayPal matches
 * e-mail accounts without regard to case: our choice to treat the local part so too), phone numbers
 * as their digits, anything else trimmed. A receiver with an `@` and no type counts as EMAIL (PayPal's
 * default recipient_type).
 */
export function normalisedReceiver({ receiver, recipient_type: type }: Receiving): string {
  const kind = type ?? (receiver.includes('@') ? 'EMAIL' : undefined);
  if (kind === 'EMAIL') return receiver.trim().toLowerCase();
  if (kind === 'PHONE') return receiver.replace(/\D/g, '');
  return receiver.trim();
}

/** What an item pays, whatever its identity: normalised receiver, amount and currency. */
export const paymentKey = (item: Receiving & Pick<PayoutItemRequest, 'amount'>) =>
  [normalisedReceiver(item), canonicalDecimal(item.amount.value), item.amount.currency.toUpperCase()].join('\u0000');

/** The identity of a row that names no sender_item_id. */
export function derivedItemId(item: PayoutItemRequest): string {
  return `${DERIVED_ID_PREFIX}${sha256([paymentKey(item), item.note ?? ''].join('\u0000')).slice(0, 40)}`;
}

/** Two items pay the same: same identity, receiver, amount and currency. */
export const samePayment = (a: PayoutItemRequest, b: PayoutItemRequest) => a.sender_item_id === b.sender_item_id && paymentKey(a) === paymentKey(b);

/**
 * A batch's sender_batch_id, from its own items: another batch size, another file or another
 * order gives another ID, the same items the same ID (so PayPal's 30-day sender_batch_id check
 * catches the same batch sent twice from anywhere). `salt` (the run ID) when the operator allowed
 * paying some of its items again, so PayPal does not take it for the earlier batch. `pb-` and 40 hex
 * digits: PayPal allows 256 characters (openapi/components/schemas/sender_batch_header.yaml).
 */
export function batchId(items: Iterable<PayoutItemRequest>, salt = ''): string {
  const hash = new BatchIdHash(salt);
  for (const item of items) hash.add(item);
  return hash.id();
}

/**
 * {@link batchId}, one item at a time, for a batch whose items are not all held at once. One hash update
 * per item: measured faster than joining a thousand lines first (the join's copy costs more than the calls).
 */
export class BatchIdHash {
  readonly #hash = createHash('sha256');

  constructor(salt = '') {
    this.#hash.update(`${salt}\n`);
  }

  add(item: PayoutItemRequest): void {
    this.#hash.update(`${JSON.stringify(item)}\n`);
  }

  /** `pb-` and 40 hex digits; the hash is spent. */
  id(): string {
    return `pb-${this.#hash.digest('hex').slice(0, 40)}`;
  }
}
