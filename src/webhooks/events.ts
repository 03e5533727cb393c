// The event a verified delivery carries: payouts events typed from the contract, any other event
// typed as unknown. Fields PayPal adds later pass through untouched.
import type { components } from '../../generated/types.js';
import { refuse } from './errors.js';

type Schemas = components['schemas'];
/** What every verified event has: the runtime checks both. */
type Envelope = { id: string; event_type: string };

/** `PAYMENT.PAYOUTSBATCH.DENIED | PROCESSING | SUCCESS`: the batch header, no items. */
export type PayoutsBatchEvent = Schemas['payouts_batch_event'] & Envelope;
/** `PAYMENT.PAYOUTS-ITEM.*`: one item, shaped like the Payouts API's item. */
export type PayoutsItemEvent = Schemas['payouts_item_event'] & Envelope;
/** Every Payouts event type, batch and item: what {@link isPayoutsEvent} narrows `event_type` to. */
export type PayoutsEventType = PayoutsBatchEvent['event_type'] | PayoutsItemEvent['event_type'];

/** Any other event (PayPal has hundreds): the envelope, with the resource untyped. */
export type UnknownWebhookEvent = Schemas['webhook_event'] & Envelope;

/**
 * A verified event. `isPayoutsEvent(event)` narrows it to the payouts events, a union discriminated
 * by `event_type`; TypeScript cannot discriminate on a field that may also be any string.
 */
export type WebhookEvent = PayoutsBatchEvent | PayoutsItemEvent | UnknownWebhookEvent;

const PAYOUTS_EVENT = /^PAYMENT\.(PAYOUTSBATCH\.(DENIED|PROCESSING|SUCCESS)|PAYOUTS-ITEM\.(BLOCKED|CANCELED|DENIED|FAILED|HELD|REFUNDED|RETURNED|SUCCEEDED|UNCLAIMED))$/;

/** True for the payouts event types this version types; then switch on `event.event_type`. */
export function isPayoutsEvent(event: WebhookEvent): event is PayoutsBatchEvent | PayoutsItemEvent {
  return PAYOUTS_EVENT.test(event.event_type);
}

/**
 * Parses a verified body. Only the envelope is checked: refusing a genuine event over a new or
 * missing resource field would make PayPal redeliver it for days and then drop it.
 */
export function parseEvent(text: string): WebhookEvent {
  let event: unknown;
  try {
    event = JSON.parse(text);
  } catch {
    throw refuse('body_not_json', `the body is not JSON (${text.length} characters)`);
  }
  const fields = event as Record<string, unknown> | null;
  if (typeof fields !== 'object' || fields === null || typeof fields.id !== 'string' || typeof fields.event_type !== 'string') {
    throw refuse('body_not_json', 'the body is not a webhook event: it lacks a string id and event_type');
  }
  return event as WebhookEvent;
}
