// Webhook deliveries: each batch and item event POSTed to every listener, signed with the webhooks
// test kit the way PayPal signs (PAYPAL-* headers over the raw body), retried while the listener fails.
import { randomBytes } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import type { WebhookEnvironment } from '../webhooks/cert-url.js';
import type { WebhookTestKit } from '../webhooks/test-kit.js';
import { sleep } from '../retry.js';
import type { Batch, Item } from './store.js';
import { buildEvent, sampleEvent, type WebhookEvent } from './events.js';

/** A webhook subscription of the local PayPal: where it delivers signed events. */
export interface Listener {
  /** Where events are POSTed. */
  url: string;
  /** The subscription's webhook ID, which the signature covers; a generated one by default. */
  webhookId?: string;
  /** Event types to send (`PAYMENT.PAYOUTSBATCH.SUCCESS`, …); all by default. */
  eventTypes?: string[];
}

/** One event delivered to one listener, with every attempt's status. */
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

/** The local PayPal's webhook deliveries: signed as PayPal signs them, retried on failure, kept for inspection. */
export class Deliveries {
  /** Every delivery made, in order. */
  readonly list: Delivery[] = [];
  /** Every event, by ID, as GET /v1/notifications/webhooks-events/{event_id} shows it. */
  readonly events = new Map<string, WebhookEvent>();
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

  /** Records an event about `batch` (or one of its items) and sends it to every listener that wants it. */
  emit(eventType: string, batch: Batch, item?: Item): void {
    const event = buildEvent(eventType, this.baseUrl(), batch, item);
    this.events.set(event.id, event);
    this.#send(event, this.listeners.filter((listener) => !listener.eventTypes || listener.eventTypes.includes(eventType)));
  }

  /** Sends a recorded event again, to the listeners named (all by default); undefined when unknown. */
  resend(eventId: string, webhookIds?: string[]): WebhookEvent | undefined {
    const event = this.events.get(eventId);
    if (event) this.#send(event, this.listeners.filter((listener) => !webhookIds || webhookIds.includes(listener.webhookId)));
    return event;
  }

  /**
   * Sends a sample event to `url`, signed with the webhook ID `WEBHOOK_ID` as PayPal's simulator signs
   * (../shared/webhooks/README.md, "Self-verification").
   */
  simulate(eventType: string, url: string): WebhookEvent {
    const event = sampleEvent(eventType, this.baseUrl());
    this.#send(event, [{ url, webhookId: 'WEBHOOK_ID' }]);
    return event;
  }

  #send(event: WebhookEvent, listeners: Array<{ url: string; webhookId: string }>): void {
    if (this.#closing.signal.aborted) return;
    for (const listener of listeners) {
      const sending = this.#deliver(event, listener).finally(() => this.#pending.delete(sending));
      this.#pending.add(sending);
    }
  }

  /** Resolves once every delivery so far has succeeded or given up. */
  async settled(): Promise<void> {
    while (this.#pending.size) await Promise.allSettled([...this.#pending]);
  }

  /** Stops deliveries in flight; the local PayPal's `close()` calls it. */
  close(): void {
    this.#closing.abort();
  }

  async #deliver(event: WebhookEvent, listener: { url: string; webhookId: string }): Promise<void> {
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
      if (attempt) await sleep(RETRY_DELAY_MS * 2 ** (attempt - 1), closing).catch(() => {}); // closing ends the loop below
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

