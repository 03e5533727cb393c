// What the inbox orders and serialises events by: the payout item (or batch) an event is about.
import type { WebhookEvent } from '../webhooks/events.js';

/**
 * `item:ID` for payout-item events, `batch:ID` for batch events, else `event:ID` (no ordering with any
 * other). PayPal: item events carry the item as `resource`, batch events its `batch_header` (paypal-facts.md #11).
 */
export function eventSubject(event: WebhookEvent): string {
  const resource = (event as { resource?: Record<string, unknown> }).resource;
  const itemId = resource?.payout_item_id;
  if (typeof itemId === 'string' && itemId !== '') return `item:${itemId}`;
  const batchId = (resource?.batch_header as Record<string, unknown> | undefined)?.payout_batch_id;
  if (typeof batchId === 'string' && batchId !== '') return `batch:${batchId}`;
  return `event:${event.id}`;
}

/** The event's `create_time`, or undefined when it has none PostgreSQL can read (the inbox then uses the arrival time). */
export function eventCreateTime(event: WebhookEvent): string | undefined {
  const text = (event as { create_time?: unknown }).create_time;
  return typeof text === 'string' && !Number.isNaN(Date.parse(text)) ? text : undefined;
}
