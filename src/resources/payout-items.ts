import { checkPayoutsItemCancelPath, checkPayoutsItemGetPath } from '../../generated/checks.js';
import { APIPromise } from '../api-promise.js';
import { APIError } from '../errors.js';
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
      assertValidId(checkPayoutsItemGetPath, 'payout_item_id', itemId);
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
   * PayPal-Request-Id. Items in any other state fail with a BadRequestError (PayPal's
   * ITEM_INCORRECT_STATUS or ITEM_ALREADY_CANCELLED).
   *
   * PayPal's contract lists PayPal-Request-Id on create only, and its docs say not every API honours
   * it; so when an attempt's outcome was unknown (timeout, reset, 5xx) and a retry then answers
   * ITEM_ALREADY_CANCELLED, the cancel may have been this call's own: the item is read, and returned
   * if it is RETURNED.
   */
  cancel(itemId: string, options: IdempotentRequestOptions = {}): APIPromise<PayoutItem> {
    let outcomeUnknown = false;
    const cancelled = this.#core.call<PayoutItem>(() => {
      assertValidId(checkPayoutsItemCancelPath, 'payout_item_id', itemId);
      const requestId = idempotencyKey(options);
      return {
        method: 'POST',
        path: `/v1/payments/payouts-item/${encodeURIComponent(itemId)}/cancel`,
        requestId,
        retrySafe: true,
        send: async (init) => {
          try {
            const result = await this.#core.api.POST('/v1/payments/payouts-item/{payout_item_id}/cancel', {
              ...init,
              params: { path: { payout_item_id: itemId }, header: { 'PayPal-Request-Id': requestId } },
            });
            if (result.response.status >= 500) outcomeUnknown = true;
            return result;
          } catch (error) {
            outcomeUnknown = true; // no answer: the cancel may have happened
            throw error;
          }
        },
      };
    }, options);
    const { signal, timeoutMs } = options;
    return new APIPromise(
      cancelled.withResponse().catch(async (error: unknown) => {
        if (!outcomeUnknown || !(error instanceof APIError) || error.code !== 'ITEM_ALREADY_CANCELLED') throw error;
        const item = await this.get(itemId, { signal, timeoutMs }).withResponse().catch(() => {
          throw error;
        });
        if (item.data.transaction_status !== 'RETURNED') throw error;
        return { ...item, requestId: error.requestId ?? item.requestId };
      }),
    );
  }
}
