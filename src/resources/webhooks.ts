import {
  checkSimulateEventPostBody,
  checkVerifyWebhookSignaturePostBody,
  checkWebhooksEventsGetPath,
  checkWebhooksEventsResendBody,
  checkWebhooksGetPath,
  checkWebhooksListQuery,
  checkWebhooksPostBody,
} from '../../generated/checks.js';
import type { APIPromise } from '../api-promise.js';
import type { CallSpec, Core } from '../core.js';
import { ValidationError } from '../errors.js';
import type { RequestOptions } from '../request.js';
import type { VerifyWebhookSignatureResponse, Webhook, WebhookEventNotification, WebhookEventType } from '../types.js';
import { isRetrySafe } from '../retry-safe.js';
import { assertPathSegment, assertValid } from '../validation.js';
import { readSigningHeaders, type DeliveryHeaders } from '../webhook-delivery.js';

const PARAMETER_NAMES = {
  webhook_id: 'webhookId',
  event_id: 'eventId',
  anchor_type: 'anchorType',
  event_type: 'eventType',
  resource_version: 'resourceVersion',
  webhook_ids: 'webhookIds',
};

/** What to simulate: a sample event sent to one webhook or URL. */
export interface SimulateEventOptions extends RequestOptions {
  eventType: string;
  webhookId?: string;
  url?: string;
  resourceVersion?: string;
}

/**
 * Webhook subscriptions and events (PayPal's Webhooks v1 API). To verify a delivery without a call
 * to PayPal, use `verifyWebhookSignature` from `paypal-payouts/webhooks`.
 */
export class Webhooks {
  readonly #core: Core;

  constructor(core: Core) {
    this.#core = core;
  }

  /**
   * Subscribes `url` to events (`[{ name: '*' }]` for all). The answer's `id` is the webhook ID that
   * verifies deliveries. Not retried: PayPal takes no request ID here, and a repeat answers 422.
   */
  create(body: Pick<Webhook, 'url' | 'event_types'>, options: RequestOptions = {}): APIPromise<Webhook> {
    return this.#send(options, () => {
      assertValid(checkWebhooksPostBody, body, PARAMETER_NAMES);
      return { method: 'POST', path: '/v1/notifications/webhooks', retrySafe: isRetrySafe('POST', '/v1/notifications/webhooks'), body, send: (init) => this.#core.api.POST('/v1/notifications/webhooks', { ...init, body }) };
    });
  }

  /** The app's webhooks (or the account's, with `anchorType: 'ACCOUNT'`). */
  list(options: RequestOptions & { anchorType?: 'APPLICATION' | 'ACCOUNT' } = {}): APIPromise<{ webhooks?: Webhook[] }> {
    return this.#send(options, () => {
      const query = { anchor_type: options.anchorType };
      assertValid(checkWebhooksListQuery, query, PARAMETER_NAMES);
      return { method: 'GET', path: '/v1/notifications/webhooks', retrySafe: true, send: (init) => this.#core.api.GET('/v1/notifications/webhooks', { ...init, params: { query } }) };
    });
  }

  /** One webhook. */
  get(webhookId: string, options: RequestOptions = {}): APIPromise<Webhook> {
    return this.#send(options, () => {
      assertValid(checkWebhooksGetPath, { webhook_id: webhookId }, PARAMETER_NAMES);
      assertPathSegment(PARAMETER_NAMES.webhook_id, webhookId);
      const params = { path: { webhook_id: webhookId } };
      return { method: 'GET', path: `/v1/notifications/webhooks/${encodeURIComponent(webhookId)}`, retrySafe: true, send: (init) => this.#core.api.GET('/v1/notifications/webhooks/{webhook_id}', { ...init, params }) };
    });
  }

  /** Deletes a webhook; resolves with nothing (204). Retried: deleting twice changes nothing more. */
  delete(webhookId: string, options: RequestOptions = {}): APIPromise<void> {
    return this.#send(options, () => {
      assertValid(checkWebhooksGetPath, { webhook_id: webhookId }, PARAMETER_NAMES);
      assertPathSegment(PARAMETER_NAMES.webhook_id, webhookId);
      const params = { path: { webhook_id: webhookId } };
      return { method: 'DELETE', path: `/v1/notifications/webhooks/${encodeURIComponent(webhookId)}`, retrySafe: true, send: (init) => this.#core.api.DELETE('/v1/notifications/webhooks/{webhook_id}', { ...init, params }) };
    });
  }

  /** Every event type a webhook can subscribe to. */
  listEventTypes(options: RequestOptions = {}): APIPromise<{ event_types?: WebhookEventType[] }> {
    return this.#send(options, () => ({
      method: 'GET',
      path: '/v1/notifications/webhooks-event-types',
      retrySafe: true,
      send: (init) => this.#core.api.GET('/v1/notifications/webhooks-event-types', { ...init }),
    }));
  }

  /** One event notification, by its `WH-…` ID. A delivery can arrive before this finds it. */
  getEvent(eventId: string, options: RequestOptions = {}): APIPromise<WebhookEventNotification> {
    return this.#send(options, () => {
      assertValid(checkWebhooksEventsGetPath, { event_id: eventId }, PARAMETER_NAMES);
      assertPathSegment(PARAMETER_NAMES.event_id, eventId);
      const params = { path: { event_id: eventId } };
      return { method: 'GET', path: `/v1/notifications/webhooks-events/${encodeURIComponent(eventId)}`, retrySafe: true, send: (init) => this.#core.api.GET('/v1/notifications/webhooks-events/{event_id}', { ...init, params }) };
    });
  }

  /** Delivers an event again, to all webhooks or to `webhookIds`. Retried: listeners deduplicate on the event ID. */
  resendEvent(eventId: string, options: RequestOptions & { webhookIds?: string[] } = {}): APIPromise<WebhookEventNotification> {
    return this.#send(options, () => {
      const body = options.webhookIds === undefined ? {} : { webhook_ids: options.webhookIds };
      assertValid(checkWebhooksEventsGetPath, { event_id: eventId }, PARAMETER_NAMES);
      assertPathSegment(PARAMETER_NAMES.event_id, eventId);
      assertValid(checkWebhooksEventsResendBody, body, PARAMETER_NAMES);
      const params = { path: { event_id: eventId } };
      const path = '/v1/notifications/webhooks-events/{event_id}/resend';
      return { method: 'POST', path: `/v1/notifications/webhooks-events/${encodeURIComponent(eventId)}/resend`, retrySafe: true, body, send: (init) => this.#core.api.POST(path, { ...init, params, body }) };
    });
  }

  /** Sends a sample event to a webhook or URL. Samples are signed with the webhook ID `WEBHOOK_ID`. */
  simulateEvent(options: SimulateEventOptions): APIPromise<WebhookEventNotification> {
    return this.#send(options, () => {
      const body = { event_type: options.eventType, webhook_id: options.webhookId, url: options.url, resource_version: options.resourceVersion };
      assertValid(checkSimulateEventPostBody, body, PARAMETER_NAMES);
      return { method: 'POST', path: '/v1/notifications/simulate-event', retrySafe: true, body, send: (init) => this.#core.api.POST('/v1/notifications/simulate-event', { ...init, body }) };
    });
  }

  /**
   * Asks PayPal to verify a delivery (postback verification). The event goes inside the JSON body as
   * the exact text received, never re-serialised: PayPal checks those bytes. Simulator events
   * (webhook ID `WEBHOOK_ID`) cannot be verified this way. Offline, `verifyWebhookSignature` needs no call.
   */
  verifyOnline(
    delivery: { headers: DeliveryHeaders; body: string | Uint8Array | ArrayBuffer; webhookId: string },
    options: RequestOptions = {},
  ): APIPromise<VerifyWebhookSignatureResponse> {
    return this.#send(options, () => {
      const headers = readSigningHeaders(delivery.headers);
      const event = rawEvent(delivery.body);
      const fields = {
        auth_algo: headers.authAlgo,
        cert_url: headers.certUrl,
        transmission_id: headers.transmissionId,
        transmission_sig: headers.transmissionSig,
        transmission_time: headers.transmissionTime,
        webhook_id: delivery.webhookId,
      };
      const body = { ...fields, webhook_event: event.parsed };
      assertValid(checkVerifyWebhookSignaturePostBody, body, { webhook_id: 'webhookId', webhook_event: 'body' });
      // The fields are serialised; the event is spliced in as received.
      const rawBody = `${JSON.stringify(fields).slice(0, -1)},"webhook_event":${event.text}}`;
      const path = '/v1/notifications/verify-webhook-signature';
      return { method: 'POST', path, retrySafe: true, rawBody, send: (init) => this.#core.api.POST(path, { ...init, body }) };
    });
  }

  #send<T>(options: RequestOptions, build: () => Omit<CallSpec, 'requestId'>): APIPromise<T> {
    return this.#core.call(() => ({ ...build(), requestId: crypto.randomUUID() }), options);
  }
}

/** The raw event as text, and parsed for validation; it must be a JSON object, or the request body would break. */
function rawEvent(body: unknown): { text: string; parsed: Record<string, unknown> } {
  let text: string;
  try {
    text = typeof body === 'string' ? body : new TextDecoder('utf-8', { fatal: true }).decode(body as Uint8Array | ArrayBuffer);
  } catch {
    throw new ValidationError([{ path: 'body', message: 'must be the raw event as received: a string, Uint8Array or ArrayBuffer of UTF-8 JSON' }]);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new ValidationError([{ path: 'body', message: 'is not JSON: pass the raw event text as received' }]);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ValidationError([{ path: 'body', message: 'must be the raw event, a JSON object' }]);
  }
  return { text, parsed: parsed as Record<string, unknown> };
}
