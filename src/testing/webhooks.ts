// The Webhooks API calls a listener needs: subscribe, list, show, delete, and PayPal's postback
// verification of a delivery (answered with the same check verifyWebhookSignature makes offline).
import {
  zSimulateEventPostBody,
  zVerifyWebhookSignaturePostBody,
  zWebhooksDeletePath,
  zWebhooksEventsGetPath,
  zWebhooksEventsResendBody,
  zWebhooksEventsResendPath,
  zWebhooksGetPath,
  zWebhooksPostBody,
} from '../../generated/zod.js';
import { verifyWebhookSignature } from '../webhooks/verify.js';
import type { Context, Handler, Reply } from './context.js';
import { notFound, paypalError } from './errors.js';
import { EVENT_TYPES } from './events.js';
import { check, parseJson } from './validate.js';

type Listener = Context['deliveries']['listeners'][number];

/** "To subscribe to all events … specify an `*`" (PayPal's Webhooks v1 document, webhook.event_types). */
const ALL = '*';

function webhookView(listener: Listener, baseUrl: string) {
  const href = `${baseUrl}/v1/notifications/webhooks/${listener.webhookId}`;
  return {
    id: listener.webhookId,
    url: listener.url,
    event_types: (listener.eventTypes ?? [ALL]).map((name) => ({ name })),
    links: [
      { href, rel: 'self', method: 'GET' },
      { href, rel: 'delete', method: 'DELETE' },
    ],
  };
}

export const create: Handler = ({ deliveries, baseUrl }, { body }) => {
  const json = parseJson(body);
  if (!json.ok) return json.error;
  const parsed = check(zWebhooksPostBody, json.value, 'body');
  if (!parsed.ok) return parsed.error;
  const { url, event_types } = parsed.value;
  if (deliveries.listeners.some((listener) => listener.url === url)) {
    return paypalError(400, 'WEBHOOK_URL_ALREADY_EXISTS', 'Webhook URL already exists.');
  }
  const names = event_types.map((type) => type.name);
  const webhookId = deliveries.listen({ url, eventTypes: names.includes(ALL) ? undefined : names });
  return { status: 201, body: webhookView(deliveries.listeners.find((listener) => listener.webhookId === webhookId)!, baseUrl()) };
};

export const list: Handler = ({ deliveries, baseUrl }) => ({
  status: 200,
  body: { webhooks: deliveries.listeners.map((listener) => webhookView(listener, baseUrl())) },
});

export const get: Handler = ({ deliveries, baseUrl }, _exchange, params) => {
  const path = check(zWebhooksGetPath, params, 'path');
  if (!path.ok) return path.error;
  const listener = deliveries.listeners.find((candidate) => candidate.webhookId === path.value.webhook_id);
  return listener ? { status: 200, body: webhookView(listener, baseUrl()) } : notFound();
};

export const remove: Handler = ({ deliveries }, _exchange, params) => {
  const path = check(zWebhooksDeletePath, params, 'path');
  if (!path.ok) return path.error;
  return deliveries.unlisten(path.value.webhook_id) ? { status: 204, body: undefined } : notFound();
};

export const eventTypes: Handler = () => ({ status: 200, body: { event_types: EVENT_TYPES } });

export const getEvent: Handler = ({ deliveries }, _exchange, params) => {
  const path = check(zWebhooksEventsGetPath, params, 'path');
  if (!path.ok) return path.error;
  const event = deliveries.events.get(path.value.event_id);
  return event ? { status: 200, body: event } : notFound();
};

/** Sends an event again, to the subscriptions named or all; 202, as PayPal accepts it for delivery. */
export const resendEvent: Handler = ({ deliveries }, { body }, params) => {
  const path = check(zWebhooksEventsResendPath, params, 'path');
  if (!path.ok) return path.error;
  const json = parseJson(body || '{}');
  if (!json.ok) return json.error;
  const parsed = check(zWebhooksEventsResendBody, json.value, 'body');
  if (!parsed.ok) return parsed.error;
  const event = deliveries.resend(path.value.event_id, parsed.value.webhook_ids);
  return event ? { status: 202, body: event } : notFound();
};

/** Sends a sample event to a URL, or to a subscription's URL (PayPal's webhooks simulator). */
export const simulateEvent: Handler = ({ deliveries }, { body }) => {
  const json = parseJson(body);
  if (!json.ok) return json.error;
  const parsed = check(zSimulateEventPostBody, json.value, 'body');
  if (!parsed.ok) return parsed.error;
  const { url, webhook_id, event_type } = parsed.value;
  const target = url ?? deliveries.listeners.find((listener) => listener.webhookId === webhook_id)?.url;
  if (!target) return paypalError(400, 'VALIDATION_ERROR', 'Invalid request - see details.', [{ field: '/url', location: 'body', issue: 'Give a url, or the webhook_id of a subscription.' }]);
  return { status: 202, body: deliveries.simulate(event_type, target) };
};

/** Answers SUCCESS only for a delivery this emulator signed, for that webhook ID and event. */
export async function verifySignature({ deliveries }: Context, { body }: { body: string }): Promise<Reply> {
  const json = parseJson(body);
  if (!json.ok) return json.error;
  const parsed = check(zVerifyWebhookSignaturePostBody, json.value, 'body');
  if (!parsed.ok) return parsed.error;
  const request = parsed.value;
  const kit = await deliveries.kit();
  const headers = {
    'paypal-auth-algo': request.auth_algo,
    'paypal-cert-url': request.cert_url,
    'paypal-transmission-id': request.transmission_id,
    'paypal-transmission-sig': request.transmission_sig,
    'paypal-transmission-time': request.transmission_time,
  };
  // The event as the listener received it: deliveries send JSON.stringify of the event, so the
  // listener's parsed event serialises back to the same bytes.
  const event = JSON.stringify((json.value as { webhook_event: unknown }).webhook_event);
  const verdict = await verifyWebhookSignature(
    { headers, body: event, webhookId: request.webhook_id },
    { trustAnchors: kit.trustAnchors, fetchCertificate: kit.fetchCertificate },
  ).then(
    () => 'SUCCESS' as const,
    () => 'FAILURE' as const,
  );
  deliveries.verdicts.set(request.transmission_id, verdict);
  return { status: 200, body: { verification_status: verdict } };
}
