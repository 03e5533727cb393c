// PayPal's webhook events about payouts: the envelope, the event types, and the sample events PayPal's
// simulator sends (../shared/webhooks/README.md, "A delivery" and "Payouts events").
import { randomUUID } from 'node:crypto';
import { paypalTime } from './ids.js';
import type { Batch, BatchStatus, Item, ItemStatus } from './store.js';
import { batchHeader, itemView } from './views.js';

export interface WebhookEvent {
  id: string;
  event_type: string;
  [field: string]: unknown;
}

/** The item status each item event announces. */
export const ITEM_EVENTS: Partial<Record<ItemStatus, string>> = {
  SUCCESS: 'PAYMENT.PAYOUTS-ITEM.SUCCEEDED',
  FAILED: 'PAYMENT.PAYOUTS-ITEM.FAILED',
  UNCLAIMED: 'PAYMENT.PAYOUTS-ITEM.UNCLAIMED',
  ONHOLD: 'PAYMENT.PAYOUTS-ITEM.HELD',
  BLOCKED: 'PAYMENT.PAYOUTS-ITEM.BLOCKED',
  RETURNED: 'PAYMENT.PAYOUTS-ITEM.RETURNED',
  REFUNDED: 'PAYMENT.PAYOUTS-ITEM.REFUNDED',
};
const BATCH_EVENTS: Partial<Record<BatchStatus, string>> = {
  PROCESSING: 'PAYMENT.PAYOUTSBATCH.PROCESSING',
  SUCCESS: 'PAYMENT.PAYOUTSBATCH.SUCCESS',
  DENIED: 'PAYMENT.PAYOUTSBATCH.DENIED',
};

/** Item events no status names: a cancelled item, a denied one (paypal-facts.md #4). */
const OTHER_ITEM_EVENTS = ['PAYMENT.PAYOUTS-ITEM.CANCELED', 'PAYMENT.PAYOUTS-ITEM.DENIED'];

/** Every payouts event type, as GET /v1/notifications/webhooks-event-types lists them. */
export const EVENT_TYPES = [...Object.values(BATCH_EVENTS), ...Object.values(ITEM_EVENTS), ...OTHER_ITEM_EVENTS].map((name) => ({
  name,
  description: `${name.includes('BATCH') ? 'A batch payout' : 'A payout item'} is ${name.split('.').pop()!.toLowerCase()}.`,
  status: 'ENABLED',
  resource_versions: ['1.0'],
}));

/** An event about `batch`, or about one of its items. */
export function buildEvent(eventType: string, baseUrl: string, batch: Batch, item?: Item): WebhookEvent {
  const hex = () => randomUUID().replace(/-/g, '').slice(0, 17).toUpperCase();
  const id = `WH-${hex()}-${hex()}`;
  return {
    id,
    event_version: '1.0',
    create_time: paypalTime(),
    resource_type: item ? 'payouts_item' : 'payouts',
    event_type: eventType,
    summary: item ? `Payout item ${item.payoutItemId} is ${item.status}` : `Payout batch ${batch.payoutBatchId} is ${batch.status}`,
    // Batch events carry no items, and a `payments` count the Payouts document does not define.
    resource: item ? itemView(item, baseUrl) : { batch_header: { ...batchHeader(batch), payments: batch.items.length }, links: [] },
    links: [
      { href: `${baseUrl}/v1/notifications/webhooks-events/${id}`, rel: 'self', method: 'GET' },
      { href: `${baseUrl}/v1/notifications/webhooks-events/${id}/resend`, rel: 'resend', method: 'POST' },
    ],
  };
}

/** A sample event of `eventType` about a made-up batch of one item, as PayPal's simulator sends. */
export function sampleEvent(eventType: string, baseUrl: string): WebhookEvent {
  const itemStatus = (Object.keys(ITEM_EVENTS) as ItemStatus[]).find((status) => ITEM_EVENTS[status] === eventType);
  const batchStatus = (Object.keys(BATCH_EVENTS) as BatchStatus[]).find((status) => BATCH_EVENTS[status] === eventType) ?? 'SUCCESS';
  const time = paypalTime();
  const batch: Batch = {
    payoutBatchId: 'SAMPLEBATCH01',
    senderBatchId: 'sample-batch',
    requestId: undefined,
    header: { sender_batch_id: 'sample-batch', recipient_type: 'EMAIL' },
    status: batchStatus,
    timeCreated: time,
    ...(batchStatus === 'SUCCESS' && { timeCompleted: time }),
    feesKnown: true,
    items: [],
  };
  const item: Item = {
    payoutItemId: 'SAMPLEITEM001',
    transactionId: 'SAMPLETXN0001',
    batch,
    request: { recipient_type: 'EMAIL', amount: { currency: 'USD', value: '1.00' }, receiver: 'receiver@example.com' },
    status: itemStatus ?? 'SUCCESS',
    fee: { currency: 'USD', value: '0.25' },
    timeProcessed: time,
  };
  batch.items.push(item);
  return buildEvent(eventType, baseUrl, batch, itemStatus ? item : undefined);
}
