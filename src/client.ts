import { resolveConfig, type ClientOptions } from './config.js';
import { createCore } from './core.js';
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

  /** @throws TypeError or RangeError naming the option, when the configuration is invalid. */
  constructor(options: ClientOptions = {}) {
    const config = resolveConfig(options);
    const core = createCore(config);
    this.baseUrl = config.baseUrl;
    this.payouts = new Payouts(core);
    this.payoutItems = new PayoutItems(core);
    this.webhooks = new Webhooks(core);
  }
}
