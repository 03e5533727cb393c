import { zPayoutsItemCancelPath, zPayoutsItemGetPath } from '../../generated/zod.js';
import type { APIPromise } from '../api-promise.js';
import type { Core } from '../core.js';
import type { RequestOptions } from '../request.js';
import type { PayoutItem } from '../types.js';
import { assertValidId, idempotencyKey, type IdempotentRequestOptions } from './payouts.js';

/** Single payout items: read one, or cancel it while it is unclaimed. */
export class PayoutItems {
  readonly #core: Core;

  constructor(core: Core) {
    this.#core = core;
  }

  /** Shows one payout item. */
  get(itemId: string, options: RequestOptions = {}): APIPromise<PayoutItem> {
    return this.#core.call(() => {
      assertValidId(zPayoutsItemGetPath, 'payout_item_id', itemId);
      return {
        method: 'GET',
        path: `/v1/payments/payouts-item/${encodeURIComponent(itemId)}`,
        requestId: globalThis.crypto.randomUUID(),
        retrySafe: true,
        send: (init) =>
          this.#core.api.GET('/v1/payments/payouts-item/{payout_item_id}', { ...init, params: { path: { payout_item_id: itemId } } }),
      };
    }, options);
  }

  /**
   * Cancels an UNCLAIMED item and returns the money to the sender. Retries reuse one
   * PayPal-Request-Id. Items in any other state fail with a BadRequestError or UnprocessableEntityError.
   */
  cancel(itemId: string, options: IdempotentRequestOptions = {}): APIPromise<PayoutItem> {
    return this.#core.call(() => {
      assertValidId(zPayoutsItemCancelPath, 'payout_item_id', itemId);
      const requestId = idempotencyKey(options);
      return {
        method: 'POST',
        path: `/v1/payments/payouts-item/${encodeURIComponent(itemId)}/cancel`,
        requestId,
        retrySafe: true,
        send: (init) =>
          this.#core.api.POST('/v1/payments/payouts-item/{payout_item_id}/cancel', {
            ...init,
            params: { path: { payout_item_id: itemId }, header: { 'PayPal-Request-Id': requestId } },
          }),
      };
    }, options);
  }
}
