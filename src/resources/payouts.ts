import { checkPayoutsGetPath, checkPayoutsGetQuery, checkPayoutsPostHeaders } from '../../generated/checks.js';
import type { APIPromise } from '../api-promise.js';
import type { Core } from '../core.js';
import type { RequestOptions } from '../request.js';
import type { CreatePayoutRequest, Payout, PayoutBatch, PayoutBatchItem } from '../types.js';
import { PayPalError } from '../errors.js';
import { assertPathSegment, assertValid, assertValidCreatePayout, type Check } from '../validation.js';

/** Options of calls that create something. */
export interface IdempotentRequestOptions extends RequestOptions {
  /**
   * PayPal-Request-Id. By default a new UUID per call, sent unchanged on every retry. Pass the
   * `requestId` of an earlier call (from its result or error) to resume it without paying twice.
   */
  requestId?: string;
}

export interface GetBatchOptions extends RequestOptions {
  /** Page to return, from 1. */
  page?: number;
  /** Items per page, 1 to 1000. */
  pageSize?: number;
  /** Include `total_items` and `total_pages`. */
  totalRequired?: boolean;
  /** Return only these fields, such as `batch_header`. */
  fields?: string;
}

export interface ListItemsOptions extends RequestOptions {
  /** Items per page, 1 to 1000. PayPal's default when left out. */
  pageSize?: number;
}

/** The caller's option names for the contract's parameters, for error messages. */
export const PARAMETER_NAMES = {
  id: 'batchId',
  payout_item_id: 'itemId',
  page_size: 'pageSize',
  total_required: 'totalRequired',
  'PayPal-Request-Id': 'requestId',
};

/** The contract's page limit (`page` is 1 to 1000). */
const MAX_PAGE = 1000;

/** Batch payouts: create one, read it, walk its items. */
export class Payouts {
  readonly #core: Core;

  constructor(core: Core) {
    this.#core = core;
  }

  /**
   * Creates a batch payout. The body is validated first; an invalid one throws a ValidationError and
   * nothing is sent. Retries reuse one PayPal-Request-Id, so PayPal pays at most once.
   */
  create(body: CreatePayoutRequest, options: IdempotentRequestOptions = {}): APIPromise<Payout> {
    return this.#core.call(() => {
      assertValidCreatePayout(body);
      const requestId = idempotencyKey(options);
      return {
        method: 'POST',
        path: '/v1/payments/payouts',
        requestId,
        retrySafe: true,
        body,
        // `body` gives openapi-fetch its types; the bytes sent are the ones core.call serialised.
        send: (init) =>
          this.#core.api.POST('/v1/payments/payouts', { ...init, body, params: { header: { 'PayPal-Request-Id': requestId } } }),
      };
    }, options);
  }

  /** Shows a batch with one page of its items. */
  get(batchId: string, options: GetBatchOptions = {}): APIPromise<PayoutBatch> {
    return this.#core.call(() => {
      const query = {
        page: options.page,
        page_size: options.pageSize,
        total_required: options.totalRequired,
        fields: options.fields,
      };
      assertValidId(checkPayoutsGetPath, 'id', batchId);
      assertValid(checkPayoutsGetQuery, query, PARAMETER_NAMES);
      return {
        method: 'GET',
        path: `/v1/payments/payouts/${encodeURIComponent(batchId)}`,
        requestId: globalThis.crypto.randomUUID(),
        retrySafe: true,
        send: (init) => this.#core.api.GET('/v1/payments/payouts/{id}', { ...init, params: { path: { id: batchId }, query } }),
      };
    }, options);
  }

  /**
   * Every item of a batch, fetched page by page as the loop asks for them; one page is held at a time.
   * PayPal serves pages 1 to 1,000 only: a batch with more pages at this `pageSize` throws a
   * PayPalError (before the first item when PayPal reports the page count) instead of stopping silently.
   */
  async *items(batchId: string, options: ListItemsOptions = {}): AsyncGenerator<PayoutBatchItem, void, undefined> {
    const tooManyPages = () =>
      new PayPalError(
        `batch ${batchId} has more than ${MAX_PAGE} pages at pageSize ${options.pageSize ?? '(PayPal’s default)'}, and PayPal serves ` +
          `pages 1 to ${MAX_PAGE} only: pass a larger pageSize (up to 1000)`,
      );
    for (let page = 1; ; page++) {
      const batch = await this.get(batchId, { ...options, page, totalRequired: true });
      if (batch.total_pages !== undefined && batch.total_pages > MAX_PAGE) throw tooManyPages();
      const items = batch.items ?? [];
      yield* items;
      const lastPage =
        items.length === 0 ||
        (batch.total_pages !== undefined && page >= batch.total_pages) ||
        (options.pageSize !== undefined && items.length < options.pageSize);
      if (lastPage) return;
      if (page === MAX_PAGE) throw tooManyPages();
    }
  }
}

/** Checks a path ID against the contract, and that it stays one path segment. */
export function assertValidId(check: Check, key: keyof typeof PARAMETER_NAMES, id: string): void {
  assertValid(check, { [key]: id }, PARAMETER_NAMES);
  assertPathSegment(PARAMETER_NAMES[key], id);
}

/** The caller's PayPal-Request-Id, checked against the contract, or a new UUID. */
export function idempotencyKey(options: IdempotentRequestOptions): string {
  if (options.requestId === undefined) return globalThis.crypto.randomUUID();
  assertValid(checkPayoutsPostHeaders, { 'PayPal-Request-Id': options.requestId }, PARAMETER_NAMES);
  return options.requestId;
}
