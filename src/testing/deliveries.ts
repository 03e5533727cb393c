// Webhook deliveries: each batch and item event POSTed to every listener, signed with the webhooks
// test kit the way PayPal signs (PAYPAL-* headers over the raw body), retried while the listener fails.
import { randomBytes, randomUUID } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import type { WebhookEnvironment } from '../webhooks/cert-url.js';
import type { WebhookTestKit } from '../webhooks/test-kit.js';
import { paypalTime } from './ids.js';
import { sleep } from './sleep.js';
import type { Batch, Item } from './store.js';
import { batchHeader, itemView } from './views.js';

export interface Listener {
  /** Where events are POSTed. */
  url: string;
  /** The subscription's webhook ID, which the signature covers; a generated one by default. */
  webhookId?: string;
  /** Event types to send (`PAYMENT.PAYOUTSBATCH.SUCCESS`, …); all by default. */
  eventTypes?: string[];
}

export interface Delivery {
  eventId: string;
  eventType: string;
  url: string;
  webhookId: string;
  /** The exact bytes sent, which the signature covers. */
  body: string;
  headers: Record<string, string>;
  /** Status of each attempt; 0 when the listener could not be reached. */
  attempts: number[];
  delivered: boolean;
}

/** Redeliveries after a non-2xx or no answer (PayPal keeps trying for about three days; we, briefly). */
const MAX_ATTEMPTS = 3;
const RETRY_DELAY_MS = 100;

export class Deliveries {
  /** Every delivery made, in order. */
  readonly list: Delivery[] = [];
  readonly listeners: Array<Required<Omit<Listener, 'eventTypes'>> & Pick<Listener, 'eventTypes'>> = [];
  readonly #pending = new Set<Promise<void>>();
  #kit: Promise<WebhookTestKit> | undefined;
  /** Aborts deliveries in flight and their waits on close, so nothing outlives the emulator. */
  readonly #closing = new AbortController();

  constructor(
    private readonly baseUrl: () => string,
    private readonly environment: WebhookEnvironment = 'sandbox',
  ) {
    setMaxListeners(Infinity, this.#closing.signal); // one listener per delivery in flight
  }

  /**
   * The test certificate chain deliveries are signed with: pass its `trustAnchors` and
   * `fetchCertificate` to verifyWebhookSignature. Made on first use (the X.509 code loads only then).
   */
  kit(): Promise<WebhookTestKit> {
    this.#kit ??= import('../webhooks/test-kit.js').then(({ createWebhookTestKit }) => createWebhookTestKit({ environment: this.environment }));
    return this.#kit;
  }

  /** Unsubscribes a listener; false when there was none with that webhook ID. */
  unlisten(webhookId: string): boolean {
    const index = this.listeners.findIndex((listener) => listener.webhookId === webhookId);
    if (index >= 0) this.listeners.splice(index, 1);
    return index >= 0;
  }

  /** Subscribes a listener; returns its webhook ID. */
  listen(listener: Listener): string {
    // PayPal's webhook IDs are letters and digits (verify-webhook-signature checks ^[a-zA-Z0-9]+$).
    const webhookId = listener.webhookId ?? randomBytes(12).toString('hex').toUpperCase();
    this.listeners.push({ url: listener.url, webhookId, eventTypes: listener.eventTypes });
    return webhookId;
  }

  /** Sends an event about `batch` (or one of its items) to every listener that wants it. */
  emit(eventType: string, batch: Batch, item?: Item): void {
    if (this.#closing.signal.aborted) return;
    const event = this.#event(eventType, batch, item);
    for (const listener of this.listeners) {
      if (listener.eventTypes && !listener.eventTypes.includes(eventType)) continue;
      const sending = this.#deliver(event, listener).finally(() => this.#pending.delete(sending));
      this.#pending.add(sending);
    }
  }

  /** Resolves once every delivery so far has succeeded or given up. */
  async settled(): Promise<void> {
    while (this.#pending.size) await Promise.allSettled([...this.#pending]);
  }

  close(): void {
    this.#closing.abort();
  }

  /** PayPal's event envelope (../shared/webhooks/README.md, "A delivery" and "Payouts events"). */
  #event(eventType: string, batch: Batch, item?: Item) {
    const id = `WH-${randomUUID().replace(/-/g, '').slice(0, 17).toUpperCase()}-${randomUUID().replace(/-/g, '').slice(0, 17).toUpperCase()}`;
    const resource = item ? itemView(item, this.baseUrl()) : { batch_header: { ...batchHeader(batch), payments: batch.items.length }, links: [] };
    return {
      id,
      event_version: '1.0',
      create_time: paypalTime(),
      resource_type: item ? 'payouts_item' : 'payouts',
      event_type: eventType,
      summary: item ? `Payout item ${item.payoutItemId} is ${item.status}` : `Payout batch ${batch.payoutBatchId} is ${batch.status}`,
      resource,
      links: [
        { href: `${this.baseUrl()}/v1/notifications/webhooks-events/${id}`, rel: 'self', method: 'GET' },
        { href: `${this.baseUrl()}/v1/notifications/webhooks-events/${id}/resend`, rel: 'resend', method: 'POST' },
      ],
    };
  }

  async #deliver(event: { id: string; event_type: string }, listener: { url: string; webhookId: string }): Promise<void> {
    const body = JSON.stringify(event);
    const signed = await (await this.kit()).sign({ body, webhookId: listener.webhookId });
    const delivery: Delivery = {
      eventId: event.id,
      eventType: event.event_type,
      url: listener.url,
      webhookId: listener.webhookId,
      body,
      headers: { 'content-type': 'application/json', ...signed },
      attempts: [],
      delivered: false,
    };
    this.list.push(delivery);
    const closing = this.#closing.signal;
    for (let attempt = 0; attempt < MAX_ATTEMPTS && !delivery.delivered && !closing.aborted; attempt++) {
      if (attempt) await sleep(RETRY_DELAY_MS * 2 ** (attempt - 1), closing);
      const signal = AbortSignal.any([closing, AbortSignal.timeout(5_000)]);
      const status = await fetch(listener.url, { method: 'POST', headers: delivery.headers, body, redirect: 'manual', signal }).then(
        async (response) => (await response.body?.cancel(), response.status),
        () => 0,
      );
      delivery.attempts.push(status);
      delivery.delivered = status >= 200 && status < 300;
    }
  }
}

