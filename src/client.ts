import { resolveConfig, type ClientOptions } from './config.js';
import { createCore, type Core } from './core.js';
import { requestOperation, type GenericInit, type HttpMethod, type OperationResponse, type PathsWithMethod, type RequestArgs } from './generic-request.js';
import type { APIPromise } from './api-promise.js';
import { PayoutItems } from './resources/payout-items.js';
import { Payouts } from './resources/payouts.js';
import { Webhooks } from './resources/webhooks.js';

/**
 * PayPal Payouts v1 client.
 *
 * ```ts
 * const client = new PayoutsClient({ clientId, clientSecret, environment: 'sandbox' });
 * const created = await client.payouts.create(body);
 * ```
 *
 * Authenticates with OAuth2 client credentials, retries what is safe to retry (never paying twice),
 * validates inputs before sending, and throws typed errors.
 */
export class PayoutsClient {
  /** Batch payouts: create, get, items. */
  readonly payouts: Payouts;
  /** Single items: get, cancel. */
  readonly payoutItems: PayoutItems;
  /** Webhook subscriptions and events; offline verification is in `paypal-payouts/webhooks`. */
  readonly webhooks: Webhooks;
  /** Where requests go. */
  readonly baseUrl: string;
  readonly #core: Core;

  /** @throws TypeError or RangeError naming the option, when the configuration is invalid. */
  constructor(options: ClientOptions = {}) {
    const config = resolveConfig(options);
    const core = createCore(config);
    this.#core = core;
    this.baseUrl = config.baseUrl;
    this.payouts = new Payouts(core);
    this.payoutItems = new PayoutItems(core);
    this.webhooks = new Webhooks(core);
  }

  /**
   * Calls any operation of the contract by its method and literal path, typed by the generated
   * `paths`: `init` takes `params` (`path`, `query`, `header`) and `body` as openapi-fetch does, plus
   * `signal`, `timeoutMs` and, for a POST, `requestId`. Same token, retries, timeout and typed errors
   * as the resource methods; a POST sends one PayPal-Request-Id, reused on every retry.
   *
   * ```ts
   * const batch = await client.request('GET', '/v1/payments/payouts/{id}', { params: { path: { id: batchId } } });
   * ```
   */
  request<M extends HttpMethod, P extends PathsWithMethod<M>>(
    method: M,
    path: P,
    ...[init]: RequestArgs<M, P>
  ): APIPromise<OperationResponse<M, P>> {
    return requestOperation(this.#core, method, path, init as GenericInit | undefined);
  }
}
