// Webhook deliveries: each batch and item event POSTed to every listener, signed with the webhooks
// test kit the way PayPal signs (PAYPAL-* headers over the raw body), retried while the listener fails.
import { randomBytes } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import type { WebhookEnvironment } from '../webhooks/cert-url.js';
import type { WebhookTestKit } from '../webhooks/test-kit.js';
import { sleep } from '../retry.js';
import type { Batch, Item } from './store.js';
import { buildEvent, sampleEvent, type WebhookEvent } from './events.js';
import { paypalTime } from './ids.js';

/** A webhook subscription of the local PayPal: where it delivers signed events. */
export interface Listener {
  /** Where events are POSTed. */
  url: string;
  /** The subscription's webhook ID, which the signature covers; a generated one by default. */
  webhookId?: string;
  /** Event types to send (`PAYMENT.PAYOUTSBATCH.SUCCESS`, …); all by default. */
  eventTypes?: string[];
}

/** One attempt of a delivery: when (emulator time), the listener's status (0: unreachable) and answer. */
export interface Attempt {
  at: string;
  status: number;
  /** The start of the listener's answer body, or why it could not be reached. */
  answer: string;
}

/** How deliveries go out, beyond PayPal's schedule. */
export interface DeliveryOptions {
  /** Send every event twice, 70 ms apart, as PayPal at times does (paypal-facts.md #12). */
  duplicates?: boolean;
  /** Hold every other event 100 ms, so events overtake each other: PayPal guarantees no order (paypal-facts.md #12). */
  outOfOrder?: boolean;
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
  /** Each attempt so far, in order. */
  attempts: Attempt[];
  delivered: boolean;
  /** When the next attempt is due (emulator time), while one is. */
  nextAttemptAt?: string;
}

/**
 * PayPal "tries to resend the notification message 25 times over the course of three days" (paypal-facts.md
 * #12). The spacing is ours: 1 minute, doubling to at most 4 hours; 25 attempts span about 68 hours.
 */
export const RETRY_DELAYS_MS = Array.from({ length: 24 }, (_, retry) => Math.min(60_000 * 2 ** retry, 4 * 60 * 60_000));
const DUPLICATE_GAP_MS = 70;
const OVERTAKE_MS = 100;

/** The local PayPal's webhook deliveries: signed as PayPal signs them, retried on failure, kept for inspection. */
export class Deliveries {
  /** Every delivery made, in order. */
  readonly list: Delivery[] = [];
  /** Every event, by ID, as GET /v1/notifications/webhooks-events/{event_id} shows it. */
  readonly events = new Map<string, WebhookEvent>();
  /**
   * What POST /v1/notifications/verify-webhook-signature answered, by the transmission ID it checked:
   * whether a listener that verifies by postback found a delivery's signature good.
   */
  readonly verdicts = new Map<string, 'SUCCESS' | 'FAILURE'>();
  readonly listeners: Array<Required<Omit<Listener, 'eventTypes'>> & Pick<Listener, 'eventTypes'>> = [];
  readonly #pending = new Set<Promise<void>>();
  /** Deliveries whose next attempt waits for the emulator's clock, by when it is due. */
  readonly #waiting = new Map<() => void, number>();
  #sent = 0;
  #kit: Promise<WebhookTestKit> | undefined;
  /** Aborts deliveries in flight and their waits on close, so nothing outlives the emulator. */
  readonly #closing = new AbortController();

  constructor(
    private readonly baseUrl: () => string,
    private readonly environment: WebhookEnvironment = 'sandbox',
    private readonly options: DeliveryOptions = {},
    /** The emulator's time, epoch ms. */
    private readonly now: () => number = Date.now,
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
    const holdMs = this.options.outOfOrder && this.#sent++ % 2 === 0 ? OVERTAKE_MS : 0;
    for (const listener of listeners) {
      for (const delayMs of this.options.duplicates ? [holdMs, holdMs + DUPLICATE_GAP_MS] : [holdMs]) {
        const sending = this.#deliver(event, listener, delayMs).finally(() => this.#pending.delete(sending));
        this.#pending.add(sending);
      }
    }
  }

  /**
   * Resolves once no attempt is in flight or due: every delivery so far succeeded, gave up, or waits for
   * a later attempt (`clock.advance` makes those due).
   */
  async settled(): Promise<void> {
    while (this.#pending.size > this.#waiting.size) await new Promise((resolve) => setTimeout(resolve, 5));
  }

  /** Wakes the deliveries whose next attempt is due on the emulator's clock (after `clock.advance`). */
  wake(): void {
    for (const [resume, due] of this.#waiting) if (due <= this.now()) resume();
  }

  /** Stops deliveries in flight; the local PayPal's `close()` calls it. */
  close(): void {
    this.#closing.abort();
    for (const resume of this.#waiting.keys()) resume();
  }

  /** Waits until emulator time `due`: real time passing, or the clock fast-forwarded, or closing. */
  #until(due: number): Promise<void> {
    return new Promise((resolve) => {
      const resume = () => {
        clearTimeout(timer);
        this.#waiting.delete(resume);
        resolve();
      };
      const timer = setTimeout(resume, Math.max(0, due - this.now()));
      timer.unref();
      this.#waiting.set(resume, due);
    });
  }

  async #deliver(event: WebhookEvent, listener: { url: string; webhookId: string }, holdMs: number): Promise<void> {
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
    if (holdMs) await sleep(holdMs, closing).catch(() => {}); // after signing, so the hold alone sets the order
    for (let attempt = 0; attempt <= RETRY_DELAYS_MS.length && !delivery.delivered && !closing.aborted; attempt++) {
      if (attempt) {
        const due = this.now() + RETRY_DELAYS_MS[attempt - 1]!;
        delivery.nextAttemptAt = paypalTime(new Date(due));
        await this.#until(due); // closing ends the loop below
        delivery.nextAttemptAt = undefined;
        if (closing.aborted) break;
      }
      const signal = AbortSignal.any([closing, AbortSignal.timeout(5_000)]);
      const at = paypalTime(new Date(this.now()));
      const { status, answer } = await fetch(listener.url, { method: 'POST', headers: delivery.headers, body, redirect: 'manual', signal }).then(
        async (response) => ({ status: response.status, answer: (await response.text().catch(() => '')).slice(0, 500) }),
        (error: unknown) => ({ status: 0, answer: String(error) }),
      );
      delivery.attempts.push({ at, status, answer });
      delivery.delivered = status >= 200 && status < 300;
    }
  }
}

