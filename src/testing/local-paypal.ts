// startLocalPayPal: the pieces put together behind one HTTP server.
import { Clock, type ClockMode } from './clock.js';
import type { Context } from './context.js';
import type { WebhookEnvironment } from '../webhooks/cert-url.js';
import { Deliveries, type DeliveryOptions, type Listener } from './deliveries.js';
import { paypalFees, type FeeModel } from './fees.js';
import { Faults } from './faults.js';
import { decideItem, type ItemDecision } from './item-decisions.js';
import { listen, type HttpServer } from './http.js';
import { Ledger } from './ledger.js';
import { RateLimit } from './rate-limit.js';
import { createRouter, type RequestRecord } from './routes.js';
import { Store } from './store.js';
import { Tokens } from './tokens.js';

/** Options of {@link startLocalPayPal}; every one has a default. */
export interface LocalPayPalOptions {
  /** Port to listen on; 0 (the default) picks a free one. */
  port?: number;
  /** Interface to listen on; 127.0.0.1 by default. */
  host?: string;
  /** Credentials the token endpoint accepts; generated ones by default. */
  clientId?: string;
  clientSecret?: string;
  /** When batches move on: 'on-read' (default), 'instant', 'manual' or `{ stepMs }`. */
  clock?: ClockMode;
  /** Lifetime of access tokens; 32,400 s (nine hours, as PayPal's sandbox) by default. */
  tokenTtlSeconds?: number;
  /**
   * The fee of each paid item, in USD; PayPal's per-item pricing by default (`paypalFees`: 0.25 USD
   * domestic, 2% capped at 20 USD cross-currency). Unpaid items cost 0 whatever it returns.
   */
  fees?: FeeModel;
  /** PayPal's limit of 400 POSTs a minute per client credentials, on the emulator's clock; `false` turns it off. */
  rateLimit?: { postsPerMinute: number } | false;
  /** Seed of chance-based faults; the same seed hits the same requests. */
  seed?: number;
  /**
   * Webhook listeners to deliver events to; deliveries are signed for the sandbox (default) or live,
   * retried on PayPal's schedule, and optionally duplicated or sent out of order.
   */
  webhooks?: { listeners?: Listener[]; environment?: WebhookEnvironment } & DeliveryOptions;
  /**
   * Serve the dashboard's page of this emulator too, on its own loopback port: `dashboard.url` (with
   * its access token) opens it in a browser. Off by default.
   */
  dashboard?: boolean;
}

/** A running local PayPal. */
export interface LocalPayPal {
  /** Base URL, such as `http://127.0.0.1:53211`: pass it as the client's `baseUrl`. */
  url: string;
  clientId: string;
  clientSecret: string;
  /** Every batch and item committed. */
  ledger: Ledger;
  /** Faults to inject: `faults.add({ operation: 'payouts.create', kind: 'error-after-commit' })`. */
  faults: Faults;
  /** Batch progression and the emulator's time: `clock.tick()`, `clock.settle()`, `clock.now()`, `clock.advance(ms)`. */
  clock: Clock;
  /**
   * Webhook listeners and every delivery made: `deliveries.listen({ url })`; `deliveries.list`, each
   * delivery with its attempts (time, status, answer) and next attempt; `await deliveries.settled()`;
   * and `await deliveries.kit()` for the verification options.
   */
  deliveries: Deliveries;
  /** Access tokens issued; `tokens.revokeAll()`. */
  tokens: Tokens;
  /** Every request received, in order; its `status` once answered (0: the connection was dropped). */
  requests: RequestRecord[];
  /**
   * Decides what happened to an item of a completed batch, and announces its event: `claim` (SUCCESS),
   * `fail` (FAILED) or `return` (an unclaimed item's money comes back: RETURNED).
   * @throws RangeError when there is no such item, its batch is still open, or the decision does not apply.
   */
  decideItem(payoutItemId: string, decision: ItemDecision): void;
  /** With `dashboard: true`: the dashboard's address, its access token included. */
  dashboard?: { url: string };
  /** Stops the server, its timers and deliveries. */
  close(): Promise<void>;
}

const random = () => crypto.randomUUID().replace(/-/g, '');

/**
 * Starts a local, stateful PayPal Payouts emulator.
 *
 * ```ts
 * const paypal = await startLocalPayPal();
 * const client = new PayoutsClient({ clientId: paypal.clientId, clientSecret: paypal.clientSecret, baseUrl: paypal.url });
 * ```
 */
export async function startLocalPayPal(options: LocalPayPalOptions = {}): Promise<LocalPayPal> {
  const store = new Store();
  let server: HttpServer | undefined;
  const baseUrl = () => server?.url ?? '';
  let clock: Clock | undefined;
  const deliveries = new Deliveries(baseUrl, options.webhooks?.environment, options.webhooks, () => clock!.now().getTime());
  for (const listener of options.webhooks?.listeners ?? []) deliveries.listen(listener);
  const announce: Context['announce'] = ({ type, batch, item }) => deliveries.emit(type, batch, item);
  clock = new Clock(options.clock ?? 'on-read', store, announce, options.fees ?? paypalFees);
  clock.onAdvance(() => deliveries.wake());
  const context: Context = {
    store,
    clock,
    rateLimit: new RateLimit(options.rateLimit === false ? false : (options.rateLimit?.postsPerMinute ?? 400), () => clock.now().getTime()),
    tokens: new Tokens(options.tokenTtlSeconds ?? 32_400),
    announce,
    deliveries,
    clientId: options.clientId ?? `local-${random().slice(0, 20)}`,
    clientSecret: options.clientSecret ?? `local-secret-${random()}`,
    baseUrl,
  };
  const faults = new Faults(options.seed);
  const requests: RequestRecord[] = [];
  const router = createRouter(context, faults, () => server!, requests);
  server = await listen(options.port ?? 0, options.host ?? '127.0.0.1', router.handle);

  const paypal: LocalPayPal = {
    url: server.url,
    clientId: context.clientId,
    clientSecret: context.clientSecret,
    ledger: new Ledger(store),
    faults,
    clock: context.clock,
    deliveries,
    tokens: context.tokens,
    requests,
    decideItem: (payoutItemId, decision) => void decideItem(store, announce, payoutItemId, decision),
    async close() {
      context.clock.close();
      deliveries.close();
      await Promise.all([server.close(), dashboard?.close()]);
    },
  };
  // Loaded only when asked for: the emulator alone carries no dashboard code.
  const dashboard = options.dashboard ? await (await import('../dashboard/server.js')).startDashboard({ local: paypal }) : undefined;
  if (dashboard) paypal.dashboard = { url: dashboard.url };
  return paypal;
}
